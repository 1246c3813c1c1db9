"""Turn a sector profile and GVA per job into the tables, chart and notes the page shows."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
from django.utils.safestring import mark_safe
from govuk_frontend_django.components.table import GovUKTable

from greatjobs.charts import lq_bar_chart
from greatjobs.sectors import Productivity, SectorProfile
from greatjobs.web.core.components import Cell, table

LEVEL_NOUNS = {"section": "SIC 2007 section", "division": "SIC 2007 division", "group": "group"}
SHIFT_COLUMNS = (
    ("base_employment", "Base year"),
    ("change", "Change"),
    ("national_share", "National share"),
    ("industry_mix", "Industry mix"),
    ("competitive", "Competitive"),
    ("em_competitive", "EM competitive"),
    ("allocation", "EM allocation"),
)
LQ_METHOD = (
    "location quotient LQ = (e_i/e)/(E_i/E), the sector's share of the place's "
    "employment over its share of the benchmark's (Isard 1960); above 1 means relatively "
    "specialised."
)
SHIFT_METHOD = (
    "Dunn (1960) shift-share, change = national share + industry mix + competitive; "
    "Esteban-Marquillas (1972) splits competitive into a competitive effect (with homothetic "
    "employment, the place's size with the benchmark's structure) and an allocation effect."
)
SPEC_METHOD = (
    "Hoover = ½Σ|s_i − S_i| (Hoover 1936); Krugman = Σ|s_i − S_i|, 0 to 2 (Krugman 1991); "
    "locational Gini of the LQs (Farhauer and Kröll 2013); Herfindahl = Σs_i² (Herfindahl 1950)."
)
GVA_METHOD = (
    "GVA per job = ONS regional GVA (current prices, ITL3) / BRES employment in the "
    "divisions each GVA industry covers; index = the place over the benchmark × 100."
)


def _number(value: Any, digits: int = 0) -> dict[str, str]:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return {"text": "–", "format": "numeric"}
    return {"text": f"{value:,.{digits}f}", "format": "numeric"}


def _signed(value: Any) -> dict[str, str]:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return {"text": "–", "format": "numeric"}
    return {"text": f"{value:+,.0f}".replace("-", "−"), "format": "numeric"}


def _sector(row: pd.Series, level: str) -> str:
    return row["name"] if level == "group" else f"{row['code']} {row['name']}"


def employment_table(result: SectorProfile) -> GovUKTable:
    rows: list[list[Cell]] = [
        [
            _sector(row, result.level),
            _number(row["employment"]),
            _number(row["share_pct"], 1),
            _number(row["benchmark_share_pct"], 1),
            _number(row["lq"], 2),
        ]
        for _, row in result.sectors.iterrows()
    ]
    return table(
        ["Sector", "Jobs", "Share of jobs (%)", f"{result.benchmark.name} share (%)", "LQ"],
        rows,
        caption=f"Employment by {LEVEL_NOUNS[result.level]}, {result.place.name}, {result.year}",
        caption_size="s",
        first_cell_is_header=True,
        attributes={"data-testid": "employment-table"},
    )


def shift_share_table(result: SectorProfile) -> GovUKTable | None:
    if result.base_year is None or "change" not in result.sectors:
        return None
    rows: list[list[Cell]] = [
        [
            _sector(row, result.level),
            _number(row["base_employment"]),
            *(_signed(row[column]) for column, _ in SHIFT_COLUMNS[1:]),
        ]
        for _, row in result.sectors.iterrows()
    ]
    return table(
        ["Sector", *(f"{label}" for _, label in SHIFT_COLUMNS)],
        rows,
        caption=f"Shift-share of jobs, {result.base_year} to {result.year}, against "
        f"{result.benchmark.name}",
        caption_size="s",
        first_cell_is_header=True,
        attributes={"data-testid": "shift-share-table"},
    )


def shift_share_summary(result: SectorProfile) -> str | None:
    t = result.shift_share_totals
    if not t:
        return None

    def s(key: str) -> str:
        return f"{t[key]:+,.0f}".replace("-", "−")

    return (
        f"Jobs changed by {s('change')} from {result.base_year} to {result.year}: national share "
        f"{s('national_share')}, industry mix {s('industry_mix')}, competitive "
        f"{s('competitive')} (Esteban-Marquillas: competitive effect {s('em_competitive')}, "
        f"allocation effect {s('allocation')})."
    )


def specialisation_rows(result: SectorProfile) -> list[tuple[str, str]]:
    spec = result.specialisation
    return [
        ("Hoover coefficient (0 to 1)", f"{spec['hoover']:.3f}"),
        ("Krugman index (0 to 2)", f"{spec['krugman']:.3f}"),
        ("Locational Gini", f"{spec['locational_gini']:.3f}"),
        (
            "Herfindahl index",
            f"{spec['herfindahl']:.3f} ({result.benchmark.name}: "
            f"{spec['herfindahl_benchmark']:.3f})",
        ),
    ]


def lq_chart(result: SectorProfile) -> Any:
    items = [(_sector(row, result.level), float(row["lq"])) for _, row in result.sectors.iterrows()]
    shown = [i for i in items if not math.isnan(i[1])]
    top = max(shown, key=lambda i: i[1]) if shown else None
    description = (
        f"Horizontal bars, one per sector ({len(shown)}), largest first; a dashed line marks 1, "
        f"the benchmark's share. Highest: {top[0]}, {top[1]:.2f}."
        if top
        else "No location quotients."
    )
    svg = lq_bar_chart(
        items,
        title=f"Location quotients of jobs by {LEVEL_NOUNS[result.level]}, {result.place.name} "
        f"against {result.benchmark.name}, {result.year}",
        description=description,
    )
    return mark_safe(svg)  # noqa: S308 - built by greatjobs.charts, every text escaped


def productivity_table(result: Productivity) -> GovUKTable:
    frame = result.industries
    rows = [
        [
            f"{row['code']} {row['name']}" if row["code"] != "Total" else row["name"],
            _number(row["gva_millions"]),
            _number(row["employment"]),
            _number(row["gva_per_job"]),
            _number(row["benchmark_gva_per_job"]),
            _number(row["index_benchmark_100"]),
        ]
        for _, row in frame.iterrows()
    ]
    return table(
        [
            "Industry",
            "GVA (£m)",
            "Jobs",
            "GVA per job (£)",
            f"{result.benchmark.name} (£)",
            f"Index ({result.benchmark.name} = 100)",
        ],
        rows,
        caption=f"GVA per job by industry, {result.place.name}, {result.year} (current prices)",
        caption_size="s",
        first_cell_is_header=True,
        attributes={"data-testid": "gva-table"},
    )

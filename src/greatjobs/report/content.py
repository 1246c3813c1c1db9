"""Gather everything the evidence report shows for a place (no HTML here)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import duckdb

from greatjobs import __version__
from greatjobs.charts import LegendItem, decile_legend, lsoa_choropleth
from greatjobs.geography import Place, place_lsoa_map
from greatjobs.provenance import Provenance
from greatjobs.report.anchor_spend import NO_LEDGER, AnchorSpend, anchor_spend
from greatjobs.report.good_jobs import ThemeProfile, good_jobs_profile
from greatjobs.report.summary import HEADLINE_INDICATORS, PlaceSummary, place_summary, sources

MAP_DATASETS = ("lcr_E47000004_lsoa", "iod2025_england_lsoa21")


@dataclass
class EvidenceReport:
    place: Place
    summary: PlaceSummary
    map_svg: str
    """The LSOA deprivation map ('' where boundaries are not bundled for all districts)."""
    map_counts: list[LegendItem]
    provenance: Provenance
    """Every dataset behind the report, by publisher and title."""
    generated_at: str
    version: str = __version__
    warehouse_built_at: str = ""
    timings: dict[str, float] = field(default_factory=dict)
    good_jobs: tuple[ThemeProfile, ...] = ()
    """The Good jobs and Digital inclusion sections: pay, security, skills, digital access."""
    anchor_spend: AnchorSpend = field(default_factory=lambda: AnchorSpend(None, NO_LEDGER))
    """The place's anchors' spend, from the ledger (or why the section is left out)."""


def deprivation_map(con: duckdb.DuckDBPyConnection, place: Place) -> tuple[str, list[Any]]:
    """The LSOA map of the place where boundaries cover all its districts, else ''."""
    lsoas = place_lsoa_map(con, place)
    if not lsoas or {x["lad_code"] for x in lsoas} < set(place.district_codes):
        return "", []
    counts = decile_legend([x["decile"] for x in lsoas])
    in_first = counts[0].count
    description = (
        f"Each of the {len(lsoas):,} neighbourhoods (LSOAs) of {place.name} is shaded by its "
        f"Index of Multiple Deprivation 2025 decile, from 1 (most deprived 10% in England, "
        f"darkest, hatched) to 10 (least deprived, lightest). {in_first:,} are in decile 1. "
        "LSOAs per decile: " + ", ".join(f"{i.decile}: {i.count}" for i in counts) + "."
    )
    svg = lsoa_choropleth(
        lsoas,
        chart_id="deprivation-map",
        title=f"Map of {place.name}'s neighbourhoods by deprivation (IMD 2025 decile)",
        description=description,
        district_names={d.code: d.name for d in place.districts},
    )
    return svg, counts


def build_report(
    con: duckdb.DuckDBPyConnection,
    place: Place,
    indicators: tuple[str, ...] = HEADLINE_INDICATORS,
    draws: int = 4000,
    ledger: duckdb.DuckDBPyConnection | None = None,
) -> EvidenceReport:
    """Compute the report's content for ``place`` from the warehouse (and the anchors' spend
    from the spend ``ledger``, when one is given)."""
    started = datetime.now(UTC)
    summary = place_summary(con, place, indicators, draws)
    good_jobs = good_jobs_profile(con, place, draws)
    analysed = datetime.now(UTC)
    map_svg, counts = deprivation_map(con, place)
    dataset_ids = set(summary.dataset_ids)
    dataset_ids |= {d for p in good_jobs for r in p.ranks if r.table
                    for d in r.table.provenance.dataset_ids}  # fmt: skip
    if map_svg:
        dataset_ids |= set(MAP_DATASETS)
    built = con.execute("SELECT max(built_at) FROM meta.build").fetchone()
    return EvidenceReport(
        place=place,
        summary=summary,
        map_svg=map_svg,
        map_counts=counts,
        provenance=sources(con, dataset_ids),
        generated_at=started.strftime("%d %B %Y %H:%M UTC"),
        warehouse_built_at=built[0].strftime("%d %B %Y") if built and built[0] else "",
        timings={
            "analyses": (analysed - started).total_seconds(),
            "map": (datetime.now(UTC) - analysed).total_seconds(),
        },
        good_jobs=good_jobs,
        anchor_spend=anchor_spend(con, place, ledger),
    )

"""``greatjobs sectors``: the sector structure of a place against its region or England."""

from __future__ import annotations

import json
import sys

import click
import pandas as pd

from greatjobs.cli.context import get_context
from greatjobs.cli.render import format_option, print_provenance, render_frame
from greatjobs.geography import DEFAULT_PLACE, resolve_place
from greatjobs.sectors.areas import AGAINST
from greatjobs.sectors.productivity import PARTITIONS, gva_per_job
from greatjobs.sectors.profile import LEVELS, SectorProfile, sector_profile

TABLE_COLUMNS = {
    "code": "code",
    "name": "sector",
    "employment": "employment",
    "share_pct": "share %",
    "benchmark_share_pct": "benchmark %",
    "lq": "LQ",
    "change": "change",
    "national_share": "national share",
    "industry_mix": "industry mix",
    "competitive": "competitive",
    "em_competitive": "EM competitive",
    "allocation": "allocation",
}


@click.group()
def sectors() -> None:
    """Sector structure: employment, location quotients, shift-share and specialisation."""


@sectors.command("profile")
@click.option("--place", default=DEFAULT_PLACE, show_default=True, help="A place name or code.")
@click.option(
    "--level",
    type=click.Choice(LEVELS),
    default="section",
    show_default=True,
    help="SIC 2007 sections, divisions, or named groups (manufacturing, visitor economy, "
    "Industrial Strategy 2025 sectors).",
)
@click.option(
    "--against",
    type=click.Choice(AGAINST),
    default="region",
    show_default=True,
    help="The benchmark: the place's region, or England.",
)
@click.option("--year", type=int, default=None, help="Year [default: the latest].")
@click.option(
    "--base-year",
    type=int,
    default=None,
    help="Shift-share from this year [default: the earliest in the same data].",
)
@format_option
def profile_command(
    place: str, level: str, against: str, year: int | None, base_year: int | None, fmt: str
) -> None:
    """Employment by sector for a place with shares, location quotients, shift-share and
    specialisation, with sources and method notes (see docs/methods/sectors.md)."""
    with get_context().warehouse() as con:
        found = resolve_place(con, place)
        result = sector_profile(con, found, level, against, year, base_year)
    if fmt == "json":
        json.dump(result.as_dict(), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return
    if fmt == "csv":
        render_frame(result.sectors, fmt)
        return
    _print_table(result)


@sectors.command("productivity")
@click.option("--place", default=DEFAULT_PLACE, show_default=True, help="A place name or code.")
@click.option("--year", type=int, default=2021, show_default=True, help="2015 to 2021.")
@click.option(
    "--level",
    type=click.Choice(tuple(PARTITIONS)),
    default="section",
    show_default=True,
    help="ONS's regional GVA industries: sections (A-B and D-E combined) or the most detailed.",
)
@click.option("--against", type=click.Choice(AGAINST), default="england", show_default=True)
@format_option
def productivity_command(place: str, year: int, level: str, against: str, fmt: str) -> None:
    """GVA per job by industry (ONS regional GVA over BRES employment), against a benchmark."""
    with get_context().warehouse() as con:
        result = gva_per_job(con, resolve_place(con, place), year, level, against)
    frame = result.industries.copy()
    if fmt == "table":
        for column in ("gva_millions", "employment", "gva_per_job", "benchmark_gva_per_job"):
            frame[column] = _whole(frame[column])
        frame["index_benchmark_100"] = frame["index_benchmark_100"].round(1)
    render_frame(
        frame,
        fmt,
        title=f"{result.place.name}: GVA per job (GBP, current prices), {result.year}, "
        f"against {result.benchmark.name}",
        provenance=result.provenance,
    )


def _print_table(result: SectorProfile) -> None:
    frame = profile_frame(result)
    period = f"{result.year}" + (f", change from {result.base_year}" if result.base_year else "")
    title = (
        f"{result.place.name}: employment by {result.level} ({period}), against "
        f"{result.benchmark.name}"
    )
    exact = "exactly the place's districts" if result.area.exact else "approximate, see notes"
    caption = f"Data area: {result.area.name} ({exact})."
    render_frame(frame, "table", title=title, caption=caption)
    spec = result.specialisation
    lines = [
        f"Specialisation over {result.specialisation_level}: Hoover {spec['hoover']:.4f}, "
        f"Krugman {spec['krugman']:.4f}, locational Gini {spec['locational_gini']:.4f}, "
        f"Herfindahl {spec['herfindahl']:.4f} (benchmark {spec['herfindahl_benchmark']:.4f})."
    ]
    totals = result.shift_share_totals
    if totals:
        lines.append(
            f"Shift-share {result.base_year}-{result.year}: change {totals['change']:+,.0f} = "
            f"national share {totals['national_share']:+,.0f} + industry mix "
            f"{totals['industry_mix']:+,.0f} + competitive {totals['competitive']:+,.0f} "
            f"(Esteban-Marquillas: competitive {totals['em_competitive']:+,.0f}, allocation "
            f"{totals['allocation']:+,.0f})."
        )
    for line in lines:
        click.echo(line)
    print_provenance(result.provenance)


COUNTS = ("employment", "change", "national_share", "industry_mix", "competitive",
          "em_competitive", "allocation")  # fmt: skip


def _whole(column: pd.Series) -> pd.Series:
    """Counts as people read them: whole numbers with thousands separators ('46,935'), blank for
    none."""
    values = [None if pd.isna(v) else f"{round(float(v)):,}" for v in column]
    return pd.Series(values, index=column.index, dtype=object)


def profile_frame(result: SectorProfile) -> pd.DataFrame:
    """The table columns of a profile, people-rounded (counts to whole jobs, shares to 0.01
    points, LQs to 0.001), with display names."""
    frame = result.sectors[[c for c in TABLE_COLUMNS if c in result.sectors.columns]].copy()
    for column in frame.columns:
        if column in COUNTS:
            frame[column] = _whole(frame[column])
        elif column in ("share_pct", "benchmark_share_pct"):
            frame[column] = frame[column].round(2)
        elif column == "lq":
            frame[column] = frame[column].round(3)
    return frame.rename(columns=TABLE_COLUMNS)

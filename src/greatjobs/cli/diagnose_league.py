"""``greatjobs diagnose indicators`` and ``greatjobs diagnose league``: the catalogue and league
tables with rank intervals, gaps to England and their significance."""

from __future__ import annotations

import re

import click
import pandas as pd

from greatjobs.charts import format_number
from greatjobs.cli.context import get_context
from greatjobs.cli.render import format_option, render_frame
from greatjobs.diagnose.catalogue import list_indicators
from greatjobs.diagnose.league import (
    AMONG_SETS,
    CustomPlaceSpec,
    LeagueTable,
    LeagueTableSpec,
    compute_league_table,
)
from greatjobs.errors import DataError
from greatjobs.geography import DEFAULT_PLACE_CODE


@click.command()
@format_option
def indicators(fmt: str) -> None:
    """List the indicator catalogue: id, title, unit, polarity, aggregation, periods."""
    found = list_indicators()
    frame = pd.DataFrame(
        {
            "id": [i.id for i in found],
            "title": [i.title for i in found],
            "unit": [i.unit for i in found],
            "higher_is_better": [i.higher_is_better for i in found],
            "periods": [f"{i.periods[0]} to {i.periods[1]}" for i in found],
            "geographies": [",".join(i.geographies) for i in found],
            "aggregation": [i.aggregation for i in found],
            "has_ci": [i.has_ci for i in found],
            "datasets": [",".join(i.datasets) for i in found],
        }
    )
    if fmt == "table":
        frame = frame.drop(columns=["datasets", "geographies"])
    render_frame(
        frame,
        fmt,
        title=f"{len(frame)} indicators",
        caption="Details and checks against published figures: docs/methods/diagnose-indicators.md",
    )


def _parse_custom(text: str) -> CustomPlaceSpec:
    name, sep, districts = text.partition("=")
    if not sep or not name.strip() or not districts.strip():
        raise click.BadParameter(
            "expected NAME=DISTRICT,DISTRICT,... (e.g. 'Six districts=Halton,Knowsley')",
            param_hint="--custom",
        )
    return CustomPlaceSpec(name.strip(), [d.strip() for d in districts.split(",") if d.strip()])


@click.command()
@click.argument("indicator")
@click.option(
    "--among",
    default="combined-authorities",
    show_default=True,
    help="combined-authorities, districts, regions, or places separated by commas "
    "(names or codes, e.g. 'Liverpool City Region,Greater Manchester,London').",
)
@click.option("--period", default=None, help="Period to rank [default: the latest].")
@click.option("--compare-period", default=None, help="Earlier period for the change column.")
@click.option(
    "--custom",
    "custom",
    multiple=True,
    help="Add a custom place: NAME=DISTRICT,DISTRICT,... (repeatable).",
)
@click.option(
    "--highlight", default=DEFAULT_PLACE_CODE, show_default=True, help="Place code to mark."
)
@click.option(
    "--draws",
    type=click.IntRange(min=100),
    default=4000,
    show_default=True,
    help="Monte Carlo draws for the rank intervals.",
)
@click.option("--seed", type=int, default=12345, show_default=True, help="Random seed.")
@format_option
def league(
    indicator: str, among: str, period: str | None, compare_period: str | None,
    custom: tuple[str, ...], highlight: str, draws: int, seed: int, fmt: str,
) -> None:  # fmt: skip
    """Rank places on INDICATOR, with 95% rank intervals and the gap to England."""
    spec = LeagueTableSpec(
        indicator=indicator,
        among=among if among in AMONG_SETS else [p for p in among.split(",") if p.strip()],
        period=period,
        compare_period=compare_period,
        highlight=highlight,
        custom=[_parse_custom(c) for c in custom],
        draws=draws,
        seed=seed,
    )
    if isinstance(spec.among, list) and not spec.among:
        raise DataError("--among needs a set (combined-authorities, districts, regions) or places.")
    with get_context().warehouse() as con:
        table = compute_league_table(con, spec)
    for note in table.notes:
        click.secho(f"Note: {note}", fg="yellow", err=True)
    if fmt != "table":  # a table's caption says it; CSV and JSON stay pure
        click.secho(f"Note: Places ranked: {table.place_set}.", fg="yellow", err=True)
    frame = table.frame
    if fmt == "table":
        frame = _for_people(table)
    render_frame(frame, fmt, title=_title(table), provenance=table.provenance)


def _title(table: LeagueTable) -> str:
    ind = table.indicator
    polarity = "higher is better" if ind.higher_is_better else "lower is better"
    among = table.spec.among if isinstance(table.spec.among, str) else "chosen places"
    england = (
        ""
        if table.england is None
        else f"; England {format_number(table.england.value, table.indicator.unit)}"
    )
    change = f"; change since {table.spec.compare_period}" if table.spec.compare_period else ""
    return (
        f"{ind.title} ({ind.unit}), {table.period}: {among} ({table.size} ranked), {polarity}"
        f"{england}{change}"
    )


def _for_people(table: LeagueTable) -> pd.DataFrame:
    """Fewer, rounded columns; the highlighted place marked with '>'; ties as '=3'; a custom
    place beside the league as 'would rank 4'."""
    f = table.frame.copy()
    mark = [">" if c == table.spec.highlight else "" for c in f["area_code"]]
    out = pd.DataFrame(
        {
            "": mark,
            "rank": f["rank_label"],
            "rank 95%": [
                f"{lo}-{hi}" for lo, hi in zip(f["rank_low"], f["rank_high"], strict=True)
            ],
            "place": [
                f"{n} (custom)" if c else n
                for n, c in zip(f["area_name"], f["custom"], strict=True)
            ],
            "value": f["value"].round(2),
            "95% CI": [
                "" if pd.isna(lo) else f"{lo:.1f}-{hi:.1f}"
                for lo, hi in zip(f["lci"], f["uci"], strict=True)
            ],
            "reliability (CV)": [
                "" if pd.isna(cv) else f"{str(band).split(',')[0].split(' (')[0]} ({cv:.1f}%)"
                for band, cv in zip(f["reliability"], f["cv"], strict=True)
            ],
            "gap to England": f["gap_to_england"].round(2),
            "vs England": f["significance"],
        }
    )
    if table.spec.compare_period:
        out["change"] = f["change"].round(2)
    out["source"] = [_short_source(str(s)) for s in f["source"]]
    return out


def _short_source(source: str) -> str:
    """'published by ...' as it is; greatjobs sums as 'summed by greatjobs (N areas)'."""
    if source.startswith("Aggregated by greatjobs"):
        many = re.search(r"over (\d+) areas", source)
        count = int(many.group(1)) if many else len(re.findall(r"\([A-Z]{1,2}\w+\)", source))
        return f"summed by greatjobs from counts ({count} areas)"
    return source

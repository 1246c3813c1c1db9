"""The headline figures of a place, each with its period, confidence interval and source.

Presentation only: values come from :func:`greatjobs.diagnose.published.latest_value` and
provenance is a :class:`greatjobs.provenance.Provenance` (the warehouse's ``meta.dataset``
table).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import duckdb

from greatjobs.charts import format_number
from greatjobs.diagnose.published import latest_value
from greatjobs.geography import Place, place_with_districts
from greatjobs.provenance import Provenance

IMD_DATASET = "iod2025_england_lsoa21"
CUSTOM_REFUSED = (
    "The publisher gives this figure without the counts behind it, so greatjobs cannot make it "
    "for the custom place {}: averaging its districts' rates or medians would be wrong."
)


CALCULATED = "Calculated by greatjobs from the published LSOA deciles."


@dataclass(frozen=True)
class HeadlineSpec:
    indicator: str
    """As named in ``core.indicator_value``."""
    label: str


HEADLINES = (
    HeadlineSpec("Employment rate", "Employment rate, people aged 16 to 64"),
    HeadlineSpec("Economically inactive", "Economic inactivity rate, people aged 16 to 64"),
    HeadlineSpec("Claimant Count", "Claimant count, % of residents aged 16 to 64"),
    HeadlineSpec("Gross median weekly pay", "Median gross weekly pay"),
    HeadlineSpec(
        "Children in relative poverty after housing costs",
        "Children in relative poverty, after housing costs",
    ),
)


@dataclass(frozen=True)
class Figure:
    label: str
    value: str | None
    """Formatted (e.g. '72.0%', '£610.80'); None when there is no figure for the place."""
    period: str | None
    interval: str | None
    provenance: Provenance | None
    """The figure's dataset, with its basis as a note (None when there is no figure)."""
    basis: str
    """Whose figure it is: the publisher's own for this place, or calculated by greatjobs."""


_DURATION = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?$")


def format_period(period: str) -> str:
    """An ISO date or interval as words: '2023-01-01/P1Y' -> 'January to December 2023'."""
    start_text, _, duration = period.partition("/")
    try:
        start = date.fromisoformat(start_text)
    except ValueError:
        return period
    match = _DURATION.match(duration)
    if not duration or not match:
        return f"{start.day} {calendar.month_name[start.month]} {start.year}"
    months = int(match.group(1) or 0) * 12 + int(match.group(2) or 0)
    end_index = start.year * 12 + start.month - 1 + max(months, 1) - 1
    end_year, end_month = divmod(end_index, 12)
    first, last = calendar.month_name[start.month], calendar.month_name[end_month + 1]
    if months <= 1:
        return f"{first} {start.year}"
    if start.year == end_year:
        return f"{first} to {last} {start.year}"
    return f"{first} {start.year} to {last} {end_year}"


def headline_figures(con: duckdb.DuckDBPyConnection, place: Place) -> list[Figure]:
    """The publisher's own figures for the place. A custom place has them only when a named place
    is made of exactly its districts: these figures come without counts, so cannot be summed."""
    publisher = place
    if place.kind == "custom":
        twin = place_with_districts(con, place.district_codes)
        if twin is None:
            return [Figure(spec.label, None, None, None, None, CUSTOM_REFUSED.format(place.name))
                    for spec in HEADLINES]  # fmt: skip
        publisher = twin
    figures = []
    for spec in HEADLINES:
        row = latest_value(con, spec.indicator, publisher.code)
        if row is None:
            figures.append(
                Figure(spec.label, None, None, None, None,
                       f"No published figure for {publisher.name}.")
            )  # fmt: skip
            continue
        period, value, lci, uci, unit, dataset_id = row
        interval = None
        if lci is not None and uci is not None:
            interval = (
                f"95% confidence interval {format_number(lci, unit)} to {format_number(uci, unit)}"
            )
        basis = f"The publisher's own figure for {place.name} ({place.code})."
        if publisher is not place:
            basis = (
                f"The publisher's figure for {publisher.name} ({publisher.code}), which is made "
                f"of exactly the districts of {place.name}."
            )
        figures.append(
            Figure(
                spec.label,
                format_number(value, unit) if value is not None else None,
                format_period(period),
                interval,
                Provenance.of(con, [dataset_id], notes=[basis]),
                basis,
            )
        )
    return figures


def most_deprived_share(
    con: duckdb.DuckDBPyConnection, place: Place, deciles: Sequence[int | None]
) -> Figure:
    """The share of the place's LSOAs in England's most deprived 10% (IMD 2025 decile 1)."""
    label = "LSOAs in the most deprived 10% in England (Index of Multiple Deprivation 2025)"
    known = [d for d in deciles if d is not None]
    if not known:
        return Figure(label, None, None, None, None, f"No LSOA deciles for {place.name}.")
    most = sum(1 for d in known if d == 1)
    return Figure(
        label,
        f"{100 * most / len(known):.1f}%",
        f"Indices of Deprivation 2025 ({most:,} of {len(known):,} LSOAs)",
        None,
        Provenance.of(con, [IMD_DATASET], notes=[CALCULATED]),
        CALCULATED,
    )

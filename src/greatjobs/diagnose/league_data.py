"""The figures a league table ranks: published ones, or sums of counts for custom places."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from greatjobs.diagnose.catalogue import Indicator
from greatjobs.diagnose.series import (
    BLOCK_TYPES,
    aggregate_counts,
    blocks_from_frame,
    describe_sum,
    load_components,
    scale_for,
)
from greatjobs.errors import DataError
from greatjobs.geography import Place, place_with_districts, resolve_place
from greatjobs.stats import Z95
from greatjobs.store.duckdb_store import quote_identifier

DEPRIVATION_COLUMNS = {
    "imd-average-score": "average_score",
    "imd-extent": "extent",
    "imd-most-deprived-share": "proportion_most_deprived_10",
}
_TYPE_BY_PREFIX = {"E47": "cauth", "E12": "rgn", "E92": "ctry"}


@dataclass(frozen=True)
class AreaValue:
    area_code: str
    area_name: str
    value: float | None
    lci: float | None
    uci: float | None
    dataset_id: str | None
    source: str
    decimals: int | None = None
    """Set where a figure greatjobs summed was rounded to its inputs' published decimals."""

    @property
    def se(self) -> float | None:
        if self.lci is None or self.uci is None:
            return None
        return (self.uci - self.lci) / (2 * Z95)

    @classmethod
    def from_row(cls, row: Mapping[Hashable, Any]) -> AreaValue:
        def num(key: str) -> float | None:
            value = row.get(key)
            return None if value is None or pd.isna(value) else float(value)

        return cls(
            str(row["area_code"]), str(row["area_name"]), num("value"), num("lci"), num("uci"),
            row.get("dataset_id"), _source(str(row.get("method") or "")),
        )  # fmt: skip


SUMMED = "Aggregated by greatjobs"
"""How the method (and source) of a figure greatjobs summed from counts begins."""
MAX_DECIMALS = 6
"""Published figures with more decimals than this are taken as given to full precision."""


def _source(method: str) -> str:
    """A short 'where from': the method's first sentence."""
    return method.split(". Figures summed:")[0].split("; 95% interval")[0]


def is_summed(method_or_source: str) -> bool:
    """Whether a figure was summed by greatjobs (not the publisher's own figure for the place)."""
    return str(method_or_source).startswith(SUMMED)


def load_values(con: duckdb.DuckDBPyConnection, indicator: Indicator) -> pd.DataFrame:
    """Every figure of the indicator: ``core.indicator_series`` rows, or the deprivation
    engineer's ``core.deprivation_la`` reshaped to the same columns; where a place has both the
    publisher's figure and one greatjobs summed for a period, only the publisher's
    (:func:`prefer_published`)."""
    if indicator.table == "core.deprivation_la":
        return _deprivation_values(con, indicator)
    return prefer_published(
        con.execute(
            "SELECT * FROM core.indicator_series WHERE indicator_id = ? AND value IS NOT NULL",
            [indicator.id],
        ).df()
    )


def prefer_published(values: pd.DataFrame) -> pd.DataFrame:
    """Drop a summed figure for a place and period where a dataset held gives the publisher's
    own figure for it: the publisher's figure is used wherever it exists."""
    if values.empty:
        return values
    summed = values["method"].astype(str).str.startswith(SUMMED)
    published = set(zip(values.loc[~summed, "area_code"], values.loc[~summed, "period"],
                        strict=True))  # fmt: skip
    shadowed = [
        bool(s) and (c, p) in published
        for s, c, p in zip(summed, values["area_code"], values["period"], strict=True)
    ]
    return values[~pd.Series(shadowed, index=values.index)]


def published_decimals(figures: Iterable[float]) -> int | None:
    """The decimals the publisher gives ``figures``: the fewest that write every one exactly
    (GVA per hour of England's ITL3 areas: 1, as in 34.1); ``None`` when they are given to full
    precision (rates greatjobs computes from counts, workbook percentages)."""
    found = np.array([float(f) for f in figures if f is not None and not pd.isna(f)])
    if found.size == 0:
        return None
    for decimals in range(MAX_DECIMALS + 1):
        if np.all(np.abs(found - np.round(found, decimals)) < 1e-9 * np.maximum(1, found)):
            return decimals
    return None


def input_decimals(
    values: pd.DataFrame, period: str, districts: Iterable[str],
    components: Mapping[str, frozenset[str]],
) -> int | None:  # fmt: skip
    """The decimals of the published figures a sum for these districts is made from: the
    building blocks (districts, ITL3 areas, counties) of ``period`` wholly inside them."""
    inside = frozenset(districts)
    blocks = values[
        (values["period"] == period) & values["area_type"].isin(BLOCK_TYPES)
        & ~values["method"].astype(str).str.startswith(SUMMED)
    ]  # fmt: skip
    used = [
        v for c, v in zip(blocks["area_code"], blocks["value"], strict=True)
        if c in components and components[c] <= inside
    ]  # fmt: skip
    return published_decimals(used) if used else None


def _deprivation_values(con: duckdb.DuckDBPyConnection, indicator: Indicator) -> pd.DataFrame:
    found = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'core' "
        "AND table_name = 'deprivation_la'"
    ).fetchone()
    if not found or not found[0]:
        raise DataError(
            f"{indicator.id} comes from core.deprivation_la, which this warehouse lacks; "
            "rebuild it with `greatjobs data build`."
        )
    column = quote_identifier(DEPRIVATION_COLUMNS[indicator.id])
    counted = indicator.id == "imd-most-deprived-share"  # LSOAs in decile 1 / all LSOAs
    frame = con.execute(
        f"SELECT area_code, area_name, CAST(edition AS VARCHAR) AS period, "  # noqa: S608
        f"make_date(CAST(edition AS INTEGER), 1, 1) AS period_start, {column} AS value, "
        "CASE WHEN ? THEN CAST(n_most_deprived_10 AS DOUBLE) END AS numerator, "
        "CASE WHEN ? THEN CAST(n_lsoas AS DOUBLE) END AS denominator, "
        "method FROM core.deprivation_la WHERE " + column + " IS NOT NULL",
        [counted, counted],
    ).df()
    frame["area_type"] = [_TYPE_BY_PREFIX.get(c[:3], "lad") for c in frame["area_code"]]
    frame["lci"] = frame["uci"] = None
    frame["dataset_id"] = indicator.datasets[0]
    frame["indicator_id"] = indicator.id
    return frame


def available_periods(values: pd.DataFrame) -> list[str]:
    """The periods held, oldest first."""
    ordered = values.sort_values("period_start").drop_duplicates("period")
    return [str(p) for p in ordered["period"]]


def named_place_value(
    con: duckdb.DuckDBPyConnection, indicator: Indicator, values: pd.DataFrame, code: str,
    period: str, place: Place | None = None,
) -> AreaValue:  # fmt: skip
    """A named place's figure: its own row (published or built from counts), else a sum of
    counts made now; ``value`` is ``None`` when neither exists."""
    rows = values[(values["area_code"] == code) & (values["period"] == period)]
    if not rows.empty:
        return AreaValue.from_row(rows.iloc[0].to_dict())
    place = place or resolve_place(con, code)
    if indicator.aggregates_from_counts and place.kind != "custom":
        result = _sum_counts(con, indicator, values, place, period)
        if not isinstance(result, str):
            return result
    return AreaValue(place.code, place.name, None, None, None, None, "no figure")


def custom_place_value(
    con: duckdb.DuckDBPyConnection, indicator: Indicator, values: pd.DataFrame, place: Place,
    period: str, notes: list[str],
) -> AreaValue:  # fmt: skip
    """A custom place's figure: summed from counts where the catalogue allows; otherwise the
    publisher's figure for a named place with exactly the same districts; otherwise refused."""
    reason = f"{indicator.id} aggregates as {indicator.aggregation!r}"
    if indicator.population_weight:
        reason += (
            f" (weighted by {indicator.population_weight}, which greatjobs computes for custom "
            "places in `greatjobs diagnose deprivation`, not here)"
        )
    if indicator.aggregates_from_counts:
        result = _sum_counts(con, indicator, values, place, period)
        if not isinstance(result, str):
            return result
        reason = f"its counts cannot be summed for this place: {result}"
    twin = _same_districts(con, place)
    if twin is not None:
        rows = values[(values["area_code"] == twin[0]) & (values["period"] == period)]
        if not rows.empty:
            row = AreaValue.from_row(rows.iloc[0].to_dict())
            note = (
                f"{place.name}: its districts are exactly those of {twin[1]} ({twin[0]}), so the "
                f"publisher's figure for {twin[1]} is used."
            )
            notes.append(note)
            return AreaValue(
                place.code, place.name, row.value, row.lci, row.uci, row.dataset_id,
                f"Publisher's figure for {twin[1]} ({twin[0]}), same districts",
            )  # fmt: skip
    raise DataError(
        f"Cannot give {indicator.id} for the custom place {place.name!r}: {reason}, and its "
        "districts are not exactly those of a place the publisher gives a figure for. Averaging "
        "the districts' rates would be wrong; choose a published place or another indicator."
    )


def _sum_counts(
    con: duckdb.DuckDBPyConnection,
    indicator: Indicator,
    values: pd.DataFrame,
    place: Place,
    period: str,
) -> AreaValue | str:
    blocks = values[
        (values["period"] == period) & values["area_type"].isin(BLOCK_TYPES)
        & values["numerator"].notna()
    ]  # fmt: skip
    if blocks.empty:
        return f"no counts for {period}"
    result = aggregate_counts(
        blocks_from_frame(blocks), load_components(con), frozenset(place.district_codes),
        scale_for(indicator.unit),
    )  # fmt: skip
    if isinstance(result, str):
        return result
    names = dict(zip(blocks["area_code"], blocks["area_name"], strict=True))
    method = describe_sum(result, names, str(blocks["method"].iloc[0]))
    return AreaValue(
        place.code, place.name, result.value, result.lci, result.uci,
        str(blocks["dataset_id"].iloc[0]), _source(method),
    )  # fmt: skip


def _same_districts(con: duckdb.DuckDBPyConnection, place: Place) -> tuple[str, str] | None:
    """The named place (combined authority, region, district) with exactly these districts."""
    twin = place_with_districts(con, place.district_codes)
    return None if twin is None else (twin.code, twin.name)

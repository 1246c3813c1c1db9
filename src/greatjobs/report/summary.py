"""Where one place stands: its rank with interval on each headline indicator, deprivation and
its pockets, the change 2019 -> 2025, and the inclusive-growth index. The web's place page and
the evidence report both show this, so it is computed once, here.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pandas as pd

from greatjobs.diagnose import deprivation_pockets as pockets_lib
from greatjobs.diagnose.catalogue import Indicator, get_indicator
from greatjobs.diagnose.deprivation_places import (
    DeprivationSummary,
    deprivation_provenance,
    place_deprivation,
)
from greatjobs.diagnose.index import IndexResult, IndexSpec, load_inputs, run_index
from greatjobs.diagnose.league import (
    AMONG_SETS,
    ENGLAND,
    CustomPlaceSpec,
    LeagueTable,
    LeagueTableSpec,
    compute_league_table,
)
from greatjobs.diagnose.league_data import load_values
from greatjobs.errors import GreatjobsError
from greatjobs.geography import Place, list_places
from greatjobs.provenance import Provenance

HEADLINE_INDICATORS = (
    "youth-unemployment",
    "workless-households",
    "level-4-qualifications",
    "level-3-qualifications",
    "employment-rate",
    "unemployment-rate",
    "gva-per-hour",
    "median-weekly-pay",
    "imd-most-deprived-share",
)
"""The report's league tables: youth unemployment, workless households, skills, jobs,
productivity, pay and deprivation."""
AMONG_BY_KIND = {
    "combined-authority": "combined-authorities",
    "district": "districts",
    "region": "regions",
}
KIND_BY_AMONG = {"combined-authorities": "combined-authority", "districts": "district",
                 "regions": "region"}  # fmt: skip
CHANGE_STEPS = 5
"""By default the change column compares with the period this many steps back (or the first)."""


@dataclass(frozen=True)
class RankedIndicator:
    """One indicator's league table among the place's peers, and the place's row in it."""

    indicator: Indicator
    table: LeagueTable | None
    error: str | None = None

    def row(self, code: str) -> dict[Hashable, Any] | None:
        if self.table is None:
            return None
        rows = self.table.frame[self.table.frame["area_code"] == code]
        return None if rows.empty else rows.iloc[0].to_dict()


@dataclass
class PlaceSummary:
    place: Place
    among: str
    ranks: list[RankedIndicator]
    deprivation: dict[int, DeprivationSummary]
    pockets: list[pockets_lib.Pocket]
    decile_change: pd.DataFrame
    index: IndexResult | None
    notes: list[str] = field(default_factory=list)
    dataset_ids: set[str] = field(default_factory=set)
    deprivation_provenance: Provenance = field(default_factory=Provenance)
    """The datasets and methods of the deprivation measures, with what "(estimate)" means."""


def among_for(place: Place) -> str:
    """The comparison set of a place: its own kind (combined authorities for anything else)."""
    return AMONG_BY_KIND.get(place.kind, "combined-authorities")


def league_periods(values: pd.DataFrame, among: str | list[str]) -> list[str]:
    """Periods with figures for the comparison set (all periods for a list of places), oldest
    first."""
    if isinstance(among, str) and among in AMONG_SETS:
        subset = values[values["area_type"] == AMONG_SETS[among]]
        if not subset.empty:
            values = subset
    ordered = values.sort_values("period_start").drop_duplicates("period")
    return [str(p) for p in ordered["period"]]


def default_compare_period(periods: list[str], period: str | None) -> str | None:
    """The period :data:`CHANGE_STEPS` before ``period`` (or the first), None if there is none."""
    if not periods:
        return None
    at = periods.index(period) if period in periods else len(periods) - 1
    earlier = periods[max(0, at - CHANGE_STEPS)]
    return None if earlier == periods[at] else earlier


def ranked_indicator(
    con: duckdb.DuckDBPyConnection, indicator_id: str, among: str, highlight: str,
    draws: int = 4000, custom: list[CustomPlaceSpec] | None = None,
) -> RankedIndicator:  # fmt: skip
    """The league table of one indicator with a change column (and ``custom`` places beside it
    with the rank each would take, aggregated from counts or refused with the reason); errors
    become ``error``."""
    indicator = get_indicator(indicator_id)
    try:
        periods = league_periods(load_values(con, indicator), among)
        spec = LeagueTableSpec(
            indicator=indicator.id, among=among, highlight=highlight, draws=draws,
            compare_period=default_compare_period(periods, None), custom=list(custom or []),
        )  # fmt: skip
        return RankedIndicator(indicator, compute_league_table(con, spec))
    except GreatjobsError as exc:
        return RankedIndicator(indicator, None, str(exc))


def trend(con: duckdb.DuckDBPyConnection, indicator: Indicator, codes: list[str]) -> pd.DataFrame:
    """Every period's figure for these areas (one row per area and period, oldest first):
    area_code, area_name, period, value, lci, uci."""
    values = load_values(con, indicator)
    rows = values[values["area_code"].isin(codes)].sort_values(["period_start", "dataset_id"])
    rows = rows.drop_duplicates(["area_code", "period"])
    columns = ["area_code", "area_name", "period", "value", "lci", "uci"]
    out = rows[columns].reset_index(drop=True)
    out[["value", "lci", "uci"]] = out[["value", "lci", "uci"]].astype(float)
    return out


def index_for(
    con: duckdb.DuckDBPyConnection, among: str, spec: IndexSpec | None = None
) -> IndexResult:
    spec = spec or IndexSpec()
    places = list_places(con, KIND_BY_AMONG.get(among, "combined-authority"))
    inputs = load_inputs(con, spec, [p.code for p in places])
    polarity = {i: get_indicator(i).higher_is_better for i in spec.indicators}
    return run_index(inputs, spec, polarity)


def place_summary(
    con: duckdb.DuckDBPyConnection,
    place: Place,
    indicators: tuple[str, ...] = HEADLINE_INDICATORS,
    draws: int = 4000,
) -> PlaceSummary:
    """Everything the place page and the report say about ``place``."""
    among = among_for(place)
    notes: list[str] = []
    custom = (
        [CustomPlaceSpec(place.name, [d.code for d in place.districts])]
        if place.kind == "custom"
        else []
    )
    ranks = [ranked_indicator(con, i, among, place.code, draws, custom) for i in indicators]
    datasets = {d for r in ranks if r.table for d in r.table.provenance.dataset_ids}
    deprivation = {}
    for edition in (2025, 2019):
        try:
            deprivation[edition] = place_deprivation(con, place, edition)
            datasets |= set(deprivation[edition].dataset_ids)
        except GreatjobsError as exc:
            notes.append(str(exc))
    pockets = pockets_lib.deprivation_pockets(con, place, 2025)
    change = pockets_lib.decile_1_change(con, place)
    index: IndexResult | None = None
    try:
        index = index_for(con, among)
        datasets |= set(index.inputs["dataset_id"].dropna())
    except GreatjobsError as exc:
        notes.append(f"Inclusive-growth index: {exc}")
    if custom:
        notes.append(
            f"{place.name} is a custom place: each league table shows it beside the combined "
            "authorities with the rank it would take among them (their own ranks do not move), "
            "from its districts' counts where the indicator allows, and says why not where it "
            "does not. The inclusive-growth index covers the combined authorities only."
        )
    if place.code == ENGLAND:
        notes.append("England is the benchmark: it has no rank among its own parts.")
    return PlaceSummary(
        place, among, ranks, deprivation, pockets, change, index, notes, datasets,
        deprivation_provenance(con, deprivation),
    )  # fmt: skip


def sources(con: duckdb.DuckDBPyConnection, dataset_ids: set[str], method: str = "") -> Provenance:
    """Provenance of each dataset used, by publisher and title."""
    return Provenance.of(con, sorted(dataset_ids), method=method).by_publisher()


def summary_provenance(con: duckdb.DuckDBPyConnection, summary: PlaceSummary) -> Provenance:
    """The datasets behind everything the place summary shows, with its notes."""
    return sources(con, summary.dataset_ids).with_notes(*summary.notes)


def indicator_provenance(con: duckdb.DuckDBPyConnection, indicator: Indicator) -> Provenance:
    """The datasets of an indicator's series that the warehouse holds, and its method."""
    return sources(con, Provenance.held(con, indicator.datasets), indicator.method)


def summary_frames(summary: PlaceSummary) -> dict[str, pd.DataFrame]:
    """The place summary's tables as frames, for downloads (full precision, one row each)."""
    code = summary.place.code
    ranks = []
    for r in summary.ranks:
        row = r.row(code) or {}
        ranks.append(
            {
                "indicator": r.indicator.id, "title": r.indicator.title, "unit": r.indicator.unit,
                "period": r.table.period if r.table else None, "among": summary.among,
                "places_ranked": r.table.size if r.table else None,
                "place_set": r.table.place_set if r.table else None,
                **{k: row.get(k) for k in ("rank", "rank_label", "rank_low", "rank_high",
                                           "value", "lci", "uci", "cv", "reliability",
                                           "england", "gap_to_england", "significance",
                                           "change", "custom")},
                "compare_period": r.table.spec.compare_period if r.table else None,
                "note": r.error or "",
            }
        )  # fmt: skip
    frames = {
        "ranks": pd.DataFrame(ranks),
        "deprivation": pd.DataFrame([d.as_dict() for d in summary.deprivation.values()]),
        "pockets": pockets_lib.pockets_frame(summary.pockets),
        "change": summary.decile_change,
    }
    if summary.index is not None:
        frames["index"] = summary.index.places.assign(  # the level beside every interval
            rank_interval_level=f"{summary.index.spec.interval:.0%}"
        )
        frames["sensitivity"] = summary.index.sensitivity
    return frames

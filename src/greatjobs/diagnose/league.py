"""League tables: where places stand on an indicator, how sure we can be, and the change.

A :class:`LeagueTableSpec` (JSON round-trip, so every published table can be rebuilt) names the
indicator, the comparison set, the period and an optional earlier period; custom places (lists
of districts) can be added. :func:`compute_league_table` returns a :class:`LeagueTable`: one row
per place with rank (1 = best for the indicator's polarity), value and 95% interval, a 95% rank
interval by Monte Carlo, the gap to England and whether it is statistically significant, the
change since the earlier period, and where each figure came from. See
``docs/methods/diagnose-indicators.md``.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

import duckdb
import numpy as np
import pandas as pd

from greatjobs.diagnose.catalogue import Indicator, get_indicator
from greatjobs.diagnose.league_data import (
    AreaValue,
    available_periods,
    custom_place_value,
    load_values,
    named_place_value,
)
from greatjobs.errors import NotFoundError
from greatjobs.geography import custom_place, resolve_place
from greatjobs.provenance import Provenance
from greatjobs.stats import Z95

AMONG_SETS = {"combined-authorities": "cauth", "districts": "lad", "regions": "rgn"}
ENGLAND = "E92000001"
COLUMNS = [
    "rank", "area_code", "area_name", "value", "lci", "uci", "rank_low", "rank_high", "england",
    "gap_to_england", "significance", "change", "source",
]  # fmt: skip


@dataclass
class CustomPlaceSpec:
    """A place made of whole districts (codes or names, current or former)."""

    name: str
    districts: list[str]


@dataclass
class LeagueTableSpec:
    """What to rank: round-trips to JSON (``to_json`` / ``from_json``)."""

    indicator: str
    among: str | list[str] = "combined-authorities"
    """'combined-authorities', 'districts', 'regions', or a list of place names or codes."""
    period: str | None = None
    """The period to rank (default: the latest with figures)."""
    compare_period: str | None = None
    """An earlier period for the change column (default: none)."""
    highlight: str | None = "E47000004"
    custom: list[CustomPlaceSpec] = field(default_factory=list)
    draws: int = 4000
    seed: int = 12345

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2)

    @classmethod
    def from_json(cls, text: str) -> LeagueTableSpec:
        data = json.loads(text)
        data["custom"] = [CustomPlaceSpec(**c) for c in data.get("custom", [])]
        return cls(**data)


@dataclass
class LeagueTable:
    spec: LeagueTableSpec
    indicator: Indicator
    period: str
    frame: pd.DataFrame
    england: AreaValue | None
    provenance: Provenance
    """The datasets of the figures ranked (by id) and the indicator's method; the table's
    notes are :attr:`notes`, kept apart so that each face can show them as warnings."""
    notes: list[str]


def significance(value: float, se: float | None, ref: float | None, ref_se: float | None) -> str:
    """'higher' / 'lower' than the reference if the difference is significant at 95% (z-test
    with both standard errors; a reference without an interval counts as exact), else 'not
    significant'; 'no interval' when the value has no standard error or there is no reference."""
    if se is None or ref is None or np.isnan(se) or np.isnan(value) or np.isnan(ref):
        return "no interval"
    ref_se = 0.0 if ref_se is None or np.isnan(ref_se) else ref_se
    spread = float(np.hypot(se, ref_se))
    if spread == 0:
        return "no interval"
    z = (value - ref) / spread
    if abs(z) <= Z95:
        return "not significant"
    return "higher" if z > 0 else "lower"


def ranks_of(values: np.ndarray, higher_is_better: bool) -> np.ndarray:
    """Competition ranks ('1224') along the last axis: 1 + the number strictly better.

    Works on one row of values or a matrix of draws (one row per draw), vectorised: each row is
    sorted and searched at once by offsetting rows so they do not overlap.
    """
    x = np.atleast_2d(np.asarray(values, dtype=float))
    if not higher_is_better:
        x = -x
    rows, n = x.shape
    span = float(np.ptp(x)) + 1.0
    shifted = x - x.min() + np.arange(rows)[:, None] * (span + 1.0)
    flat_sorted = np.sort(shifted, axis=None)
    right = np.searchsorted(flat_sorted, shifted.ravel(), side="right").reshape(rows, n)
    row_end = (np.arange(rows)[:, None] + 1) * n
    ranks = 1 + (row_end - right)
    return ranks[0] if np.ndim(values) == 1 else ranks


def rank_intervals(
    values: np.ndarray, se: np.ndarray, higher_is_better: bool, draws: int, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """95% rank intervals: draw every value from Normal(value, se) (se 0 where none), rank each
    draw, take the 2.5th and 97.5th percentiles of each place's ranks."""
    rng = np.random.default_rng(seed)
    sims = rng.normal(values, np.nan_to_num(se), size=(draws, len(values)))
    ranks = ranks_of(sims, higher_is_better)
    low = np.quantile(ranks, 0.025, axis=0, method="lower")
    high = np.quantile(ranks, 0.975, axis=0, method="higher")
    return low.astype(int), high.astype(int)


def compute_league_table(con: duckdb.DuckDBPyConnection, spec: LeagueTableSpec) -> LeagueTable:
    indicator = get_indicator(spec.indicator)
    values = load_values(con, indicator)
    periods = available_periods(values)
    notes: list[str] = []
    period = spec.period or _default_period(values, spec)
    for p in (period, spec.compare_period):
        if p is not None and p not in periods:
            raise NotFoundError(
                f"No period {p!r} for {indicator.id}; periods held: {', '.join(periods)}.",
                [periods[-1]],
            )
    entries = _entries(con, indicator, values, spec, period, notes)
    if not entries:
        raise NotFoundError(f"No figures for {indicator.id} in {period} among {spec.among}.")
    england: AreaValue | None = named_place_value(con, indicator, values, ENGLAND, period)
    if england is not None and england.value is None:
        england = None
        notes.append(f"No figure for England for {indicator.id} in {period}.")
    frame = _frame(entries, indicator, england, spec)
    if spec.compare_period:
        earlier = _values_for(con, indicator, values, spec, spec.compare_period)
        frame["change"] = [
            v - earlier[c].value if c in earlier and earlier[c].value is not None else np.nan
            for c, v in zip(frame["area_code"], frame["value"], strict=True)
        ]
    at_period = values[values["period"] == period]
    if at_period["method"].astype(str).str.contains("STAND-IN").any():
        notes.append(
            f"{period} figures for {indicator.id} are an offline stand-in, not the indicator "
            "itself: see the method below."
        )
    if not indicator.has_ci or frame["lci"].isna().all():
        notes.append("No confidence intervals: rank intervals are the ranks themselves.")
    elif frame["lci"].isna().any():
        notes.append("Places without an interval are treated as exact in the rank intervals.")
    if england is not None and england.lci is None and indicator.has_ci:
        notes.append("England's figure has no interval: treated as exact in the z-tests.")
    dataset_ids = sorted({e.dataset_id for e in entries if e.dataset_id})
    provenance = Provenance.of(con, dataset_ids, method=indicator.method)
    return LeagueTable(spec, indicator, period, frame, england, provenance, notes)


def _default_period(values: pd.DataFrame, spec: LeagueTableSpec) -> str:
    if isinstance(spec.among, str) and spec.among in AMONG_SETS:
        subset = values[values["area_type"] == AMONG_SETS[spec.among]]
        if not subset.empty:
            values = subset
    latest = values.sort_values("period_start").iloc[-1]
    return str(latest["period"])


def _values_for(
    con: duckdb.DuckDBPyConnection, indicator: Indicator, values: pd.DataFrame,
    spec: LeagueTableSpec, period: str,
) -> dict[str, AreaValue]:  # fmt: skip
    return {e.area_code: e for e in _entries(con, indicator, values, spec, period, [])}


def _entries(
    con: duckdb.DuckDBPyConnection, indicator: Indicator, values: pd.DataFrame,
    spec: LeagueTableSpec, period: str, notes: list[str],
) -> list[AreaValue]:  # fmt: skip
    at = values[values["period"] == period]
    entries: list[AreaValue] = []
    if isinstance(spec.among, str) and spec.among in AMONG_SETS:
        area_type = AMONG_SETS[spec.among]
        if area_type not in indicator.geographies and not indicator.aggregates_from_counts:
            raise NotFoundError(
                f"{indicator.id} has figures for {', '.join(indicator.geographies)} only, not "
                f"{spec.among}; try --among districts, or list places by name."
            )
        rows = at[at["area_type"] == area_type]
        if area_type == "lad":
            districts = con.execute("SELECT code FROM core.place WHERE kind = 'district'")
            english = {r[0] for r in districts.fetchall()}
            rows = rows[rows["area_code"].isin(english)]
        entries = [AreaValue.from_row(r) for r in rows.to_dict("records")]
        if area_type in ("cauth", "rgn") and indicator.aggregates_from_counts:
            entries += _summed_places(con, indicator, values, area_type, period, entries)
        if area_type == "cauth":
            missing = con.execute(
                "SELECT name || ' (' || code || ')' FROM core.place WHERE kind = "
                "'combined-authority' AND NOT list_contains(?, code) ORDER BY code",
                [[e.area_code for e in entries]],
            ).fetchall()
            if missing:
                notes.append(
                    f"No {indicator.id} figure for {period} for: "
                    + ", ".join(m[0] for m in missing)
                    + "."
                )
    else:
        names = spec.among if isinstance(spec.among, list) else spec.among.split(",")
        for name in (n.strip() for n in names if n.strip()):
            place = resolve_place(con, name)
            notes.extend(place.notes)
            entries.append(named_place_value(con, indicator, values, place.code, period, place))
    for custom in spec.custom:
        place = custom_place(con, custom.name, custom.districts)
        notes.extend(place.notes)
        entries.append(custom_place_value(con, indicator, values, place, period, notes))
    return [e for e in entries if e.value is not None]


def _summed_places(
    con: duckdb.DuckDBPyConnection, indicator: Indicator, values: pd.DataFrame, area_type: str,
    period: str, have: list[AreaValue],
) -> list[AreaValue]:  # fmt: skip
    """Combined authorities or regions without a row, summed from counts now where possible."""
    kind = "combined-authority" if area_type == "cauth" else "region"
    done = {e.area_code for e in have}
    codes = con.execute("SELECT code FROM core.place WHERE kind = ? ORDER BY code", [kind])
    found = [
        named_place_value(con, indicator, values, code, period)
        for (code,) in codes.fetchall()
        if code not in done
    ]
    return [f for f in found if f.value is not None]


def _frame(
    entries: list[AreaValue], indicator: Indicator, england: AreaValue | None,
    spec: LeagueTableSpec,
) -> pd.DataFrame:  # fmt: skip
    value = np.array([e.value for e in entries], dtype=float)
    se = np.array([e.se if e.se is not None else np.nan for e in entries], dtype=float)
    rank = ranks_of(value, indicator.higher_is_better)
    low, high = rank_intervals(value, se, indicator.higher_is_better, spec.draws, spec.seed)
    ref = england.value if england else None
    ref_se = england.se if england else None
    frame = pd.DataFrame(
        {
            "rank": rank, "area_code": [e.area_code for e in entries],
            "area_name": [e.area_name for e in entries], "value": value,
            "lci": [e.lci for e in entries], "uci": [e.uci for e in entries],
            "rank_low": low, "rank_high": high,
            "england": ref if ref is not None else np.nan,
            "gap_to_england": value - ref if ref is not None else np.nan,
            "significance": [
                significance(v, None if np.isnan(s) else s, ref, ref_se)
                for v, s in zip(value, se, strict=True)
            ],
            "change": np.nan, "source": [e.source for e in entries],
        }
    )  # fmt: skip
    frame[["lci", "uci"]] = frame[["lci", "uci"]].astype(float)
    return frame.sort_values(["rank", "area_name"]).reset_index(drop=True)[COLUMNS]

"""League tables: where places stand on an indicator, how sure we can be, and the change.

A :class:`LeagueTableSpec` (JSON round-trip, so every published table can be rebuilt) names the
indicator, the comparison set, the period and an optional earlier period; custom places (lists
of districts) can be added. :func:`compute_league_table` returns a :class:`LeagueTable`: one row
per place with rank (1 = best for the indicator's polarity), value and 95% interval, a 95% rank
interval by Monte Carlo, the gap to England and whether it is statistically significant, the
change since the earlier period, and where each figure came from. See
``docs/methods/diagnose-indicators.md``.

Numbers a statistician would sign: a figure greatjobs sums from rounded published figures is
rounded back to the precision the publisher gives before it is ranked, and equal figures share a
rank ("=3"); each estimate carries its coefficient of variation and the ONS reliability band, an
unreliable one (CV over 20%) is not tested against England, and an interval is cut at the bounds
the quantity cannot pass (0, and 100 for a percentage); custom places stand beside the league
with the rank they would take, without moving the official places' ranks; the table says which
set of places it ranks and from which vintage.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from greatjobs.diagnose.catalogue import Indicator, get_indicator
from greatjobs.diagnose.league_data import (
    AreaValue,
    available_periods,
    custom_place_value,
    input_decimals,
    is_summed,
    load_values,
    named_place_value,
)
from greatjobs.diagnose.series import load_components
from greatjobs.errors import NotFoundError
from greatjobs.geography import custom_place, resolve_place
from greatjobs.provenance import Provenance
from greatjobs.stats import Z95

AMONG_SETS = {"combined-authorities": "cauth", "districts": "lad", "regions": "rgn"}
ENGLAND = "E92000001"
COLUMNS = [
    "rank", "rank_label", "area_code", "area_name", "value", "lci", "uci", "cv", "reliability",
    "rank_low", "rank_high", "england", "gap_to_england", "significance", "change", "source",
    "custom",
]  # fmt: skip
"""``rank_label`` is the rank as people read it ("3", "=3" for a tie, "would rank 4" for a custom
place); ``cv`` is the coefficient of variation in per cent (se / value); ``reliability`` its ONS
band; ``custom`` marks a custom place, shown beside the league and not ranked in it."""

CV_BANDS = ((5.0, "precise"), (10.0, "reasonably precise"), (20.0, "acceptable, use with caution"))
"""ONS's bands for the coefficient of variation of an APS/LFS estimate: under 5% precise, 5% to
under 10% reasonably precise, 10% to 20% acceptable (use with caution), over 20% unreliable."""
UNRELIABLE = "unreliable (CV over 20%)"
NO_INTERVAL = "no interval"
UNRELIABLE_VERDICT = "not tested: estimate unreliable (CV over 20%)"
"""The significance column of an estimate whose CV is over 20%: no verdict against England."""
INTERVALS_NOTE = (
    "Every interval is a 95% interval: lci and uci bound the 95% confidence interval, rank_low "
    "and rank_high the 95% rank interval."
)
NORTH_EAST_2024 = {"E47000010": "E47000014", "E47000011": "E47000014"}
"""Combined authorities of the December 2023 lookup replaced in May 2024: North East and North of
Tyne by the North East Mayoral Combined Authority (E47000014)."""


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
    place_set: str = ""
    """Which places are ranked and from which vintage, e.g. "15 combined authorities as published
    by ONS Explore Local Statistics (2025 snapshot)"; also among the provenance's notes."""

    @property
    def official(self) -> pd.DataFrame:
        """The ranked places: the frame without the custom places beside it."""
        return self.frame[~self.frame["custom"]]

    @property
    def size(self) -> int:
        """How many places are ranked ("of N"): custom places beside the league not counted."""
        return int((~self.frame["custom"]).sum())


def cv_band(cv: float | None) -> str:
    """The ONS reliability band of a coefficient of variation in per cent (:data:`CV_BANDS`)."""
    if cv is None or np.isnan(cv):
        return NO_INTERVAL
    for limit, band in CV_BANDS:
        if cv < limit or (limit == CV_BANDS[-1][0] and cv <= limit):
            return band
    return UNRELIABLE


def rank_labels(ranks: np.ndarray) -> list[str]:
    """Ranks as people read them: a rank shared by several places is written "=3"."""
    counts = pd.Series(ranks).value_counts()
    return [f"={r}" if counts[r] > 1 else str(r) for r in ranks]


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
    return _percentiles(ranks)


def would_rank(
    values: np.ndarray, se: np.ndarray, extra: np.ndarray, extra_se: np.ndarray,
    higher_is_better: bool, draws: int, seed: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:  # fmt: skip
    """The rank each of ``extra`` would take among ``values`` (1 + the number strictly better),
    without changing theirs, and its 95% rank interval: the ranked places are drawn as in
    :func:`rank_intervals` (same seed, same draws), each extra place from its own Normal."""
    rank = np.array([ranks_of(np.append(values, x), higher_is_better)[-1] for x in extra])
    rng = np.random.default_rng(seed)
    sims = rng.normal(values, np.nan_to_num(se), size=(draws, len(values)))
    extra_sims = rng.normal(extra, np.nan_to_num(extra_se), size=(draws, len(extra)))
    ranks = np.column_stack(
        [ranks_of(np.column_stack([sims, extra_sims[:, i]]), higher_is_better)[:, -1]
         for i in range(len(extra))]
    )  # fmt: skip
    low, high = _percentiles(ranks)
    return rank.astype(int), low, high


def _percentiles(ranks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
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
    entries, place_set = _entries(con, indicator, values, spec, period, notes)
    if not any(not e.area_code.startswith("custom:") for e in entries):
        raise NotFoundError(f"No figures for {indicator.id} in {period} among {spec.among}.")
    england: AreaValue | None = named_place_value(con, indicator, values, ENGLAND, period)
    if england is not None and england.value is None:
        england = None
        notes.append(f"No figure for England for {indicator.id} in {period}.")
    rounded = sorted({e.decimals for e in entries if e.decimals is not None})
    if rounded:
        places = "decimal place" + ("s" if rounded != [1] else "")
        notes.append(
            "Figures greatjobs sums from published figures are rounded to the precision the "
            f"publisher gives those figures ({' or '.join(map(str, rounded))} {places}) before "
            "ranking: no rank rests on digits the source does not have, and equal figures share "
            "a rank (=)."
        )
    frame, frame_notes = _frame(entries, indicator, england, spec)
    notes.extend(frame_notes)
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
    provenance = Provenance.of(
        con, dataset_ids, method=indicator.method,
        notes=[f"Places ranked: {place_set}.", INTERVALS_NOTE],
    )  # fmt: skip
    return LeagueTable(spec, indicator, period, frame, england, provenance, notes, place_set)


def _default_period(values: pd.DataFrame, spec: LeagueTableSpec) -> str:
    if isinstance(spec.among, str) and spec.among in AMONG_SETS:
        subset = values[values["area_type"] == AMONG_SETS[spec.among]]
        if not subset.empty:
            values = subset
    if values.empty:
        raise NotFoundError(f"No figures for {spec.indicator} in the warehouse; rebuild it.")
    latest = values.sort_values("period_start").iloc[-1]
    return str(latest["period"])


def _values_for(
    con: duckdb.DuckDBPyConnection, indicator: Indicator, values: pd.DataFrame,
    spec: LeagueTableSpec, period: str,
) -> dict[str, AreaValue]:  # fmt: skip
    return {e.area_code: e for e in _entries(con, indicator, values, spec, period, [])[0]}


def _to_published_precision(
    con: duckdb.DuckDBPyConnection, entry: AreaValue, values: pd.DataFrame, period: str,
    districts: Sequence[str] | None = None,
) -> AreaValue:  # fmt: skip
    """A figure greatjobs summed, rounded to the decimals the publisher gives the figures it was
    summed from (:func:`input_decimals`: GVA per hour of ITL3 areas to 0.1, so Liverpool City
    Region's 34.006 is 34.0); any other figure as it is."""
    if not is_summed(entry.source) or entry.value is None:
        return entry
    if districts is None:
        districts = resolve_place(con, entry.area_code).district_codes
    decimals = input_decimals(values, period, districts, load_components(con))
    if decimals is None:
        return entry

    def rounded(x: float | None) -> float | None:
        return None if x is None else round(x, decimals)

    return replace(entry, value=rounded(entry.value), lci=rounded(entry.lci),
                   uci=rounded(entry.uci), decimals=decimals)  # fmt: skip


def _entries(
    con: duckdb.DuckDBPyConnection, indicator: Indicator, values: pd.DataFrame,
    spec: LeagueTableSpec, period: str, notes: list[str],
) -> tuple[list[AreaValue], str]:  # fmt: skip
    """The figures to rank (custom places last) and which set of places they are."""
    at = values[values["period"] == period]
    entries: list[AreaValue] = []
    place_set = ""
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
        entries = [e for e in entries if e.value is not None]
        if area_type == "cauth":
            notes.extend(_missing_authorities(con, indicator, period, entries))
        place_set = _place_set(con, area_type, entries)
    else:
        names = spec.among if isinstance(spec.among, list) else spec.among.split(",")
        for name in (n.strip() for n in names if n.strip()):
            place = resolve_place(con, name)
            notes.extend(place.notes)
            entries.append(named_place_value(con, indicator, values, place.code, period, place))
        entries = [e for e in entries if e.value is not None]
        place_set = f"{len(entries)} place{'s' if len(entries) != 1 else ''} chosen by name"
    ranked = [_to_published_precision(con, e, values, period) for e in entries]
    customs: list[AreaValue] = []
    for custom in spec.custom:
        place = custom_place(con, custom.name, custom.districts)
        notes.extend(place.notes)
        found = custom_place_value(con, indicator, values, place, period, notes)
        if found.value is not None:
            customs.append(
                _to_published_precision(con, found, values, period, place.district_codes)
            )
    if customs:
        place_set += (
            f"; beside them, {len(customs)} custom place{'s' if len(customs) != 1 else ''} "
            "with the rank it would take, not ranked among them"
        )
    return [*ranked, *customs], place_set


def _missing_authorities(
    con: duckdb.DuckDBPyConnection, indicator: Indicator, period: str, entries: list[AreaValue]
) -> list[str]:
    """Which combined authorities of the lookup have no figure, and why where it is known."""
    have = {e.area_code for e in entries}
    missing = con.execute(
        "SELECT code, name FROM core.place WHERE kind = 'combined-authority' "
        "AND NOT list_contains(?, code) ORDER BY code",
        [sorted(have)],
    ).fetchall()
    replaced = [(c, n) for c, n in missing if NORTH_EAST_2024.get(c) in have]
    others = [(c, n) for c, n in missing if (c, n) not in replaced]
    notes = []
    if replaced:
        names = " and ".join(f"{n} ({c})" for c, n in replaced)
        notes.append(
            f"{names}, combined authorities of the December 2023 ONS lookup, are not in the "
            "publisher's set: in May 2024 they were replaced by the North East Mayoral Combined "
            "Authority (E47000014), which is ranked."
        )
    if others:
        notes.append(
            f"No {indicator.id} figure for {period} for: "
            + ", ".join(f"{n} ({c})" for c, n in others)
            + "."
        )
    return notes


def _place_set(con: duckdb.DuckDBPyConnection, area_type: str, entries: list[AreaValue]) -> str:
    """Which places a named set ranks, and their vintage: the publisher's own set (e.g. the 15
    combined authorities of ONS Explore Local Statistics) and those greatjobs summed from the
    districts of a lookup (the 10 of the December 2023 ONS lookup)."""
    words = {"cauth": "combined authorities", "rgn": "English regions", "lad": "districts"}
    word = words.get(area_type, "places")
    published = [e for e in entries if not is_summed(e.source)]
    summed = [e for e in entries if is_summed(e.source)]
    parts = []
    for dataset_id, group in _by_dataset(published).items():
        who, vintage = _publisher_words(con, dataset_id)
        parts.append(f"{len(group)} {word} as published by {who} ({vintage})")
    if summed:
        kind = {"cauth": "combined-authority", "rgn": "region"}.get(area_type, "")
        row = con.execute(
            "SELECT count(*), any_value(p.source), any_value(d.vintage) FROM core.place p "
            "LEFT JOIN meta.dataset d ON d.id = p.source WHERE p.kind = ?",
            [kind],
        ).fetchone()
        total, lookup, vintage = row if row else (0, None, None)
        of = f"of the {total} {word} of the {vintage} ONS lookup" if lookup else ""
        parts.append(
            f"{len(summed)} {of or word}, summed by greatjobs from the counts of their areas"
        )
    return "; ".join(parts) or f"{len(entries)} {word}"


def _by_dataset(entries: list[AreaValue]) -> dict[str, list[AreaValue]]:
    groups: dict[str, list[AreaValue]] = {}
    for e in entries:
        groups.setdefault(e.dataset_id or "", []).append(e)
    return groups


def _publisher_words(con: duckdb.DuckDBPyConnection, dataset_id: str) -> tuple[str, str]:
    """('ONS Explore Local Statistics', '2025 snapshot') for a dataset: who published the set of
    places, and its vintage."""
    row = con.execute(
        "SELECT publisher, title, vintage FROM meta.dataset WHERE id = ?", [dataset_id]
    ).fetchone()
    if row is None:
        return dataset_id or "the publisher", "vintage not recorded"
    publisher, title, vintage = (str(x or "") for x in row)
    for name in ("Explore Local Statistics", "Subnational Indicators"):
        if name in title:
            return f"ONS {name}", vintage
    return publisher, vintage


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
) -> tuple[pd.DataFrame, list[str]]:  # fmt: skip
    """One row per place, in order of value: the official places ranked among themselves, and
    each custom place (``custom``) with the rank it would take among them; and the notes on its
    estimates (unreliable ones, intervals cut at a bound)."""
    custom = np.array([e.area_code.startswith("custom:") for e in entries], dtype=bool)
    value = np.array([e.value for e in entries], dtype=float)
    se = np.array([e.se if e.se is not None else np.nan for e in entries], dtype=float)
    hib, official = indicator.higher_is_better, ~custom
    rank = np.zeros(len(entries), dtype=int)
    low, high = np.zeros(len(entries), dtype=int), np.zeros(len(entries), dtype=int)
    rank[official] = ranks_of(value[official], hib)
    low[official], high[official] = rank_intervals(
        value[official], se[official], hib, spec.draws, spec.seed
    )
    if custom.any():
        rank[custom], low[custom], high[custom] = would_rank(
            value[official], se[official], value[custom], se[custom], hib, spec.draws, spec.seed
        )
    labels = np.array([""] * len(entries), dtype=object)
    labels[official] = rank_labels(rank[official])
    tied = set(value[official])
    labels[custom] = [
        f"would rank {'=' if v in tied else ''}{r}"
        for r, v in zip(rank[custom], value[custom], strict=True)
    ]
    cv = np.where(value != 0, 100 * se / np.abs(value), np.nan)
    bands = [cv_band(None if np.isnan(c) else float(c)) for c in cv]
    ref = england.value if england else None
    ref_se = england.se if england else None
    verdicts = [
        UNRELIABLE_VERDICT if band == UNRELIABLE
        else significance(v, None if np.isnan(s) else s, ref, ref_se)
        for v, s, band in zip(value, se, bands, strict=True)
    ]  # fmt: skip
    frame = pd.DataFrame(
        {
            "rank": rank, "rank_label": labels, "area_code": [e.area_code for e in entries],
            "area_name": [e.area_name for e in entries], "value": value,
            "lci": [e.lci for e in entries], "uci": [e.uci for e in entries],
            "cv": cv, "reliability": bands, "rank_low": low, "rank_high": high,
            "england": ref if ref is not None else np.nan,
            "gap_to_england": value - ref if ref is not None else np.nan,
            "significance": verdicts, "change": np.nan, "source": [e.source for e in entries],
            "custom": custom,
        }
    )  # fmt: skip
    frame[["lci", "uci"]] = frame[["lci", "uci"]].astype(float)
    lower, upper = _bounds(indicator)
    cut = {
        "below": frame.loc[frame["lci"] < lower, ["area_name", "lci"]].values.tolist(),
        "above": frame.loc[frame["uci"] > upper, ["area_name", "uci"]].values.tolist(),
    }
    frame["lci"] = frame["lci"].clip(lower=lower)
    frame["uci"] = frame["uci"].clip(upper=upper)
    order = frame.assign(_key=-frame["value"] if hib else frame["value"])
    order = order.sort_values(["_key", "custom", "area_name"])
    return order.reset_index(drop=True)[COLUMNS], _frame_notes(frame, indicator, cut)


def _bounds(indicator: Indicator) -> tuple[float, float]:
    """What an interval of the indicator cannot pass: 0 below, 100 above for a percentage."""
    return 0.0, 100.0 if indicator.unit == "%" else np.inf


def _frame_notes(
    frame: pd.DataFrame, indicator: Indicator, cut: dict[str, list[list[Any]]]
) -> list[str]:
    """What the reader must know about the estimates: unreliable ones, cut intervals."""
    notes = []
    unreliable = frame[frame["reliability"] == UNRELIABLE]
    if not unreliable.empty:
        notes.append(
            f"{len(unreliable)} of {len(frame)} estimates have a coefficient of variation over "
            "20%, which ONS considers unreliable: they are marked and not tested against "
            "England. ONS bands: CV under 5% precise, 5% to under 10% reasonably precise, 10% "
            "to 20% acceptable (use with caution), over 20% unreliable."
        )
    unit = "%" if indicator.unit == "%" else f" {indicator.unit}"
    for key, bound, words in (("below", "0", "a lower bound below 0"),
                              ("above", "100", "an upper bound above 100%")):  # fmt: skip
        places = cut[key]
        if places:
            shown = ", ".join(f"{n} ({x:.1f}{unit})" for n, x in places[:10])
            more = f" and {len(places) - 10} more" if len(places) > 10 else ""
            plural = "s" if len(places) != 1 else ""
            notes.append(
                f"{len(places)} 95% confidence interval{plural} computed as estimate ± 1.96 "
                f"standard errors had {words}, which the quantity cannot have: "
                f"shown as {bound}. {shown}{more}."
            )
    return notes

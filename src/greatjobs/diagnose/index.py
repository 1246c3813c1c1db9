"""An inclusive-growth index with rank intervals (``docs/methods/inclusive-growth-index.md``).

Two dimensions in the spirit of the JRF Inclusive Growth Monitor, *prosperity* and *inclusion*,
built as the OECD/JRC Handbook on Constructing Composite Indicators (2008) describes: indicators
are oriented so that higher is better, normalised (min-max, z-score or rank), weighted (equally,
equally by dimension, or by a user's weights) and aggregated (arithmetic or geometric mean).

The uncertainty analysis is a Monte Carlo over those choices *and* over the indicators' sampling
uncertainty (values drawn from normal distributions matching their 95% confidence intervals):
each place gets a median rank and a 95% rank interval (2.5th to 97.5th percentile of its ranks
across the draws). The sensitivity analysis says which choice moves the ranks most: first-order
indices (share of the variance of each place's rank explained by a choice) and the mean absolute
rank shift when only that choice varies.

The maths (:func:`run_index`) takes a tidy frame, so it runs on any data; :func:`load_inputs`
reads ``core.indicator_series`` for a set of places.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

import duckdb
import numpy as np
import pandas as pd

from greatjobs.errors import DataError
from greatjobs.stats import CONFIDENCE, Z95

NORMALISATIONS = ("min-max", "z-score", "rank")
WEIGHTINGS = ("equal", "equal-by-dimension", "custom")
AGGREGATIONS = ("arithmetic", "geometric")
FACTORS = ("values", "normalisation", "weighting", "aggregation")

DEFAULT_DIMENSIONS: dict[str, tuple[str, ...]] = {
    "prosperity": (
        "gva-per-hour", "employment-rate", "level-4-qualifications", "median-weekly-pay",
    ),
    "inclusion": (
        "unemployment-rate", "economic-inactivity", "workless-households",
        "children-in-poverty", "no-qualifications",
    ),
}  # fmt: skip


@dataclass(frozen=True)
class IndexSpec:
    """How the index is built (the reference choices) and what the Monte Carlo varies."""

    dimensions: dict[str, tuple[str, ...]] = field(default_factory=lambda: dict(DEFAULT_DIMENSIONS))
    normalisation: str = "z-score"
    weighting: str = "equal-by-dimension"
    aggregation: str = "arithmetic"
    weights: dict[str, float] | None = None
    """Indicator id -> weight, for ``weighting = "custom"`` (rescaled to sum to 1)."""
    vary: tuple[str, ...] = FACTORS
    """Which factors the Monte Carlo varies (a subset of :data:`FACTORS`)."""
    draws: int = 1000
    seed: int = 20260101
    interval: float = CONFIDENCE
    """Coverage of the rank interval: 95%, as every interval greatjobs gives."""
    min_coverage: float = 0.7
    """An indicator is used only for a period where at least this share of places has a value."""
    max_missing: float = 0.34
    """A place missing more than this share of the indicators used is left out of the ranking."""

    def __post_init__(self) -> None:
        problems = []
        if self.normalisation not in NORMALISATIONS:
            problems.append(f"normalisation must be one of {', '.join(NORMALISATIONS)}")
        if self.weighting not in WEIGHTINGS:
            problems.append(f"weighting must be one of {', '.join(WEIGHTINGS)}")
        if self.aggregation not in AGGREGATIONS:
            problems.append(f"aggregation must be one of {', '.join(AGGREGATIONS)}")
        if self.weighting == "custom" and not self.weights:
            problems.append("custom weighting needs weights (indicator id -> weight)")
        if self.weights and any(w < 0 for w in self.weights.values()):
            problems.append("weights must not be negative")
        if not set(self.vary) <= set(FACTORS):
            problems.append(f"vary must be some of {', '.join(FACTORS)}")
        if not self.indicators:
            problems.append("the index needs at least one indicator")
        if self.draws < 1 or not 0 < self.interval < 1:
            problems.append("draws must be positive and interval between 0 and 1")
        if problems:
            raise DataError("Index specification: " + "; ".join(problems) + ".")

    @property
    def indicators(self) -> list[str]:
        return [i for ids in self.dimensions.values() for i in ids]

    def to_json(self) -> str:
        data = asdict(self)
        data["dimensions"] = {k: list(v) for k, v in self.dimensions.items()}
        data["vary"] = list(self.vary)
        return json.dumps(data, indent=2)  # keeps the order of dimensions and indicators

    @classmethod
    def from_json(cls, text: str) -> IndexSpec:
        try:
            data = json.loads(text)
            data["dimensions"] = {k: tuple(v) for k, v in data["dimensions"].items()}
            data["vary"] = tuple(data.get("vary", FACTORS))
            return cls(**data)
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise DataError(
                f"Index specification is not valid JSON for IndexSpec ({exc})."
            ) from exc


@dataclass(frozen=True)
class IndexResult:
    spec: IndexSpec
    places: pd.DataFrame
    """One row per place: reference score and rank, median rank and rank interval, dimensions."""
    sensitivity: pd.DataFrame
    """One row per factor varied: first-order index and mean absolute rank shift."""
    inputs: pd.DataFrame
    """The indicator values used (period, value, interval, whether imputed)."""
    notes: tuple[str, ...]


# ---- the maths --------------------------------------------------------------------------------


def normalise(x: np.ndarray, method: str) -> np.ndarray:
    """Normalise along axis -2 (places) of ``x`` (..., places, indicators); higher stays better."""
    if method == "min-max":
        lo, hi = x.min(axis=-2, keepdims=True), x.max(axis=-2, keepdims=True)
        return np.asarray((x - lo) / np.where(hi > lo, hi - lo, 1.0))
    if method == "z-score":
        sd = x.std(axis=-2, keepdims=True)
        return np.asarray((x - x.mean(axis=-2, keepdims=True)) / np.where(sd > 0, sd, 1.0))
    if method == "rank":
        ranks = np.argsort(np.argsort(x, axis=-2), axis=-2).astype(float)
        return np.asarray(ranks / max(x.shape[-2] - 1, 1))
    raise DataError(f"Unknown normalisation {method!r}; choose from {', '.join(NORMALISATIONS)}.")


def weight_vector(spec: IndexSpec, scheme: str, indicators: list[str]) -> np.ndarray:
    """Indicator weights summing to 1 for a weighting scheme."""
    if scheme == "equal":
        w = np.ones(len(indicators))
    elif scheme == "equal-by-dimension":
        sizes = {d: sum(i in ids for i in indicators) for d, ids in spec.dimensions.items()}
        n_dims = sum(1 for s in sizes.values() if s)
        w = np.array(
            [next(1 / sizes[d] / n_dims for d, ids in spec.dimensions.items() if i in ids)
             for i in indicators]
        )  # fmt: skip
    else:
        w = np.array([float((spec.weights or {}).get(i, 0.0)) for i in indicators])
    if w.sum() <= 0:
        raise DataError("The index weights of the indicators used sum to zero.")
    return np.asarray(w / w.sum())


def aggregate(x: np.ndarray, w: np.ndarray, method: str) -> np.ndarray:
    """Composite of normalised ``x`` (..., places, indicators) with weights ``w`` (..., indicators).

    Geometric aggregation needs positive values: each indicator is first mapped linearly onto
    [1, 2] across places (so under it min-max and z-score normalisation coincide)."""
    w = w[..., None, :]
    if method == "arithmetic":
        return np.asarray((x * w).sum(axis=-1))
    scaled = 1.0 + normalise(x, "min-max")
    return np.asarray(np.exp((np.log(scaled) * w).sum(axis=-1)))


def ranks_of(scores: np.ndarray) -> np.ndarray:
    """Rank 1 = highest score, along the last axis (ties broken by order)."""
    order = np.argsort(-scores, axis=-1, kind="stable")
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.arange(1, scores.shape[-1] + 1), axis=-1)
    return ranks


def _choices(spec: IndexSpec) -> dict[str, tuple[str, ...]]:
    weightings = ("equal", "equal-by-dimension") + (("custom",) if spec.weights else ())
    return {"normalisation": NORMALISATIONS, "weighting": weightings, "aggregation": AGGREGATIONS}


def _simulate(
    spec: IndexSpec,
    indicators: list[str],
    value: np.ndarray,
    sd: np.ndarray,
    sign: np.ndarray,
    vary: tuple[str, ...],
    rng: np.random.Generator,
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Ranks (draws, places) of ``spec.draws`` draws varying ``vary``, and each draw's choices."""
    n = spec.draws
    noise = rng.standard_normal((n, *value.shape)) if "values" in vary else 0.0
    x = (value + noise * sd) * sign
    choices = _choices(spec)
    picked = {}
    for factor, options in choices.items():
        reference = options.index(getattr(spec, factor))
        picked[factor] = (
            rng.integers(0, len(options), n) if factor in vary else np.full(n, reference)
        )
    xn = np.empty(np.broadcast_shapes((n, *value.shape)))
    x = np.broadcast_to(x, xn.shape)
    for level, method in enumerate(NORMALISATIONS):
        mask = picked["normalisation"] == level
        if mask.any():
            xn[mask] = normalise(x[mask], method)
    weights = np.stack([weight_vector(spec, s, indicators) for s in choices["weighting"]])
    w = weights[picked["weighting"]]
    scores = np.empty((n, value.shape[0]))
    for level, method in enumerate(AGGREGATIONS):
        mask = picked["aggregation"] == level
        if mask.any():
            scores[mask] = aggregate(xn[mask], w[mask], method)
    return ranks_of(scores), picked


def _first_order(ranks: np.ndarray, levels: np.ndarray) -> float:
    """Share of the variance of each place's rank explained by one discrete factor, averaged
    over places weighted by their rank variance: sum Var(E[rank | level]) / sum Var(rank)."""
    total = ranks.var(axis=0).sum()
    if total == 0:
        return 0.0
    explained = np.zeros(ranks.shape[1])
    for level in np.unique(levels):
        mask = levels == level
        explained += mask.mean() * (ranks[mask].mean(axis=0) - ranks.mean(axis=0)) ** 2
    return float(explained.sum() / total)


def run_index(
    frame: pd.DataFrame, spec: IndexSpec, higher_is_better: dict[str, bool]
) -> IndexResult:
    """Build the index from a tidy frame (area_code, area_name, indicator_id, value, lci, uci;
    one row per place and indicator) and run the uncertainty and sensitivity analyses."""
    frame = frame.reindex(columns=[*frame.columns, *(c for c in ("lci", "uci") if c not in frame)])
    names = frame.drop_duplicates("area_code").set_index("area_code")["area_name"]
    wide = frame.astype({"value": float, "lci": float, "uci": float}).pivot_table(
        index="area_code", columns="indicator_id", values=["value", "lci", "uci"],
        aggfunc="first", dropna=False,
    )  # fmt: skip
    for column in ("value", "lci", "uci"):  # pivot_table drops all-empty columns
        for i in spec.indicators:
            if (column, i) not in wide.columns and ("value", i) in wide.columns:
                wide[(column, i)] = np.nan
    indicators = [i for i in spec.indicators if ("value", i) in wide.columns]
    if not indicators:
        raise DataError("None of the index's indicators has values for these places.")
    missing = wide["value"][indicators].isna().to_numpy().mean(axis=1)
    dropped = sorted(str(names.get(c, c)) for c in wide.index[missing > spec.max_missing])
    wide = wide.loc[missing <= spec.max_missing]
    if len(wide) < 2:
        raise DataError("An index ranks places: it needs at least two with enough indicators.")
    value = wide["value"][indicators].to_numpy(dtype=float)
    imputed = np.isnan(value)
    value = np.where(imputed, np.nanmedian(value, axis=0), value)
    half = (wide["uci"][indicators] - wide["lci"][indicators]).to_numpy(dtype=float) / 2
    sd = np.where(np.isnan(half) | imputed, 0.0, half / Z95)
    sign = np.array([1.0 if higher_is_better[i] else -1.0 for i in indicators])
    rng = np.random.default_rng(spec.seed)

    reference_w = weight_vector(spec, spec.weighting, indicators)
    reference_x = normalise(value * sign, spec.normalisation)
    score = aggregate(reference_x, reference_w, spec.aggregation)
    rank = ranks_of(score)
    ranks, picked = _simulate(spec, indicators, value, sd, sign, spec.vary, rng)
    alpha = (1 - spec.interval) / 2
    places = pd.DataFrame(
        {"area_code": wide.index, "area_name": names.reindex(wide.index).to_numpy()}
    )
    places["score"] = score
    places["rank"] = rank
    places["median_rank"] = np.median(ranks, axis=0)
    places["rank_low"] = np.quantile(ranks, alpha, axis=0, method="inverted_cdf")
    places["rank_high"] = np.quantile(ranks, 1 - alpha, axis=0, method="inverted_cdf")
    for dim, ids in spec.dimensions.items():
        cols = [indicators.index(i) for i in ids if i in indicators]
        if cols:
            places[dim] = reference_x[:, cols].mean(axis=1)
    places["imputed"] = imputed.sum(axis=1)
    places = places.sort_values(["rank"]).reset_index(drop=True)

    rows = []
    choices = _choices(spec)
    for factor in spec.vary:
        if factor == "values":
            alone, _ = _simulate(spec, indicators, value, sd, sign, (factor,), rng)
        else:  # one discrete choice varies alone: each option is equally likely, so enumerate
            alone = np.stack([
                ranks_of(aggregate(
                    normalise(value * sign, option if factor == "normalisation"
                              else spec.normalisation),
                    weight_vector(spec, option if factor == "weighting" else spec.weighting,
                                  indicators),
                    option if factor == "aggregation" else spec.aggregation,
                ))
                for option in choices[factor]
            ])  # fmt: skip
        shift = float(np.abs(alone - rank[None, :]).mean())
        first = _first_order(ranks, picked[factor]) if factor in picked else None
        rows.append({"factor": factor, "first_order_index": first, "mean_abs_rank_shift": shift})
    sensitivity = pd.DataFrame(
        rows, columns=["factor", "first_order_index", "mean_abs_rank_shift"]
    ).sort_values("mean_abs_rank_shift", ascending=False)
    notes = [
        f"{len(indicators)} indicators, {len(places)} places, {spec.draws} draws (seed "
        f"{spec.seed}); rank interval {spec.interval:.0%}."
    ]
    missing = [i for i in spec.indicators if i not in indicators]
    if missing:
        notes.append("Left out (no values for these places): " + ", ".join(missing) + ".")
    if dropped:
        notes.append(
            f"Left out, missing more than {spec.max_missing:.0%} of the indicators: "
            + ", ".join(dropped)
            + "."
        )
    if imputed.any():
        cells = [
            f"{names.get(code, code)} ({indicators[column]})"
            for row, code in enumerate(wide.index)
            for column in np.flatnonzero(imputed[row])
        ]
        notes.append(
            f"{int(imputed.sum())} missing value{'s' if imputed.sum() > 1 else ''} imputed with "
            "the indicator's median across places (no sampling uncertainty): "
            + ", ".join(cells)
            + "."
        )
    inputs = frame[frame["indicator_id"].isin(indicators)].reset_index(drop=True)
    return IndexResult(spec, places, sensitivity.reset_index(drop=True), inputs, tuple(notes))


def indicators_used(result: IndexResult) -> pd.DataFrame:
    """The index's indicators as used: ``indicator_id``, ``period`` (the period of each, or the
    periods where places differ), ``places`` with a value and ``dataset_id``."""
    grouped = result.inputs.groupby("indicator_id", sort=False)
    return pd.DataFrame(
        {
            "period": grouped["period"].agg(lambda p: ", ".join(sorted(set(map(str, p))))),
            "places": grouped["area_code"].nunique(),
            "dataset_id": grouped["dataset_id"].agg(lambda d: ", ".join(sorted(set(map(str, d))))),
        }
    ).reset_index()


# ---- inputs from the warehouse ------------------------------------------------------------------


def load_inputs(
    con: duckdb.DuckDBPyConnection, spec: IndexSpec, area_codes: list[str]
) -> pd.DataFrame:
    """For each indicator of the spec, the latest period in which at least ``min_coverage`` of
    the places have a value, from ``core.indicator_series`` (one row per place and indicator)."""
    exists = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'core' "
        "AND table_name = 'indicator_series'"
    ).fetchone()
    if not exists or not exists[0]:
        raise DataError("core.indicator_series is not in the warehouse; rebuild it.")
    return con.execute(
        """
        WITH s AS (
            SELECT indicator_id, area_code, period,  -- one row each, the first dataset's
                   arg_min(area_name, dataset_id) AS area_name,
                   arg_min(period_start, dataset_id) AS period_start,
                   arg_min(value, dataset_id) AS value, arg_min(lci, dataset_id) AS lci,
                   arg_min(uci, dataset_id) AS uci, min(dataset_id) AS dataset_id,
                   arg_min(method, dataset_id) AS method
            FROM core.indicator_series
            WHERE list_contains(?, indicator_id) AND list_contains(?, area_code)
                  AND value IS NOT NULL
            GROUP BY indicator_id, area_code, period
        ), best AS (
            SELECT indicator_id, period FROM s GROUP BY indicator_id, period
            HAVING count(DISTINCT area_code) >= ? * ?
            QUALIFY row_number() OVER (PARTITION BY indicator_id
                                       ORDER BY max(period_start) DESC) = 1
        )
        SELECT s.* FROM s JOIN best USING (indicator_id, period)
        ORDER BY indicator_id, area_code
        """,
        [spec.indicators, area_codes, spec.min_coverage, len(area_codes)],
    ).df()

"""How sure is an SROI figure? One-way sensitivity (a tornado) and Monte Carlo over the ranges
given in the impact map.

* Sensitivity: each uncertain assumption in turn is set to its low and its high value, all others
  held at their central values; the swing in the SROI ratio ranks the assumptions.
* Monte Carlo: every uncertain assumption is drawn from a triangular distribution
  (low, central, high), independently; PV, NPV and the ratio are reported as the 2.5th, 50th and
  97.5th percentiles of the draws (a 95% interval, as everywhere in greatjobs; other percentiles
  on request), and each assumption's influence as the absolute Spearman rank correlation between
  its draws and the PV.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from greatjobs.socialvalue.sroi import SroiSpec, present_value

PERCENTILES = (2.5, 50.0, 97.5)
"""A 95% interval and the median."""


@dataclass(frozen=True)
class Interval:
    low: float
    median: float
    high: float


@dataclass(frozen=True)
class MonteCarloResult:
    draws: int
    seed: int
    present_value: Interval
    net_present_value: Interval
    ratio: Interval
    influence: pd.DataFrame
    """assumption, correlation with PV (absolute Spearman), most influential first."""
    percentiles: tuple[float, float, float] = PERCENTILES
    """The percentiles each interval gives as (low, median, high)."""


def _uncertain(spec: SroiSpec) -> list[tuple[int, str, float, float, float]]:
    return [
        (i, param, low, float(getattr(o, param)), high)
        for i, o in enumerate(spec.outcomes)
        for param, (low, high) in sorted(o.ranges.items())
    ]


def sensitivity(spec: SroiSpec) -> pd.DataFrame:
    """The SROI ratio at each uncertain assumption's low and high value, largest swing first."""
    rows = []
    for i, param, low, central, high in _uncertain(spec):
        at_low = present_value(spec.replace_assumption(i, param, low)) / spec.investment
        at_high = present_value(spec.replace_assumption(i, param, high)) / spec.investment
        rows.append(
            {
                "assumption": f"{spec.outcomes[i].name}: {param}",
                "low": low,
                "central": central,
                "high": high,
                "ratio_at_low": at_low,
                "ratio_at_high": at_high,
                "swing": abs(at_high - at_low),
            }
        )
    frame = pd.DataFrame(
        rows,
        columns=["assumption", "low", "central", "high", "ratio_at_low", "ratio_at_high", "swing"],
    )
    return frame.sort_values("swing", ascending=False, kind="stable").reset_index(drop=True)


def monte_carlo(
    spec: SroiSpec,
    draws: int = 2000,
    seed: int = 20260101,
    percentiles: tuple[float, float, float] = PERCENTILES,
) -> MonteCarloResult:
    """PV, NPV and ratio intervals over the impact map's ranges (reproducible with ``seed``)."""
    rng = np.random.default_rng(seed)
    uncertain = _uncertain(spec)
    samples = {
        (i, param): rng.triangular(low, central, high, size=draws)
        if high > low
        else np.full(draws, central)
        for i, param, low, central, high in uncertain
    }
    pvs = np.empty(draws)
    for d in range(draws):
        s = spec
        for (i, param), values in samples.items():
            value = float(values[d])
            s = s.replace_assumption(i, param, round(value) if param == "duration" else value)
        pvs[d] = present_value(s)
    influence = pd.DataFrame(
        [
            {
                "assumption": f"{spec.outcomes[i].name}: {param}",
                "influence": abs(_spearman(values, pvs)),
            }
            for (i, param), values in samples.items()
        ],
        columns=["assumption", "influence"],
    ).sort_values("influence", ascending=False, kind="stable")

    def interval(values: np.ndarray) -> Interval:
        low, median, high = np.percentile(values, percentiles)
        return Interval(float(low), float(median), float(high))

    return MonteCarloResult(
        draws=draws,
        seed=seed,
        present_value=interval(pvs),
        net_present_value=interval(pvs - spec.investment),
        ratio=interval(pvs / spec.investment),
        influence=influence.reset_index(drop=True),
        percentiles=percentiles,
    )


def _spearman(a: np.ndarray, b: np.ndarray) -> float:
    ra = pd.Series(a).rank().to_numpy()
    rb = pd.Series(b).rank().to_numpy()
    if ra.std() == 0 or rb.std() == 0:
        return 0.0
    return float(np.corrcoef(ra, rb)[0, 1])

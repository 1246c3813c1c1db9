"""Gross to net additional impact, after the HCA Additionality Guide (4th ed., 2014).

``net = gross × (1 − leakage) × (1 − displacement) × (1 − substitution) × multiplier
× (1 − deadweight)``: the reference case is taken as the share ``deadweight`` of the gross outputs
that would have happened anyway, subject to the same leakage, displacement, substitution and
multiplier, so subtracting it leaves the factor ``(1 − deadweight)``.

Each factor is a :class:`Factor`: a fixed value, a uniform range or a triangular distribution.
Ready-reckoner presets (and their ranges) are data, in ``data/additionality.toml``, with their
source. Every answer is an :class:`Estimate`: the value at the central factors, and the 95%
interval (2.5th to 97.5th percentile, :data:`greatjobs.stats.PERCENTILES`) of a Monte Carlo
simulation with a fixed seed (so the same inputs give the same interval).
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from importlib import resources
from typing import Any

import numpy as np

from greatjobs.errors import DataError
from greatjobs.impact.leontief import Array
from greatjobs.stats import LEVEL, PERCENTILES

FACTORS = ("deadweight", "leakage", "displacement", "substitution", "multiplier")
DEFAULT_DRAWS = 10_000
DEFAULT_SEED = 20140101
INTERVAL = PERCENTILES
"""The percentiles of the draws that bound every interval (2.5th and 97.5th: a 95% interval)."""
INTERVAL_LEVEL = LEVEL
"""The level written beside every interval: '95%'."""


@functools.cache
def presets() -> dict[str, Any]:
    """The additionality data file: presets, defaults, benchmarks and source."""
    text = (
        resources.files("greatjobs.impact").joinpath("data/additionality.toml").read_text("utf-8")
    )
    return tomllib.loads(text)


@dataclass(frozen=True)
class Factor:
    """One uncertain factor: ``fixed`` (low = mode = high), ``uniform`` or ``triangular``."""

    low: float
    mode: float
    high: float
    kind: str = "triangular"
    label: str = ""

    def __post_init__(self) -> None:
        if not self.low <= self.mode <= self.high:
            raise DataError(f"{self.label or 'factor'}: need low ≤ central ≤ high.")
        if self.kind not in {"fixed", "uniform", "triangular"}:
            raise DataError(f"Unknown distribution {self.kind!r}.")

    @property
    def central(self) -> float:
        return self.mode

    def sample(self, rng: np.random.Generator, n: int) -> Array:
        if self.kind == "fixed" or self.low == self.high:
            return np.full(n, self.mode)
        if self.kind == "uniform":
            return rng.uniform(self.low, self.high, n)
        return rng.triangular(self.low, self.mode, self.high, n)

    def describe(self) -> str:
        if self.kind == "fixed" or self.low == self.high:
            return f"{self.mode:g}"
        return f"{self.kind}({self.low:g}, {self.mode:g}, {self.high:g})"


def make_factor(name: str, value: str | float | tuple[float, ...] | Factor) -> Factor:
    """A factor from a preset name ('low', 'medium'...), a number (fixed), a pair (uniform) or a
    triple (triangular: low, central, high). Shares must lie in [0, 1]; multipliers ≥ 1."""
    if name not in FACTORS:
        raise DataError(f"No additionality factor {name!r}; choose from {FACTORS}.")
    if isinstance(value, Factor):
        factor = value
    elif isinstance(value, str):
        table = presets()[name]
        if value not in table:
            raise DataError(f"No {name} preset {value!r}; choose from {sorted(table)}.")
        low, mode, high = table[value]
        factor = Factor(low, mode, high, "triangular", f"{name} {value}")
    elif isinstance(value, int | float):
        factor = Factor(float(value), float(value), float(value), "fixed", name)
    elif len(value) == 2:
        lo, hi = sorted(float(v) for v in value)
        factor = Factor(lo, (lo + hi) / 2, hi, "uniform", name)
    elif len(value) == 3:
        lo, mode, hi = (float(v) for v in value)
        factor = Factor(lo, mode, hi, "triangular", name)
    else:
        raise DataError(f"{name}: give a preset, a value, (low, high) or (low, central, high).")
    bounds = (1.0, np.inf) if name == "multiplier" else (0.0, 1.0)
    if factor.low < bounds[0] or factor.high > bounds[1]:
        raise DataError(f"{name} must lie in [{bounds[0]:g}, {bounds[1]:g}].")
    return factor


@dataclass(frozen=True)
class AdditionalitySpec:
    """The five factors of one appraisal. Round-trips through :meth:`as_dict`."""

    deadweight: Factor
    leakage: Factor
    displacement: Factor
    substitution: Factor
    multiplier: Factor

    @classmethod
    def build(cls, **values: str | float | tuple[float, ...] | Factor) -> AdditionalitySpec:
        """Defaults from the data file, overridden by ``values`` (presets, numbers or ranges)."""
        unknown = set(values) - set(FACTORS)
        if unknown:
            raise DataError(f"Unknown additionality factors {sorted(unknown)}.")
        defaults: Mapping[str, str] = presets()["defaults"]
        chosen = {name: values.get(name, defaults[name]) for name in FACTORS}
        return cls(**{name: make_factor(name, v) for name, v in chosen.items()})

    def ratio(self) -> float:
        """Net / gross at the central factors."""
        return float(
            (1 - self.leakage.central)
            * (1 - self.displacement.central)
            * (1 - self.substitution.central)
            * self.multiplier.central
            * (1 - self.deadweight.central)
        )

    def sample_ratio(self, draws: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED) -> Array:
        """Net / gross in each of ``draws`` Monte Carlo draws (factors drawn independently)."""
        rng = np.random.default_rng(seed)
        f = {name: getattr(self, name).sample(rng, draws) for name in FACTORS}
        return (
            (1 - f["leakage"])
            * (1 - f["displacement"])
            * (1 - f["substitution"])
            * f["multiplier"]
            * (1 - f["deadweight"])
        )

    def as_dict(self) -> dict[str, Any]:
        return {name: asdict(getattr(self, name)) for name in FACTORS}

    def describe(self) -> str:
        return "; ".join(f"{name} {getattr(self, name).describe()}" for name in FACTORS)


@dataclass(frozen=True)
class Estimate:
    """A central value and a 95% interval (2.5th to 97.5th percentile of the simulation)."""

    central: float
    low: float
    high: float

    @classmethod
    def from_draws(cls, central: float, draws: Array) -> Estimate:
        low, high = np.percentile(draws, INTERVAL)
        return cls(float(central), float(min(low, central)), float(max(high, central)))

    def format(self, digits: int = 0, unit: str = "") -> str:
        """'543 (95% interval 432–707)': the level is always written beside the interval."""
        c, lo, hi = (f"{unit}{v:,.{digits}f}" for v in (self.central, self.low, self.high))
        return f"{c} ({INTERVAL_LEVEL} interval {lo}–{hi})"


def net_additional(
    gross: float, spec: AdditionalitySpec, draws: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED
) -> Estimate:
    """Net additional outputs (jobs, GVA...) from ``gross``, with a 95% interval."""
    if gross < 0:
        raise DataError("Gross outputs cannot be negative.")
    return Estimate.from_draws(gross * spec.ratio(), gross * spec.sample_ratio(draws, seed))


def cost_per_net_job(cost: float, net_jobs_central: float, net_jobs_draws: Array) -> Estimate:
    """Cost per net additional job; infinite where no net job is created."""
    with np.errstate(divide="ignore"):
        draws = np.where(net_jobs_draws > 0, cost / np.maximum(net_jobs_draws, 1e-300), np.inf)
    central = cost / net_jobs_central if net_jobs_central > 0 else float("inf")
    finite = draws[np.isfinite(draws)]
    if finite.size == 0:
        return Estimate(central, float("inf"), float("inf"))
    low, high = (
        np.percentile(draws, INTERVAL)
        if finite.size == draws.size
        else (float(np.percentile(finite, INTERVAL[0])), float("inf"))
    )
    return Estimate(float(central), float(min(low, central)), float(max(high, central)))


@dataclass(frozen=True)
class Benchmark:
    id: str
    name: str
    value: float
    publisher: str
    title: str
    date: str
    url: str
    note: str = ""
    low: float | None = None
    high: float | None = None

    @property
    def citation(self) -> str:
        return f"{self.publisher} ({self.date[:4]}), {self.title}, {self.url}"


def benchmarks() -> list[Benchmark]:
    """Published costs per net additional job to compare with (from the data file)."""
    return [Benchmark(**b) for b in presets()["benchmark"]]


def compare_with_benchmarks(cost_per_job: Estimate) -> list[dict[str, Any]]:
    """Each benchmark with how the appraisal's central cost per net job compares."""
    out = []
    for b in benchmarks():
        ratio = cost_per_job.central / b.value if np.isfinite(cost_per_job.central) else np.inf
        verdict = (
            "cheaper than"
            if cost_per_job.high < b.value
            else ("dearer than" if cost_per_job.low > b.value else "in line with")
        )
        out.append(
            {
                "benchmark": b.name,
                "value": b.value,
                "ratio": ratio,
                "verdict": verdict,
                "source": b.citation,
            }
        )
    return out


def guide_citation() -> str:
    s = presets()["source"]
    return f"{s['publisher']} ({s['year']}), {s['title']}, {s['url']}"

"""Social return on investment (SROI): value an impact map, the way the SROI guide does.

For each outcome (one row of the impact map):

* impact in year 1 = quantity x financial proxy x (1 - deadweight) x (1 - displacement)
  x (1 - attribution)
* value in year t (t = 1 .. duration) = impact x (1 - drop-off)^(t - 1): drop-off is taken off
  the remaining value at the end of each year, from year 2 on;
* present value (PV) = sum over outcomes and years of value_t / (1 + r)^t, with r the HM Treasury
  Green Book discount rate (3.5% a year for the first 30 years);
* net present value (NPV) = PV - investment; SROI ratio = PV / investment.

Sources: Cabinet Office (2009) *A guide to Social Return on Investment*, stage 5 (updated by the
SROI Network / Social Value UK, January 2012, with no change of method); HM Treasury Green Book.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, replace
from typing import Any

import pandas as pd

from greatjobs.errors import DataError

GREEN_BOOK_DISCOUNT_RATE = 0.035
SHARES = ("deadweight", "displacement", "attribution", "drop_off")
UNCERTAIN = ("quantity", "proxy", *SHARES)


@dataclass(frozen=True)
class Outcome:
    """One row of the impact map: an outcome for a stakeholder and how it is valued."""

    name: str
    quantity: float
    proxy: float
    """Financial proxy: the value of one unit of the outcome, in the spec's price year."""
    duration: int = 1
    """Years the outcome lasts (the year it happens counts as year 1)."""
    deadweight: float = 0.0
    displacement: float = 0.0
    attribution: float = 0.0
    drop_off: float = 0.0
    stakeholder: str = ""
    proxy_source: str = ""
    ranges: dict[str, tuple[float, float]] = field(default_factory=dict)
    """Uncertain assumptions: parameter -> (low, high), the central value lying between."""

    def __post_init__(self) -> None:
        problems = [
            f"{name} must be between 0 and 1 (a share), not {getattr(self, name)}"
            for name in SHARES
            if not 0.0 <= getattr(self, name) <= 1.0
        ]
        if self.quantity < 0:
            problems.append(f"quantity cannot be negative ({self.quantity})")
        if self.duration < 1:
            problems.append(f"duration must be at least 1 year ({self.duration})")
        for param, (low, high) in self.ranges.items():
            if param not in UNCERTAIN:
                problems.append(
                    f"no assumption called {param!r} (use one of {', '.join(UNCERTAIN)})"
                )
            elif not low <= getattr(self, param) <= high:
                problems.append(
                    f"{param} range [{low}, {high}] must contain {getattr(self, param)}"
                )
        if problems:
            raise DataError(f"Outcome {self.name!r}: " + "; ".join(problems) + ".")

    @property
    def impact(self) -> float:
        """Year-1 impact: quantity x proxy less deadweight, displacement and attribution."""
        return (
            self.quantity
            * self.proxy
            * (1 - self.deadweight)
            * (1 - self.displacement)
            * (1 - self.attribution)
        )

    def values_by_year(self) -> list[float]:
        return [self.impact * (1 - self.drop_off) ** (t - 1) for t in range(1, self.duration + 1)]


@dataclass(frozen=True)
class SroiSpec:
    """An impact map and how to value it; round-trips to JSON (``to_dict``/``from_dict``)."""

    title: str
    investment: float
    outcomes: tuple[Outcome, ...]
    discount_rate: float = GREEN_BOOK_DISCOUNT_RATE
    price_year: int | None = None
    notes: str = ""

    def __post_init__(self) -> None:
        if self.investment <= 0:
            raise DataError(f"The investment must be more than zero, not {self.investment}.")
        if not 0 <= self.discount_rate < 1:
            raise DataError(f"The discount rate must be between 0 and 1, not {self.discount_rate}.")
        if not self.outcomes:
            raise DataError("The impact map has no outcomes.")

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for outcome in data["outcomes"]:
            outcome["ranges"] = {k: list(v) for k, v in outcome["ranges"].items()}
        return data

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SroiSpec:
        outcomes = tuple(
            Outcome(**{**o, "ranges": {k: (v[0], v[1]) for k, v in o.get("ranges", {}).items()}})
            for o in data["outcomes"]
        )
        return cls(**{**data, "outcomes": outcomes})

    def replace_assumption(self, index: int, param: str, value: float) -> SroiSpec:
        outcomes = list(self.outcomes)
        changes: dict[str, Any] = {param: value}
        outcomes[index] = replace(outcomes[index], **changes)
        return replace(self, outcomes=tuple(outcomes))


@dataclass(frozen=True)
class SroiResult:
    present_value: float
    investment: float
    years: pd.DataFrame
    """One row per outcome x year: value, discount factor, present value."""

    @property
    def net_present_value(self) -> float:
        return self.present_value - self.investment

    @property
    def ratio(self) -> float:
        return self.present_value / self.investment


def _discounted(spec: SroiSpec) -> Iterator[tuple[Outcome, int, float, float]]:
    """(outcome, year, value, discount factor), discounting from year 1 (the guide's convention)."""
    for outcome in spec.outcomes:
        for t, value in enumerate(outcome.values_by_year(), start=1):
            yield outcome, t, value, 1 / (1 + spec.discount_rate) ** t


def present_value(spec: SroiSpec) -> float:
    """PV of every outcome's yearly values (fast: no working kept, for Monte Carlo)."""
    return sum(value * factor for _o, _t, value, factor in _discounted(spec))


def value_sroi(spec: SroiSpec) -> SroiResult:
    """PV, NPV and SROI ratio, with the year-by-year working that explains them."""
    years = pd.DataFrame(
        [
            {
                "outcome": outcome.name,
                "year": t,
                "impact": outcome.impact,
                "value": value,
                "discount_factor": factor,
                "present_value": value * factor,
            }
            for outcome, t, value, factor in _discounted(spec)
        ]
    )
    return SroiResult(float(years["present_value"].sum()), spec.investment, years)

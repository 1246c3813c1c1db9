"""Earnings uplift per public pound, following the shape of the DfE's net present value of FE.

DfE method (Measuring the net present value of further education in England): benefits are the
wage and employment gains of achievers, plus a productivity spillover to employers (35% of the
wage gain in the 2018/19 edition), discounted at the Green Book rate; costs are government funding,
learner and employer contributions and foregone output; results are NPV per start and NPV per £ of
government funding. greatjobs applies that shape to what provider data hold (see
``docs/methods/skills-value.md``): a before-and-after earnings gain of achievers in sustained work,
reduced by a deadweight share, persisting for ``benefit_years`` with ``annual_persistence``.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import Any


@dataclass(frozen=True)
class ValueParameters:
    discount_rate: float
    productivity_spillover: float
    benefit_years: int
    annual_persistence: float
    deadweight: float
    min_cohort: int
    sources: dict[str, str]

    def annuity_factor(self) -> float:
        """Σ_{t=1..T} persistence^(t-1) / (1+r)^t: the present value of £1 a year of gain."""
        return sum(
            self.annual_persistence ** (t - 1) / (1 + self.discount_rate) ** t
            for t in range(1, self.benefit_years + 1)
        )

    def as_notes(self) -> list[str]:
        return [f"{name}: {getattr(self, name)} ({src})" for name, src in self.sources.items()]


@functools.cache
def value_parameters() -> ValueParameters:
    text = resources.files("greatjobs.skills").joinpath("data/value.toml").read_text("utf-8")
    data: dict[str, Any] = tomllib.loads(text)
    return ValueParameters(
        discount_rate=float(data["discount_rate"]["value"]),
        productivity_spillover=float(data["productivity_spillover"]["value"]),
        benefit_years=int(data["benefit_years"]["value"]),
        annual_persistence=float(data["annual_persistence"]["value"]),
        deadweight=float(data["deadweight"]["value"]),
        min_cohort=int(data["min_cohort"]["value"]),
        sources={k: str(v["source"]) for k, v in data.items()},
    )


@dataclass(frozen=True)
class CourseValue:
    annual_gain_per_worker: float
    pv_earnings_gain: float
    """Present value of the net earnings gain of everyone in sustained work."""
    uplift_per_public_pound: float
    npv: float
    """PV of earnings gain × (1 + spillover) − (funding + fees paid by learners)."""
    npv_per_public_pound: float


def course_value(
    funding: float,
    starts: int,
    workers: float,
    earnings_before: float,
    earnings_after: float,
    fee_per_learner: float,
    params: ValueParameters,
) -> CourseValue:
    """The earnings uplift and NPV of one course, per £ of public funding."""
    gain = earnings_after - earnings_before
    pv = gain * workers * (1 - params.deadweight) * params.annuity_factor()
    economic = pv * (1 + params.productivity_spillover)
    npv = economic - (funding + fee_per_learner * starts)
    return CourseValue(gain, pv, pv / funding, npv, npv / funding)

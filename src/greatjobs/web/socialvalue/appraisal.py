"""The bridge from a contract to an SROI valuation.

The contract's quantities on a chosen basis (verified, delivered or committed), each measure's open
proxy uprated as every other page values it (``valuation.unit_values``) and the user's assumptions
become one :class:`SroiSpec`; the library values it. The same spec downloads as an impact map that
``greatjobs socialvalue sroi`` values to the same PV, NPV and ratio.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from greatjobs.socialvalue import (
    Measure,
    Outcome,
    SroiResult,
    SroiSpec,
    monte_carlo,
    sensitivity,
    value_sroi,
)
from greatjobs.socialvalue.uncertainty import MonteCarloResult
from greatjobs.web.socialvalue import valuation
from greatjobs.web.socialvalue.models import Contract

DRAWS = 2000
NO_PROXY = "No open financial proxy in the measures library: counted, not valued."


@dataclass(frozen=True)
class MeasureRow:
    """One of the contract's measures: its quantity on each basis and its value per unit."""

    measure: Measure
    quantities: dict[str, float]
    unit_value: float | None
    reason: str = ""
    """Why it is not valued (when ``unit_value`` is None)."""


@dataclass(frozen=True)
class StartingPoint:
    rows: tuple[MeasureRow, ...]
    price_year: int
    notes: tuple[str, ...]
    """Price year, local pay and the deflator's provenance, as the other pages give them."""

    @property
    def valued(self) -> list[MeasureRow]:
        return [r for r in self.rows if r.unit_value is not None]

    @property
    def not_valued(self) -> list[MeasureRow]:
        return [r for r in self.rows if r.unit_value is None]


def starting_point(contract: Contract) -> StartingPoint:
    lib = valuation.library()
    units = valuation.unit_values(contract, lib)
    totals = valuation.quantities(contract)
    rows = []
    for cm in contract.measures.all():
        measure = lib.get(cm.measure_id)
        unit = units.values.get(measure.id)
        reason = ""
        if unit is None:
            reason = NO_PROXY
            if measure.proxy is not None:
                prefix = f"{measure.id} not valued: "
                reason = next(
                    (n.removeprefix(prefix) for n in units.notes if n.startswith(prefix)),
                    "Its proxy could not be valued.",
                )
        quantities = {basis: totals[basis].get(measure.id, 0.0) for basis in valuation.BASES}
        rows.append(MeasureRow(measure, quantities, unit, reason))
    notes = (*units.notes, f"Uprating: {lib.deflator.provenance}")
    return StartingPoint(tuple(rows), units.price_year, notes)


def build_spec(
    contract: Contract,
    start: StartingPoint,
    basis: str,
    investment: float,
    discount_rate: float,
    assumptions: dict[str, dict[str, Any]],
) -> SroiSpec:
    """The impact map: one outcome per valued measure, at ``basis`` quantities and the user's
    deadweight, displacement, attribution, drop-off, duration and ranges."""
    outcomes = tuple(
        Outcome(
            name=f"{row.measure.id} {row.measure.title}",
            quantity=row.quantities[basis],
            proxy=float(row.unit_value or 0.0),
            proxy_source=(
                f"{row.measure.proxy.source if row.measure.proxy else ''} "
                f"({start.price_year} prices)"
            ).strip(),
            **assumptions[row.measure.id],
        )
        for row in start.valued
    )
    return SroiSpec(
        title=f"{contract.title}: SROI on {basis} quantities",
        investment=investment,
        outcomes=outcomes,
        discount_rate=discount_rate,
        price_year=start.price_year,
        notes=" ".join(start.notes),
    )


@dataclass(frozen=True)
class Appraisal:
    spec: SroiSpec
    basis: str
    result: SroiResult
    intervals: MonteCarloResult
    sensitivity: pd.DataFrame
    notes: list[str]

    def frames(self) -> dict[str, pd.DataFrame]:
        """The tables the page shows and the downloads give, by name."""
        low, _median, high = self.intervals.percentiles
        mc = self.intervals
        summary = pd.DataFrame(
            [
                {
                    "figure": name,
                    "central": round(central, 2),
                    f"p{low:g}": round(iv.low, 2),
                    "median": round(iv.median, 2),
                    f"p{high:g}": round(iv.high, 2),
                }
                for name, central, iv in (
                    ("present value (£)", self.result.present_value, mc.present_value),
                    ("net present value (£)", self.result.net_present_value, mc.net_present_value),
                    ("SROI ratio (£ per £1)", self.result.ratio, mc.ratio),
                )
            ]
        )
        pv = self.result.years.groupby("outcome", sort=False)["present_value"].sum()
        outcomes = pd.DataFrame(
            [
                {
                    "outcome": o.name,
                    "quantity": o.quantity,
                    "proxy": round(o.proxy, 2),
                    "deadweight": o.deadweight,
                    "displacement": o.displacement,
                    "attribution": o.attribution,
                    "drop_off": o.drop_off,
                    "duration": o.duration,
                    "impact_year_1": round(o.impact, 2),
                    "present_value": round(float(pv.get(o.name, 0.0)), 2),
                }
                for o in self.spec.outcomes
            ]
        )
        return {
            "summary": summary,
            "outcomes": outcomes,
            "years": self.result.years.round(4),
            "sensitivity": self.sensitivity.round(4),
        }


def appraise(spec: SroiSpec, basis: str, start: StartingPoint) -> Appraisal:
    mc = monte_carlo(spec, draws=DRAWS)
    notes = _notes(spec, basis, start, mc)
    return Appraisal(spec, basis, value_sroi(spec), mc, sensitivity(spec), notes)


def _notes(spec: SroiSpec, basis: str, start: StartingPoint, mc: MonteCarloResult) -> list[str]:
    low, _median, high = mc.percentiles
    return [
        f"{spec.title}. Quantities: {valuation.BASES[basis].lower()}, so far.",
        "Impact = quantity x financial proxy x (1 - deadweight) x (1 - displacement) "
        "x (1 - attribution); value in year t = impact x (1 - drop-off)^(t - 1), "
        "t = 1 .. duration.",
        f"PV = sum of value_t / (1 + r)^t, discounting from year 1, with r = "
        f"{spec.discount_rate:.2%} (HM Treasury Green Book: 3.5% a year for the first 30 years); "
        f"NPV = PV - investment (£{spec.investment:,.2f}); SROI ratio = PV / investment.",
        "Method: Cabinet Office (2009) A guide to Social Return on Investment, stage 5 "
        "(SROI Network / Social Value UK edition, January 2012, same method).",
        *start.notes,
        f"Intervals: {mc.draws:,} Monte Carlo draws (seed {mc.seed}), each assumption with a "
        "range drawn from a triangular(low, central, high) distribution; the "
        f"{low:g}th and {high:g}th percentiles (a 95% interval).",
        "Sensitivity: each assumption with a range set to its low and then its high value, "
        "the others held central; ranked by the swing in the ratio.",
        "Proxies: the open measures library only (no National TOMs or HACT values); each "
        "outcome's proxy source is in the impact map.",
    ]

"""Delivery: checking a supplier's return, and committed vs delivered vs verified per measure."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from greatjobs.socialvalue.limits import employees_problem, quantity_problem
from greatjobs.socialvalue.measures import Measure, MeasuresLibrary

EMPLOYEES = "GJ-EMP-04"
LOCAL_EMPLOYMENT = "GJ-EMP-01"
HIRE_MEASURES = ("GJ-EMP-02", "GJ-EMP-03")
REAL_LIVING_WAGE = "GJ-FAIR-01"
PEOPLE_ON_THE_CONTRACT = (LOCAL_EMPLOYMENT, *HIRE_MEASURES, REAL_LIVING_WAGE)
"""Measures that count people working on the contract: none can be more than its employees."""


def counts_workforce(measure: Measure) -> bool:
    """Whether the measure counts people working on the contract (disadvantaged measures count
    hires), so that a return's figure for it cannot be more than the employees."""
    return measure.id in PEOPLE_ON_THE_CONTRACT or measure.disadvantaged


def check_return(
    quantities: Mapping[str, float | None],
    evidence: Mapping[str, bool],
    library: MeasuresLibrary,
) -> dict[str, list[str]]:
    """Problems with a return, as {measure id: [messages]}; empty when the return is possible.

    Refuses negative numbers and figures beyond the bounds in ``limits``; more local employment,
    hires or staff on the real Living Wage than employees, or more disadvantaged hires in all
    than employees (each person counts under one disadvantaged measure only); and a positive
    figure without evidence where the measure requires evidence.
    """
    problems: dict[str, list[str]] = {}
    out_of_bounds: set[str] = set()
    for measure_id, value in quantities.items():
        if value is None:
            continue
        measure = library.get(measure_id)
        if measure_id == EMPLOYEES:
            problem = employees_problem(value)
        else:
            problem = quantity_problem(measure.title, value)
        if problem:
            problems[measure_id] = [problem]
            out_of_bounds.add(measure_id)
        elif value > 0 and measure.evidence_required and not evidence.get(measure_id):
            problems[measure_id] = [
                f"Attach evidence for {measure.title.lower()}: {measure.evidence}."
            ]
    employees = quantities.get(EMPLOYEES)
    if employees is None or EMPLOYEES in out_of_bounds:
        return problems
    people = {
        measure_id: value
        for measure_id, value in sorted(quantities.items())
        if measure_id != EMPLOYEES
        and value is not None
        and measure_id not in out_of_bounds
        and counts_workforce(library.get(measure_id))
    }
    for measure_id, value in people.items():
        if value > employees:
            title = library.get(measure_id).title
            message = (
                f"{title} ({value:g}) cannot be more than the employees working on the "
                f"contract ({employees:g})."
            )
            problems.setdefault(measure_id, []).append(message)
    hires = {m: v for m, v in people.items() if library.get(m).disadvantaged and v <= employees}
    if len(hires) > 1 and sum(hires.values()) > employees:
        parts = " + ".join(f"{v:g} {library.get(m).title.lower()}" for m, v in hires.items())
        problems.setdefault(next(iter(hires)), []).append(
            f"Disadvantaged hires in all ({parts} = {sum(hires.values()):g}) cannot be more than "
            f"the employees working on the contract ({employees:g}): count each person under "
            "one measure only."
        )
    return problems


@dataclass(frozen=True)
class MeasureStatus:
    measure: str
    committed: float
    delivered: float
    verified: float
    status: str


def measure_status(
    committed: float, delivered: float, verified: float, elapsed_share: float
) -> str:
    """Met / Delivered, awaiting verification / On track / Behind / Not started."""
    if committed <= 0:
        return "No commitment"
    if verified >= committed:
        return "Met"
    if delivered >= committed:
        return "Delivered, awaiting verification"
    if delivered == 0 and elapsed_share > 0:
        return "Not started"
    if delivered >= committed * min(max(elapsed_share, 0.0), 1.0):
        return "On track"
    return "Behind"


def delivery_statuses(
    committed: Mapping[str, float],
    delivered: Mapping[str, float],
    verified: Mapping[str, float],
    elapsed_share: float,
) -> list[MeasureStatus]:
    return [
        MeasureStatus(
            m,
            committed.get(m, 0.0),
            delivered.get(m, 0.0),
            verified.get(m, 0.0),
            measure_status(
                committed.get(m, 0.0), delivered.get(m, 0.0), verified.get(m, 0.0), elapsed_share
            ),
        )
        for m in sorted(set(committed) | set(delivered))
    ]


def overdue_periods(due_dates: Mapping[str, date], returned: set[str], today: date) -> list[str]:
    """Periods whose return was due before ``today`` and has not been sent."""
    return sorted(p for p, due in due_dates.items() if due < today and p not in returned)

"""Delivery: checking a supplier's return, and committed vs delivered vs verified per measure."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from greatjobs.socialvalue.measures import MeasuresLibrary

EMPLOYEES = "GJ-EMP-04"
LOCAL_EMPLOYMENT = "GJ-EMP-01"
HIRE_MEASURES = ("GJ-EMP-02", "GJ-EMP-03")


def check_return(
    quantities: Mapping[str, float | None],
    evidence: Mapping[str, bool],
    library: MeasuresLibrary,
) -> dict[str, list[str]]:
    """Problems with a return, as {measure id: [messages]}; empty when the return is possible.

    Refuses negative numbers, more local employment or disadvantaged hires than employees, and a
    positive figure without evidence where the measure requires evidence.
    """
    problems: dict[str, list[str]] = {}
    for measure_id, value in quantities.items():
        if value is None:
            continue
        measure = library.get(measure_id)
        if value < 0:
            problems[measure_id] = [f"{measure.title} cannot be negative (you entered {value:g})."]
        elif value > 0 and measure.evidence_required and not evidence.get(measure_id):
            problems[measure_id] = [
                f"Attach evidence for {measure.title.lower()}: {measure.evidence}."
            ]
    employees = quantities.get(EMPLOYEES)
    if employees is not None and employees >= 0:
        for measure_id in (LOCAL_EMPLOYMENT, *HIRE_MEASURES):
            value = quantities.get(measure_id)
            if value is not None and value > employees:
                title = library.get(measure_id).title
                message = (
                    f"{title} ({value:g}) cannot be more than the employees working on the "
                    f"contract ({employees:g})."
                )
                problems.setdefault(measure_id, []).append(message)
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

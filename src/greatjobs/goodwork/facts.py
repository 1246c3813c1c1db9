"""Pay and security facts an assessment checks, refused when they cannot all be true.

The Real Living Wage rate in force on the assessment date comes from the dated rates held once in
``greatjobs/impact/data/living_wage.toml`` (via :func:`greatjobs.impact.portfolio.living_wage`).

Every message names a fact by its label (:data:`FACT_LABELS`), never by its field name, so the web
form, the CLI and anything else that checks facts refuse the same numbers in the same words.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from greatjobs.errors import DataError
from greatjobs.impact.portfolio import living_wage

MAX_STAFF = 1_000_000
"""The most staff (or agency workers) an employer can state: no UK employer has more, so a larger
figure is taken as a typing error."""

COUNTS = (
    "staff_total",
    "staff_paid_rlw",
    "zero_hours_staff",
    "guaranteed_hours_staff",
    "agency_workers",
)
"""The headcounts among the facts."""
PARTS_OF_STAFF = ("staff_paid_rlw", "zero_hours_staff", "guaranteed_hours_staff")
"""Headcounts of some of the staff: none can exceed ``staff_total``."""

FACT_LABELS = {
    "staff_total": "Number of staff",
    "staff_paid_rlw": "Staff paid at least the Real Living Wage",
    "zero_hours_staff": "Staff on zero-hours contracts",
    "guaranteed_hours_staff": "Staff with guaranteed hours",
    "agency_workers": "Agency workers used",
    "recognised_union": "A trade union is recognised",
    "other_voice": "Another independent staff voice",
    "sick_pay_day_one": "Sick pay from the first day of absence",
    "lowest_hourly_pay": "Lowest basic hourly pay",
}
"""How a person reads each stated fact (the form's labels, and the names in every message)."""

DERIVED_LABELS = {
    "rlw_share": "share of staff paid at least the Real Living Wage",
    "zero_hours_share": "share of staff on zero-hours contracts",
    "guaranteed_hours_share": "share of staff with guaranteed hours",
    "agency_share": "agency workers' share of the workforce",
    "employee_voice": "an independent staff voice (a recognised trade union or another)",
    "sick_pay_day_one": "sick pay from the first day of absence",
}
"""How a person reads each fact a question is answered by (see ``frameworks.FACT_NAMES``), as it
reads within a sentence."""


def count_problem(name: str, value: object) -> str | None:
    """Why one headcount cannot be right on its own (not a whole number, negative, more than any
    employer has), or None. ``staff_total`` must also be at least 1."""
    label = FACT_LABELS[name]
    if isinstance(value, bool) or not isinstance(value, int):
        return f"{label} must be a whole number."
    if value < 0:
        return f"{label} cannot be negative (it is {value:,})."
    if value > MAX_STAFF:
        return (
            f"{label} is {value:,}: more than any UK employer has (at most {MAX_STAFF:,} "
            "is accepted)."
        )
    if name == "staff_total" and value == 0:
        return f"{label} must be at least 1."
    return None


@dataclass(frozen=True)
class PayFacts:
    """What the employer states about pay and security on one date (headcounts, not FTE)."""

    staff_total: int
    staff_paid_rlw: int
    zero_hours_staff: int
    guaranteed_hours_staff: int
    agency_workers: int = 0
    """Agency workers used on the date; not employees, so not counted in ``staff_total``."""
    recognised_union: bool = False
    other_voice: bool = False
    sick_pay_day_one: bool = False
    lowest_hourly_pay: float | None = None
    """The lowest basic hourly rate paid to any member of staff (£), if given."""
    assessed_on: dt.date | None = None
    london: bool = False

    def field_problems(self) -> list[tuple[str, str]]:
        """Every reason these facts cannot all be true, each after the name of the fact it is
        about (where a form shows it): empty when they are consistent."""
        found: list[tuple[str, str]] = []
        for name in COUNTS:
            if problem := count_problem(name, getattr(self, name)):
                found.append((name, problem))
        if found:  # comparisons between counts only make sense once each count is possible
            return found + self._pay_problems(compare=False)
        total = self.staff_total
        for name in PARTS_OF_STAFF:
            value = getattr(self, name)
            if value > total:
                found.append(
                    (
                        name,
                        f"{FACT_LABELS[name]} ({value:,}) cannot be more than the number of "
                        f"staff ({total:,}).",
                    )
                )
        zero, guaranteed = self.zero_hours_staff, self.guaranteed_hours_staff
        if zero <= total and guaranteed <= total and zero + guaranteed > total:
            found.append(
                (
                    "zero_hours_staff",
                    f"Staff on zero-hours contracts ({zero:,}) and staff with guaranteed hours "
                    f"({guaranteed:,}) come to {zero + guaranteed:,}, more than the number of "
                    f"staff ({total:,}): a zero-hours contract guarantees no hours.",
                )
            )
        return found + self._pay_problems(compare=self.staff_paid_rlw <= total)

    def _pay_problems(self, compare: bool) -> list[tuple[str, str]]:
        pay = self.lowest_hourly_pay
        if pay is None:
            return []
        label = FACT_LABELS["lowest_hourly_pay"]
        if isinstance(pay, bool) or not isinstance(pay, int | float):
            return [("lowest_hourly_pay", f"{label} must be an amount in pounds, like 12.60.")]
        if not 0 < pay < 1000:
            return [("lowest_hourly_pay", f"{label} (£{pay:,.2f}) is not an hourly rate.")]
        if not compare:
            return []
        rate, rate_name = self.rlw_rate()
        all_paid = pay >= rate
        if all_paid and self.staff_paid_rlw < self.staff_total:
            return [
                (
                    "lowest_hourly_pay",
                    f"{label} (£{pay:.2f}) is at least the Real Living Wage ({rate_name}: "
                    f"£{rate:.2f}), so all {self.staff_total:,} staff are paid it, not "
                    f"{self.staff_paid_rlw:,}.",
                )
            ]
        if not all_paid and self.staff_paid_rlw >= self.staff_total:
            return [
                (
                    "lowest_hourly_pay",
                    f"{label} (£{pay:.2f}) is below the Real Living Wage ({rate_name}: "
                    f"£{rate:.2f}), so not every member of staff is paid it.",
                )
            ]
        return []

    def problems(self) -> list[str]:
        """Every reason these facts cannot all be true (empty when they are consistent)."""
        return [message for _, message in self.field_problems()]

    def check(self) -> PayFacts:
        """These facts, or a DataError listing every inconsistency."""
        if problems := self.problems():
            raise DataError("The pay and security facts cannot all be true: " + " ".join(problems))
        return self

    def rlw_rate(self) -> tuple[float, str]:
        """The Real Living Wage in force on the assessment date (today when not given)."""
        return living_wage(self.assessed_on or dt.date.today(), self.london)

    def derived(self) -> dict[str, Any]:
        """The facts questions are answered by (see ``frameworks.FACT_NAMES``)."""
        workforce = self.staff_total + self.agency_workers
        return {
            "rlw_share": self.staff_paid_rlw / self.staff_total,
            "zero_hours_share": self.zero_hours_staff / self.staff_total,
            "guaranteed_hours_share": self.guaranteed_hours_staff / self.staff_total,
            "agency_share": self.agency_workers / workforce if workforce else 0.0,
            "employee_voice": self.recognised_union or self.other_voice,
            "sick_pay_day_one": self.sick_pay_day_one,
        }

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["assessed_on"] = self.assessed_on.isoformat() if self.assessed_on else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PayFacts:
        values = dict(data)
        if isinstance(values.get("assessed_on"), str):
            values["assessed_on"] = dt.date.fromisoformat(values["assessed_on"])
        try:
            return cls(**values)
        except TypeError as exc:
            raise DataError(f"Pay and security facts are malformed ({exc}).") from exc


def describe_fact(name: str, value: Any) -> str:
    """A fact as a person reads it: shares as percentages, flags as yes or no."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if name.endswith("_share"):
        return f"{100 * float(value):.1f}%"
    return str(value)

"""Pay and security facts an assessment checks, refused when they cannot all be true.

The Real Living Wage rate in force on the assessment date comes from the dated rates held once in
``greatjobs/impact/data/living_wage.toml`` (via :func:`greatjobs.impact.portfolio.living_wage`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from greatjobs.errors import DataError
from greatjobs.impact.portfolio import living_wage

MAX_STAFF = 2_000_000
"""More staff than the largest UK employer is taken as a typing error."""


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

    def problems(self) -> list[str]:
        """Every reason these facts cannot all be true (empty when they are consistent)."""
        found = []
        counts = {
            "staff_total": self.staff_total,
            "staff_paid_rlw": self.staff_paid_rlw,
            "zero_hours_staff": self.zero_hours_staff,
            "guaranteed_hours_staff": self.guaranteed_hours_staff,
            "agency_workers": self.agency_workers,
        }
        for name, value in counts.items():
            if value < 0:
                found.append(f"{name} is {value}: a count cannot be negative.")
            elif value > MAX_STAFF:
                found.append(f"{name} is {value:,}: more than any UK employer has.")
        if self.staff_total <= 0:
            found.append("staff_total must be at least 1.")
        for name in ("staff_paid_rlw", "zero_hours_staff", "guaranteed_hours_staff"):
            if counts[name] > self.staff_total:
                found.append(
                    f"{name} ({counts[name]:,}) is more than staff_total ({self.staff_total:,})."
                )
        if self.zero_hours_staff + self.guaranteed_hours_staff > self.staff_total:
            found.append(
                "zero_hours_staff + guaranteed_hours_staff "
                f"({self.zero_hours_staff + self.guaranteed_hours_staff:,}) is more than "
                f"staff_total ({self.staff_total:,}): a zero-hours contract guarantees no hours."
            )
        if self.lowest_hourly_pay is not None:
            if not 0 < self.lowest_hourly_pay < 1000:
                found.append(f"lowest_hourly_pay £{self.lowest_hourly_pay} is not an hourly rate.")
            else:
                rate, label = self.rlw_rate()
                all_paid = self.lowest_hourly_pay >= rate
                if all_paid and self.staff_paid_rlw < self.staff_total:
                    found.append(
                        f"The lowest hourly pay (£{self.lowest_hourly_pay:.2f}) is at least the "
                        f"Real Living Wage ({label}: £{rate:.2f}), so all {self.staff_total:,} "
                        f"staff are paid it, not {self.staff_paid_rlw:,}."
                    )
                if not all_paid and self.staff_paid_rlw >= self.staff_total:
                    found.append(
                        f"The lowest hourly pay (£{self.lowest_hourly_pay:.2f}) is below the Real "
                        f"Living Wage ({label}: £{rate:.2f}), so not every member of staff is "
                        "paid it."
                    )
        return found

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

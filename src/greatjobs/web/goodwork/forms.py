"""The employer's self-assessment form and the assessor's verification form, built per framework."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms

from greatjobs.goodwork import Framework, PayFacts
from greatjobs.goodwork.facts import COUNTS, FACT_LABELS, count_problem
from greatjobs.web.accounts.models import Organisation
from greatjobs.web.core.forms import field_of

if TYPE_CHECKING:
    from django.contrib.auth.models import User

YES_NO = [("yes", "Yes"), ("no", "No")]
FACT_FIELDS = COUNTS
REQUIRED = {
    "staff_total": "Enter the number of staff",
    "staff_paid_rlw": "Enter how many staff are paid at least the Real Living Wage",
    "zero_hours_staff": "Enter how many staff are on zero-hours contracts (0 if none)",
    "guaranteed_hours_staff": "Enter how many staff have guaranteed hours (0 if none)",
    "agency_workers": "Enter how many agency workers you use (0 if none)",
}


class RadioSelect(forms.RadioSelect):
    """Radios whose field id is the first radio's, so an error summary link lands on it."""

    def id_for_label(self, id_: str, index: str | None = None) -> str:
        return id_ if index is None else super().id_for_label(id_, index)


def _count(name: str, help_text: str) -> forms.IntegerField:
    """A headcount: a whole number the library's rules accept (shown in the library's words)."""

    def possible(value: int) -> None:
        if (problem := count_problem(name, value)) is not None:
            raise forms.ValidationError(problem)

    return forms.IntegerField(
        label=FACT_LABELS[name],
        help_text=help_text,
        validators=[possible],
        error_messages={
            "required": REQUIRED[name],
            "invalid": f"{FACT_LABELS[name]} must be a whole number, like 40",
        },
    )


class AssessmentForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        empty_label=None,
        error_messages={
            "required": "Select your organisation",
            "invalid_choice": "Select one of your organisations",
        },
    )
    district = forms.ChoiceField(
        label="Main workplace district",
        error_messages={
            "required": "Select the district of your main workplace",
            "invalid_choice": "Select a district from the list",
        },
    )
    sector = forms.ChoiceField(
        label="Industry (SIC 2007 section)",
        error_messages={
            "required": "Select your industry",
            "invalid_choice": "Select an industry from the list",
        },
    )
    staff_total = _count("staff_total", "Everyone you employ directly, as a headcount.")
    staff_paid_rlw = _count("staff_paid_rlw", "Basic hourly pay at or above the rate in force.")
    zero_hours_staff = _count("zero_hours_staff", "Contracts that guarantee no hours.")
    guaranteed_hours_staff = _count(
        "guaranteed_hours_staff", "Contracts that guarantee a minimum number of hours."
    )
    agency_workers = _count("agency_workers", "Not your employees; counted separately.")
    lowest_hourly_pay = forms.DecimalField(
        label=f"{FACT_LABELS['lowest_hourly_pay']} (£)",
        required=False,
        min_value=Decimal("0.01"),
        max_value=Decimal("999.99"),
        decimal_places=2,
        help_text="Optional: checked against the Real Living Wage rate in force.",
        error_messages={
            "invalid": "Lowest basic hourly pay must be an amount in pounds, like 12.60",
            "min_value": "Lowest basic hourly pay must be more than £0",
            "max_value": "Lowest basic hourly pay must be an hourly rate, less than £1,000",
            "max_decimal_places": "Lowest basic hourly pay must be in pounds and pence, like 12.60",
            "max_digits": "Lowest basic hourly pay must be an hourly rate, less than £1,000",
        },
    )
    recognised_union = forms.BooleanField(label=FACT_LABELS["recognised_union"], required=False)
    other_voice = forms.BooleanField(
        label=f"{FACT_LABELS['other_voice']} (for example an elected staff forum)",
        required=False,
    )
    sick_pay_day_one = forms.BooleanField(label=FACT_LABELS["sick_pay_day_one"], required=False)

    def __init__(
        self,
        *args: Any,
        user: User,
        framework: Framework,
        districts: list[tuple[str, str]],
        sectors: list[str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.framework = framework
        field_of(
            self, "organisation", forms.ModelChoiceField
        ).queryset = Organisation.objects.filter(memberships__user=user)
        field_of(self, "district", forms.ChoiceField).choices = districts
        field_of(self, "sector", forms.ChoiceField).choices = [(s, s) for s in sectors]
        self.questions = [q for q in framework.questions if q.fact is None]
        for q in self.questions:
            self.fields[f"q_{q.id}"] = forms.ChoiceField(
                label=q.text,
                choices=YES_NO,
                widget=RadioSelect,
                error_messages={
                    "required": f"Answer yes or no: {q.text}",
                    "invalid_choice": f"Answer yes or no: {q.text}",
                },
            )
            self.fields[f"e_{q.id}"] = forms.CharField(
                label="Evidence you hold",
                help_text=q.evidence,
                required=False,
                max_length=2000,
                widget=forms.Textarea,
                error_messages={
                    "max_length": "Describe the evidence in 2,000 characters or fewer",
                },
            )

    def pairs(self) -> list[tuple[Any, Any, Any]]:
        """(question, answer field, evidence field) for the template."""
        return [(q, self[f"q_{q.id}"], self[f"e_{q.id}"]) for q in self.questions]

    def facts(self) -> PayFacts:
        data = self.cleaned_data
        pay = data.get("lowest_hourly_pay")
        return PayFacts(
            staff_total=int(data["staff_total"]),
            staff_paid_rlw=int(data["staff_paid_rlw"]),
            zero_hours_staff=int(data["zero_hours_staff"]),
            guaranteed_hours_staff=int(data["guaranteed_hours_staff"]),
            agency_workers=int(data["agency_workers"]),
            recognised_union=bool(data.get("recognised_union")),
            other_voice=bool(data.get("other_voice")),
            sick_pay_day_one=bool(data.get("sick_pay_day_one")),
            lowest_hourly_pay=float(pay) if pay is not None else None,
            assessed_on=dt.date.today(),
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if all(data.get(name) is not None for name in FACT_FIELDS):
            for field, problem in self.facts().field_problems():
                if field not in self.errors:
                    self.add_error(field, problem)
        return data

    def answers(self) -> dict[str, bool]:
        return {q.id: self.cleaned_data[f"q_{q.id}"] == "yes" for q in self.questions}

    def evidence(self) -> dict[str, str]:
        return {q.id: self.cleaned_data[f"e_{q.id}"] for q in self.questions}


class VerifyForm(forms.Form):
    notes = forms.CharField(
        label="Notes for the employer", required=False, max_length=4000, widget=forms.Textarea
    )

    def __init__(self, *args: Any, framework: Framework, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = list(framework.questions)
        for q in self.questions:
            self.fields[f"reject_{q.id}"] = forms.BooleanField(
                label="Evidence not accepted", required=False
            )

    def pairs(self) -> list[tuple[Any, Any]]:
        return [(q, self[f"reject_{q.id}"]) for q in self.questions]

    def rejected(self) -> list[str]:
        return [q.id for q in self.questions if self.cleaned_data.get(f"reject_{q.id}")]

"""The employer's self-assessment form and the assessor's verification form, built per framework."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms

from greatjobs.goodwork import Framework, PayFacts
from greatjobs.web.accounts.models import Organisation

YES_NO = [("yes", "Yes"), ("no", "No")]
FACT_FIELDS = (
    "staff_total",
    "staff_paid_rlw",
    "zero_hours_staff",
    "guaranteed_hours_staff",
    "agency_workers",
)


def _count(label: str, help_text: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        min_value=0,
        max_value=2_000_000,
        error_messages={"required": f"Enter {label.lower()}", "invalid": "Enter a whole number"},
    )


class AssessmentForm(forms.Form):
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none(), empty_label=None)
    district = forms.ChoiceField(label="Main workplace district")
    sector = forms.ChoiceField(label="Industry (SIC 2007 section)")
    staff_total = _count("Number of staff", "Everyone you employ directly, as a headcount.")
    staff_paid_rlw = _count(
        "Staff paid at least the Real Living Wage",
        "Basic hourly pay at or above the rate in force.",
    )
    zero_hours_staff = _count("Staff on zero-hours contracts", "Contracts that guarantee no hours.")
    guaranteed_hours_staff = _count(
        "Staff with guaranteed hours", "Contracts that guarantee a minimum number of hours."
    )
    agency_workers = _count("Agency workers used", "Not your employees; counted separately.")
    lowest_hourly_pay = forms.DecimalField(
        label="Lowest basic hourly pay (£)",
        required=False,
        min_value=Decimal("0.01"),
        max_value=Decimal("999"),
        decimal_places=2,
        help_text="Optional: checked against the Real Living Wage rate in force.",
    )
    recognised_union = forms.BooleanField(label="A trade union is recognised", required=False)
    other_voice = forms.BooleanField(
        label="Another independent staff voice (for example an elected staff forum)",
        required=False,
    )
    sick_pay_day_one = forms.BooleanField(
        label="Sick pay from the first day of absence", required=False
    )

    def __init__(
        self,
        *args: Any,
        user: Any,
        framework: Framework,
        districts: list[tuple[str, str]],
        sectors: list[str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.framework = framework
        self.fields["organisation"].queryset = Organisation.objects.filter(memberships__user=user)
        self.fields["district"].choices = districts
        self.fields["sector"].choices = [(s, s) for s in sectors]
        self.questions = [q for q in framework.questions if q.fact is None]
        for q in self.questions:
            self.fields[f"q_{q.id}"] = forms.ChoiceField(
                label=q.text,
                choices=YES_NO,
                widget=forms.RadioSelect,
                error_messages={"required": f"Answer: {q.text}"},
            )
            self.fields[f"e_{q.id}"] = forms.CharField(
                label="Evidence",
                help_text=q.evidence,
                required=False,
                max_length=2000,
                widget=forms.Textarea,
            )

    def pairs(self) -> list[tuple[Any, Any, Any]]:
        """(question, answer field, evidence field) for the template."""
        return [(q, self[f"q_{q.id}"], self[f"e_{q.id}"]) for q in self.questions]

    def facts(self) -> PayFacts:
        data = self.cleaned_data
        pay = data.get("lowest_hourly_pay")
        return PayFacts(
            **{name: int(data[name]) for name in FACT_FIELDS},
            recognised_union=bool(data.get("recognised_union")),
            other_voice=bool(data.get("other_voice")),
            sick_pay_day_one=bool(data.get("sick_pay_day_one")),
            lowest_hourly_pay=float(pay) if pay is not None else None,
            assessed_on=dt.date.today(),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if all(data.get(name) is not None for name in FACT_FIELDS):
            for problem in self.facts().problems():
                field = next((f for f in FACT_FIELDS if problem.startswith(f)), None)
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

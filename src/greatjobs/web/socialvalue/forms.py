"""Forms for commissioning, bidding, scoring, delivery returns and local measures.

Validation messages come from the library's rules (weighting, impossible returns, double
counting), so the web refuses exactly what the library refuses.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from greatjobs.socialvalue import WeightingError, check_return, check_weights
from greatjobs.socialvalue.counting import Hire, dedupe_disadvantaged_hires
from greatjobs.socialvalue.delivery import EMPLOYEES
from greatjobs.socialvalue.measures import MeasuresLibrary
from greatjobs.web.accounts.models import Organisation
from greatjobs.web.socialvalue.models import Contract, ContractMeasure, LocalMeasure, ReturnLine

ZERO = Decimal(0)


def _quantity(label: str, required: bool = True, **kwargs: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=12,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "any"}),
        error_messages={"invalid": f"Enter {label.lower()} as a number."},
        **kwargs,
    )


class ContractForm(forms.ModelForm):
    place_code = forms.ChoiceField(label="Place")

    class Meta:
        model = Contract
        fields = (
            "title",
            "value",
            "start_date",
            "term_months",
            "category",
            "place_code",
            "price_weight",
            "quality_weight",
            "social_value_weight",
            "scoring_method",
        )
        widgets = {"start_date": forms.DateInput(attrs={"type": "date"})}  # noqa: RUF012
        help_texts = {  # noqa: RUF012
            "social_value_weight": "At least 10% of the total score (PPN 06/20 and PPN 002).",
            "start_date": "For example 2026-04-01.",
        }

    def __init__(self, *args: Any, places: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["place_code"].choices = places
        self._places = dict(places)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        weights = [data.get(k) for k in ("price_weight", "quality_weight", "social_value_weight")]
        if all(w is not None for w in weights):
            try:
                check_weights(*(float(w) for w in weights))  # type: ignore[arg-type]
            except WeightingError as exc:
                field = "social_value_weight" if "Social value" in str(exc) else None
                self.add_error(field, str(exc))
        if data.get("place_code"):
            self.instance.place_name = self._places.get(data["place_code"], "")
        return data


class ContractMeasureForm(forms.ModelForm):
    measure_id = forms.ChoiceField(label="Measure")
    target = _quantity("Target over the contract", min_value=ZERO)

    class Meta:
        model = ContractMeasure
        fields = ("measure_id", "target")

    def __init__(self, *args: Any, library: MeasuresLibrary, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["measure_id"].choices = [
            (m.id, f"{m.id}: {m.title} ({m.unit})") for m in library.measures
        ]


class BidForm(forms.Form):
    """Price, narrative and a commitment per measure per contract year."""

    price = _quantity("Price (£)", min_value=Decimal("0.01"))
    narrative = forms.CharField(
        label="How you will deliver social value",
        widget=forms.Textarea,
        error_messages={"required": "Describe how you will deliver social value."},
    )

    def __init__(
        self, *args: Any, contract: Contract, library: MeasuresLibrary, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.cells: list[tuple[str, str, int]] = []
        for cm in contract.measures.all():
            measure = library.get(cm.measure_id)
            for year in range(1, contract.years + 1):
                name = f"m_{cm.measure_id}_y{year}"
                hint = (
                    " Count each person in the year they are hired only."
                    if (measure.disadvantaged)
                    else ""
                )
                self.fields[name] = _quantity(
                    f"{measure.title}, year {year} ({measure.unit})",
                    min_value=ZERO,
                    help_text=f"Target for the whole contract: {cm.target:g}.{hint}",
                )
                self.fields[name].error_messages["min_value"] = (
                    f"{measure.title} cannot be negative."
                )
                self.cells.append((name, cm.measure_id, year))

    def commitments(self) -> list[tuple[str, int, Decimal]]:
        return [(m, y, self.cleaned_data[n]) for n, m, y in self.cells]


class ScoreForm(forms.Form):
    quality_score = _quantity("Quality score (0 to 5)", min_value=ZERO, max_value=Decimal(5))
    method_statement_score = _quantity(
        "Social value method statement score (0 to 5)", min_value=ZERO, max_value=Decimal(5)
    )


class ReturnForm(forms.Form):
    """A delivery return: a quantity (and evidence) per measure, and the workforce size."""

    period = forms.ChoiceField(label="Reporting period")
    employees = _quantity(
        "Employees working on the contract",
        help_text="Headcount this period: local and disadvantaged hires cannot exceed it.",
    )
    narrative = forms.CharField(
        label="What happened this period", widget=forms.Textarea, required=False
    )

    def __init__(
        self,
        *args: Any,
        contract: Contract,
        library: MeasuresLibrary,
        periods: list[str],
        counted_people: dict[str, str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.library = library
        self.counted_people = counted_people
        self.fields["period"].choices = [(p, p) for p in periods]
        self.measures = [library.get(cm.measure_id) for cm in contract.measures.all()]
        for m in self.measures:
            if m.id == EMPLOYEES:
                continue
            if m.disadvantaged:
                self.fields[f"people_{m.id}"] = forms.CharField(
                    label=f"{m.title}: your reference for each person, one a line",
                    help_text="No names. The count is the number of references.",
                    widget=forms.Textarea,
                    required=False,
                )
            else:
                self.fields[f"q_{m.id}"] = _quantity(f"{m.title} ({m.unit})")
            self.fields[f"evidence_{m.id}"] = forms.FileField(
                label=f"Evidence for {m.title.lower()}",
                required=False,
                help_text=m.evidence + (" Required." if m.evidence_required else ""),
            )

    def _people(self, measure_id: str) -> list[str]:
        text = self.cleaned_data.get(f"people_{measure_id}") or ""
        return [line.strip() for line in text.splitlines() if line.strip()]

    def quantities(self) -> dict[str, Decimal]:
        out: dict[str, Decimal] = {}
        for m in self.measures:
            if m.id == EMPLOYEES:
                continue
            if m.disadvantaged:
                out[m.id] = Decimal(len(self._people(m.id)))
            elif self.cleaned_data.get(f"q_{m.id}") is not None:
                out[m.id] = self.cleaned_data[f"q_{m.id}"]
        return out

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors:
            return data
        quantities = {k: float(v) for k, v in self.quantities().items()}
        quantities[EMPLOYEES] = float(data["employees"])
        evidence = {m.id: bool(data.get(f"evidence_{m.id}")) for m in self.measures}
        for measure_id, messages in check_return(quantities, evidence, self.library).items():
            for message in messages:
                if message.startswith("Attach evidence"):
                    field = f"evidence_{measure_id}"
                elif measure_id == EMPLOYEES:
                    field = "employees"
                else:
                    field = next(
                        f for f in (f"q_{measure_id}", f"people_{measure_id}") if f in self.fields
                    )
                self.add_error(field, message)
        self._check_double_counting()
        return data

    def _check_double_counting(self) -> None:
        disadvantaged = {m.id for m in self.measures if m.disadvantaged}
        earlier = [Hire(p, "earlier", 0) for p in self.counted_people]
        claims = [Hire(p, m, 1) for m in sorted(disadvantaged) for p in self._people(m)]
        _kept, excluded = dedupe_disadvantaged_hires(earlier + claims, disadvantaged | {"earlier"})
        for exclusion in excluded:
            hire = exclusion.hire
            if hire.person in self.counted_people:
                message = (
                    f"{hire.person} was already counted in {self.counted_people[hire.person]}: "
                    "disadvantaged hires count in their first year only."
                )
            else:
                message = (
                    f"{hire.person} is listed under more than one disadvantaged measure: "
                    "count each person once."
                )
            self.add_error(f"people_{hire.measure}", message)


class VerifyForm(forms.Form):
    def __init__(self, *args: Any, lines: list[ReturnLine], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lines = lines
        for line in lines:
            field = _quantity(
                f"Verified {line.measure_id} (reported {line.quantity:g})",
                min_value=ZERO,
                max_value=line.quantity,
                initial=line.quantity,
            )
            field.error_messages["max_value"] = (
                f"You cannot verify more than the {line.quantity:g} reported."
            )
            self.fields[f"v_{line.pk}"] = field


class LocalMeasureForm(forms.ModelForm):
    class Meta:
        model = LocalMeasure
        fields = (
            "organisation",
            "code",
            "title",
            "outcome",
            "theme",
            "unit",
            "evidence",
            "evidence_required",
            "disadvantaged",
            "proxy_value",
            "proxy_price_year",
            "proxy_source",
        )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(memberships__user=user)
        self.fields["organisation"].empty_label = None

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        has_value = data.get("proxy_value") is not None
        if has_value and not (data.get("proxy_price_year") and data.get("proxy_source")):
            self.add_error("proxy_source", "A proxy needs its price year and its source.")
        return data

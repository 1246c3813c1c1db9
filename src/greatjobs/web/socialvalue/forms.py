"""Forms for commissioning, bidding, scoring, delivery returns and local measures.

Validation messages come from the library's rules (weighting, impossible returns, double
counting), so the web refuses exactly what the library refuses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms

from greatjobs.socialvalue import WeightingError, check_return, check_weights
from greatjobs.socialvalue.counting import Hire, dedupe_disadvantaged_hires
from greatjobs.socialvalue.delivery import EMPLOYEES
from greatjobs.socialvalue.limits import (
    EARLIEST_PRICE_YEAR,
    MAX_EMPLOYEES,
    MAX_PROXY,
    MAX_QUANTITY,
    MAX_TARGET,
    MAX_TERM_MONTHS,
    MAX_TERM_YEARS,
    contract_value_problem,
    price_problem,
    price_year_problem,
    proxy_problem,
    quantity_problem,
    start_date_problem,
    term_problem,
)
from greatjobs.socialvalue.measures import MeasuresLibrary, local_code_problem, normalise_code
from greatjobs.socialvalue.sroi import GREEN_BOOK_DISCOUNT_RATE, SHARES
from greatjobs.web.accounts.models import Organisation
from greatjobs.web.core.forms import field_of
from greatjobs.web.core.uploads import EVIDENCE
from greatjobs.web.socialvalue.models import Contract, ContractMeasure, LocalMeasure, ReturnLine
from greatjobs.web.socialvalue.valuation import BASES

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from greatjobs.web.socialvalue.appraisal import MeasureRow

ZERO = Decimal(0)


def _literal(message: str) -> str:
    """A message Django will %-format with the limit (min, max, digits): escape any % in it, as a
    measure's title may have one."""
    return message.replace("%", "%%")


def _problem(problem: str | None) -> None:
    if problem:
        raise forms.ValidationError(problem)


def _quantity(
    label: str, required: bool = True, max_digits: int = 12, **kwargs: Any
) -> forms.DecimalField:
    too_large = _literal(f"{label} is too large: check the figure.")
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=max_digits,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "any"}),
        error_messages={
            "required": f"Enter {label[0].lower()}{label[1:]}.",
            "invalid": f"Enter {label[0].lower()}{label[1:]} as a number.",
            "max_digits": too_large,
            "max_whole_digits": too_large,
            "max_decimal_places": _literal(f"Enter {label.lower()} to 2 decimal places at most."),
        },
        **kwargs,
    )


class ContractForm(forms.ModelForm):
    place_code = forms.ChoiceField(label="Place")
    value = _quantity("Contract value (£)", max_digits=14)
    term_months = forms.IntegerField(
        label="Term (months)",
        help_text=f"From 1 to {MAX_TERM_MONTHS} months: bids commit social value for each "
        f"contract year, for {MAX_TERM_YEARS} years at most.",
        error_messages={
            "required": "Enter the term in months.",
            "invalid": "Enter the term as a whole number of months.",
        },
    )

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
        field_of(self, "place_code", forms.ChoiceField).choices = places
        self._places = dict(places)

    def clean_value(self) -> Decimal:
        _problem(contract_value_problem(float(self.cleaned_data["value"])))
        return self.cleaned_data["value"]

    def clean_start_date(self) -> dt.date:
        _problem(start_date_problem(self.cleaned_data["start_date"]))
        return self.cleaned_data["start_date"]

    def clean_term_months(self) -> int:
        _problem(term_problem(self.cleaned_data["term_months"]))
        return self.cleaned_data["term_months"]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        price, quality, social_value = (
            data.get(k) for k in ("price_weight", "quality_weight", "social_value_weight")
        )
        if price is not None and quality is not None and social_value is not None:
            try:
                check_weights(float(price), float(quality), float(social_value))
            except WeightingError as exc:
                field = "social_value_weight" if "Social value" in str(exc) else None
                self.add_error(field, str(exc))
        if data.get("place_code"):
            self.instance.place_name = self._places.get(data["place_code"], "")
        return data


class ContractMeasureForm(forms.ModelForm):
    """A measure for a contract: any in the library but the retired ones."""

    measure_id = forms.ChoiceField(label="Measure")
    target = _quantity("Target over the contract")

    class Meta:
        model = ContractMeasure
        fields = ("measure_id", "target")

    def __init__(self, *args: Any, library: MeasuresLibrary, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "measure_id", forms.ChoiceField).choices = [
            (m.id, f"{m.id}: {m.title} ({m.unit})") for m in library.offered
        ]
        self.fields["measure_id"].error_messages["invalid_choice"] = (
            "Choose a measure from the list: retired measures cannot be added."
        )

    def clean_target(self) -> Decimal:
        target = self.cleaned_data["target"]
        _problem(quantity_problem("The target", float(target), ceiling=MAX_TARGET))
        return target


class BidForm(forms.Form):
    """Price, narrative and a commitment per measure per contract year."""

    price = _quantity("Price (£)", max_digits=14)
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
                    max_value=Decimal(MAX_QUANTITY),
                    help_text=f"Target for the whole contract: {cm.target:g}.{hint}",
                )
                self.fields[name].error_messages["min_value"] = _literal(
                    f"{measure.title} cannot be negative."
                )
                self.fields[name].error_messages["max_value"] = _literal(
                    f"{measure.title} cannot be more than {MAX_QUANTITY:,} in a year."
                )
                self.cells.append((name, cm.measure_id, year))

    def clean_price(self) -> Decimal:
        _problem(price_problem(float(self.cleaned_data["price"])))
        return self.cleaned_data["price"]

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
        help_text=f"Headcount this period, up to {MAX_EMPLOYEES:,}: local employment, "
        "disadvantaged hires and staff paid the real Living Wage cannot be more than it.",
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
        field_of(self, "period", forms.ChoiceField).choices = [(p, p) for p in periods]
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
                validators=[EVIDENCE.check],
                help_text=f"{m.evidence}.{' Required.' if m.evidence_required else ''} "
                f"{EVIDENCE.hint}",
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
        super().clean()
        data = self.cleaned_data
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
        help_texts = {  # noqa: RUF012
            "code": "Letters and numbers in groups joined by hyphens, for example LCR-CARE-01. "
            "Codes starting GJ- are kept for the greatjobs library.",
            "proxy_value": f"More than £0 and at most £{MAX_PROXY:,} per unit.",
            "proxy_price_year": f"The year whose prices the proxy is in, from "
            f"{EARLIEST_PRICE_YEAR} to this year.",
        }

    def __init__(self, *args: Any, user: User, library: MeasuresLibrary, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.library = library
        organisation = field_of(self, "organisation", forms.ModelChoiceField)
        organisation.queryset = Organisation.objects.filter(memberships__user=user)
        organisation.empty_label = None
        self.fields["proxy_value"].error_messages |= {
            "invalid": "Enter the proxy as an amount in pounds, for example 1200.",
            "max_digits": "The proxy is too large: check the figure.",
            "max_whole_digits": "The proxy is too large: check the figure.",
            "max_decimal_places": "Enter the proxy to 2 decimal places at most.",
        }
        self.fields["proxy_price_year"].error_messages |= {
            "invalid": "Enter the price year as a year, for example 2024.",
            "min_value": f"The price year must be from {EARLIEST_PRICE_YEAR} to this year.",
            "max_value": f"The price year must be from {EARLIEST_PRICE_YEAR} to this year.",
        }

    def clean_code(self) -> str:
        code = normalise_code(self.cleaned_data["code"])
        others = LocalMeasure.objects.exclude(pk=self.instance.pk).values_list("code", flat=True)
        _problem(local_code_problem(code, self.library, taken=others))
        return code

    def clean_proxy_value(self) -> Decimal | None:
        value = self.cleaned_data["proxy_value"]
        if value is not None:
            _problem(proxy_problem(float(value)))
        return value

    def clean_proxy_price_year(self) -> int | None:
        year = self.cleaned_data["proxy_price_year"]
        if year is not None:
            _problem(price_year_problem(year))
        return year

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        has_value = data.get("proxy_value") is not None
        if has_value and not (data.get("proxy_price_year") and data.get("proxy_source")):
            self.add_error("proxy_source", "A proxy needs its price year and its source.")
        return data


SROI_LABELS = {
    "proxy": "Financial proxy (£ per unit)",
    "deadweight": "Deadweight",
    "displacement": "Displacement",
    "attribution": "Attribution",
    "drop_off": "Drop-off each year after the first",
}
SHARE_HINTS = {
    "deadweight": "What would have happened anyway.",
    "displacement": "How much of the outcome displaced outcomes elsewhere.",
    "attribution": "How much is owed to others' work.",
    "drop_off": "How much of the outcome is lost each year after the first.",
}
RANGED = ("proxy", *SHARES)


def _share(label: str, subject: str, required: bool = True, **kwargs: Any) -> forms.DecimalField:
    """A share from 0 to 1; ``subject`` names it in messages ("the deadweight for ...")."""
    # min/max messages are %-formatted with the limit: "%%" is a per cent sign
    outside = f"{subject[0].upper()}{subject[1:]} must be a share from 0 to 1 (0.2 means 20%%)."
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=ZERO,
        max_value=Decimal(1),
        widget=forms.NumberInput(attrs={"step": "any"}),
        error_messages={
            "required": f"Enter {subject}.",
            "invalid": f"Enter {subject} as a number from 0 to 1.",
            "min_value": outside,
            "max_value": outside,
        },
        **kwargs,
    )


class SroiForm(forms.Form):
    """The assumptions of an SROI valuation of a contract: the basis, investment and discount
    rate, and per valued measure its shares (0 to 1), duration and optional low/high ranges."""

    basis = forms.ChoiceField(
        label="Quantities to value",
        choices=list(BASES.items()),
        initial="verified",
        help_text="Verified quantities are the most certain; committed ones are only promised.",
    )
    investment = _quantity(
        "Investment (£)",
        min_value=Decimal("0.01"),
        help_text="The contract value to start with: use the cost of the social value activity "
        "if you know it.",
    )
    discount_rate = forms.DecimalField(
        label="Discount rate (a share a year)",
        min_value=ZERO,
        max_value=Decimal("0.99"),
        initial=Decimal(str(GREEN_BOOK_DISCOUNT_RATE)),
        widget=forms.NumberInput(attrs={"step": "any"}),
        help_text="HM Treasury Green Book: 3.5% a year (0.035) for the first 30 years.",
        error_messages={
            "required": "Enter the discount rate.",
            "invalid": "Enter the discount rate as a share, for example 0.035 for 3.5%.",
            "min_value": "The discount rate must be a share from 0 to 0.99 (0.035 is 3.5%%).",
            "max_value": "The discount rate must be a share from 0 to 0.99 (0.035 is 3.5%%).",
        },
    )

    def __init__(
        self, *args: Any, rows: Sequence[MeasureRow], investment: Decimal, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["investment"].initial = investment
        self.rows = rows
        for row in rows:
            m = row.measure
            for param in SHARES:
                self.fields[f"{param}_{m.id}"] = _share(
                    f"{SROI_LABELS[param]} (0 to 1)",
                    f"the {SROI_LABELS[param].lower()} for {m.title}",
                    initial=ZERO,
                    help_text=SHARE_HINTS[param],
                )
            self.fields[f"duration_{m.id}"] = forms.IntegerField(
                label="Duration (years)",
                min_value=1,
                max_value=30,
                initial=1,
                help_text="The year the outcome happens counts as year 1.",
                error_messages={
                    "required": f"Enter how many years {m.title.lower()} lasts.",
                    "invalid": f"Enter the duration for {m.title} as a whole number of years.",
                    "min_value": f"The duration for {m.title} must be at least 1 year.",
                    "max_value": f"The duration for {m.title} must be 30 years or fewer.",
                },
            )
            for param in RANGED:
                for end in ("low", "high"):
                    label = f"{SROI_LABELS[param]}: {end}"
                    subject = f"the {end} {SROI_LABELS[param].lower()} for {m.title}"
                    if param == "proxy":
                        field = _quantity(label, required=False, min_value=ZERO)
                        field.error_messages.update(
                            invalid=f"Enter {subject} as a number.",
                            min_value=f"The {subject.removeprefix('the ')} cannot be negative.",
                        )
                    else:
                        field = _share(label, subject, required=False)
                    self.fields[f"{end}_{param}_{m.id}"] = field

    def groups(self) -> list[dict[str, Any]]:
        """Per valued measure: its central assumptions and its (label, low, high) ranges."""
        out = []
        for row in self.rows:
            m = row.measure
            ranges = [
                (SROI_LABELS[p], self[f"low_{p}_{m.id}"], self[f"high_{p}_{m.id}"]) for p in RANGED
            ]
            given = [b for _label, *ends in ranges for b in ends]
            out.append(
                {
                    "row": row,
                    "central": [self[f"{p}_{m.id}"] for p in (*SHARES, "duration")],
                    "ranges": ranges,
                    "open": any(b.value() not in (None, "") or b.errors for b in given),
                }
            )
        return out

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        for row in self.rows:
            m = row.measure
            for param in RANGED:
                low_name, high_name = f"low_{param}_{m.id}", f"high_{param}_{m.id}"
                if low_name in self.errors or high_name in self.errors:
                    continue
                low, high = data.get(low_name), data.get(high_name)
                label = SROI_LABELS[param].lower()
                if (low is None) != (high is None):
                    missing = low_name if low is None else high_name
                    self.add_error(
                        missing, f"Give both a low and a high {label} for {m.title}, or neither."
                    )
                    continue
                central = row.unit_value if param == "proxy" else data.get(f"{param}_{m.id}")
                if low is None or high is None or central is None:
                    continue
                if not low <= Decimal(str(central)) <= high:
                    self.add_error(
                        low_name,
                        f"The {label} range for {m.title} must run from low to high and "
                        f"contain its central value, {float(central):g}.",
                    )
        return data

    def choices(self) -> dict[str, Any]:
        """The basis, investment and discount rate, for ``appraisal.build_spec``."""
        return {
            "basis": self.cleaned_data["basis"],
            "investment": float(self.cleaned_data["investment"]),
            "discount_rate": float(self.cleaned_data["discount_rate"]),
        }

    def assumptions(self) -> dict[str, dict[str, Any]]:
        """Per measure id, the :class:`Outcome` fields the user set (shares as floats)."""
        data = self.cleaned_data
        out: dict[str, dict[str, Any]] = {}
        for row in self.rows:
            m = row.measure
            out[m.id] = {p: float(data[f"{p}_{m.id}"]) for p in SHARES}
            out[m.id]["duration"] = data[f"duration_{m.id}"]
            out[m.id]["ranges"] = {
                p: (float(data[f"low_{p}_{m.id}"]), float(data[f"high_{p}_{m.id}"]))
                for p in RANGED
                if data.get(f"low_{p}_{m.id}") is not None
            }
        return out

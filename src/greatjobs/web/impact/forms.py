"""The scenario builder's forms: plain HTML forms with GOV.UK components, validated here.

Money is typed as people write it (``£100m``, ``2,500,000``, ``750k``). Each additionality factor
is a ready-reckoner preset or the user's own values: one value, a range (uniform) or low, central
and high (triangular), in per cent for shares.
"""

from __future__ import annotations

import math
import re
from typing import Any, TypeVar

from django import forms
from django.http import QueryDict

from greatjobs.errors import DataError
from greatjobs.geography import DEFAULT_PLACE
from greatjobs.impact import additionality as add
from greatjobs.impact import regional as reg
from greatjobs.impact.scenario import eu_funds_data
from greatjobs.web.core.uploads import PORTFOLIO_FILE

MAX_DRAWS = 20_000
"""The form's cap: 10,000 draws take well under a second; more add little to a 95% interval."""
MAX_APPRAISAL_DRAWS = 10_000
MAX_PORTFOLIO_ROWS = 1_000
MAX_MONEY = 1e12
"""£1,000bn: more than a year of the UK's public spending, so a larger amount is a typing error."""
SHARES = ("deadweight", "leakage", "displacement", "substitution")
CUSTOM = "custom"
NATIONAL_NAMES = {"uk", "united kingdom", "k02000001"}
F = TypeVar("F", bound=forms.Form)


def parse_money(text: str) -> float:
    """'£100m', '2,500,000', '750k', '1.2bn' -> pounds; ValueError otherwise."""
    match = re.fullmatch(r"£?\s*([\d,]*\.?\d+)\s*(k|m|bn|b)?", text.strip().lower())
    if not match:
        raise ValueError(text)
    value = float(match.group(1).replace(",", ""))
    return value * {"k": 1e3, "m": 1e6, "b": 1e9, "bn": 1e9}.get(match.group(2) or "", 1.0)


def parse_factor(name: str, text: str) -> float | tuple[float, ...]:
    """One value, 'low-high' or 'low, central, high'; shares in per cent, multipliers as is."""
    if text.strip().startswith(("-", "−")):
        raise ValueError(text)
    parts = [p for p in re.split(r"\s*(?:,|;|\bto\b|–|-(?=\s*\d))\s*", text.strip()) if p]
    try:
        values = [float(p.strip().rstrip("%")) for p in parts]
    except ValueError as exc:
        raise ValueError(text) from exc
    if not 1 <= len(values) <= 3 or not all(math.isfinite(v) for v in values):
        raise ValueError(text)
    if name in SHARES:
        values = [v / 100 for v in values]
    if len(values) == 3 and not values[0] <= values[1] <= values[2]:
        raise ValueError("order")
    return values[0] if len(values) == 1 else tuple(values)


def _preset_label(name: str, preset: str, values: list[float]) -> str:
    low, central, high = values
    if name == "multiplier":
        text = f"{central:g}" if low == high else f"{central:g} (range {low:g} to {high:g})"
    else:
        text = (
            f"{central:.0%}"
            if low == high
            else f"{central:.0%} (range {low * 100:g}% to {high * 100:g}%)"
        )
    return f"{preset.capitalize()}: {text}"


class AdditionalityMixin(forms.Form):
    """A preset and a custom-values box per factor; ``clean`` builds the AdditionalitySpec."""

    factors: tuple[str, ...] = add.FACTORS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        data = add.presets()
        for name in self.factors:
            choices = [(k, _preset_label(name, k, v)) for k, v in data[name].items()]
            choices.append((CUSTOM, "Your own values"))
            self.fields[name] = forms.ChoiceField(
                label=name.capitalize(), choices=choices, initial=data["defaults"][name]
            )
            hint = (
                "Per cent: one value (25), a range (20 to 30) or low, central, high (15, 25, 40)."
                if name in SHARES
                else "One value (1.4), a range (1.2 to 1.6) or low, central, high (1.2, 1.4, 1.6)."
            )
            self.fields[f"{name}_custom"] = forms.CharField(
                label=f"Your own {name}",
                required=False,
                max_length=40,
                help_text=hint,
                error_messages={"max_length": f"Enter {name} as shown in the hint"},
            )

    def factor_fields(self) -> list[tuple[Any, Any]]:
        return [(self[name], self[f"{name}_custom"]) for name in self.factors]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        values: dict[str, Any] = {}
        for name in self.factors:
            choice = data.get(name)
            if choice != CUSTOM:
                if choice:
                    values[name] = choice
                continue
            text = (data.get(f"{name}_custom") or "").strip()
            if not text:
                self.add_error(f"{name}_custom", f"Enter your own {name}, or choose a preset")
                continue
            try:
                values[name] = parse_factor(name, text)
                add.make_factor(name, values[name])
            except ValueError:
                self.add_error(f"{name}_custom", f"Enter {name} as shown in the hint")
                values.pop(name, None)
            except DataError:
                bounds = "between 0% and 100%" if name in SHARES else "1 or more"
                self.add_error(f"{name}_custom", f"{name.capitalize()} must be {bounds}")
                values.pop(name, None)
        if not self.errors:
            data["spec"] = add.AdditionalitySpec.build(**values)
        return data


def _money_field(label: str, required: bool, help_text: str, what: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=30,
        help_text=help_text,
        error_messages={
            "required": f"Enter the {what} in pounds, like £100m",
            "max_length": f"Enter the {what} in pounds, like £100m",
        },
    )


def _clean_money(form: forms.Form, name: str, what: str) -> float | None:
    text = (form.cleaned_data.get(name) or "").strip()
    if not text:
        return None
    try:
        value = parse_money(text)
    except ValueError:
        raise forms.ValidationError(
            f"Enter the {what} in pounds, like £100m or 2,500,000"
        ) from None
    if value <= 0:
        raise forms.ValidationError(f"The {what} must be more than £0")
    if value > MAX_MONEY:
        raise forms.ValidationError(f"The {what} must be £{MAX_MONEY / 1e9:,.0f}bn or less")
    return value


def _place_field() -> forms.CharField:
    return forms.CharField(
        label="Place",
        initial=DEFAULT_PLACE,
        max_length=120,
        help_text="A combined authority, district or region by name or code, or UK.",
        error_messages={
            "required": "Enter a place, for example Liverpool City Region",
            "max_length": "Enter a place name or code of 120 characters or fewer",
        },
    )


def _draws_field(cap: int) -> forms.IntegerField:
    return forms.IntegerField(
        label="Monte Carlo draws",
        initial=add.DEFAULT_DRAWS,
        min_value=100,
        max_value=cap,
        help_text=f"From 100 to {cap:,}. More draws give steadier intervals.",
        error_messages={
            "invalid": "Enter the number of draws as a whole number, like 10000",
            "required": "Enter the number of draws",
            "min_value": "Enter at least 100 draws",
            "max_value": f"Enter {cap:,} draws or fewer",
        },
    )


def default_amount() -> str:
    return f"£{float(eu_funds_data()['amount']['default']) / 1e6:,g}m"


class EuFundsForm(AdditionalityMixin):
    factors = SHARES  # the IO model already counts indirect and induced jobs: multiplier 1
    amount = _money_field(
        "Annual amount of EU funds ending",
        True,
        "Pounds a year, like £100m. The seed report gives about £100m a year; the combined "
        "authority's own accounts give lower figures (about £28m a year for 2014-20).",
        "amount",
    )
    place = _place_field()
    profile = forms.ChoiceField(
        label="Spend profile",
        choices=[
            ("default", "Illustrative ERDF/ESF profile (half skills and employment, half business "
             "support, innovation and low-carbon works)"),
            (CUSTOM, "Your own shares by industry"),
        ],
        initial="default",
    )  # fmt: skip
    custom_profile = forms.CharField(
        label="Your own spend profile",
        required=False,
        widget=forms.Textarea,
        max_length=4000,
        help_text="One industry a line: an input-output code (P85) or a SIC 2007 code (85), "
        "then = and its share in per cent. Shares must add up to 100.",
        error_messages={"max_length": "Enter your spend profile in 4,000 characters or fewer"},
    )
    draws = _draws_field(MAX_DRAWS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["amount"].initial = default_amount()

    def clean_amount(self) -> float | None:
        return _clean_money(self, "amount", "amount")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("profile") == CUSTOM:
            try:
                data["shares"] = parse_profile(data.get("custom_profile") or "")
            except ValueError as exc:
                self.add_error("custom_profile", str(exc))
        return data


def parse_profile(text: str) -> dict[str, float]:
    """'P85 = 30' lines -> {code: share of 1}; the shares must add up to 100%."""
    shares: dict[str, float] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = re.fullmatch(r"\s*(.+?)\s*[=:]\s*([\d.]+)\s*%?\s*", line)
        if not match:
            raise ValueError(
                f"Line {number}: write an industry code, = and a per cent, like P85 = 30"
            )
        code, share = match.group(1), float(match.group(2))
        shares[code] = shares.get(code, 0.0) + share / 100
    if not shares:
        raise ValueError("Enter your spend profile, one industry a line, like P85 = 30")
    total = sum(shares.values()) * 100
    if abs(total - 100) > 0.5:
        raise ValueError(f"The shares add up to {total:g}%; they must add up to 100%")
    return shares


class AppraisalForm(AdditionalityMixin):
    portfolio = forms.FileField(
        label="Portfolio CSV file",
        help_text="Columns: name, industry, amount, gross_jobs, postcode and optionally wage "
        f"(£ an hour). Up to {MAX_PORTFOLIO_ROWS:,} rows and 2 MB.",
        error_messages={"required": "Select a portfolio CSV file"},
    )
    budget = _money_field(
        "Budget (optional)",
        False,
        "Choose the projects that give the most good jobs within it.",
        "budget",
    )
    draws = _draws_field(MAX_APPRAISAL_DRAWS)

    def clean_budget(self) -> float | None:
        return _clean_money(self, "budget", "budget")

    def clean_portfolio(self) -> Any:
        upload = self.cleaned_data["portfolio"]
        PORTFOLIO_FILE.check(upload)
        return upload


class MultipliersForm(forms.Form):
    place = _place_field()
    kind = forms.ChoiceField(
        label="Type",
        choices=[
            ("I", "Type I: supply chain"),
            ("II", "Type II: supply chain and household spending"),
        ],
        initial="I",
    )
    method = forms.ChoiceField(
        label="Regionalisation",
        choices=[(m, {"flq": "FLQ (Flegg)", "cilq": "CILQ", "slq": "SLQ"}[m]) for m in reg.METHODS],
        initial="flq",
    )


def bind_query(form_class: type[F], query: QueryDict) -> F:
    """A GET form bound to the query string, each field it leaves out at its default: a link that
    gives only some fields (``?amount=£50m``) shows that result, and errors only for values given
    that are wrong. Unbound (the defaults shown, nothing run) when the query gives no field."""
    unbound = form_class()
    if not any(name in query for name in unbound.fields):
        return unbound
    data = query.copy()
    for name, field in unbound.fields.items():
        if name in data or isinstance(field, forms.BooleanField | forms.FileField):
            continue
        initial = unbound.get_initial_for_field(field, name)
        if initial is not None:
            data[name] = str(initial)
    return form_class(data)


def is_national(text: str) -> bool:
    return text.strip().lower() in NATIONAL_NAMES

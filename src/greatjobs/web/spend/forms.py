from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from greatjobs.spend.lm3 import StaffPay, parse_pounds, staff_pay_problems
from greatjobs.web.core.forms import field_of
from greatjobs.web.core.uploads import MB, SPEND_FILE, UploadRule

MAPPING_FILE = UploadRule("a column mapping file", ("toml",), MB)

STAFF_FIELDS = {
    "total": "staff_pay",
    "local": "staff_pay_local",
    "share": "staff_local_spend_share",
}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"class": "govuk-file-upload"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        files = data if isinstance(data, list | tuple) else [data]
        return [single(f, initial) for f in files]


class ImportForm(forms.Form):
    body = forms.CharField(
        label="Body",
        max_length=200,
        help_text="The council, hospital or university whose spend this is.",
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-!-width-two-thirds"}),
    )
    mapping = forms.FileField(
        label="Column mapping file (optional)",
        required=False,
        help_text="A TOML file naming the columns, for a layout greatjobs cannot read by itself.",
        widget=forms.ClearableFileInput(attrs={"class": "govuk-file-upload"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Added here rather than declared on the class, where its name would stand for the form's
        # own uploaded files (``Form.files``).
        self.fields["files"] = MultipleFileField(
            label="Spend files (CSV)", help_text=f"One or several: {SPEND_FILE.hint}"
        )
        self.order_fields(["body", "files", "mapping"])

    def clean_files(self) -> Any:
        files = self.cleaned_data["files"]
        for upload in files:
            SPEND_FILE.check(upload)
        return files

    def clean_mapping(self) -> Any:
        mapping = self.cleaned_data.get("mapping")
        if mapping:
            MAPPING_FILE.check(mapping)
        return mapping


class DashboardForm(forms.Form):
    """What a dashboard shows: the place whose suppliers count as local, the year, and (optional)
    the anchor's own staff for LM3. Read from the query string, so links and exports keep it."""

    place = forms.ChoiceField(
        label="Place",
        help_text="Suppliers registered in this place count as local.",
        error_messages={
            "required": "Choose a place",
            "invalid_choice": "There is no place %(value)s: choose a place from the list",
        },
    )
    year = forms.ChoiceField(
        label="Year",
        required=False,
        help_text="Payments made in this calendar year.",
        error_messages={
            "invalid_choice": "There is no spend in %(value)s for these anchors: choose a year "
            "from the list"
        },
    )
    staff_pay = forms.CharField(
        label="Total staff pay (optional)",
        required=False,
        max_length=30,
        help_text="The pay bill for the same period as the spend, in pounds, like £12.5m.",
    )
    staff_pay_local = forms.CharField(
        label="Pay to staff living in the place (optional)",
        required=False,
        max_length=30,
        help_text="In pounds; no more than the total staff pay.",
    )
    staff_local_spend_share = forms.CharField(
        label="Share of their pay that staff living in the place spend there (optional)",
        required=False,
        max_length=10,
        help_text="From 0 to 1 (0.4 for 40%), from a survey of your staff: there is no default.",
    )

    def __init__(self, data: dict[str, str], places: list[tuple[str, str]], years: list[int]):
        super().__init__(data)
        field_of(self, "place", forms.ChoiceField).choices = places
        field_of(self, "year", forms.ChoiceField).choices = [
            ("", "All years"),
            *((str(y), str(y)) for y in years),
        ]

    @property
    def chosen_year(self) -> int | None:
        """The chosen year (``None``: all years); read once the form is valid."""
        text = self.cleaned_data["year"]
        return int(text) if text else None

    def clean_staff_pay(self) -> Decimal | None:
        return self._pounds("staff_pay")

    def clean_staff_pay_local(self) -> Decimal | None:
        return self._pounds("staff_pay_local")

    def clean_staff_local_spend_share(self) -> float | None:
        text = self.cleaned_data["staff_local_spend_share"].strip()
        if not text:
            return None
        try:
            return float(text)
        except ValueError:
            raise forms.ValidationError(
                "Enter the share as a number from 0 to 1, like 0.4"
            ) from None

    def _pounds(self, name: str) -> Decimal | None:
        text = self.cleaned_data[name].strip()
        if not text:
            return None
        try:
            return parse_pounds(text)
        except ValueError:
            raise forms.ValidationError(
                "Enter an amount in pounds, like 12,500,000 or £12.5m"
            ) from None

    def clean(self) -> dict[str, Any]:
        """The staff figures together (all or none; local pay within the total): ``staff``."""
        super().clean()
        data = self.cleaned_data
        data["staff"] = None
        total, local, share = (data.get(STAFF_FIELDS[key]) for key in ("total", "local", "share"))
        problems = staff_pay_problems(total, local, share)
        for key, message in problems.items():
            if STAFF_FIELDS[key] not in self.errors:  # a figure not read is reported already
                self.add_error(STAFF_FIELDS[key], message)
        # Without problems, the three are all given or all empty.
        if not self.errors and total is not None and local is not None and share is not None:
            data["staff"] = StaffPay(total, local, share)
        return data

    @property
    def staff_given(self) -> bool:
        """Whether any staff field was filled in (the LM3 section then starts open)."""
        return any((self.data.get(field) or "").strip() for field in STAFF_FIELDS.values())

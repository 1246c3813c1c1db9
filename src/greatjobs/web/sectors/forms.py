"""The choices on a sector profile page: a plain GET form, so every view has its own address."""

from __future__ import annotations

from typing import Any

from django import forms

from greatjobs.sectors import LEVELS
from greatjobs.sectors.areas import AGAINST

LEVEL_LABELS = {
    "section": "SIC 2007 sections (21)",
    "division": "SIC 2007 divisions (88)",
    "group": "Named groups: manufacturing, the visitor economy, Industrial Strategy sectors",
}
AGAINST_LABELS = {"region": "The place's region", "england": "England"}


class PlaceForm(forms.Form):
    place = forms.CharField(
        label="Place",
        max_length=120,
        help_text="A combined authority, district, region or England, by name or code.",
        error_messages={
            "required": "Enter a place, for example Liverpool City Region",
            "max_length": "Enter a place name or code of 120 characters or fewer",
        },
    )


class ProfileForm(forms.Form):
    level = forms.ChoiceField(
        label="Sectors",
        choices=[(k, LEVEL_LABELS[k]) for k in LEVELS],
        initial="section",
        required=False,
        error_messages={"invalid_choice": "Choose sectors from the list"},
    )
    against = forms.ChoiceField(
        label="Compare with",
        choices=[(k, AGAINST_LABELS[k]) for k in AGAINST],
        initial="region",
        required=False,
        error_messages={"invalid_choice": "Choose what to compare with from the list"},
    )
    year = forms.IntegerField(
        label="Year",
        required=False,
        min_value=1990,
        max_value=2100,
        help_text="Leave empty for the latest year.",
        error_messages={
            "invalid": "Year must be a number, like 2021",
            "min_value": "Year must be 1990 or later",
            "max_value": "Year must be 2100 or earlier",
        },
    )
    base_year = forms.IntegerField(
        label="Shift-share from",
        required=False,
        min_value=1990,
        max_value=2100,
        help_text="Leave empty for the earliest year of the same data.",
        error_messages={
            "invalid": "Shift-share year must be a number, like 2015",
            "min_value": "Shift-share year must be 1990 or later",
            "max_value": "Shift-share year must be 2100 or earlier",
        },
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        year, base = data.get("year"), data.get("base_year")
        if year is not None and base is not None and base >= year:
            self.add_error("base_year", "Shift-share year must be before the year shown")
        return data

    def options(self) -> dict[str, Any]:
        """The library's arguments: the cleaned values, or the defaults for an unbound form."""
        data = self.cleaned_data if self.is_bound else {}
        return {
            "level": data.get("level") or "section",
            "against": data.get("against") or "region",
            "year": data.get("year"),
            "base_year": data.get("base_year"),
        }


def profile_form(query: Any) -> ProfileForm:
    """Bound to the query string when it has any of the form's fields, else unbound."""
    bound = any(name in query for name in ProfileForm.base_fields)
    return ProfileForm(query if bound else None)

"""The league-table form: which places to compare, which period, which earlier period."""

from __future__ import annotations

from django import forms

from greatjobs.web.core.forms import field_of

AMONG_CHOICES = [
    ("combined-authorities", "Combined authorities"),
    ("districts", "Local authority districts"),
    ("regions", "Regions"),
]


def _choose(what: str) -> dict[str, str]:
    return {"required": f"Choose {what}", "invalid_choice": f"Choose {what} from the list"}


class LeagueForm(forms.Form):
    among = forms.ChoiceField(
        label="Compare", choices=AMONG_CHOICES, error_messages=_choose("the places to compare")
    )
    period = forms.ChoiceField(label="Period", required=False, error_messages=_choose("a period"))
    compare_period = forms.ChoiceField(
        label="Change since", required=False, error_messages=_choose("an earlier period")
    )
    highlight = forms.ChoiceField(
        label="Highlight", required=False, error_messages=_choose("a place to highlight")
    )

    def __init__(
        self, data: dict[str, str], periods: list[str], places: list[tuple[str, str]]
    ) -> None:
        super().__init__(data)
        latest = [("", "Latest")] + [(p, p) for p in reversed(periods)]
        field_of(self, "period", forms.ChoiceField).choices = latest
        field_of(self, "compare_period", forms.ChoiceField).choices = [
            ("", "No comparison"),
            *latest[1:],
        ]
        field_of(self, "highlight", forms.ChoiceField).choices = places

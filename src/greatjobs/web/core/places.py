"""A place in a URL: a named place by its slug or code in the path, or a custom place (a name and
whole districts) held in the query string, ``/places/custom/?name=Mersey+Core&district=E08000011
&district=E08000012``, so every page, link and download about a custom place can be bookmarked and
shared. greatjobs stores no custom place; the library makes one (``custom_place``) per request."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import duckdb
from django import forms
from django.urls import reverse

from greatjobs.errors import DataError, NotFoundError
from greatjobs.geography import Place, custom_place, resolve_place
from greatjobs.web.core.cache import cached

CUSTOM = "custom"
"""The path segment that takes the place from the query string instead of the path."""
MIN_DISTRICTS = 2


class DistrictsField(forms.Field):
    """Every ``district`` in the query string: codes (current or former) or names."""

    widget = forms.SelectMultiple

    def to_python(self, value: Any) -> list[str]:
        return [str(v).strip() for v in value or [] if str(v).strip()]


class CustomPlaceForm(forms.Form):
    """A name and at least two districts; valid once the library has made the place."""

    name = forms.CharField(
        label="Name of the place",
        max_length=80,
        help_text="For example, Mersey Core. Pages and downloads about the place use this name.",
        error_messages={
            "required": "Enter a name for the place",
            "max_length": "Name must be 80 characters or fewer",
        },
    )
    district = DistrictsField(
        label="Districts",
        required=False,
        help_text="Select at least 2 whole local authority districts, listed by region.",
    )

    def __init__(self, data: Any, con: duckdb.DuckDBPyConnection, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.con = con
        self.place: Place | None = None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        districts = data.get("district") or []
        if len(set(districts)) < MIN_DISTRICTS:
            self.add_error("district", f"Select at least {MIN_DISTRICTS} districts")
        if self.errors:
            return data
        try:
            place = custom_place(self.con, data["name"], districts)
        except NotFoundError as exc:
            self.add_error("district", str(exc))  # names the district and any close matches
            return data
        except DataError as exc:
            self.add_error("name", str(exc))
            return data
        if len(place.districts) < MIN_DISTRICTS:
            self.add_error("district", f"Select at least {MIN_DISTRICTS} different districts")
            return data
        self.place = place
        return data


def is_custom_query(query: Any) -> bool:
    """Whether the query string says anything about a custom place."""
    return any(name in query for name in CustomPlaceForm.base_fields)


def place_from(con: duckdb.DuckDBPyConnection, slug: str, query: Any) -> Place:
    """The place a page is about: ``custom`` takes it from the query string, anything else is a
    named place's slug, name or code. Raises NotFoundError with what is wrong."""
    if slug != CUSTOM:
        name = slug.replace("-", " ")
        return cached(("place", name), lambda: resolve_place(con, name))
    form = CustomPlaceForm(query, con)
    if not form.is_valid():
        problems = [str(e) for errors in form.errors.values() for e in errors]
        sentences = [p if p.endswith((".", "?")) else p + "." for p in problems]
        raise NotFoundError("This custom place cannot be made. " + " ".join(sentences))
    assert form.place is not None
    return form.place


def custom_query(place: Place) -> list[tuple[str, str]]:
    """The query string that makes ``place`` again (empty for a named place)."""
    if place.kind != "custom":
        return []
    return [("name", place.name), *(("district", code) for code in place.district_codes)]


def place_url(url_name: str, place: Place) -> str:
    """The address of ``url_name`` (which takes a ``place``) for a named or custom place."""
    if place.kind != "custom":
        return reverse(url_name, kwargs={"place": place.code})
    return reverse(url_name, kwargs={"place": CUSTOM}) + "?" + urlencode(custom_query(place))


def describe(place: Place) -> str:
    """What a custom place is made of, in a sentence (for pages and the notes of downloads)."""
    names = [f"{d.name} ({d.code})" for d in place.districts]
    listed = ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else "".join(names)
    return f"{place.name} is a custom place of {len(names)} whole districts: {listed}."


def custom_note(place: Place) -> dict[str, str] | None:
    """For a custom place: what it is made of, and where to change its districts (the places
    index's form, filled in with them)."""
    if place.kind != "custom":
        return None
    query = urlencode(custom_query(place))
    return {
        "description": describe(place),
        "change_url": f"{reverse('places:index')}?{query}#custom-place",
    }

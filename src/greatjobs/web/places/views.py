from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from greatjobs.errors import NotFoundError
from greatjobs.geography import Place, list_places, place_lsoa_map
from greatjobs.web.core.cache import cached_fragment
from greatjobs.web.core.places import CUSTOM, CustomPlaceForm, is_custom_query, place_from
from greatjobs.web.core.views import Link, not_found, place_links
from greatjobs.web.core.warehouse import request_warehouse
from greatjobs.web.places import presenters


def index(request: HttpRequest) -> HttpResponse:
    """Every place, and the form that makes a custom one (filled in from the query string when
    the user came back to change a custom place's districts)."""
    with request_warehouse() as con:
        places = list_places(con)
        form = CustomPlaceForm(None, con, initial={"name": request.GET.get("name", "")})
        custom = presenters.custom_form_context(con, form, request.GET.getlist("district"))
    return render(
        request, "places/index.html", {"groups": presenters.places_by_kind(places), **custom}
    )


def overview(request: HttpRequest, place: str) -> HttpResponse:
    with request_warehouse() as con:
        if place == CUSTOM:
            form = CustomPlaceForm(request.GET if is_custom_query(request.GET) else None, con)
            if not form.is_valid():
                ticked = request.GET.getlist("district")
                context = presenters.custom_form_context(con, form, ticked)
                status = 400 if form.is_bound else 200
                return render(request, "places/custom.html", context, status=status)
            assert form.place is not None
            found = form.place
        else:
            try:
                found = place_from(con, place, request.GET)
            except NotFoundError as exc:
                return not_found(
                    request,
                    "place",
                    str(exc),
                    place_links(exc.suggestions, "places:overview"),
                    [Link("Browse all places", reverse("places:index"))],
                )
    body = cached_fragment(
        ("places:overview", found), "places/_overview.html", lambda: _overview(found)
    )
    return render(request, "places/overview.html", {"place": found, "body": body})


def _overview(found: Place) -> dict[str, Any]:
    with request_warehouse() as con:
        lsoas = presenters.complete_map_or_none(found, place_lsoa_map(con, found))
        return presenters.overview_context(con, found, lsoas)

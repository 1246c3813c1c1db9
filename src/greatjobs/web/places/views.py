from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from greatjobs.errors import NotFoundError
from greatjobs.geography import list_places, place_lsoa_map, resolve_place
from greatjobs.web.core.views import Link, not_found, place_links
from greatjobs.web.core.warehouse import request_warehouse
from greatjobs.web.places import presenters


def index(request: HttpRequest) -> HttpResponse:
    with request_warehouse() as con:
        places = list_places(con)
    return render(request, "places/index.html", {"groups": presenters.places_by_kind(places)})


def overview(request: HttpRequest, place: str) -> HttpResponse:
    with request_warehouse() as con:
        try:
            found = resolve_place(con, place.replace("-", " "))
        except NotFoundError as exc:
            return not_found(
                request,
                "place",
                str(exc),
                place_links(exc.suggestions, "places:overview"),
                [Link("Browse all places", reverse("places:index"))],
            )
        lsoas = presenters.complete_map_or_none(found, place_lsoa_map(con, found))
        context = presenters.overview_context(con, found, lsoas)
    return render(request, "places/overview.html", context)

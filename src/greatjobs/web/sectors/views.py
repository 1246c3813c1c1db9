"""Sector profile pages: choose a place, see its sector structure, download the tables."""

from __future__ import annotations

from typing import Any

import duckdb
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify

from greatjobs.errors import GreatjobsError, NotFoundError
from greatjobs.geography import DEFAULT_PLACE, Place, resolve_place
from greatjobs.sectors import Productivity, SectorProfile, gva_per_job, sector_profile
from greatjobs.web.core.exports import export_response
from greatjobs.web.core.views import Link, not_found, place_links
from greatjobs.web.core.warehouse import request_warehouse
from greatjobs.web.sectors import presenters
from greatjobs.web.sectors.forms import PlaceForm, ProfileForm, profile_form


def index(request: HttpRequest) -> HttpResponse:
    """Choose a place; one that does not exist (or cannot be a place at all, such as ``%``) is
    an error on the form, with close matches, never a broken address."""
    form = PlaceForm(request.GET or None, initial={"place": DEFAULT_PLACE})
    context: dict[str, Any] = {"form": form, "default": DEFAULT_PLACE}
    if form.is_bound and form.is_valid():
        with request_warehouse() as con:
            try:
                found = resolve_place(con, form.cleaned_data["place"])
            except NotFoundError as exc:
                form.add_error("place", str(exc))
                context["suggestions"] = place_links(exc.suggestions, "sectors:profile")
            else:
                return redirect("sectors:profile", place=_slug(con, found))
    status = 400 if form.is_bound else 200
    return render(request, "sectors/index.html", context, status=status)


def _slug(con: duckdb.DuckDBPyConnection, place: Place) -> str:
    """The place's name as an address, or its code where the name does not lead back to it."""
    slug = slugify(place.name)
    try:
        if slug and _resolve(con, slug).code == place.code:
            return slug
    except NotFoundError:
        pass
    return place.code


def _not_found(request: HttpRequest, place: str, exc: NotFoundError) -> HttpResponse:
    return _place_not_found(request, str(exc), exc.suggestions)


def _place_not_found(request: HttpRequest, message: str, suggestions: list[str]) -> HttpResponse:
    return not_found(
        request,
        "place",
        message,
        place_links(suggestions, "sectors:profile"),
        [Link("Choose another place", reverse("sectors:index"))],
    )


def _resolve(con: duckdb.DuckDBPyConnection, place: str) -> Place:
    return resolve_place(con, place.replace("-", " "))


def _productivity(
    con: duckdb.DuckDBPyConnection, place: Place, year: int | None, against: str
) -> tuple[Productivity | None, str]:
    """GVA per job for the year (default: the library's), or the year it suggests, or why not."""
    try:
        if year is None:
            return gva_per_job(con, place, against=against), ""
        return gva_per_job(con, place, year, "section", against), ""
    except NotFoundError as exc:
        if exc.suggestions:
            try:
                return gva_per_job(con, place, int(exc.suggestions[0]), "section", against), ""
            except GreatjobsError as again:
                return None, str(again)
        return None, str(exc)
    except GreatjobsError as exc:
        return None, str(exc)


def _attach_error(form: ProfileForm, exc: GreatjobsError) -> None:
    field = "base_year" if "base year" in str(exc) else "year"
    form.add_error(field if field in form.fields else None, str(exc))


def profile(request: HttpRequest, place: str) -> HttpResponse:
    form = profile_form(request.GET)
    with request_warehouse() as con:
        try:
            found = _resolve(con, place)
        except NotFoundError as exc:
            return _not_found(request, place, exc)
        context: dict[str, Any] = {"place": found, "form": form, "slug": place}
        if form.is_bound and not form.is_valid():
            return render(request, "sectors/profile.html", context)
        options = form.options()
        try:
            result = sector_profile(con, found, **options)
        except GreatjobsError as exc:
            if form.is_bound:
                _attach_error(form, exc)
            else:
                context["unavailable"] = str(exc)
            return render(request, "sectors/profile.html", context)
        productivity, why_not = _productivity(con, found, result.year, options["against"])
    context |= _profile_context(result, productivity, why_not)
    context["query"] = request.GET.urlencode()
    return render(request, "sectors/profile.html", context)


def _profile_context(
    result: SectorProfile, productivity: Productivity | None, why_not: str
) -> dict[str, Any]:
    return {
        "result": result,
        "lq_chart": presenters.lq_chart(result),
        "employment_table": presenters.employment_table(result),
        "shift_share_table": presenters.shift_share_table(result),
        "shift_share_summary": presenters.shift_share_summary(result),
        "specialisation": presenters.specialisation_rows(result),
        "productivity": productivity,
        "productivity_table": presenters.productivity_table(productivity) if productivity else None,
        "productivity_missing": why_not,
        "methods": {
            "lq": presenters.LQ_METHOD,
            "shift": presenters.SHIFT_METHOD,
            "spec": presenters.SPEC_METHOD,
            "gva": presenters.GVA_METHOD,
        },
    }


def download_profile(request: HttpRequest, place: str, fmt: str) -> HttpResponse:
    form = profile_form(request.GET)
    with request_warehouse() as con:
        try:
            found = _resolve(con, place)
        except NotFoundError as exc:
            return _not_found(request, place, exc)
        if form.is_bound and not form.is_valid():
            url = reverse("sectors:profile", kwargs={"place": place})
            return redirect(f"{url}?{request.GET.urlencode()}")
        result = sector_profile(con, found, **form.options())
    frame = result.sectors.copy()
    frame.insert(0, "place", found.name)
    frame.insert(1, "year", result.year)
    frame.insert(2, "base_year", result.base_year)
    frame.insert(3, "benchmark", result.benchmark.name)
    name = f"sectors-{slugify(found.name)}-{result.level}-{result.year}"
    return export_response(frame, name, fmt, result.provenance)


def download_productivity(request: HttpRequest, place: str, fmt: str) -> HttpResponse:
    form = profile_form(request.GET)
    with request_warehouse() as con:
        try:
            found = _resolve(con, place)
        except NotFoundError as exc:
            return _not_found(request, place, exc)
        options = form.options() if not form.is_bound or form.is_valid() else {}
        result, why_not = _productivity(
            con, found, options.get("year"), options.get("against") or "region"
        )
    if result is None:
        return _place_not_found(request, why_not, [])
    frame = result.industries.copy()
    frame.insert(0, "place", found.name)
    frame.insert(1, "year", result.year)
    frame.insert(2, "benchmark", result.benchmark.name)
    name = f"gva-per-job-{slugify(found.name)}-{result.year}"
    return export_response(frame, name, fmt, result.provenance)

"""Diagnose pages: thin views that call the library (greatjobs.diagnose, greatjobs.report) and
render. Every table downloads as CSV or Excel with its source and method as notes."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

from greatjobs.diagnose.catalogue import Indicator, get_indicator, list_indicators
from greatjobs.diagnose.league import LeagueTableSpec, compute_league_table
from greatjobs.errors import GreatjobsError, NotFoundError
from greatjobs.geography import DEFAULT_PLACE_CODE, Place, list_places, resolve_place
from greatjobs.report.summary import (
    PlaceSummary,
    default_compare_period,
    indicator_provenance,
    place_summary,
    sources,
    summary_frames,
    summary_provenance,
)
from greatjobs.web.core.cache import cached, cached_fragment
from greatjobs.web.core.components import scroll_region
from greatjobs.web.core.exports import export_response
from greatjobs.web.core.places import CUSTOM, custom_query, describe, place_from
from greatjobs.web.core.views import Link, not_found, place_links
from greatjobs.web.core.warehouse import request_warehouse
from greatjobs.web.diagnose import presenters
from greatjobs.web.diagnose.forms import LeagueForm

PLACE_TABLES = ("ranks", "deprivation", "pockets", "change", "index", "sensitivity")


def index(request: HttpRequest) -> HttpResponse:
    with request_warehouse() as con:
        places = list_places(con, "combined-authority")
    return render(
        request, "diagnose/index.html", {"indicators": list_indicators(), "places": places}
    )


def _not_found(request: HttpRequest, what: str, exc: NotFoundError) -> HttpResponse:
    links = [
        Link("Every place there is", reverse("places:index")),
        Link("Diagnose", reverse("diagnose:index")),
    ]
    if what == "indicator":
        indicators = [
            Link(i.id, reverse("diagnose:indicator", args=[i.id]), i.title)
            for i in list_indicators()
        ]
        return not_found(request, what, str(exc), indicators, links, "Indicators there are")
    return not_found(request, what, str(exc), place_links(exc.suggestions, "diagnose:place"), links)


def _league(con: Any, indicator: Indicator, request: HttpRequest) -> dict[str, Any]:
    """The form and, when it is valid, the league table it asks for."""
    among = request.GET.get("among") or presenters.default_among(indicator)
    periods = presenters.periods_for(con, indicator, among) if among else []
    defaults = {"among": among, "highlight": DEFAULT_PLACE_CODE,
                "compare_period": default_compare_period(periods, None) or ""}  # fmt: skip
    data = {**defaults, **request.GET.dict()} if request.GET else defaults
    places = [(p.code, p.name) for p in list_places(con) if p.kind != "country"]
    form = LeagueForm(data, presenters.periods_for(con, indicator, "all"), places)
    context: dict[str, Any] = {"form": form, "table": None, "params": data}
    if not form.is_valid():
        return context
    spec = LeagueTableSpec(
        indicator=indicator.id, among=form.cleaned_data["among"],
        period=form.cleaned_data["period"] or None,
        compare_period=form.cleaned_data["compare_period"] or None,
        highlight=form.cleaned_data["highlight"] or DEFAULT_PLACE_CODE,
    )  # fmt: skip
    try:
        context["table"] = cached(
            ("league", spec.to_json()), lambda: compute_league_table(con, spec)
        )
    except GreatjobsError as exc:
        context["error"] = str(exc)
    return context


def indicator(request: HttpRequest, indicator: str) -> HttpResponse:
    try:
        found = get_indicator(indicator)
    except NotFoundError as exc:
        return _not_found(request, "indicator", exc)
    query = tuple(sorted((k, tuple(v)) for k, v in request.GET.lists()))
    body, status = cached(
        ("diagnose:indicator", found.id, query), lambda: _indicator_page(request, found)
    )
    context = {"indicator": found, "body": mark_safe(body)}  # noqa: S308 (a rendered template)
    return render(request, "diagnose/indicator.html", context, status=status)


def _indicator_page(request: HttpRequest, found: Indicator) -> tuple[str, int]:
    """The league table page's content (rendered without the request) and its status."""
    with request_warehouse() as con:
        context = _league(con, found, request)
        context["indicator"] = found
        t = context["table"]
        if t is not None:
            highlight = t.spec.highlight or DEFAULT_PLACE_CODE
            context["highlight"] = resolve_place(con, highlight)
            context["league_table"] = scroll_region(
                presenters.league_table(t, highlight), "League table"
            )
            context["dot_plot"] = presenters.dot_plot(t, highlight)
            context["rank_sentence"] = presenters.text.rank_sentence(t, highlight)
            context.update(presenters.trend_context(con, found, highlight))
            context.update(
                presenters.district_map_context(con, found, t.period, context["highlight"])
            )
            context["trend_provenance"] = indicator_provenance(con, found)
    params = context["params"]
    context["downloads"] = presenters.download_links(
        "league", params, "indicator-download", indicator=found.id
    )
    context["trend_downloads"] = presenters.download_links(
        "trend", params, "indicator-download", indicator=found.id
    )
    status = 200 if context["table"] is not None else 400
    return render_to_string("diagnose/_indicator.html", context), status


def indicator_download(request: HttpRequest, indicator: str, table: str, fmt: str) -> HttpResponse:
    try:
        found = get_indicator(indicator)
    except NotFoundError as exc:
        raise Http404(str(exc)) from exc
    if table not in ("league", "trend"):
        raise Http404("Tables: league, trend.")
    with request_warehouse() as con:
        context = _league(con, found, request)
        t = context["table"]
        if t is None:
            raise Http404(context.get("error") or "Not a valid league table request.")
        notes = [*t.provenance.lines(), *t.notes]
        if table == "trend":
            frame = presenters.trend_context(con, found, t.spec.highlight or "")["trend_frame"]
            notes = indicator_provenance(con, found).lines()
            return export_response(frame, f"{found.id}-trend", fmt, notes)
    return export_response(t.frame, f"{found.id}-{t.period}-league", fmt, notes)


def _not_found_place(request: HttpRequest, place: str, exc: NotFoundError) -> HttpResponse:
    if place != CUSTOM:
        return _not_found(request, "place", exc)
    change = reverse("places:overview", args=[CUSTOM]) + "?" + request.GET.urlencode()
    links = [Link("Change the name or districts", change),
             Link("Every place there is", reverse("places:index"))]  # fmt: skip
    return not_found(request, "custom place", str(exc), links=links)


def _summary(con: Any, found: Place) -> PlaceSummary:
    return cached(("place", found), lambda: place_summary(con, found))


def place(request: HttpRequest, place: str) -> HttpResponse:
    with request_warehouse() as con:
        try:
            found = place_from(con, place, request.GET)
        except NotFoundError as exc:
            return _not_found_place(request, place, exc)
    body = cached_fragment(
        ("diagnose:place", found, place), "diagnose/_place.html", lambda: _place_page(found, place)
    )
    return render(request, "diagnose/place.html", {"place": found, "body": body})


def _place_page(found: Place, place: str) -> dict[str, Any]:
    with request_warehouse() as con:
        summary = _summary(con, found)
        context = presenters.place_context(
            summary, summary_frames(summary), place, custom_query(found)
        )
        context["provenance"] = sources(con, summary.dataset_ids)
    query = urlencode(custom_query(found))
    context["good_jobs_url"] = reverse("diagnose:good-jobs", args=[place]) + (
        f"?{query}" if query else ""
    )
    return context


def place_download(request: HttpRequest, place: str, table: str, fmt: str) -> HttpResponse:
    if table not in PLACE_TABLES:
        raise Http404(f"Tables: {', '.join(PLACE_TABLES)}.")
    with request_warehouse() as con:
        try:
            found = place_from(con, place, request.GET)
        except NotFoundError as exc:
            raise Http404(str(exc)) from exc
        summary = _summary(con, found)
        frames = summary_frames(summary)
        if table not in frames:
            raise Http404(f"No {table} table for {found.name}.")
        notes = summary_provenance(con, summary).lines()
    if found.kind == "custom":
        notes.append(describe(found))
    return export_response(frames[table], f"{found.name}-{table}", fmt, notes)

"""The good-jobs page of a place: pay, security of work, skills and digital access, each figure
ranked among the place's peers (greatjobs.report.good_jobs). Thin: the library ranks, this
module lays the tables out, and every table downloads with its sources as notes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import SafeString
from govuk_frontend_django.components.table import GovUKTable

from greatjobs.charts import format_number
from greatjobs.errors import NotFoundError
from greatjobs.geography import Place
from greatjobs.provenance import Provenance
from greatjobs.report import text
from greatjobs.report.good_jobs import (
    Theme,
    ThemeProfile,
    good_jobs_profile,
    profile_frame,
    theme_sources,
)
from greatjobs.web.core.cache import cached, cached_fragment
from greatjobs.web.core.components import Cell, numeric, scroll_region, table
from greatjobs.web.core.exports import export_response
from greatjobs.web.core.places import custom_query, describe, place_from
from greatjobs.web.core.warehouse import request_warehouse

HEAD = ["Indicator", "Period", "Value", "Rank", "95% rank interval", "England",
        "Compared with England"]  # fmt: skip
SECTION_HEADINGS = {"good-jobs": "Good jobs", "digital-inclusion": "Digital inclusion"}
DRAWS = 1000
"""Draws for the rank intervals (the place page's are 4,000; the ranks are the same)."""


@dataclass(frozen=True)
class ThemeView:
    """A theme as the page shows it: its table (none for a theme without indicators) and the
    sources of its figures."""

    theme: Theme
    table: SafeString | None
    provenance: Provenance


def _profile(con: Any, place: Place) -> tuple[ThemeProfile, ...]:
    return cached(("good-jobs", place), lambda: good_jobs_profile(con, place, DRAWS))


def theme_table(profile: ThemeProfile, code: str) -> GovUKTable:
    rows: list[list[Cell]] = []
    for r in profile.ranks:
        row, unit = r.row(code), r.indicator.unit
        if r.table is None or row is None or pd.isna(row["value"]):
            rows.append([r.indicator.title, "–", "–", "–", "–", "–", r.error or "no figure"])
            continue
        england = r.table.england
        rows.append(
            [
                r.indicator.title,
                r.table.period,
                numeric(text.value_with_ci(row, unit)),
                numeric(text.rank_cell(row, r.table.size)),
                numeric(text.rank_interval(row)),
                numeric(format_number(england.value, unit))
                if england and england.value is not None
                else "–",
                text.compared(row["significance"]),
            ]
        )
    return table(
        HEAD,
        rows,
        caption=f"{profile.theme.title}: rank 1 is best among the place's peers",
        caption_size="s",
        first_cell_is_header=True,
        attributes={"data-testid": f"theme-{profile.theme.id}"},
    )


def good_jobs(request: HttpRequest, place: str) -> HttpResponse:
    with request_warehouse() as con:
        try:
            found = place_from(con, place, request.GET)
        except NotFoundError as exc:
            raise Http404(str(exc)) from exc
    body = cached_fragment(
        ("diagnose:good-jobs", found, place),
        "diagnose/_good_jobs.html",
        lambda: _context(found, place),
    )
    return render(request, "diagnose/good_jobs.html", {"place": found, "body": body})


def _context(found: Place, slug: str) -> dict[str, Any]:
    with request_warehouse() as con:
        profile = _profile(con, found)
    query = urlencode(custom_query(found))
    download = reverse("diagnose:good-jobs-download", args=[slug, "csv"])
    themes = [
        ThemeView(
            p.theme,
            scroll_region(theme_table(p, found.code), p.theme.title) if p.ranks else None,
            theme_sources(p),
        )
        for p in profile
    ]
    return {
        "place": found,
        "custom": found.kind == "custom",
        "sections": [
            (section, heading, [t for t in themes if t.theme.section == section])
            for section, heading in SECTION_HEADINGS.items()
        ],
        "downloads": {
            "csv": f"{download}?{query}" if query else download,
            "xlsx": (f"{download[:-3]}xlsx?{query}" if query else f"{download[:-3]}xlsx"),
        },
        "place_url": reverse("diagnose:place", args=[slug]) + (f"?{query}" if query else ""),
    }


def good_jobs_download(request: HttpRequest, place: str, fmt: str) -> HttpResponse:
    with request_warehouse() as con:
        try:
            found = place_from(con, place, request.GET)
        except NotFoundError as exc:
            raise Http404(str(exc)) from exc
        profile = _profile(con, found)
    notes: list[str] = []
    for p in profile:
        notes += theme_sources(p).lines()
        if p.theme.note:
            notes.append(f"{p.theme.title}: {p.theme.note}")
        notes += [f"Method of {r.indicator.id}: {r.indicator.method}" for r in p.ranks]
    if found.kind == "custom":
        notes.append(describe(found))
    frame = profile_frame(profile, found.code)
    return export_response(frame, f"{found.name}-good-jobs", fmt, list(dict.fromkeys(notes)))

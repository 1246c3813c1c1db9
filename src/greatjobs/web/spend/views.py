from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from greatjobs.charts import row_chart, spend_trend_chart
from greatjobs.errors import GreatjobsError
from greatjobs.geography import DEFAULT_PLACE_CODE, list_places, resolve_place
from greatjobs.spend.ingest import import_file
from greatjobs.spend.ledger import bodies as ledger_bodies
from greatjobs.spend.ledger import files_by_body, quarantined_rows, read_ledger, write_ledger
from greatjobs.spend.ledger import years as ledger_years
from greatjobs.spend.metrics import TOGETHER_LABEL
from greatjobs.spend.report import PlaceScope, home_place, place_scope, spend_report
from greatjobs.store.backend import DuckDBBackend
from greatjobs.web.accounts.roles import ADMIN, ANALYST, EMPLOYER, SUPPLIER, role_of
from greatjobs.web.core.cache import cached
from greatjobs.web.core.exports import export_response
from greatjobs.web.core.uploads import SPEND_FILE, allows_request_bytes
from greatjobs.web.core.warehouse import current_home, request_warehouse
from greatjobs.web.spend import tables
from greatjobs.web.spend.forms import DashboardForm, ImportForm

TOP_SHOWN = 20
"""Top suppliers shown on the page; the rest (up to 300) open below, and all download."""
TABLES = (
    "headline",
    "anchors",
    "shared",
    "opportunities",
    "top_suppliers",
    "districts",
    "trend",
    "leakage",
    "exclusions",
)


def _viewer(request: HttpRequest) -> str | None:
    role = role_of(request.user)
    if role is None or role in (SUPPLIER, EMPLOYER):
        raise PermissionDenied("Spend analysis is for the combined authority's staff.")
    return role


def _can_import(role: str | None) -> bool:
    return role in (ADMIN, ANALYST)


def index(request: HttpRequest) -> HttpResponse:
    role = _viewer(request)
    con = read_ledger(current_home())
    try:
        files = files_by_body(con)
    finally:
        con.close()
    context = {"bodies": tables.bodies_table(files) if files else None}
    return render(request, "spend/index.html", {**context, "can_import": _can_import(role)})


@allows_request_bytes(5 * SPEND_FILE.max_bytes)
def import_view(request: HttpRequest) -> HttpResponse:
    if not _can_import(_viewer(request)):
        raise PermissionDenied("Only analysts and admins import spend files.")
    form = ImportForm(request.POST or None, request.FILES or None)
    results: list[dict[str, Any]] = []
    if request.method == "POST" and form.is_valid():
        body = form.cleaned_data["body"]
        with tempfile.TemporaryDirectory() as tmp, write_ledger(current_home()) as con:
            mapping_path = None
            if form.cleaned_data.get("mapping"):
                mapping_path = _save(form.cleaned_data["mapping"], Path(tmp) / "mapping.toml")
            for n, upload in enumerate(form.cleaned_data["files"]):
                path = _save(upload, Path(tmp) / f"file-{n}.csv")
                results.append(_import_one(con, path, body, mapping_path, upload.name))
    return render(request, "spend/import.html", {"form": form, "results": results})


def _save(upload: Any, path: Path) -> Path:
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return path


def _import_one(con: Any, path: Path, body: str, mapping: Path | None, name: str) -> dict[str, Any]:
    try:
        result = import_file(con, path, body, mapping, file_name=name)
    except GreatjobsError as exc:
        return {"name": name, "error": str(exc)}
    quarantined = quarantined_rows(con, file_id=result.file_id, skip_blank=True, limit=500)
    return {
        "name": name,
        "result": result,
        "quarantined": None if quarantined.empty else tables.quarantine_table(quarantined),
    }


def _picker(
    query: QueryDict, years: list[int], bodies: list[str]
) -> tuple[DashboardForm, PlaceScope | None, bool]:
    """The place/year/staff form read from the query string and, when its choices are valid,
    the chosen place's districts. The place defaults to the anchors' own area (the smallest
    place holding them all; the default place if their names do not say), and the third value
    says whether that default was taken."""
    with request_warehouse() as wh:
        places = [(p.code, p.name) for p in list_places(wh)]
        given = bool(query.get("place"))
        home = None if given else home_place(wh, bodies)
        default = home.code if home is not None else DEFAULT_PLACE_CODE
        # Each name's last value, as the form reads a query string.
        query_values = {name: query.get(name, "") for name in query}
        form = DashboardForm({"place": default, **query_values}, places, years)
        if not form.is_valid():
            return form, None, False
        scope = place_scope(wh, resolve_place(wh, form.cleaned_data["place"]))
        return form, scope, home is not None


def _title(chosen: list[str], form: DashboardForm) -> str:
    bodies = ", ".join(chosen) or "all anchors"
    return f"Spend: {bodies}" + ("" if form.errors else f", {form.chosen_year or 'all years'}")


def _query_key(query: QueryDict) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple(sorted((name, tuple(values)) for name, values in query.lists()))


def _report(query: QueryDict) -> dict[str, Any]:
    """The picker form and, when its choices are valid, the report they ask for; computed once
    per query while the ledger and the warehouse are unchanged (exports reuse the dashboard's)."""
    return cached(
        ("spend-report", _query_key(query)),
        lambda: _compute_report(query),
        sources=("warehouse", "ledger"),
    )


def _compute_report(query: QueryDict) -> dict[str, Any]:
    chosen = [b for b in query.getlist("body") if b]
    con = read_ledger(current_home())
    try:
        known = ledger_bodies(con)
        form, scope, own_area = _picker(query, ledger_years(con, chosen or None), chosen or known)
        report = (
            spend_report(
                con,
                DuckDBBackend(con),
                chosen or None,
                form.chosen_year,
                scope,
                staff=form.cleaned_data["staff"],
            )
            if scope is not None and known
            else None
        )
    finally:
        con.close()
    return {
        "form": form,
        "known": known,
        "chosen": chosen,
        "report": report,
        "title": _title(chosen, form),
        "own_area": own_area,
    }


@dataclass(frozen=True)
class DashboardPage:
    title: str
    html: str
    status: int

    @property
    def errors(self) -> bool:
        return self.status >= 400


def _dashboard_page(query: QueryDict) -> DashboardPage:
    try:
        context = _report(query)
    except GreatjobsError as exc:
        html = render_to_string("spend/_dashboard.html", {"error": str(exc)})
        return DashboardPage("Spend dashboard", html, 404)
    context = {**context, "query": query.urlencode()}
    report = context["report"]
    if report is not None:
        context["headline"] = tables.headline_table(report.headline)
        context["lm3"] = tables.lm3_table(report)
        top, more = report.top_suppliers[:TOP_SHOWN], report.top_suppliers[TOP_SHOWN:]
        context["top"] = tables.suppliers_table(
            top, f"The {TOP_SHOWN} suppliers with most spend", "top-suppliers"
        )
        if len(more):
            context["more_top"] = tables.suppliers_table(
                more, f"Suppliers {TOP_SHOWN + 1} to 300 by spend", "more-suppliers"
            )
            context["more_count"] = len(more)
        if len(report.anchors) > 2:  # several anchors, and all of them together
            context["anchors"] = tables.anchors_table(report.anchors)
            each = report.anchors[report.anchors["body"] != TOGETHER_LABEL]
            bars = [(b, float(v)) for b, v in zip(each["body"], each["in_scope_gbp"], strict=True)]
            context["anchors_svg"] = mark_safe(  # noqa: S308 (built by greatjobs.charts, escaped)
                row_chart(
                    bars,
                    chart_id="anchors-chart",
                    title="In-scope spend by anchor",
                    unit="£",
                )
            )
        if len(report.shared):
            context["shared"] = tables.shared_table(report.shared.head(TOP_SHOWN))
            context["shared_count"] = len(report.shared)
        if len(report.opportunities):
            context["opportunities"] = tables.opportunities_table(
                report.opportunities.head(TOP_SHOWN)
            )
        if len(report.leakage):
            context["leakage"] = tables.leakage_table(report.leakage)
        if len(report.exclusions):
            context["exclusions"] = tables.exclusions_table(report.exclusions)
        context["trend_svg"] = mark_safe(  # noqa: S308 (built by greatjobs.charts, escaped)
            spend_trend_chart(report.trend.groupby("year")["spend_gbp"].sum().items())
        )
        trend = report.trend.groupby("year", as_index=False)["spend_gbp"].sum()
        context["trend"] = tables.trend_table(trend) if len(trend) else None
    html = render_to_string("spend/_dashboard.html", context)
    return DashboardPage(context["title"], html, 400 if context["form"].errors else 200)


def _page(request: HttpRequest, page: DashboardPage) -> HttpResponse:
    context = {"page": DashboardPage(page.title, mark_safe(page.html), page.status)}  # noqa: S308
    return render(request, "spend/dashboard.html", context, status=page.status)


def dashboard(request: HttpRequest) -> HttpResponse:
    _viewer(request)
    page = cached(
        ("spend-dashboard", _query_key(request.GET)),
        lambda: _dashboard_page(request.GET),
        sources=("warehouse", "ledger"),
    )
    return _page(request, page)


def export(request: HttpRequest, table: str, fmt: str) -> HttpResponse:
    _viewer(request)
    if table not in TABLES:
        raise Http404(f"No table {table!r}.")
    try:
        context = _report(request.GET)
    except GreatjobsError:
        return _page(request, _dashboard_page(request.GET))
    if context["form"].errors:
        return _page(request, _dashboard_page(request.GET))
    report = context["report"]
    if report is None:
        return export_response(pd.DataFrame(), f"spend-{table}", fmt)
    scope = (
        f"{context['title']}; suppliers in {report.place} count as local "
        f"({context['form'].cleaned_data['place']})."
    )
    name = f"spend-{table}-{'-'.join(context['chosen']) or 'all'}-{report.year or 'all-years'}"
    return export_response(
        getattr(report, table), f"{name}-{report.place}", fmt, [scope, *report.notes]
    )

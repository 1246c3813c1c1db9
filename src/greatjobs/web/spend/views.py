from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe

from greatjobs.errors import GreatjobsError
from greatjobs.geography import DEFAULT_PLACE_CODE, list_places, resolve_place
from greatjobs.spend.ingest import import_file
from greatjobs.spend.ledger import bodies as ledger_bodies
from greatjobs.spend.ledger import open_ledger
from greatjobs.spend.ledger import years as ledger_years
from greatjobs.spend.report import PlaceScope, place_scope, spend_report
from greatjobs.store.backend import DuckDBBackend
from greatjobs.web.accounts.roles import ADMIN, ANALYST, EMPLOYER, SUPPLIER, role_of
from greatjobs.web.core.exports import export_response
from greatjobs.web.core.warehouse import current_home, request_warehouse
from greatjobs.web.spend.charts import trend_svg
from greatjobs.web.spend.forms import DashboardForm, ImportForm

TABLES = ("headline", "top_suppliers", "districts", "trend", "leakage", "exclusions")


def _viewer(request: HttpRequest) -> str | None:
    role = role_of(request.user)
    if role is None or role in (SUPPLIER, EMPLOYER):
        raise PermissionDenied("Spend analysis is for the combined authority's staff.")
    return role


def _can_import(role: str | None) -> bool:
    return role in (ADMIN, ANALYST)


def index(request: HttpRequest) -> HttpResponse:
    role = _viewer(request)
    con = open_ledger(current_home())
    try:
        files = con.execute(
            """SELECT body, count(*), sum(rows_loaded), sum(rows_quarantined), sum(amount_loaded)
               FROM spend.source_file GROUP BY body ORDER BY body"""
        ).fetchall()
    finally:
        con.close()
    return render(request, "spend/index.html", {"bodies": files, "can_import": _can_import(role)})


def import_view(request: HttpRequest) -> HttpResponse:
    if not _can_import(_viewer(request)):
        raise PermissionDenied("Only analysts and admins import spend files.")
    form = ImportForm(request.POST or None, request.FILES or None)
    results: list[dict[str, Any]] = []
    if request.method == "POST" and form.is_valid():
        body = form.cleaned_data["body"]
        con = open_ledger(current_home())
        with tempfile.TemporaryDirectory() as tmp:
            mapping_path = None
            if form.cleaned_data.get("mapping"):
                mapping_path = _save(form.cleaned_data["mapping"], Path(tmp) / "mapping.toml")
            try:
                for n, upload in enumerate(form.cleaned_data["files"]):
                    path = _save(upload, Path(tmp) / f"file-{n}.csv")
                    results.append(_import_one(con, path, body, mapping_path, upload.name))
            finally:
                con.close()
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
    quarantined = con.execute(
        """SELECT row_number, column_name, reason FROM spend.quarantine
           WHERE file_id = ? AND reason NOT LIKE 'blank row%' ORDER BY row_number LIMIT 500""",
        [result.file_id],
    ).fetchall()
    return {"name": name, "result": result, "quarantined": quarantined}


def _picker(request: HttpRequest, years: list[int]) -> tuple[DashboardForm, PlaceScope | None]:
    """The place/year/staff form read from the query string (the place defaults to the default
    place) and, when its choices are valid, the chosen place's districts."""
    with request_warehouse() as wh:
        places = [(p.code, p.name) for p in list_places(wh)]
        form = DashboardForm({"place": DEFAULT_PLACE_CODE, **request.GET.dict()}, places, years)
        if not form.is_valid():
            return form, None
        return form, place_scope(wh, resolve_place(wh, form.cleaned_data["place"]))


def _title(chosen: list[str], form: DashboardForm) -> str:
    bodies = ", ".join(chosen) or "all anchors"
    return f"Spend: {bodies}" + ("" if form.errors else f", {form.chosen_year or 'all years'}")


def _report(request: HttpRequest) -> dict[str, Any]:
    """The picker form and, when its choices are valid, the report they ask for."""
    chosen = [b for b in request.GET.getlist("body") if b]
    con = open_ledger(current_home())
    try:
        known = ledger_bodies(con)
        form, scope = _picker(request, ledger_years(con, chosen or None))
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
    }


def _page(request: HttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
    return render(request, "spend/dashboard.html", context, status=status)


def dashboard(request: HttpRequest) -> HttpResponse:
    _viewer(request)
    try:
        context = _report(request)
    except GreatjobsError as exc:
        return _page(request, {"error": str(exc)}, status=404)
    context["query"] = request.GET.urlencode()
    report = context["report"]
    if report is not None:
        context["headline"] = report.headline.to_dict("records")
        context["top"] = report.top_suppliers.to_dict("records")
        context["leakage"] = report.leakage.to_dict("records")
        context["exclusions"] = report.exclusions.to_dict("records")
        context["districts"] = report.districts.to_dict("records")
        context["trend_svg"] = mark_safe(trend_svg(report.trend))  # noqa: S308 (built and escaped here)
    return _page(request, context, status=400 if context["form"].errors else 200)


def export(request: HttpRequest, table: str, fmt: str) -> HttpResponse:
    _viewer(request)
    if table not in TABLES:
        from django.http import Http404

        raise Http404(f"No table {table!r}.")
    try:
        context = _report(request)
    except GreatjobsError as exc:
        return _page(request, {"error": str(exc)}, status=404)
    if context["form"].errors:
        return _page(request, context, status=400)
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

"""The scenario builder: the "EU funds end" scenario and multipliers for any place.

Thin views: validate the form, call :mod:`greatjobs.impact`, render. Both pages are GET forms, so
a result has an address and its download re-runs the same (fast, seeded) calculation.
"""

from __future__ import annotations

from typing import Any

import duckdb
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify

from greatjobs.errors import GreatjobsError, NotFoundError
from greatjobs.geography import Place, resolve_place
from greatjobs.impact import read_ioat
from greatjobs.impact import regional as reg
from greatjobs.impact.ioat import IOTables
from greatjobs.impact.multipliers import place_multipliers
from greatjobs.impact.scenario import (
    ScenarioResult,
    eu_funds_data,
    eu_funds_end,
    final_demand,
    simulate_impact,
)
from greatjobs.web.core.exports import export_response
from greatjobs.web.core.warehouse import request_warehouse
from greatjobs.web.impact import presenters
from greatjobs.web.impact.forms import (
    CUSTOM,
    EuFundsForm,
    MultipliersForm,
    bind_query,
    is_national,
)


def index(request: HttpRequest) -> HttpResponse:
    return render(request, "impact/index.html", {"eu": eu_funds_data()["amount"]})


def _place(con: duckdb.DuckDBPyConnection, form: Any) -> tuple[bool, Place | None]:
    """(ok, place): the form's place resolved, or a field error (with suggestions) on it."""
    text = form.cleaned_data["place"]
    if is_national(text):
        return True, None
    try:
        return True, resolve_place(con, text)
    except NotFoundError as exc:
        form.add_error("place", str(exc))
        return False, None


def _custom_vector(con: duckdb.DuckDBPyConnection, tables: IOTables, form: EuFundsForm) -> Any:
    """The custom spend profile as £m by IOAT industry (SIC codes mapped), or a field error."""
    amount_m = form.cleaned_data["amount"] / 1e6
    shares: dict[str, float] = form.cleaned_data["shares"]
    sic = {c: s * amount_m for c, s in shares.items() if c.strip().isdigit()}
    ioat = {c.strip(): s * amount_m for c, s in shares.items() if not c.strip().isdigit()}
    try:
        return final_demand(con, tables, ioat, "ioat") + final_demand(con, tables, sic, "sic")
    except GreatjobsError as exc:
        form.add_error("custom_profile", str(exc))
        return None


def run_eu_funds(con: duckdb.DuckDBPyConnection, form: EuFundsForm) -> ScenarioResult | None:
    """The scenario for a valid form, or None with errors added to the form."""
    ok, place = _place(con, form)
    if not ok:
        return None
    data = form.cleaned_data
    tables = read_ioat(con)
    if data["profile"] != CUSTOM:
        return eu_funds_end(con, tables, place, data["amount"], data["draws"], spec=data["spec"])
    f = _custom_vector(con, tables, form)
    if f is None:
        return None
    result = simulate_impact(con, tables, place, f, draws=data["draws"], spec=data["spec"])
    notes = (
        f"Amount: £{data['amount']:,.0f} a year. {eu_funds_data()['amount']['note']}",
        "Spend profile: your own shares by industry.",
        *result.notes,
    )
    return ScenarioResult(result.place, result.geography, result.table, notes, result.provenance)


def eu_funds(request: HttpRequest) -> HttpResponse:
    form = bind_query(EuFundsForm, request.GET)
    context: dict[str, Any] = {"form": form, "eu": eu_funds_data()}
    if form.is_bound and form.is_valid():
        with request_warehouse() as con:
            result = run_eu_funds(con, form)
            if result is not None:
                context["result"] = result
        if result is not None:
            context |= {
                "amount": form.cleaned_data["amount"],
                "scenario_table": presenters.scenario_table(result),
                "query": request.GET.urlencode(),
                **presenters.scenario_headlines(result, form.cleaned_data["amount"]),
            }
    return render(request, "impact/eu_funds.html", context)


def eu_funds_download(request: HttpRequest, fmt: str) -> HttpResponse:
    form = bind_query(EuFundsForm, request.GET)
    if form.is_bound and form.is_valid():
        with request_warehouse() as con:
            result = run_eu_funds(con, form)
            if result is not None:
                frame = result.table.copy()
                frame.insert(0, "place", result.place)
                name = f"eu-funds-end-{slugify(result.place)}"
                notes = result.provenance.with_notes(*result.notes).lines()
                return export_response(frame, name, fmt, notes)
    return redirect(f"{reverse('impact:eu_funds')}?{request.GET.urlencode()}")


def _multipliers(request: HttpRequest) -> tuple[MultipliersForm, dict[str, Any]]:
    form = bind_query(MultipliersForm, request.GET)
    if form.is_bound and not form.is_valid():
        return form, {}
    options = form.cleaned_data if form.is_bound else {f: form[f].initial for f in form.fields}
    with request_warehouse() as con:
        if form.is_bound:
            ok, place = _place(con, form)
            if not ok:
                return form, {}
        else:
            place = resolve_place(con, options["place"])
        frame, geography = place_multipliers(
            con, read_ioat(con), place, options["kind"], options["method"]
        )
        provenance = reg.model_provenance(con, geography if place else None)
    name = place.name if place else "United Kingdom"
    return form, {
        "frame": frame,
        "kind": options["kind"],
        "method": options["method"],
        "name": name,
        "geography": geography,
        "provenance": provenance,
        "place_given": place is not None,
    }


def multipliers(request: HttpRequest) -> HttpResponse:
    form, found = _multipliers(request)
    context: dict[str, Any] = {"form": form, **found, "query": request.GET.urlencode()}
    if found:
        context["table"] = presenters.multipliers_table(found["frame"], found["kind"])
    return render(request, "impact/multipliers.html", context)


def multipliers_download(request: HttpRequest, fmt: str) -> HttpResponse:
    _form, found = _multipliers(request)
    if not found:
        return redirect(f"{reverse('impact:multipliers')}?{request.GET.urlencode()}")
    frame = found["frame"].copy()
    frame.insert(0, "place", found["name"])
    frame.insert(1, "type", found["kind"])
    interval = (
        "intervals from FLQ delta 0.1 to 0.4 (Flegg and Tohmo 2013)"
        if found["method"] == "flq" and found["place_given"]
        else "no interval (no parameter to vary)"
    )
    notes = [
        f"Type {found['kind']}, {found['method'].upper()}; {interval}. "
        f"Employment: {found['geography']}.",
    ]
    return export_response(
        frame,
        f"multipliers-{slugify(found['name'])}-type-{found['kind']}",
        fmt,
        found["provenance"].with_notes(*notes).lines(),
    )

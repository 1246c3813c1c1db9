"""Reports (per contract, supplier, commissioner and place-wide, by year) with a chart and
downloads; the measures library and organisations' local measures."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

import pandas as pd
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from greatjobs.charts import value_bar_chart
from greatjobs.socialvalue.limits import EARLIEST_YEAR
from greatjobs.web.accounts.roles import is_admin
from greatjobs.web.core.auth import signed_in_user
from greatjobs.web.core.exports import export_response
from greatjobs.web.socialvalue import tables, valuation
from greatjobs.web.socialvalue.access import is_commissioner, require_staff
from greatjobs.web.socialvalue.forms import LocalMeasureForm
from greatjobs.web.socialvalue.models import Contract, LocalMeasure

METHOD_NOTES = [
    "Committed value: the winning bid's commitments x each measure's open proxy "
    "(greatjobs measures library); measures without an open proxy are counted, not valued.",
    "Delivered: quantities in suppliers' returns sent in the year; verified: what the "
    "commissioner verified, at the same proxies.",
    "Proxies: HM Treasury Green Book WELLBY (£13,000, 2019 prices) uprated with the GDP deflator; "
    "local jobs at ONS ASHE median weekly pay for the contract's place. No National TOMs or HACT "
    "values are used.",
    "These are gross values. To value a contract net of deadweight, displacement and "
    "attribution, with drop-off and discounting, use its Value this contract (SROI) page "
    "(linked from each contract) or greatjobs socialvalue sroi.",
]


def _frames(year: int) -> dict[str, pd.DataFrame]:
    lib = valuation.library()
    rows = []
    for contract in Contract.objects.filter(status=Contract.Status.AWARDED).select_related(
        "organisation", "awarded_bid__organisation"
    ):
        values = valuation.contract_values(contract, lib, year=year)
        rows.append(
            {
                "contract": contract.title,
                "supplier": contract.awarded_bid.organisation.name if contract.awarded_bid else "",
                "commissioner": contract.organisation.name,
                "place": contract.place_name,
                "contract_value": float(contract.value),
                "committed": round(values.committed, 2),
                "delivered": round(values.delivered, 2),
                "verified": round(values.verified, 2),
            }
        )
    contracts = pd.DataFrame(
        rows,
        columns=[
            "contract",
            "supplier",
            "commissioner",
            "place",
            "contract_value",
            "committed",
            "delivered",
            "verified",
        ],
    )
    sums = ["contract_value", "committed", "delivered", "verified"]
    return {
        "contracts": contracts,
        "suppliers": contracts.groupby("supplier", as_index=False)[sums].sum(),
        "commissioners": contracts.groupby("commissioner", as_index=False)[sums].sum(),
        "places": contracts.groupby("place", as_index=False)[sums].sum(),
    }


def report_year(raw: str | None, this_year: int) -> tuple[int, str]:
    """The year asked for, or this year and why the one asked for cannot be reported."""
    if raw is None or not raw.strip():
        return this_year, ""
    try:
        year = int(raw.strip())
    except ValueError:
        return this_year, f"Enter the year as 4 digits, for example {this_year}."
    if not EARLIEST_YEAR <= year <= this_year:
        return this_year, f"Enter a year from {EARLIEST_YEAR} to {this_year}."
    return year, ""


def reports(request: HttpRequest) -> HttpResponse:
    require_staff(request.user)
    year, year_error = report_year(request.GET.get("year"), dt.date.today().year)
    frames = _frames(year)
    export = request.GET.get("export")
    if export and not year_error:
        table = request.GET.get("table", "contracts")
        frame = frames.get(table, frames["contracts"])
        return export_response(frame, f"social-value-{table}-{year}", export, METHOD_NOTES)
    contracts = frames["contracts"]
    chart = value_bar_chart(
        [
            {
                "label": str(r["contract"]),
                "committed": float(r["committed"]),
                "delivered": float(r["delivered"]),
                "verified": float(r["verified"]),
            }
            for r in contracts.to_dict("records")
        ],
        chart_id="sv-contracts",
        title=f"Social value committed, delivered and verified by contract, {year}",
    )
    totals = contracts[["contract_value", "committed", "delivered", "verified"]].sum()
    return render(
        request,
        "socialvalue/reports.html",
        {
            "year": year,
            "year_error": year_error,
            "year_asked": request.GET.get("year", "") if year_error else year,
            "chart": mark_safe(chart),  # noqa: S308 - built from escaped values
            "tables": {
                name: tables.report_table(name, frame, year) for name, frame in frames.items()
            },
            "totals": totals.to_dict(),
            "notes": METHOD_NOTES,
            "awarded": Contract.objects.filter(status=Contract.Status.AWARDED),
        },
        status=400 if year_error else 200,
    )


def measures(request: HttpRequest) -> HttpResponse:
    lib = valuation.library()
    themes: dict[str, list[Any]] = defaultdict(list)
    for m in lib.measures:
        themes[m.theme].append(m)
    frame = lib.to_frame()
    if request.GET.get("export"):
        return export_response(
            frame,
            f"social-value-measures-{lib.version}",
            request.GET["export"],
            [
                f"greatjobs measures library {lib.version}",
                lib.wellby_source,
                f"Uprating: {lib.deflator.provenance}",
                *lib.notes,
            ],
        )
    admin = is_admin(request.user)
    local = _local_measures(lib) if admin else []
    return render(
        request,
        "socialvalue/measures.html",
        {
            "library": lib,
            "themes": dict(themes),
            "can_add": may_add_measures(request.user),
            "local_measures": tables.local_measures_table(local, get_token(request))
            if local
            else None,
        },
    )


def _local_measures(lib: Any) -> list[dict[str, Any]]:
    """Every organisation's local measures, for the admin: whether each is in use, retired or
    left out of the library (its code clashes)."""
    rows = []
    for m in LocalMeasure.objects.select_related("organisation").order_by("code"):
        if m.retired_at:
            status = f"Retired {m.retired_at:%d %b %Y}"
        elif m.code in lib.skipped:
            status = "Left out: its code clashes with another measure's"
        else:
            status = "Offered for new contracts"
        rows.append({"measure": m, "status": status})
    return rows


def may_add_measures(user: Any) -> bool:
    """Commissioners and admins add local measures, for an organisation they belong to."""
    return is_commissioner(user) and user.memberships.exists()


def local_measure_create(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not may_add_measures(user):
        raise PermissionDenied(
            "Only commissioners and admins who belong to an organisation add local measures."
        )
    form = LocalMeasureForm(request.POST or None, user=user, library=valuation.shipped_library())
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                measure = form.save()
        except IntegrityError:  # another measure took the code since the form was checked
            form.add_error("code", "There is already a local measure with this code.")
        else:
            messages.success(request, f"Added local measure {measure.code}.")
            return redirect("socialvalue:measures")
    return render(request, "socialvalue/form.html", {"form": form, "title": "Add a local measure"})


@require_POST
def local_measure_retire(request: HttpRequest, pk: int) -> HttpResponse:
    """An admin retires a local measure: no new contract can use it; those that do keep it."""
    if not is_admin(request.user):
        raise PermissionDenied("Only admins retire local measures.")
    measure = get_object_or_404(LocalMeasure, pk=pk)
    if measure.retired_at:
        messages.info(request, f"{measure.code} was already retired.")
    else:
        measure.retired_at = timezone.now()
        measure.save()
        messages.success(
            request,
            f"Retired {measure.code}: it is no longer offered for new contracts; contracts "
            "already using it keep it.",
        )
    return redirect("socialvalue:measures")

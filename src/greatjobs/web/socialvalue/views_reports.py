"""Reports (per contract, supplier, commissioner and place-wide, by year) with a chart and
downloads; the measures library and organisations' local measures."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

import pandas as pd
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe

from greatjobs.web.core.exports import export_response
from greatjobs.web.socialvalue import valuation
from greatjobs.web.socialvalue.access import require_staff
from greatjobs.web.socialvalue.charts import value_bars
from greatjobs.web.socialvalue.forms import LocalMeasureForm
from greatjobs.web.socialvalue.models import Contract

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


def reports(request: HttpRequest) -> HttpResponse:
    require_staff(request.user)
    try:
        year = int(request.GET.get("year", dt.date.today().year))
    except ValueError:
        year = dt.date.today().year
    frames = _frames(year)
    export = request.GET.get("export")
    if export:
        table = request.GET.get("table", "contracts")
        frame = frames.get(table, frames["contracts"])
        return export_response(frame, f"social-value-{table}-{year}", export, METHOD_NOTES)
    contracts = frames["contracts"]
    chart = value_bars(
        [
            {
                "label": r.contract,
                "committed": r.committed,
                "delivered": r.delivered,
                "verified": r.verified,
            }
            for r in contracts.itertuples()
        ],
        "sv-contracts",
        f"Social value committed, delivered and verified by contract, {year}",
    )
    totals = contracts[["contract_value", "committed", "delivered", "verified"]].sum()
    return render(
        request,
        "socialvalue/reports.html",
        {
            "year": year,
            "chart": mark_safe(chart),  # noqa: S308 - built from escaped values
            "tables": {name: _records(frame) for name, frame in frames.items()},
            "totals": totals.to_dict(),
            "notes": METHOD_NOTES,
            "awarded": Contract.objects.filter(status=Contract.Status.AWARDED),
        },
    )


def _records(frame: pd.DataFrame) -> dict[str, Any]:
    return {"columns": list(frame.columns), "rows": frame.to_dict(orient="records")}


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
            ],
        )
    return render(
        request,
        "socialvalue/measures.html",
        {"library": lib, "themes": dict(themes), "can_add": request.user.memberships.exists()},
    )


def local_measure_create(request: HttpRequest) -> HttpResponse:
    form = LocalMeasureForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        measure = form.save()
        messages.success(request, f"Added local measure {measure.code}.")
        return redirect("socialvalue:measures")
    return render(request, "socialvalue/form.html", {"form": form, "title": "Add a local measure"})

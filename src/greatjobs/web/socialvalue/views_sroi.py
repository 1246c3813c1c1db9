"""Value a contract's outcomes honestly: SROI on its verified (or delivered, or committed)
quantities, net of deadweight, displacement and attribution, with drop-off and Green Book
discounting; intervals, sensitivity, a chart, downloads and the impact map for the CLI.

A GET form: nothing is saved, so a valuation is a link that can be shared and downloaded.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe

from greatjobs.charts import tornado_chart
from greatjobs.errors import DataError
from greatjobs.socialvalue import impact_map_toml
from greatjobs.web.core.exports import export_response
from greatjobs.web.socialvalue import appraisal, tables
from greatjobs.web.socialvalue.access import reads_everything, reports_on
from greatjobs.web.socialvalue.forms import SroiForm
from greatjobs.web.socialvalue.models import Contract
from greatjobs.web.socialvalue.views_contracts import visible_contract


def valued_contract(request: HttpRequest, pk: int) -> Contract:
    """Commissioners, analysts and admins value any contract; the supplier that won it may see
    its valuation too (nothing here is saved). Anyone else: not found."""
    contract = visible_contract(request, pk)
    if not (reads_everything(request.user) or reports_on(request.user, contract)):
        raise Http404("Only staff and the supplier that won this contract can value it.")
    return contract


def contract_sroi(request: HttpRequest, pk: int) -> HttpResponse:
    contract = valued_contract(request, pk)
    start = appraisal.starting_point(contract)
    data = request.GET if "basis" in request.GET else None
    form = SroiForm(data, rows=start.valued, investment=contract.value)
    context: dict[str, Any] = {
        "contract": contract,
        "start": start,
        "form": form,
        "quantities": tables.quantities_table(start),
    }
    if form.is_bound and form.is_valid() and start.valued:
        try:
            spec = appraisal.build_spec(
                contract, start, assumptions=form.assumptions(), **form.choices()
            )
        except DataError as exc:  # the library's own checks, should the form's miss one
            form.add_error(None, str(exc))
        else:
            done = appraisal.appraise(spec, form.cleaned_data["basis"], start)
            export = request.GET.get("export")
            if export:
                return _download(contract, done, export, request.GET.get("table", "outcomes"))
            context.update(_results(request, done))
    return render(request, "socialvalue/sroi.html", context)


def _download(contract: Contract, done: appraisal.Appraisal, fmt: str, table: str) -> HttpResponse:
    name = f"sroi-contract-{contract.pk}"
    if fmt == "toml":
        response = HttpResponse(impact_map_toml(done.spec), content_type="application/toml")
        response["Content-Disposition"] = f'attachment; filename="{name}-impact-map.toml"'
        return response
    frames = done.frames()
    if table not in frames:
        raise Http404(f"No table {table!r}.")
    return export_response(frames[table], f"{name}-{table}", fmt, done.notes)


def _results(request: HttpRequest, done: appraisal.Appraisal) -> dict[str, Any]:
    frames = done.frames()
    interval = dict(zip(("low", "median", "high"), done.intervals.percentiles, strict=True))
    query = request.GET.copy()
    query.pop("export", None)
    query.pop("table", None)
    chart = tornado_chart(
        [
            {
                "label": str(r["assumption"]),
                "at_low": float(r["ratio_at_low"]),
                "at_high": float(r["ratio_at_high"]),
            }
            for r in done.sensitivity.to_dict("records")
        ],
        done.result.ratio,
        chart_id="sroi-sensitivity",
        title="How far each assumption's range moves the SROI ratio",
    )
    return {
        "done": done,
        "tables": [name for name in frames if name != "years"],
        "summary": tables.summary_table(done, interval),
        "outcomes": tables.outcomes_table(frames["outcomes"]),
        "sensitivity": tables.sensitivity_table(frames["sensitivity"]),
        "chart": mark_safe(chart),  # noqa: S308 - built from escaped values
        "query": query.urlencode(),
        "interval": interval,
    }

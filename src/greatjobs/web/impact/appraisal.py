"""Appraise an investment programme: upload a portfolio CSV, see every row's fate and the results.

Every row of the file is accounted for: appraised, or reported with its row number, column and
reason. The results (and the rejected rows) are kept in the session so they can be downloaded.
"""

from __future__ import annotations

import io
from typing import Any

import pandas as pd
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from greatjobs.errors import DataError
from greatjobs.impact import read_ioat
from greatjobs.impact.portfolio import (
    REQUIRED,
    PortfolioAppraisal,
    appraise_portfolio,
    read_portfolio,
)
from greatjobs.web.core.exports import export_response
from greatjobs.web.core.warehouse import request_warehouse
from greatjobs.web.impact import appraisal_presenters as present
from greatjobs.web.impact.forms import MAX_PORTFOLIO_ROWS, AppraisalForm

SESSION_KEY = "impact_appraisal"
TEMPLATE_ROWS = (
    "name,industry,amount,gross_jobs,postcode,wage\n"
    "Advanced manufacturing hub,C29,2000000,60,WA7 1AA,15.20\n"
    "Digital skills academy,P85,750000,25,L3 5TQ,13.10\n"
    "Hotel refurbishment,55101,400000,30,L1 8JQ,\n"
)


class NamedText(io.StringIO):
    """Text that calls itself by the uploaded file's name in the library's messages."""

    def __init__(self, text: str, name: str) -> None:
        super().__init__(text)
        self.name = name

    def __str__(self) -> str:
        return self.name


def _read(form: AppraisalForm) -> pd.DataFrame | None:
    upload = form.cleaned_data["portfolio"]
    try:
        text = upload.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        form.add_error("portfolio", "The file must be a CSV file saved as UTF-8 text")
        return None
    try:
        frame = read_portfolio(NamedText(text, upload.name))
    except DataError as exc:
        form.add_error("portfolio", str(exc))
        return None
    if len(frame) > MAX_PORTFOLIO_ROWS:
        form.add_error("portfolio", f"The file must have {MAX_PORTFOLIO_ROWS:,} rows or fewer")
        return None
    if frame.empty:
        form.add_error("portfolio", "The file has a header but no rows")
        return None
    return frame


def appraise(request: HttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    form = AppraisalForm(request.POST, request.FILES) if posted else AppraisalForm()
    context: dict[str, Any] = {"form": form, "required": REQUIRED}
    if posted and form.is_valid():
        frame = _read(form)
        if frame is not None:
            data = form.cleaned_data
            with request_warehouse() as con:
                result = appraise_portfolio(
                    con, read_ioat(con), frame, data["budget"], data["spec"], draws=data["draws"]
                )
            context |= present.appraisal_context(result, data["budget"])
            context["provenance"] = result.provenance
            _remember(request, result, frame, data["portfolio"].name)
    return render(request, "impact/appraise.html", context)


def _remember(
    request: HttpRequest,
    result: PortfolioAppraisal,
    frame: pd.DataFrame,
    filename: str,
) -> None:
    table = present.download_frame(result, frame)
    notes = result.provenance.with_notes(*present.total_lines(result), *result.notes).lines()
    request.session[SESSION_KEY] = {
        "table": table.to_json(orient="split", date_format="iso"),
        "notes": notes,
        "name": f"appraisal-{filename.rsplit('.', 1)[0]}",
    }


def download(request: HttpRequest, fmt: str) -> HttpResponse:
    stored = request.session.get(SESSION_KEY)
    if not stored:
        return render(request, "impact/no_appraisal.html", status=404)
    table = pd.read_json(io.StringIO(stored["table"]), orient="split")
    return export_response(table, stored["name"], fmt, stored["notes"])


def template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(TEMPLATE_ROWS, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="portfolio-template.csv"'
    return response

"""Provider imports, the scorecard with its flags, and alignment with the place's priorities.

For staff roles (admin, analyst, commissioner, assessor); employers and suppliers are refused.
"""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from greatjobs.errors import DataError
from greatjobs.geography import default_place
from greatjobs.skills import (
    build_scorecard,
    illustrative_records_path,
    import_records,
    load_rules,
    provider_summary,
    value_parameters,
)
from greatjobs.skills.alignment import provision_alignment
from greatjobs.skills.store import (
    ImportDetail,
    get_import,
    latest_import,
    list_imports,
    save_import,
)
from greatjobs.web.accounts.roles import SEES_EVERY_ORGANISATION, role_of
from greatjobs.web.core.exports import export_response
from greatjobs.web.core.warehouse import current_home, request_warehouse
from greatjobs.web.skills import presenters
from greatjobs.web.skills.forms import ImportForm


def _require_staff(request: HttpRequest) -> None:
    if role_of(request.user) not in SEES_EVERY_ORGANISATION:
        raise PermissionDenied("Provider scorecards are for staff roles.")


def imported_by(request: HttpRequest) -> str:
    """Who an import from the web is recorded as: ``web:`` and the user's name."""
    return f"web:{request.user.get_username()}"


def _stored(pk: int) -> ImportDetail:
    stored = get_import(current_home(), pk)
    if stored is None:
        raise Http404("No such import.")
    return stored


def index(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    home = current_home()
    latest = latest_import(home)
    context: dict[str, Any] = {
        "latest": latest,
        "imports": presenters.imports_table(list_imports(home)),
        "rules": load_rules(),
        "params": value_parameters(),
    }
    if latest is not None:
        records = latest.records
        card = build_scorecard(records)
        with request_warehouse() as con:
            place = default_place(con)
            alignment = provision_alignment(con, place, records)
        context |= {
            "flagged": presenters.flagged(card),
            "scorecard": presenters.scorecard_table(card),
            "providers": presenters.provider_table(provider_summary(records)),
            "alignment": presenters.alignment_table(alignment),
            "place": place,
            "demand_area": alignment["demand_area"].iloc[0] if len(alignment) else "",
        }
    return render(request, "skills/index.html", context)


def import_file(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    posted = request.method == "POST"
    form = ImportForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        try:
            result = import_records(io.StringIO(form.text))
        except DataError as exc:
            form.add_error("file", str(exc).split(": ", 1)[-1])
        else:
            source = form.cleaned_data["file"].name
            import_id = save_import(current_home(), result, source, imported_by(request))
            return redirect("skills:import_detail", pk=import_id)
    return render(request, "skills/import.html", {"form": form})


def import_demo(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    if request.method != "POST":
        return redirect("skills:import")
    path = illustrative_records_path()
    import_id = save_import(current_home(), import_records(path), path.name, imported_by(request))
    messages.success(request, "Imported the ILLUSTRATIVE demo file.")
    return redirect("skills:import_detail", pk=import_id)


def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_staff(request)
    stored = _stored(pk)
    return render(
        request,
        "skills/import_detail.html",
        {
            "stored": stored,
            "errors": presenters.errors_table(stored.errors),
        },
    )


def import_errors(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    _require_staff(request)
    stored = _stored(pk)
    notes = [
        f"Rejected rows of {stored.source}: read {stored.read}, loaded {stored.loaded}, "
        f"rejected {stored.rejected}."
    ]
    return export_response(stored.errors, f"rejected-rows-{stored.import_id}", fmt, notes)


def scorecard_download(request: HttpRequest, fmt: str) -> HttpResponse:
    _require_staff(request)
    latest = latest_import(current_home())
    if latest is None:
        raise Http404("No provider file has been imported.")
    card = build_scorecard(latest.records)
    notes = [
        *latest.notes,
        f"Imported from {latest.source}.",
        "Rates with 95% Wilson intervals (_low, _high); flags from the Commission's rules "
        "(illustrative defaults unless changed).",
        *value_parameters().as_notes(),
        "Method: docs/methods/skills-value.md (greatjobs).",
    ]
    return export_response(card, "provider-scorecard", fmt, notes)

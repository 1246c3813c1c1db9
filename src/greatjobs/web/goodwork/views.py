"""Charter assessments: employers submit, assessors verify, staff see the place roll-up.

Every assessment query goes through ``Assessment.objects.visible_to(user)``: an employer sees only
its own organisation's assessments, and another organisation's is simply not found (404).
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from greatjobs.errors import NotFoundError
from greatjobs.geography import default_place
from greatjobs.goodwork import (
    CharterRecord,
    CoverageRecord,
    charter_coverage,
    get_framework,
    insecure_work,
    load_frameworks,
)
from greatjobs.sectors.definitions import sic_sections
from greatjobs.web.accounts.roles import ADMIN, ASSESSOR, EMPLOYER, SEES_EVERY_ORGANISATION, role_of
from greatjobs.web.core.auth import signed_in_user
from greatjobs.web.core.exports import export_response
from greatjobs.web.core.warehouse import request_warehouse
from greatjobs.web.goodwork import presenters
from greatjobs.web.goodwork.forms import AssessmentForm, VerifyForm
from greatjobs.web.goodwork.models import Assessment


def can_self_assess(user: Any) -> bool:
    return role_of(user) in (EMPLOYER, ADMIN) and user.memberships.exists()


def can_verify(user: Any) -> bool:
    return role_of(user) in (ASSESSOR, ADMIN)


def index(request: HttpRequest) -> HttpResponse:
    assessments = Assessment.objects.visible_to(request.user).select_related("organisation")
    return render(
        request,
        "goodwork/index.html",
        {
            "table": presenters.assessments_table(list(assessments), can_verify(request.user)),
            "count": assessments.count(),
            "frameworks": load_frameworks(),
            "can_self_assess": can_self_assess(request.user),
            "sees_place": role_of(request.user) in SEES_EVERY_ORGANISATION,
        },
    )


def _choices() -> tuple[list[tuple[str, str]], list[str]]:
    with request_warehouse() as con:
        place = default_place(con)
        sectors = list(sic_sections(con).values())
    return [(d.code, d.name) for d in place.districts], sectors


def new(request: HttpRequest, framework_id: str) -> HttpResponse:
    user = signed_in_user(request)
    if not can_self_assess(user):
        raise PermissionDenied("Only an employer's own staff can assess it.")
    try:
        framework = get_framework(framework_id)
    except NotFoundError as exc:
        raise PermissionDenied(str(exc)) from exc
    districts, sectors = _choices()
    initial = _previous(request)
    form = AssessmentForm(
        request.POST or None,
        initial=initial,
        user=user,
        framework=framework,
        districts=districts,
        sectors=sectors,
    )
    if request.method == "POST" and form.is_valid():
        assessment = save_assessment(form, dict(districts), user)
        messages.success(
            request, f"Assessment submitted: {assessment.tier}, awaiting verification."
        )
        return redirect("goodwork:detail", pk=assessment.pk)
    return render(request, "goodwork/new.html", {"form": form, "framework": framework})


def _previous(request: HttpRequest) -> dict[str, Any]:
    """A re-assessment starts from the organisation's last answers (``?from=<id>``)."""
    pk = request.GET.get("from", "")
    if not re.fullmatch(r"[0-9]{1,18}", pk):  # not an id ("²" and 5,000 digits included)
        return {}
    last = get_object_or_404(Assessment.objects.visible_to(request.user), pk=int(pk))
    initial: dict[str, Any] = {
        "organisation": last.organisation_id,
        "district": last.district_code,
        "sector": last.sector,
        **{k: v for k, v in last.facts.items() if v is not None},
    }
    for qid, yes in last.answers.items():
        initial[f"q_{qid}"] = "yes" if yes else "no"
        initial[f"e_{qid}"] = last.evidence.get(qid, "")
    return initial


@transaction.atomic
def save_assessment(form: AssessmentForm, names: dict[str, str], user: Any) -> Assessment:
    """A self-assessment from a valid form, with its tier decided; ``names`` are the districts'."""
    facts = form.facts()
    data = form.cleaned_data
    assessment = Assessment(
        organisation=data["organisation"],
        framework_id=form.framework.id,
        district_code=data["district"],
        district_name=names[data["district"]],
        sector=data["sector"],
        employees=facts.staff_total,
        answers=form.answers(),
        evidence=form.evidence(),
        facts=facts.as_dict(),
        submitted_by=user,
    )
    decision = assessment.decide()
    assessment.self_tier = assessment.tier = decision.tier_name
    assessment.decision = decision.as_dict()
    assessment.save()
    return assessment


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_object_or_404(Assessment.objects.visible_to(request.user), pk=pk)
    history = Assessment.objects.visible_to(request.user).filter(
        organisation=assessment.organisation
    )
    decision = assessment.decide()
    return render(
        request,
        "goodwork/detail.html",
        {
            "a": assessment,
            "decision": decision,
            "sections": presenters.section_table(assessment.framework, decision),
            "facts": presenters.facts_rows(assessment),
            "answers": presenters.answer_sections(assessment, decision),
            "history": presenters.history_table(list(history), assessment.pk),
            "can_verify": can_verify(request.user) and not assessment.verified,
            "can_reassess": can_self_assess(request.user),
        },
    )


def verify(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    if not can_verify(user):
        raise PermissionDenied("Only assessors verify assessments.")
    assessment = get_object_or_404(Assessment.objects.visible_to(user), pk=pk)
    form = VerifyForm(
        request.POST if request.method == "POST" else None, framework=assessment.framework
    )
    if request.method == "POST" and form.is_valid():
        assessment.rejected = form.rejected()
        assessment.assessor_notes = form.cleaned_data["notes"]
        assessment.status = Assessment.Status.VERIFIED
        assessment.verified_by = user
        assessment.verified_at = timezone.now()
        decision = assessment.decide()
        assessment.tier, assessment.decision = decision.tier_name, decision.as_dict()
        assessment.save()
        messages.success(request, f"Verified: {assessment.organisation} is {assessment.tier}.")
        return redirect("goodwork:detail", pk=assessment.pk)
    return render(
        request,
        "goodwork/verify.html",
        {
            "a": assessment,
            "form": form,
            "answers": presenters.answer_sections(assessment),
        },
    )


def _latest(user: Any) -> list[Assessment]:
    latest: dict[int, Assessment] = {}
    for a in Assessment.objects.visible_to(user).select_related("organisation"):
        latest.setdefault(a.organisation_id, a)  # newest first
    return list(latest.values())


def coverage_records(user: Any) -> list[CoverageRecord]:
    return [
        CoverageRecord(
            a.organisation.name,
            a.district_code,
            a.district_name,
            a.sector,
            a.employees,
            a.tier,
            a.verified,
        )
        for a in _latest(user)
    ]


def charter_records(user: Any) -> list[CharterRecord]:
    """Every visible assessment as the library's charter records (for supplier status)."""
    return [
        CharterRecord(
            a.organisation.name,
            a.framework_id,
            a.tier,
            a.verified,
            timezone.localdate(a.verified_at or a.submitted_at),
        )
        for a in Assessment.objects.visible_to(user).select_related("organisation")
    ]


def _require_staff(request: HttpRequest) -> None:
    if role_of(request.user) not in SEES_EVERY_ORGANISATION:
        raise PermissionDenied("The place dashboard is for staff roles.")


def place(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    records = coverage_records(request.user)
    with request_warehouse() as con:
        found = default_place(con)
        insecure = insecure_work(con, found)
    return render(
        request,
        "goodwork/place.html",
        {
            "place": found,
            "by_district": presenters.coverage_table(
                charter_coverage(records, "district"), "district"
            ),
            "by_sector": presenters.coverage_table(charter_coverage(records, "sector"), "sector"),
            "insecure": presenters.insecure_table(insecure),
            "components": insecure.components,
            "provenance": insecure.provenance,
            "employers": len(records),
        },
    )


def place_download(request: HttpRequest, by: str, fmt: str) -> HttpResponse:
    _require_staff(request)
    if by not in ("district", "sector"):
        raise PermissionDenied("Coverage is by district or by sector.")
    frame = charter_coverage(coverage_records(request.user), by)
    notes = [
        "Charter coverage from greatjobs assessments: each employer's latest assessment; "
        "'verified at a tier' counts only assessments an assessor verified.",
        "Method: docs/methods/good-work.md (greatjobs).",
    ]
    return export_response(pd.DataFrame(frame), f"charter-coverage-by-{by}", fmt, notes)

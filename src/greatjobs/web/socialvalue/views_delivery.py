"""Delivery: the winning supplier's returns with evidence, and the commissioner's verification."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.generic import DetailView

from greatjobs.socialvalue.delivery import EMPLOYEES
from greatjobs.web.accounts.scoping import OrganisationScopedMixin
from greatjobs.web.core.uploads import download_stored
from greatjobs.web.socialvalue import tables, valuation
from greatjobs.web.socialvalue.access import is_commissioner, reports_on, require_commissioner
from greatjobs.web.socialvalue.forms import ReturnForm, VerifyForm
from greatjobs.web.socialvalue.models import Contract, DeliveryReturn, ReturnLine
from greatjobs.web.socialvalue.views_contracts import visible_contract


def _won_contract(request: HttpRequest, pk: int) -> Contract:
    """The contract, if the user acts for the supplier that won it (staff, who can see it, may
    not report in the supplier's name)."""
    contract = visible_contract(request, pk)
    if contract.awarded_bid_id is None:
        raise Http404("This contract has not been awarded.")
    if not reports_on(request.user, contract):
        raise PermissionDenied("Only the supplier that won this contract reports on it.")
    return contract


def _counted_people(contract: Contract) -> dict[str, str]:
    """Everyone already counted as a disadvantaged hire on this contract -> the period."""
    counted: dict[str, str] = {}
    for line in ReturnLine.objects.filter(delivery_return__contract=contract).select_related(
        "delivery_return"
    ):
        for person in line.people.splitlines():
            if person.strip():
                counted.setdefault(person.strip(), line.delivery_return.period)
    return counted


def return_form(contract: Contract, data: Any = None, files: Any = None) -> ReturnForm:
    """The form for the contract's next return: the periods not yet reported, checked against
    the people already counted."""
    return ReturnForm(
        data,
        files,
        contract=contract,
        library=valuation.library(),
        periods=contract.open_periods(),
        counted_people=_counted_people(contract),
    )


@transaction.atomic
def save_return(form: ReturnForm, contract: Contract, user: Any) -> DeliveryReturn:
    """The winning supplier's return, a line per measure and one for the workforce, from a valid
    form."""
    bid = contract.awarded_bid
    if bid is None:
        raise ValueError(f"Contract {contract.pk} has not been awarded: no one reports on it.")
    delivery_return = DeliveryReturn.objects.create(
        organisation=bid.organisation,
        contract=contract,
        period=form.cleaned_data["period"],
        narrative=form.cleaned_data["narrative"],
        submitted_by=user,
    )
    quantities = form.quantities()
    quantities[EMPLOYEES] = form.cleaned_data["employees"]
    for measure_id, quantity in quantities.items():
        ReturnLine.objects.create(
            delivery_return=delivery_return,
            measure_id=measure_id,
            quantity=quantity,
            evidence=form.cleaned_data.get(f"evidence_{measure_id}") or "",
            people="\n".join(form._people(measure_id)),
        )
    return delivery_return


def return_create(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _won_contract(request, pk)
    if not contract.open_periods():
        messages.info(request, f"Every period of {contract.title} has its return.")
        return redirect("socialvalue:contract", pk=contract.pk)
    form = return_form(contract, request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        delivery_return = save_return(form, contract, request.user)
        messages.success(request, f"Return sent for {delivery_return.period}.")
        return redirect("socialvalue:return", pk=delivery_return.pk)
    if request.method == "POST":
        messages.error(request, "Your figures are kept below; attach any files again.")
    return render(
        request,
        "socialvalue/form.html",
        {"form": form, "title": f"Report delivery on {contract.title}", "multipart": True},
    )


class ReturnDetailView(OrganisationScopedMixin, DetailView):
    model = DeliveryReturn
    template_name = "socialvalue/return.html"
    context_object_name = "delivery_return"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        lib = valuation.library()
        context["lines"] = tables.return_lines_table(
            [(line, lib.get(line.measure_id).title) for line in self.object.lines.all()]
        )
        context["can_verify"] = (
            is_commissioner(self.request.user)
            and self.object.status == DeliveryReturn.Status.SUBMITTED
        )
        return context


def return_verify(request: HttpRequest, pk: int) -> HttpResponse:
    require_commissioner(request.user)
    delivery_return = get_object_or_404(DeliveryReturn.objects.visible_to(request.user), pk=pk)
    lines = list(delivery_return.lines.all())
    form = VerifyForm(request.POST or None, lines=lines)
    if request.method == "POST" and form.is_valid():
        verify_return(form, delivery_return, request.user)
        messages.success(request, f"Verified the return for {delivery_return.period}.")
        return redirect("socialvalue:contract", pk=delivery_return.contract_id)
    return render(
        request,
        "socialvalue/form.html",
        {"form": form, "title": f"Verify {delivery_return}"},
    )


@transaction.atomic
def verify_return(form: VerifyForm, delivery_return: DeliveryReturn, user: Any) -> None:
    """The commissioner's verified quantity for each of the return's lines, from a valid form."""
    for line in form.lines:
        line.verified_quantity = form.cleaned_data[f"v_{line.pk}"]
        line.save()
    delivery_return.status = DeliveryReturn.Status.VERIFIED
    delivery_return.verified_by = user
    delivery_return.verified_at = timezone.now()
    delivery_return.save()


def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    """Evidence is found only through a return the user may see."""
    visible = DeliveryReturn.objects.visible_to(request.user)
    line = get_object_or_404(ReturnLine, pk=pk, delivery_return__in=visible)
    if not line.evidence:
        raise Http404("No evidence attached.")
    return download_stored(line.evidence)

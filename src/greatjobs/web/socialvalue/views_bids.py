"""Bidding and scoring: a supplier's bid with commitments; the evaluator's scores."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.generic import DetailView

from greatjobs.web.accounts.models import Organisation
from greatjobs.web.accounts.scoping import OrganisationScopedMixin
from greatjobs.web.socialvalue import tables, valuation
from greatjobs.web.socialvalue.access import (
    bidding_organisation,
    is_commissioner,
    require_commissioner,
)
from greatjobs.web.socialvalue.forms import BidForm, ScoreForm
from greatjobs.web.socialvalue.models import Bid, Commitment, Contract
from greatjobs.web.socialvalue.views_contracts import visible_contract


def bid_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Only a supplier's own people bid for it, and never for the body that commissioned the
    contract: a bid from anyone else would skew every real bidder's scores."""
    contract = visible_contract(request, pk)
    if contract.status != Contract.Status.OPEN:
        raise Http404("This contract is not open for bids.")
    organisation = bidding_organisation(request.user, contract)
    if organisation is None:
        raise PermissionDenied(
            "Only suppliers bid for contracts, and never the organisation that commissioned one."
        )
    if contract.bids.filter(organisation=organisation).exists():
        messages.info(request, "Your organisation has already bid for this contract.")
        return redirect("socialvalue:contract", pk=contract.pk)
    form = BidForm(request.POST or None, contract=contract, library=valuation.library())
    if request.method == "POST" and form.is_valid():
        bid = save_bid(form, contract, organisation, request.user)
        messages.success(request, f"Bid submitted for {contract.title}.")
        return redirect("socialvalue:bid", pk=bid.pk)
    return render(
        request, "socialvalue/form.html", {"form": form, "title": f"Bid for {contract.title}"}
    )


@transaction.atomic
def save_bid(form: BidForm, contract: Contract, organisation: Organisation, user: Any) -> Bid:
    """An organisation's bid, with its commitments, from a valid form."""
    bid = Bid.objects.create(
        organisation=organisation,
        contract=contract,
        price=form.cleaned_data["price"],
        narrative=form.cleaned_data["narrative"],
        submitted_by=user,
    )
    for measure_id, year, quantity in form.commitments():
        Commitment.objects.create(bid=bid, measure_id=measure_id, year=year, quantity=quantity)
    return bid


class BidDetailView(OrganisationScopedMixin, DetailView):
    """Another supplier's bid is simply not found."""

    model = Bid
    template_name = "socialvalue/bid.html"
    context_object_name = "bid"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        lib = valuation.library()
        units = valuation.unit_values(self.object.contract, lib)
        value, notes = valuation.bid_committed_value(self.object, units)
        context.update(
            commitments=tables.commitments_table(
                [(c, lib.get(c.measure_id).title) for c in self.object.commitments.all()]
            ),
            committed_value=value,
            share_pct=100 * value / float(self.object.price) if self.object.price else 0.0,
            value_notes=notes,
            units=units,
            commissioner=is_commissioner(self.request.user),
        )
        return context


def bid_score(request: HttpRequest, pk: int) -> HttpResponse:
    require_commissioner(request.user)
    bid = get_object_or_404(Bid.objects.visible_to(request.user), pk=pk)
    initial = {
        "quality_score": bid.quality_score,
        "method_statement_score": bid.method_statement_score,
    }
    form = ScoreForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        save_scores(form, bid)
        messages.success(request, f"Scores saved for {bid.organisation}.")
        return redirect("socialvalue:evaluation", pk=bid.contract_id)
    return render(
        request,
        "socialvalue/form.html",
        {
            "form": form,
            "title": f"Score the bid from {bid.organisation}",
            "narrative": bid.narrative,
        },
    )


def save_scores(form: ScoreForm, bid: Bid) -> Bid:
    """The evaluator's scores for a bid, from a valid form."""
    bid.quality_score = form.cleaned_data["quality_score"]
    bid.method_statement_score = form.cleaned_data["method_statement_score"]
    bid.save()
    return bid

"""Commissioning: the contracts list (with overdue returns), a new contract, its measures and
targets, the contract page, the evaluation record and the award."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from greatjobs.geography import list_places
from greatjobs.web.core.auth import signed_in_user
from greatjobs.web.core.warehouse import request_warehouse
from greatjobs.web.socialvalue import tables, valuation
from greatjobs.web.socialvalue.access import (
    bidding_organisation,
    is_commissioner,
    reads_everything,
    reports_on,
    require_commissioner,
    sees_every_bid,
)
from greatjobs.web.socialvalue.forms import ContractForm, ContractMeasureForm
from greatjobs.web.socialvalue.models import Bid, Contract, DeliveryReturn


def visible_contract(request: HttpRequest, pk: int) -> Contract:
    return get_object_or_404(Contract.objects.visible_to(request.user), pk=pk)


def index(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    contracts = Contract.objects.visible_to(user).select_related(
        "organisation", "awarded_bid__organisation"
    )
    commissioner = is_commissioner(user)
    return render(
        request,
        "socialvalue/index.html",
        {
            "contracts": tables.contracts_table(contracts) if contracts else None,
            "commissioner": commissioner,
            "overdue": valuation.overdue_returns(contracts) if commissioner else [],
            "my_bids": Bid.objects.filter(organisation__memberships__user=user)
            .select_related("contract")
            .distinct()
            if not commissioner
            else [],
        },
    )


def _places() -> list[tuple[str, str]]:
    with request_warehouse() as con:
        places = list_places(con)
    return [(p.code, p.name) for p in places]


def contract_create(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    require_commissioner(user)
    organisation = user.memberships.select_related("organisation").first()
    if organisation is None:
        raise Http404("You are not a member of a commissioning organisation.")
    form = ContractForm(request.POST or None, places=_places())
    if request.method == "POST" and form.is_valid():
        form.instance.organisation = organisation.organisation
        contract = form.save()
        messages.success(request, f"Contract created: {contract.title}. Now choose its measures.")
        return redirect("socialvalue:contract", pk=contract.pk)
    return render(request, "socialvalue/form.html", {"form": form, "title": "New contract"})


def contract_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The contract, with only the actions the user may take: each button leads somewhere."""
    contract = visible_contract(request, pk)
    lib = valuation.library()
    user = request.user
    commissioner = is_commissioner(user)
    measure_form = ContractMeasureForm(library=lib) if commissioner else None
    bids = Bid.objects.visible_to(user).filter(contract=contract)
    bidder = bidding_organisation(user, contract)
    reporter = reports_on(user, contract)
    returns = DeliveryReturn.objects.visible_to(user).filter(contract=contract)
    return render(
        request,
        "socialvalue/contract.html",
        {
            "contract": contract,
            "measures": [(cm, lib.get(cm.measure_id)) for cm in contract.measures.all()],
            "measure_form": measure_form,
            "commissioner": commissioner,
            "sees_every_bid": sees_every_bid(user),
            "bids": bids.select_related("organisation"),
            "can_bid": contract.status == Contract.Status.OPEN
            and bidder is not None
            and not contract.bids.filter(organisation=bidder).exists(),
            "can_report": reporter and bool(contract.open_periods()),
            "can_value": contract.awarded_bid is not None and (reporter or reads_everything(user)),
            "returns": returns,
            "statuses": _delivery(contract),
            "titles": {m.id: m.title for m in lib.measures},
        },
    )


def _delivery(contract: Contract) -> Any:
    statuses = valuation.delivery(contract) if contract.awarded_bid else []
    return tables.delivery_table(statuses) if statuses else None


@require_POST
def measure_add(request: HttpRequest, pk: int) -> HttpResponse:
    require_commissioner(request.user)
    contract = visible_contract(request, pk)
    lib = valuation.library()
    form = ContractMeasureForm(request.POST, library=lib)
    if form.is_valid():
        if contract.measures.filter(measure_id=form.cleaned_data["measure_id"]).exists():
            form.add_error("measure_id", "This measure is already on the contract.")
        else:
            form.instance.contract = contract
            form.save()
            messages.success(request, f"Added {form.instance.measure_id}.")
            return redirect("socialvalue:contract", pk=contract.pk)
    return render(
        request,
        "socialvalue/form.html",
        {"form": form, "title": f"Add a measure to {contract.title}"},
    )


def evaluation(request: HttpRequest, pk: int) -> HttpResponse:
    require_commissioner(request.user)
    contract = visible_contract(request, pk)
    record = valuation.evaluate(contract)
    rows: list[dict[str, Any]] = [
        {
            "result": r,
            "bid": record.bids[r.bidder],
            "value_notes": record.value_notes[r.bidder],
            "scored": record.bids[r.bidder].quality_score is not None,
        }
        for r in record.results
    ]
    return render(
        request,
        "socialvalue/evaluation.html",
        {
            "contract": contract,
            "rows": rows,
            "ranking": tables.ranking_table(rows) if rows else None,
            "units": record.units,
            "all_scored": all(row["scored"] for row in rows) and bool(rows),
        },
    )


@require_POST
def award(request: HttpRequest, pk: int) -> HttpResponse:
    require_commissioner(request.user)
    contract = visible_contract(request, pk)
    bid = get_object_or_404(contract.bids, pk=request.POST.get("bid"))
    if contract.status != Contract.Status.OPEN:
        messages.error(request, f"{contract.title} has already been awarded.")
        return redirect("socialvalue:contract", pk=contract.pk)
    if bid.quality_score is None or bid.method_statement_score is None:
        messages.error(request, "Score every bid before awarding the contract.")
        return redirect("socialvalue:evaluation", pk=contract.pk)
    award_contract(contract, bid)
    messages.success(request, f"Awarded {contract.title} to {bid.organisation}.")
    return redirect("socialvalue:contract", pk=contract.pk)


@transaction.atomic
def award_contract(contract: Contract, bid: Bid) -> Contract:
    """Award an open contract to one of its scored bids (the view checks both)."""
    contract.awarded_bid = bid
    contract.status = Contract.Status.AWARDED
    contract.save()
    return contract

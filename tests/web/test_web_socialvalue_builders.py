"""Builders shared by the social value web tests (no tests here): a contract set up by the
commissioner, bids from two suppliers, an award and a return with evidence."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile

from greatjobs.web.accounts.models import Organisation
from greatjobs.web.socialvalue.models import (
    Bid,
    Commitment,
    Contract,
    ContractMeasure,
    DeliveryReturn,
    ReturnLine,
)

LCR = "E47000004"


def organisation_of(user) -> Organisation:
    return Organisation.objects.get(memberships__user=user)


def make_contract(commissioner, title: str = "Highways maintenance", **overrides) -> Contract:
    fields = {
        "organisation": organisation_of(commissioner),
        "title": title,
        "value": Decimal("1000000"),
        "start_date": dt.date(2025, 1, 1),
        "term_months": 24,
        "category": "Construction",
        "place_code": LCR,
        "place_name": "Liverpool City Region",
        "price_weight": Decimal(50),
        "quality_weight": Decimal(30),
        "social_value_weight": Decimal(20),
        **overrides,
    }
    contract = Contract.objects.create(**fields)
    for measure_id, target in (("GJ-EMP-01", 10), ("GJ-EMP-02", 4), ("GJ-SKL-02", 200)):
        ContractMeasure.objects.create(contract=contract, measure_id=measure_id, target=target)
    return contract


def make_bid(contract: Contract, supplier, price: int, hires: int) -> Bid:
    bid = Bid.objects.create(
        organisation=organisation_of(supplier),
        contract=contract,
        price=Decimal(price),
        narrative=f"Narrative from {organisation_of(supplier).name}",
        submitted_by=supplier,
    )
    for year in (1, 2):
        Commitment.objects.create(bid=bid, measure_id="GJ-EMP-02", year=year, quantity=hires)
        Commitment.objects.create(bid=bid, measure_id="GJ-SKL-02", year=year, quantity=100)
    return bid


def award(contract: Contract, bid: Bid) -> None:
    contract.awarded_bid = bid
    contract.status = Contract.Status.AWARDED
    contract.save()


def make_return(contract: Contract, supplier, period: str = "Quarter 1 to 31 Mar 2025"):
    delivery_return = DeliveryReturn.objects.create(
        organisation=organisation_of(supplier),
        contract=contract,
        period=period,
        submitted_by=supplier,
    )
    line = ReturnLine(delivery_return=delivery_return, measure_id="GJ-EMP-02", quantity=2)
    line.evidence.save("referrals.csv", ContentFile(b"ref\nP1\nP2\n"), save=False)
    line.people = "P1\nP2"
    line.save()
    return delivery_return, line

"""ILLUSTRATIVE contracts for the demo, both commissioned by the commissioner's organisation:

* one open for bids, with a bid from each demo supplier waiting to be scored;
* one that has been through the whole cycle: both bids scored, awarded to the first supplier, and
  its first two quarters reported by it with evidence, the first verified and the second awaiting
  verification, so its delivery table, its valuation and the social value report have figures.

Every step goes through the form and the save function its view uses, as the user who would take
it (so the audit trail names them), and passes the same checks (weightings, measures, commitments,
returns, verification); each contract is created once: when it is there, nothing is added.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from auditlog.context import set_actor
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.forms import BaseForm
from django.utils.text import slugify

from greatjobs.geography import DEFAULT_PLACE, DEFAULT_PLACE_CODE
from greatjobs.socialvalue.delivery import EMPLOYEES
from greatjobs.socialvalue.measures import MeasuresLibrary
from greatjobs.web.socialvalue import valuation
from greatjobs.web.socialvalue.forms import (
    BidForm,
    ContractForm,
    ContractMeasureForm,
    ScoreForm,
    VerifyForm,
)
from greatjobs.web.socialvalue.models import Bid, Contract
from greatjobs.web.socialvalue.views_bids import save_bid, save_scores
from greatjobs.web.socialvalue.views_contracts import award_contract
from greatjobs.web.socialvalue.views_delivery import return_form, save_return, verify_return

TITLE = "ILLUSTRATIVE demo: skills bootcamps delivery"
TARGETS = {"GJ-EMP-02": "4", "GJ-SKL-02": "200"}
"""Disadvantaged people hired, and training hours, over the contract."""
BIDS = (
    ("380000", {"GJ-EMP-02": "4", "GJ-SKL-02": "200"}),
    ("350000", {"GJ-EMP-02": "1", "GJ-SKL-02": "120"}),
)
"""Each supplier's price and commitments (one contract year), in the order of the suppliers."""

AWARDED_TITLE = "ILLUSTRATIVE demo: employment support delivery"
AWARDED_TARGETS = {"GJ-EMP-02": "6", "GJ-SKL-02": "300"}
AWARDED_BIDS = (
    ("285000", {"GJ-EMP-02": "6", "GJ-SKL-02": "300"}),
    ("270000", {"GJ-EMP-02": "2", "GJ-SKL-02": "150"}),
)
SCORES = (("4", "4"), ("3", "2"))
"""Each supplier's quality and method statement scores: the first ranks first and wins."""
STARTED_MONTHS_AGO = 7
"""The contract started on the first of the month seven months ago: two quarters have ended and
are reported, the third is under way, so no return is overdue."""
RETURNS = (
    {"employees": "14", "people_GJ-EMP-02": "DEMO-001\nDEMO-002", "q_GJ-SKL-02": "95"},
    {"employees": "16", "people_GJ-EMP-02": "DEMO-003\nDEMO-004", "q_GJ-SKL-02": "115"},
)
"""The winner's returns for the first two quarters (people are the supplier's references)."""
VERIFIED = {"GJ-EMP-02": "2", "GJ-SKL-02": "90", EMPLOYEES: "14"}
"""What the commissioner verifies of the first return: 5 training hours had no register."""


Form = TypeVar("Form", bound=BaseForm)


def _valid(form: Form) -> Form:
    if not form.is_valid():
        raise ValueError(f"Demo record refused: {form.errors.as_text()}")
    return form


def _months_ago(months: int) -> dt.date:
    """The first day of the month ``months`` before this one."""
    today = dt.date.today()
    index = today.year * 12 + today.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)


def _exists(commissioner: Any, title: str) -> bool:
    organisation = commissioner.memberships.get().organisation
    return Contract.objects.filter(organisation=organisation, title=title).exists()


def _commission(
    commissioner: Any, fields: dict[str, str], targets: dict[str, str], library: MeasuresLibrary
) -> Contract:
    """A contract with its measures and targets, as the commissioner sets it up."""
    form = ContractForm(
        {
            "term_months": "12",
            "place_code": DEFAULT_PLACE_CODE,
            "scoring_method": Contract.Method.BOTH,
            **fields,
        },
        places=[(DEFAULT_PLACE_CODE, DEFAULT_PLACE)],
    )
    form.instance.organisation = commissioner.memberships.get().organisation
    with set_actor(commissioner):
        contract = _valid(form).save()
        for measure_id, target in targets.items():
            measure = ContractMeasureForm(
                {"measure_id": measure_id, "target": target}, library=library
            )
            measure.instance.contract = contract
            _valid(measure).save()
    return contract


def _bid_for(
    contract: Contract,
    suppliers: list[Any],
    bids: tuple[tuple[str, dict[str, str]], ...],
    library: MeasuresLibrary,
) -> list[Bid]:
    """A bid from each supplier, as each sends it."""
    out = []
    for user, (price, commitments) in zip(suppliers, bids, strict=True):
        bid = BidForm(
            {
                "price": price,
                "narrative": "ILLUSTRATIVE demo bid: local recruitment with the Households into "
                "Work programme, and training hours for every new starter.",
                **{f"m_{m}_y1": q for m, q in commitments.items()},
            },
            contract=contract,
            library=library,
        )
        with set_actor(user):
            out.append(save_bid(_valid(bid), contract, user.memberships.get().organisation, user))
    return out


def _evidence(contract: Contract, period: str, library: MeasuresLibrary) -> dict[str, Any]:
    """A small text file for each of the contract's measures that requires evidence."""
    name = f"ILLUSTRATIVE-demo-evidence-{slugify(period)}.txt"
    text = f"ILLUSTRATIVE demo evidence, not a real record: {contract.title}, {period}.\n"
    return {
        f"evidence_{cm.measure_id}": SimpleUploadedFile(
            name, text.encode(), content_type="text/plain"
        )
        for cm in contract.measures.all()
        if library.get(cm.measure_id).evidence_required
    }


def _open_contract(commissioner: Any, suppliers: list[Any], library: MeasuresLibrary) -> str:
    if _exists(commissioner, TITLE):
        return f"contract '{TITLE}' (already there)"
    fields = {
        "title": TITLE,
        "value": "400000",
        "start_date": dt.date(dt.date.today().year + 1, 4, 1).isoformat(),
        "category": "Skills",
        "price_weight": "60",
        "quality_weight": "30",
        "social_value_weight": "10",
    }
    contract = _commission(commissioner, fields, TARGETS, library)
    bids = _bid_for(contract, suppliers, BIDS, library)
    bidders = " and ".join(str(b.organisation) for b in bids)
    return f"contract '{TITLE}' by {contract.organisation}, open, with bids from {bidders}"


def _awarded_contract(commissioner: Any, suppliers: list[Any], library: MeasuresLibrary) -> str:
    if _exists(commissioner, AWARDED_TITLE):
        return f"contract '{AWARDED_TITLE}' (already there)"
    fields = {
        "title": AWARDED_TITLE,
        "value": "300000",
        "start_date": _months_ago(STARTED_MONTHS_AGO).isoformat(),
        "category": "Employment support",
        "price_weight": "50",
        "quality_weight": "30",
        "social_value_weight": "20",
    }
    contract = _commission(commissioner, fields, AWARDED_TARGETS, library)
    bids = _bid_for(contract, suppliers, AWARDED_BIDS, library)
    with set_actor(commissioner):
        for bid, (quality, method) in zip(bids, SCORES, strict=True):
            scores = ScoreForm({"quality_score": quality, "method_statement_score": method})
            save_scores(_valid(scores), bid)
        award_contract(contract, bids[0])
    winner = suppliers[0]
    returns = []
    for (period, _end, _due), figures in zip(
        contract.periods()[: len(RETURNS)], RETURNS, strict=True
    ):
        data = {"period": period, "narrative": "ILLUSTRATIVE demo return.", **figures}
        form = return_form(contract, data, _evidence(contract, period, library))
        with set_actor(winner):
            returns.append(save_return(_valid(form), contract, winner))
    lines = list(returns[0].lines.all())
    verify = VerifyForm({f"v_{line.pk}": VERIFIED[line.measure_id] for line in lines}, lines=lines)
    with set_actor(commissioner):
        verify_return(_valid(verify), returns[0], commissioner)
    return (
        f"contract '{AWARDED_TITLE}' awarded to {bids[0].organisation}, with {len(returns)} "
        "quarterly returns: the first verified, the second awaiting verification"
    )


@transaction.atomic
def create_demo_contracts(commissioner: Any, suppliers: list[Any]) -> str:
    """The open contract and the awarded one (each once); says what there is."""
    library = valuation.library()
    made = [
        _open_contract(commissioner, suppliers, library),
        _awarded_contract(commissioner, suppliers, library),
    ]
    return f"Social value: {'; '.join(made)}."

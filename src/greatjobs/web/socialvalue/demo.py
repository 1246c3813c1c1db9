"""An ILLUSTRATIVE contract for the demo: commissioned by the commissioner's organisation, open
for bids, with a bid from each demo supplier waiting to be scored.

Built through the forms the views use, so the records pass the same checks (weightings, measures,
commitments); created once: when the contract is there, nothing is added.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.forms import BaseForm

from greatjobs.geography import DEFAULT_PLACE, DEFAULT_PLACE_CODE
from greatjobs.web.socialvalue import valuation
from greatjobs.web.socialvalue.forms import BidForm, ContractForm, ContractMeasureForm
from greatjobs.web.socialvalue.models import Contract
from greatjobs.web.socialvalue.views_bids import save_bid

TITLE = "ILLUSTRATIVE demo: skills bootcamps delivery"
TARGETS = {"GJ-EMP-02": "4", "GJ-SKL-02": "200"}
"""Disadvantaged people hired, and training hours, over the contract."""
BIDS = (
    ("380000", {"GJ-EMP-02": "4", "GJ-SKL-02": "200"}),
    ("350000", {"GJ-EMP-02": "1", "GJ-SKL-02": "120"}),
)
"""Each supplier's price and commitments (one contract year), in the order of the suppliers."""


def _valid(form: BaseForm) -> BaseForm:
    if not form.is_valid():
        raise ValueError(f"Demo record refused: {form.errors.as_text()}")
    return form


@transaction.atomic
def create_demo_contract(commissioner: Any, suppliers: list[Any]) -> str:
    """The contract and the suppliers' bids (once); says what there is."""
    organisation = commissioner.memberships.get().organisation
    if Contract.objects.filter(organisation=organisation, title=TITLE).exists():
        return f"Social value: contract '{TITLE}' (already there)."
    form = ContractForm(
        {
            "title": TITLE,
            "value": "400000",
            "start_date": dt.date(dt.date.today().year + 1, 4, 1).isoformat(),
            "term_months": "12",
            "category": "Skills",
            "place_code": DEFAULT_PLACE_CODE,
            "price_weight": "60",
            "quality_weight": "30",
            "social_value_weight": "10",
            "scoring_method": Contract.Method.BOTH,
        },
        places=[(DEFAULT_PLACE_CODE, DEFAULT_PLACE)],
    )
    form.instance.organisation = organisation
    contract = _valid(form).save()
    library = valuation.library()
    for measure_id, target in TARGETS.items():
        measure = ContractMeasureForm({"measure_id": measure_id, "target": target}, library=library)
        measure.instance.contract = contract
        _valid(measure).save()
    for user, (price, commitments) in zip(suppliers, BIDS, strict=True):
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
        save_bid(_valid(bid), contract, user.memberships.get().organisation, user)
    bidders = " and ".join(str(u.memberships.get().organisation) for u in suppliers)
    return f"Social value: contract '{TITLE}' by {organisation}, with bids from {bidders}."

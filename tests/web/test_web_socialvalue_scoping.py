"""Suppliers see only their own bids, returns and evidence, and only open contracts or contracts
they won: every path is tried with another supplier's record."""

from __future__ import annotations

import pytest
from test_web_socialvalue_builders import award, make_bid, make_contract, make_return

from greatjobs.web.socialvalue.models import Bid, DeliveryReturn


@pytest.fixture()
def awarded(commissioner, supplier, other_supplier):
    contract = make_contract(commissioner)
    mine = make_bid(contract, supplier, 900_000, 2)
    theirs = make_bid(contract, other_supplier, 950_000, 1)
    award(contract, mine)
    delivery_return, line = make_return(contract, supplier)
    return {
        "contract": contract,
        "mine": mine,
        "theirs": theirs,
        "return": delivery_return,
        "line": line,
    }


def test_supplier_cannot_see_another_suppliers_bid(client_for, other_supplier, awarded):
    client = client_for(other_supplier)
    assert client.get(f"/socialvalue/bids/{awarded['mine'].pk}/").status_code == 404
    assert client.get(f"/socialvalue/bids/{awarded['theirs'].pk}/").status_code == 200
    assert list(Bid.objects.visible_to(other_supplier)) == [awarded["theirs"]]


def test_supplier_cannot_see_a_contract_another_supplier_won(client_for, other_supplier, awarded):
    client = client_for(other_supplier)
    assert client.get(f"/socialvalue/contracts/{awarded['contract'].pk}/").status_code == 404
    listing = client.get("/socialvalue/").content.decode()
    assert f"/socialvalue/contracts/{awarded['contract'].pk}/" not in listing


def test_winning_supplier_sees_its_contract_but_only_its_own_bid(client_for, supplier, awarded):
    page = client_for(supplier).get(f"/socialvalue/contracts/{awarded['contract'].pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Mersey Skills Training Ltd" in html
    assert f"/socialvalue/bids/{awarded['theirs'].pk}/" not in html


def test_supplier_cannot_see_another_suppliers_return_list_detail_or_evidence(
    client_for, other_supplier, awarded
):
    client = client_for(other_supplier)
    assert list(DeliveryReturn.objects.visible_to(other_supplier)) == []
    assert client.get(f"/socialvalue/returns/{awarded['return'].pk}/").status_code == 404
    assert client.get(f"/socialvalue/evidence/{awarded['line'].pk}/").status_code == 404


def test_winning_supplier_downloads_its_own_evidence(client_for, supplier, awarded):
    response = client_for(supplier).get(f"/socialvalue/evidence/{awarded['line'].pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"ref\nP1\nP2\n"


def test_losing_supplier_cannot_report_or_verify_on_the_contract(
    client_for, other_supplier, awarded
):
    client = client_for(other_supplier)
    contract = awarded["contract"]
    assert client.get(f"/socialvalue/contracts/{contract.pk}/returns/new/").status_code == 404
    assert client.get(f"/socialvalue/returns/{awarded['return'].pk}/verify/").status_code == 403


def test_supplier_cannot_edit_scores_award_or_see_the_evaluation(client_for, supplier, awarded):
    client = client_for(supplier)
    contract = awarded["contract"]
    assert client.get(f"/socialvalue/bids/{awarded['mine'].pk}/score/").status_code == 403
    assert client.get(f"/socialvalue/contracts/{contract.pk}/evaluation/").status_code == 403
    response = client.post(
        f"/socialvalue/contracts/{contract.pk}/award/", {"bid": awarded["mine"].pk}
    )
    assert response.status_code == 403
    assert client.get("/socialvalue/reports/").status_code == 403


def test_supplier_cannot_bid_twice_or_as_another_organisation(
    client_for, commissioner, supplier, other_supplier
):
    contract = make_contract(commissioner, title="Open one")
    make_bid(contract, other_supplier, 500_000, 1)
    client = client_for(other_supplier)
    response = client.get(f"/socialvalue/contracts/{contract.pk}/bid/")
    assert response.status_code == 302  # already bid: back to the contract
    assert Bid.objects.filter(contract=contract).count() == 1


@pytest.mark.parametrize("persona", ["admin", "commissioner"])
def test_commissioners_see_every_bid_and_return(request, client_for, awarded, persona):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(f"/socialvalue/bids/{awarded['mine'].pk}/").status_code == 200
    assert client.get(f"/socialvalue/bids/{awarded['theirs'].pk}/").status_code == 200
    assert client.get(f"/socialvalue/returns/{awarded['return'].pk}/").status_code == 200
    assert client.get(f"/socialvalue/evidence/{awarded['line'].pk}/").status_code == 200

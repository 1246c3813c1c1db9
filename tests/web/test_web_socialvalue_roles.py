"""Seeing is not acting: every role against bidding and reporting delivery. Only a supplier's own
people bid for it (never the commissioning body) and report its delivery, and each role is shown
only the buttons it may use."""

from __future__ import annotations

import pytest
from test_web_socialvalue_builders import award, make_bid, make_contract, organisation_of

from greatjobs.web.accounts.models import Membership, Organisation
from greatjobs.web.accounts.roles import ASSESSOR, EMPLOYER, SUPPLIER
from greatjobs.web.socialvalue.models import Bid, DeliveryReturn

ROLES = ["admin", "analyst", "commissioner", "assessor", "supplier", "other_supplier", "employer"]


@pytest.fixture()
def assessor(make_user):
    return make_user("asha", ASSESSOR, "Liverpool City Region Combined Authority")


@pytest.fixture()
def employer(make_user):
    return make_user("emma", EMPLOYER, "Halton Care Co-operative")


@pytest.fixture()
def awarded(commissioner, supplier, other_supplier):
    contract = make_contract(commissioner)
    award(contract, make_bid(contract, supplier, 900_000, 2))
    make_bid(contract, other_supplier, 950_000, 1)
    return contract


RETURN = {
    "period": "Quarter 1 to 31 Mar 2025",
    "employees": "10",
    "q_GJ-EMP-01": "0",
    "q_GJ-SKL-02": "40",
    "people_GJ-EMP-02": "",
}

# What each role gets at the winner's return URL: only the winner reports; staff see the contract
# but may not report in the supplier's name; the others cannot see the contract at all.
REPORTS = {
    "admin": 403,
    "analyst": 403,
    "commissioner": 403,
    "assessor": 404,  # an awarded contract is not theirs to see
    "supplier": 200,
    "other_supplier": 404,
    "employer": 404,
}


@pytest.mark.parametrize("persona", ROLES)
def test_only_the_winning_suppliers_people_file_its_returns(request, client_for, awarded, persona):
    client = client_for(request.getfixturevalue(persona))
    url = f"/socialvalue/contracts/{awarded.pk}/returns/new/"
    assert client.get(url).status_code == REPORTS[persona]
    posted = client.post(url, RETURN)
    assert DeliveryReturn.objects.exists() == (persona == "supplier")
    if persona != "supplier":
        assert posted.status_code == REPORTS[persona]


@pytest.mark.parametrize("persona", ROLES)
def test_the_report_delivery_button_is_shown_only_to_the_winner(
    request, client_for, awarded, persona
):
    response = client_for(request.getfixturevalue(persona)).get(
        f"/socialvalue/contracts/{awarded.pk}/"
    )
    if REPORTS[persona] == 404:
        assert response.status_code == 404
        return
    html = response.content.decode()
    assert ("Report delivery" in html) == (persona == "supplier")
    assert (f"/socialvalue/contracts/{awarded.pk}/returns/new/" in html) == (persona == "supplier")


def test_staff_who_see_every_bid_are_not_shown_it_as_their_own(client_for, analyst, awarded):
    html = client_for(analyst).get(f"/socialvalue/contracts/{awarded.pk}/").content.decode()
    assert "Your bid" not in html and ">Bids</h2>" in html
    assert "Your bids" not in client_for(analyst).get("/socialvalue/").content.decode()


def test_analyst_cannot_file_a_return_that_closes_the_quarter_to_the_supplier(
    client_for, analyst, supplier, awarded
):
    client_for(analyst).post(f"/socialvalue/contracts/{awarded.pk}/returns/new/", RETURN)
    assert not DeliveryReturn.objects.exists()
    form = client_for(supplier).get(f"/socialvalue/contracts/{awarded.pk}/returns/new/")
    assert 'value="Quarter 1 to 31 Mar 2025"' in form.content.decode()


BIDS = {
    "admin": 403,
    "analyst": 403,
    "commissioner": 403,
    "assessor": 403,
    "supplier": 200,
    "other_supplier": 200,
    "employer": 403,
}


def _bid_data() -> dict[str, str]:
    data = {"price": "1", "narrative": "We will hire locally."}
    for measure in ("GJ-EMP-01", "GJ-EMP-02", "GJ-SKL-02"):
        for year in (1, 2):
            data[f"m_{measure}_y{year}"] = "9999"
    return data


@pytest.mark.parametrize("persona", ROLES)
def test_only_suppliers_bid(request, client_for, commissioner, persona):
    contract = make_contract(commissioner, title="Open one")
    client = client_for(request.getfixturevalue(persona))
    url = f"/socialvalue/contracts/{contract.pk}/bid/"
    page = client.get(f"/socialvalue/contracts/{contract.pk}/").content.decode()
    assert ("Bid for this contract" in page) == (BIDS[persona] == 200)
    assert client.get(url).status_code == BIDS[persona]
    client.post(url, _bid_data())
    assert Bid.objects.exists() == (BIDS[persona] == 200)


def test_a_supplier_in_the_commissioning_organisation_cannot_bid_on_its_contract(
    client_for, make_user, commissioner
):
    contract = make_contract(commissioner, title="Open one")
    insider = make_user("ivy", SUPPLIER, organisation_of(commissioner).name)
    client = client_for(insider)
    assert client.get(f"/socialvalue/contracts/{contract.pk}/bid/").status_code == 403
    client.post(f"/socialvalue/contracts/{contract.pk}/bid/", _bid_data())
    assert not Bid.objects.exists()
    page = client.get(f"/socialvalue/contracts/{contract.pk}/").content.decode()
    assert "Bid for this contract" not in page


def test_a_supplier_user_of_a_public_body_cannot_bid(client_for, make_user, commissioner):
    contract = make_contract(commissioner, title="Open one")
    body = Organisation.objects.create(name="Halton Council", kind=Organisation.Kind.PUBLIC_BODY)
    officer = make_user("hal", SUPPLIER)
    Membership.objects.create(user=officer, organisation=body)
    client = client_for(officer)
    assert client.get(f"/socialvalue/contracts/{contract.pk}/bid/").status_code == 403
    assert "Bid for this contract" not in (
        client.get(f"/socialvalue/contracts/{contract.pk}/").content.decode()
    )


def test_a_supplier_that_has_bid_is_not_offered_the_button_again(
    client_for, commissioner, supplier
):
    contract = make_contract(commissioner, title="Open one")
    make_bid(contract, supplier, 500_000, 1)
    page = client_for(supplier).get(f"/socialvalue/contracts/{contract.pk}/").content.decode()
    assert "Bid for this contract" not in page


def test_an_assessor_sees_no_bids_or_returns(client_for, assessor, awarded):
    """Bids and returns are commercially confidential: the charter's assessors have no part in
    social value, so they see neither (only open contracts, as anyone signed in does)."""
    client = client_for(assessor)
    bid = awarded.awarded_bid
    assert client.get(f"/socialvalue/bids/{bid.pk}/").status_code == 404
    assert client.get(f"/socialvalue/contracts/{awarded.pk}/").status_code == 404
    assert Bid.objects.visible_to(assessor).count() == 0
    assert DeliveryReturn.objects.visible_to(assessor).count() == 0

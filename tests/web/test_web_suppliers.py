"""The supplier review queue: analysts confirm or reject candidate links; others cannot see it."""

from __future__ import annotations

import pandas as pd
import pytest

from greatjobs.home import Home
from greatjobs.spend.ledger import read_ledger, write_ledger
from greatjobs.spend.suppliers.registers import RECORD_COLUMNS, write_register


@pytest.fixture()
def review_home(settings, own_home: Home) -> Home:
    """A home of its own (sharing the built warehouse) with one candidate waiting for review."""
    home = own_home
    settings.GREATJOBS_HOME = home
    with write_ledger(home) as ledger:
        _one_candidate(ledger)
    return home


def _one_candidate(ledger) -> None:
    ledger.execute(
        "INSERT INTO spend.payment VALUES (1, 'Liverpool City Council', 1, 1, DATE '2025-04-01', "
        "'Mersey Bridge Builder Ltd', 'mersey bridge builder ltd', NULL, 5000, NULL, NULL, NULL)"
    )
    register = pd.DataFrame(
        [
            {
                "register": "companies-house",
                "register_id": "08123456",
                "name": "MERSEY BRIDGE BUILDERS LIMITED",
                "name_normalised": "mersey bridge builders ltd",
                "postcode": "L2 2DH",
                "org_type": "company",
                "accounts_category": "SMALL",
                "sic_codes": ["41201"],
            }
        ]
    ).reindex(columns=list(RECORD_COLUMNS))
    write_register(ledger, "companies-house", register, {"dataset_id": "x", "vintage": "2026"})
    ledger.execute("INSERT INTO spend.supplier_alias VALUES ('mersey bridge builder ltd', 'S1', 1)")
    ledger.execute(
        "INSERT INTO spend.link_candidate VALUES ('S1', 'companies-house', '08123456', -1.32, "
        "0.286, 'name Jaro-Winkler ≥ 0.96; postcode unknown', 'review', NULL, NULL)"
    )


def decision_of(home: Home) -> list[tuple]:
    ledger = read_ledger(home)
    try:
        return ledger.execute(
            "SELECT supplier_key, register_id, decision, decided_by FROM spend.link_decision"
        ).fetchall()
    finally:
        ledger.close()


def test_analyst_sees_the_pair_side_by_side(client_for, analyst, review_home) -> None:
    page = client_for(analyst).get("/suppliers/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Mersey Bridge Builder Ltd" in html
    assert "MERSEY BRIDGE BUILDERS LIMITED" in html
    assert "-1.32" in html and "Jaro-Winkler" in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_analyst_confirms_a_link_and_it_is_recorded_with_their_name(
    client_for, analyst, review_home
) -> None:
    client = client_for(analyst)
    answer = client.post(
        "/suppliers/decide/",
        {
            "supplier_key": "S1",
            "register": "companies-house",
            "register_id": "08123456",
            "decision": "confirm",
        },
    )
    assert answer.status_code == 302
    assert decision_of(review_home) == [("S1", "08123456", "confirmed", "web:alan")]
    ledger = read_ledger(review_home)
    profile = ledger.execute(
        "SELECT lad_code, resolved FROM spend.supplier_profile WHERE supplier_key = 'S1'"
    ).fetchone()
    ledger.close()
    assert profile == ("E08000012", True)
    after = client.get("/suppliers/").content.decode()
    assert "Nothing is waiting for review" in after
    assert "web:alan" in after


def test_admin_rejects_a_link(client_for, admin, review_home) -> None:
    client_for(admin).post(
        "/suppliers/decide/",
        {
            "supplier_key": "S1",
            "register": "companies-house",
            "register_id": "08123456",
            "decision": "reject",
        },
    )
    assert decision_of(review_home) == [("S1", "08123456", "rejected", "web:ada")]


def test_a_decision_needs_a_post_with_a_csrf_token(analyst, review_home) -> None:
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(analyst)
    assert client.get("/suppliers/decide/").status_code == 405
    data = {"supplier_key": "S1", "register": "companies-house", "register_id": "08123456"}
    assert client.post("/suppliers/decide/", {**data, "decision": "confirm"}).status_code == 403
    assert decision_of(review_home) == []


def test_supplier_cannot_see_the_review_queue_or_decide(client_for, supplier, review_home) -> None:
    client = client_for(supplier)
    assert client.get("/suppliers/").status_code == 403
    answer = client.post(
        "/suppliers/decide/",
        {
            "supplier_key": "S1",
            "register": "companies-house",
            "register_id": "08123456",
            "decision": "confirm",
        },
    )
    assert answer.status_code == 403
    assert decision_of(review_home) == []


def test_signed_out_visitors_are_sent_to_sign_in(client, review_home) -> None:
    answer = client.get("/suppliers/")
    assert answer.status_code == 302 and "sign-in" in answer["Location"]

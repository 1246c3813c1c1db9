"""Local measures: only commissioners and admins add them; a code never clashes with the library
or another local measure, ignoring case; proxies and price years are bounded; an admin retires a
measure; and a bad measure already in the database never takes a page down."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from test_web_socialvalue_builders import (
    LCR,
    award,
    make_bid,
    make_contract,
    make_return,
    organisation_of,
)

from greatjobs.web.accounts.roles import ASSESSOR, EMPLOYER
from greatjobs.web.socialvalue.models import ContractMeasure, LocalMeasure


def measure_form(commissioner, **overrides: str) -> dict[str, str]:
    data = {
        "organisation": str(organisation_of(commissioner).pk),
        "code": "LCR-CARE-01",
        "title": "Care leavers hired",
        "outcome": "Care leavers in work",
        "theme": "Equal opportunity",
        "unit": "people",
        "evidence": "Referral from the leaving care team",
        "evidence_required": "on",
        "proxy_value": "1200",
        "proxy_price_year": "2022",
        "proxy_source": "Council published unit cost 2022",
    }
    return data | overrides


def local_measure(owner, code: str, **fields) -> LocalMeasure:
    """Straight into the database, as a record from before the rules were checked would be."""
    values = {
        "organisation": organisation_of(owner),
        "code": code,
        "title": f"Measure {code}",
        "outcome": "Outcome",
        "theme": "Equal opportunity",
        "unit": "people",
        "evidence": "Referral",
    }
    return LocalMeasure.objects.create(**(values | fields))


@pytest.fixture()
def assessor(make_user):
    return make_user("asha", ASSESSOR, "Liverpool City Region Combined Authority")


@pytest.fixture()
def employer(make_user):
    return make_user("emma", EMPLOYER, "Halton Care Co-operative")


@pytest.mark.parametrize("persona", ["supplier", "employer", "analyst", "assessor"])
def test_only_commissioners_and_admins_add_local_measures(
    request, client_for, commissioner, persona
):
    user = request.getfixturevalue(persona)
    client = client_for(user)
    assert "/socialvalue/measures/new/" not in client.get("/socialvalue/measures/").content.decode()
    assert client.get("/socialvalue/measures/new/").status_code == 403
    data = measure_form(commissioner, organisation=str(organisation_of(commissioner).pk))
    assert client.post("/socialvalue/measures/new/", data).status_code == 403
    assert not LocalMeasure.objects.exists()


@pytest.mark.parametrize("persona", ["commissioner", "admin"])
def test_commissioners_and_admins_add_a_local_measure_stored_in_capitals(
    request, db, client_for, persona
):
    user = request.getfixturevalue(persona)
    client = client_for(user)
    assert "/socialvalue/measures/new/" in client.get("/socialvalue/measures/").content.decode()
    response = client.post("/socialvalue/measures/new/", measure_form(user, code=" lcr-care-01 "))
    assert response.status_code == 302
    assert LocalMeasure.objects.get().code == "LCR-CARE-01"


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("GJ-EMP-02", "GJ-EMP-02 is the code of the library measure GJ-EMP-02"),
        ("gj-emp-02", "GJ-EMP-02 is the code of the library measure GJ-EMP-02"),
        ("GJ-NEW-01", "Codes starting GJ- are kept for the greatjobs measures library"),
        ("lcr-care-01", "There is already a local measure LCR-CARE-01"),
        ("LCR CARE 02", "letters and numbers in groups joined by hyphens"),
    ],
)
def test_a_local_measure_code_never_clashes_ignoring_case(
    client_for, commissioner, supplier, code, message
):
    local_measure(supplier, "LCR-CARE-01")  # another organisation's
    response = client_for(commissioner).post(
        "/socialvalue/measures/new/", measure_form(commissioner, code=code)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert LocalMeasure.objects.count() == 1


def test_the_database_refuses_a_code_that_differs_only_in_case(commissioner):
    local_measure(commissioner, "LCR-CARE-01")
    with pytest.raises(IntegrityError), transaction.atomic():
        local_measure(commissioner, "lcr-care-01")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("proxy_value", "-500", "A financial proxy must be more than £0 per unit."),
        ("proxy_value", "0", "A financial proxy must be more than £0 per unit."),
        ("proxy_value", "9999999999.99", "cannot be more than £1,000,000 per unit."),
        ("proxy_value", "99999999999999999999", "The proxy is too large: check the figure."),
        ("proxy_price_year", "1", "The price year must be from 2000 to"),
        ("proxy_price_year", "1999", "The price year must be from 2000 to"),
        ("proxy_price_year", "3000", "The price year must be from 2000 to"),
        ("proxy_price_year", str(dt.date.today().year + 1), "The price year must be from 2000"),
    ],
)
def test_a_proxy_or_price_year_out_of_bounds_is_refused(
    client_for, commissioner, field, value, message
):
    response = client_for(commissioner).post(
        "/socialvalue/measures/new/", measure_form(commissioner, **{field: value})
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert not LocalMeasure.objects.exists()


def test_admin_retires_a_measure_contracts_keep_it_new_ones_cannot_choose_it(
    client_for, admin, commissioner
):
    measure = local_measure(commissioner, "LCR-CARE-01")
    using = make_contract(commissioner, title="Already using it")
    ContractMeasure.objects.create(contract=using, measure_id="LCR-CARE-01", target=5)
    client = client_for(admin)
    page = client.get("/socialvalue/measures/").content.decode()
    assert f'action="/socialvalue/measures/{measure.pk}/retire/"' in page
    assert client.post(f"/socialvalue/measures/{measure.pk}/retire/").status_code == 302
    measure.refresh_from_db()
    assert measure.retired_at is not None
    assert "Retired" in client.get("/socialvalue/measures/").content.decode()

    commissioning = client_for(commissioner)
    fresh = make_contract(commissioner, title="New contract")
    form = commissioning.get(f"/socialvalue/contracts/{fresh.pk}/").content.decode()
    assert 'value="LCR-CARE-01"' not in form
    refused = commissioning.post(
        f"/socialvalue/contracts/{fresh.pk}/measures/", {"measure_id": "LCR-CARE-01", "target": "2"}
    )
    assert "retired measures cannot be added" in refused.content.decode()
    assert not fresh.measures.filter(measure_id="LCR-CARE-01").exists()
    kept = commissioning.get(f"/socialvalue/contracts/{using.pk}/").content.decode()
    assert "LCR-CARE-01 Measure LCR-CARE-01: target 5" in kept


@pytest.mark.parametrize("persona", ["commissioner", "analyst", "supplier"])
def test_only_admins_retire_measures(request, client_for, commissioner, persona):
    measure = local_measure(commissioner, "LCR-CARE-01")
    client = client_for(request.getfixturevalue(persona))
    assert "/retire/" not in client.get("/socialvalue/measures/").content.decode()
    assert client.post(f"/socialvalue/measures/{measure.pk}/retire/").status_code == 403
    measure.refresh_from_db()
    assert measure.retired_at is None


def test_retiring_needs_a_post_with_the_csrf_token(admin, commissioner):
    measure = local_measure(commissioner, "LCR-CARE-01")
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin)
    assert client.get(f"/socialvalue/measures/{measure.pk}/retire/").status_code == 405
    assert client.post(f"/socialvalue/measures/{measure.pk}/retire/").status_code == 403
    measure.refresh_from_db()
    assert measure.retired_at is None


@pytest.fixture()
def bad_measures(commissioner, supplier, other_supplier):
    """Contracts, bids and a return, then measures that clash with the library (exactly and in
    another case) or have impossible proxies, as if added before the rules."""
    awarded = make_contract(commissioner)
    award(awarded, make_bid(awarded, supplier, 900_000, 2))
    delivery_return, _line = make_return(awarded, supplier)
    open_contract = make_contract(commissioner, title="Open one")
    bid = make_bid(open_contract, other_supplier, 500_000, 1)
    local_measure(supplier, "GJ-EMP-02", proxy_value=Decimal(-500), proxy_price_year=3000)
    local_measure(supplier, "gj-skl-02", proxy_value=Decimal("9999999999.99"), proxy_price_year=1)
    local_measure(supplier, "LCR-BAD-01", proxy_value=Decimal(-500), proxy_price_year=2022)
    for contract in (awarded, open_contract):
        for code in ("gj-skl-02", "LCR-BAD-01"):
            ContractMeasure.objects.create(contract=contract, measure_id=code, target=1)
    return {"awarded": awarded, "open": open_contract, "bid": bid, "return": delivery_return}


def test_every_page_still_answers_with_clashing_and_broken_measures_in_the_database(
    client_for, admin, commissioner, analyst, supplier, other_supplier, bad_measures
):
    awarded, open_contract = bad_measures["awarded"], bad_measures["open"]
    pages = {
        commissioner: [
            "/socialvalue/",
            "/socialvalue/measures/",
            "/socialvalue/measures/?export=csv",
            f"/socialvalue/contracts/{awarded.pk}/",
            f"/socialvalue/contracts/{open_contract.pk}/",
            f"/socialvalue/contracts/{open_contract.pk}/evaluation/",
            f"/socialvalue/bids/{bad_measures['bid'].pk}/",
            f"/socialvalue/returns/{bad_measures['return'].pk}/",
            f"/socialvalue/contracts/{awarded.pk}/sroi/",
            f"/socialvalue/reports/?year={dt.date.today().year}",
        ],
        analyst: ["/socialvalue/reports/", f"/socialvalue/contracts/{awarded.pk}/sroi/"],
        admin: ["/socialvalue/measures/", f"/socialvalue/contracts/{awarded.pk}/"],
        supplier: [
            f"/socialvalue/contracts/{awarded.pk}/",
            f"/socialvalue/contracts/{awarded.pk}/returns/new/",
            f"/socialvalue/contracts/{open_contract.pk}/bid/",
        ],
        other_supplier: [f"/socialvalue/bids/{bad_measures['bid'].pk}/"],
    }
    for user, urls in pages.items():
        client = client_for(user)
        for url in urls:
            assert client.get(url).status_code == 200, (user.username, url)


def test_the_measures_page_says_which_local_measures_are_left_out_or_not_valued(
    client_for, admin, bad_measures
):
    html = client_for(admin).get("/socialvalue/measures/").content.decode()
    assert "Local measure GJ-EMP-02 (Measure GJ-EMP-02) is left out" in html
    assert "Local measure gj-skl-02 (Measure gj-skl-02) is left out" in html
    assert "Local measure LCR-BAD-01 is not valued: a financial proxy must be more than" in html
    assert "Left out: its code clashes" in html  # and the admin can retire it from here
    clashing = LocalMeasure.objects.get(code="GJ-EMP-02")
    assert f'action="/socialvalue/measures/{clashing.pk}/retire/"' in html


def test_a_contract_naming_a_left_out_measure_shows_it_as_withdrawn(
    client_for, commissioner, bad_measures
):
    html = (
        client_for(commissioner)
        .get(f"/socialvalue/contracts/{bad_measures['awarded'].pk}/")
        .content.decode()
    )
    assert "gj-skl-02 Withdrawn measure gj-skl-02" in html
    assert "GJ-SKL-02 Hours of accredited training for employees" in html


@pytest.mark.django_db(transaction=True)
def test_the_migration_retires_existing_clashing_codes_and_keeps_what_contracts_name():
    before = [("socialvalue", "0001_initial")]
    after = [("socialvalue", "0002_local_measure_codes_and_retirement")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    body = old.get_model("accounts", "Organisation").objects.create(name="Body")
    measures = old.get_model("socialvalue", "LocalMeasure").objects
    fields = {"organisation": body, "title": "T", "outcome": "O", "theme": "Th", "unit": "u"}
    for code in ("GJ-EMP-02", "gj-emp-02", "LCR-CARE-01", "lcr-care-01"):
        measures.create(code=code, evidence="E", **fields)
    contract = old.get_model("socialvalue", "Contract").objects.create(
        organisation=body,
        title="C",
        value=1,
        start_date=dt.date(2025, 1, 1),
        term_months=12,
        category="C",
        place_code=LCR,
        place_name="LCR",
        price_weight=50,
        quality_weight=40,
        social_value_weight=10,
    )
    named = old.get_model("socialvalue", "ContractMeasure").objects
    for code in ("GJ-EMP-02", "gj-emp-02", "LCR-CARE-01", "lcr-care-01"):
        named.create(contract=contract, measure_id=code, target=1)

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    rows = {
        m.pk: (m.code, m.retired_at is not None)
        for m in new.get_model("socialvalue", "LocalMeasure").objects.order_by("pk")
    }
    pks = sorted(rows)
    assert rows[pks[0]] == ("GJ-EMP-02", True)  # a library code: retired
    assert rows[pks[1]] == (f"gj-emp-02-DUP{pks[1]}", True)  # repeats it: renamed and retired
    assert rows[pks[2]] == ("LCR-CARE-01", False)
    assert rows[pks[3]] == (f"lcr-care-01-DUP{pks[3]}", True)
    contract_codes = set(
        new.get_model("socialvalue", "ContractMeasure").objects.values_list("measure_id", flat=True)
    )
    assert contract_codes == {
        "GJ-EMP-02",
        f"gj-emp-02-DUP{pks[1]}",
        "LCR-CARE-01",
        f"lcr-care-01-DUP{pks[3]}",
    }
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

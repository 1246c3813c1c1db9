"""Social value workflows in the web app: commissioning rules, bids kept on error, scoring and
the evaluation record, returns refused when impossible, verification, audit, reports."""

from __future__ import annotations

import datetime as dt

from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from test_web_socialvalue_builders import LCR, award, make_bid, make_contract, make_return

from greatjobs.web.socialvalue.models import Bid, Contract, DeliveryReturn, LocalMeasure

CONTRACT_FORM = {
    "title": "Youth employment pathway",
    "value": "500000",
    "start_date": "2025-04-01",
    "term_months": "12",
    "category": "Employment support",
    "place_code": LCR,
    "price_weight": "60",
    "quality_weight": "35",
    "social_value_weight": "5",
    "scoring_method": "both",
}


def test_commissioner_cannot_weight_social_value_under_ten_percent(client_for, commissioner):
    response = client_for(commissioner).post("/socialvalue/contracts/new/", CONTRACT_FORM)
    assert response.status_code == 200
    html = response.content.decode()
    assert "at least 10% of the total score (PPN 06/20, kept by PPN 002" in html
    assert 'value="Youth employment pathway"' in html  # what they typed is kept
    assert not Contract.objects.exists()


def test_commissioner_sets_up_a_contract_and_chooses_measures(client_for, commissioner):
    client = client_for(commissioner)
    form = {**CONTRACT_FORM, "quality_weight": "30", "social_value_weight": "10"}
    response = client.post("/socialvalue/contracts/new/", form)
    contract = Contract.objects.get()
    assert response.status_code == 302
    assert contract.place_name == "Liverpool City Region"
    client.post(
        f"/socialvalue/contracts/{contract.pk}/measures/",
        {"measure_id": "GJ-EMP-02", "target": "6"},
    )
    assert list(contract.measures.values_list("measure_id", flat=True)) == ["GJ-EMP-02"]
    again = client.post(
        f"/socialvalue/contracts/{contract.pk}/measures/",
        {"measure_id": "GJ-EMP-02", "target": "1"},
    )
    assert "already on the contract" in again.content.decode()


def test_supplier_bid_with_a_negative_commitment_is_refused_and_keeps_the_input(
    client_for, commissioner, supplier
):
    contract = make_contract(commissioner)
    client = client_for(supplier)
    data = {"price": "900000", "narrative": "We will hire locally."}
    for measure in ("GJ-EMP-01", "GJ-EMP-02", "GJ-SKL-02"):
        data[f"m_{measure}_y1"] = "3"
        data[f"m_{measure}_y2"] = "4"
    data["m_GJ-SKL-02_y2"] = "-10"
    response = client.post(f"/socialvalue/contracts/{contract.pk}/bid/", data)
    html = response.content.decode()
    assert "Hours of accredited training for employees cannot be negative." in html
    assert "We will hire locally." in html and 'value="900000"' in html
    assert not Bid.objects.exists()
    data["m_GJ-SKL-02_y2"] = "10"
    response = client.post(f"/socialvalue/contracts/{contract.pk}/bid/", data)
    bid = Bid.objects.get()
    assert bid.commitments.count() == 6
    page = client.get(response["Location"]).content.decode()
    assert "Committed social value" in page


def test_evaluator_scores_and_the_evaluation_record_explains_and_ranks(
    client_for, commissioner, supplier, other_supplier
):
    contract = make_contract(commissioner)
    low = make_bid(contract, supplier, 900_000, 1)
    high = make_bid(contract, other_supplier, 1_000_000, 4)
    client = client_for(commissioner)
    for bid, quality in ((low, "3"), (high, "5")):
        client.post(
            f"/socialvalue/bids/{bid.pk}/score/",
            {"quality_score": quality, "method_statement_score": "4"},
        )
    html = client.get(f"/socialvalue/contracts/{contract.pk}/evaluation/").content.decode()
    assert "Price: lowest price £900,000 / this price £1,000,000 x 50 = 45.00" in html
    assert "GJ-EMP-02: 8 x £" in html  # 4 hires a year for 2 years at the WELLBY proxy
    assert html.index("1. Wirral Construction Partnership") < html.index(
        "2. Mersey Skills Training Ltd"
    )
    client.post(f"/socialvalue/contracts/{contract.pk}/award/", {"bid": high.pk})
    contract.refresh_from_db()
    assert contract.awarded_bid == high and contract.status == "awarded"
    client.post(f"/socialvalue/contracts/{contract.pk}/award/", {"bid": low.pk})
    contract.refresh_from_db()
    assert contract.awarded_bid == high  # an awarded contract is not awarded again


def test_a_contract_cannot_be_awarded_before_its_bids_are_scored(
    client_for, commissioner, supplier
):
    contract = make_contract(commissioner)
    bid = make_bid(contract, supplier, 900_000, 1)
    client_for(commissioner).post(f"/socialvalue/contracts/{contract.pk}/award/", {"bid": bid.pk})
    contract.refresh_from_db()
    assert contract.awarded_bid is None and contract.status == "open"


def test_score_change_is_audited_with_who_and_before_after(client_for, commissioner, supplier):
    bid = make_bid(make_contract(commissioner), supplier, 900_000, 1)
    client = client_for(commissioner)
    for score in ("2", "4"):
        client.post(
            f"/socialvalue/bids/{bid.pk}/score/",
            {"quality_score": score, "method_statement_score": "3"},
        )
    entry = LogEntry.objects.get_for_object(bid).filter(action=LogEntry.Action.UPDATE).first()
    assert entry.actor == commissioner
    before, after = entry.changes_dict["quality_score"]
    assert (float(before), float(after)) == (2.0, 4.0)


def _return_data(**overrides):
    data = {
        "period": "Quarter 1 to 31 Mar 2025",
        "employees": "10",
        "narrative": "First quarter.",
        "q_GJ-EMP-01": "4",
        "q_GJ-SKL-02": "40",
        "people_GJ-EMP-02": "P1\nP2",
    }
    data.update(overrides)
    return data


def _files():
    return {
        "evidence_GJ-EMP-01": SimpleUploadedFile("payroll.csv", b"id\n1\n"),
        "evidence_GJ-EMP-02": SimpleUploadedFile("referrals.csv", b"ref\nP1\n"),
    }


def test_impossible_return_is_refused_and_keeps_the_suppliers_figures(
    client_for, commissioner, supplier
):
    contract = make_contract(commissioner)
    award(contract, make_bid(contract, supplier, 900_000, 2))
    client = client_for(supplier)
    url = f"/socialvalue/contracts/{contract.pk}/returns/new/"
    response = client.post(url, {**_return_data(**{"q_GJ-EMP-01": "12", "q_GJ-SKL-02": "-3"})})
    html = response.content.decode()
    assert "cannot be more than the employees working on the contract (10)" in html
    assert "cannot be negative" in html
    assert "Attach evidence for long-term unemployed people hired" in html
    assert 'value="12"' in html and "First quarter." in html and "P1\nP2" in html
    assert not DeliveryReturn.objects.exists()


def test_disadvantaged_hire_counts_once_and_in_its_first_year_only(
    client_for, commissioner, supplier
):
    contract = make_contract(commissioner)
    contract.measures.create(measure_id="GJ-EMP-03", target=2)
    award(contract, make_bid(contract, supplier, 900_000, 2))
    make_return(contract, supplier)  # P1 and P2 counted in quarter 1
    client = client_for(supplier)
    data = _return_data(period="Quarter 2 to 30 Jun 2025", **{"people_GJ-EMP-02": "P1\nP3"})
    data["people_GJ-EMP-03"] = "P3"
    html = client.post(
        f"/socialvalue/contracts/{contract.pk}/returns/new/",
        {**data, **_files(), "evidence_GJ-EMP-03": SimpleUploadedFile("d.csv", b"x")},
    ).content.decode()
    assert "P1 was already counted in Quarter 1 to 31 Mar 2025" in html
    assert "P3 is listed under more than one disadvantaged measure" in html
    assert DeliveryReturn.objects.count() == 1


def test_commissioner_verifies_a_return_and_sees_status_per_measure(
    client_for, commissioner, supplier
):
    contract = make_contract(commissioner)
    award(contract, make_bid(contract, supplier, 900_000, 1))
    response = client_for(supplier).post(
        f"/socialvalue/contracts/{contract.pk}/returns/new/", {**_return_data(), **_files()}
    )
    delivery_return = DeliveryReturn.objects.get()
    assert response.status_code == 302
    client = client_for(commissioner)
    lines = {line.measure_id: line for line in delivery_return.lines.all()}
    assert float(lines["GJ-EMP-02"].quantity) == 2
    refused = client.post(
        f"/socialvalue/returns/{delivery_return.pk}/verify/",
        {f"v_{line.pk}": "99" for line in lines.values()},
    )
    assert "You cannot verify more than the" in refused.content.decode()
    client.post(
        f"/socialvalue/returns/{delivery_return.pk}/verify/",
        {f"v_{line.pk}": str(line.quantity) for line in lines.values()},
    )
    delivery_return.refresh_from_db()
    assert delivery_return.status == "verified" and delivery_return.verified_by == commissioner
    html = client.get(f"/socialvalue/contracts/{contract.pk}/").content.decode()
    assert "Met" in html  # 2 long-term unemployed hires verified against 2 committed


def test_overdue_returns_are_listed_for_the_commissioner(client_for, commissioner, supplier):
    contract = make_contract(commissioner, start_date=dt.date(2024, 1, 1))
    award(contract, make_bid(contract, supplier, 900_000, 1))
    html = client_for(commissioner).get("/socialvalue/").content.decode()
    assert "Quarter 1 to 31 Mar 2024, due 30 Apr 2024" in html


def test_report_shows_chart_tables_and_exports_csv_with_method_notes(
    client_for, commissioner, supplier
):
    contract = make_contract(commissioner)
    award(contract, make_bid(contract, supplier, 900_000, 1))
    client = client_for(commissioner)
    year = dt.date.today().year
    html = client.get(f"/socialvalue/reports/?year={year}").content.decode()
    assert 'role="img"' in html and "Highways maintenance" in html
    csv = client.get(f"/socialvalue/reports/?year={year}&table=suppliers&export=csv")
    text = csv.content.decode()
    assert text.splitlines()[0].startswith("supplier,contract_value,committed")
    assert "Mersey Skills Training Ltd" in text and "# Proxies: HM Treasury Green Book" in text


def test_organisation_adds_a_local_measure_with_its_own_proxy(client_for, commissioner):
    client = client_for(commissioner)
    data = {
        "organisation": str(commissioner.memberships.get().organisation_id),
        "code": "LCR-CARE-01",
        "title": "Care leavers hired",
        "outcome": "Care leavers in work",
        "theme": "Equal opportunity",
        "unit": "people",
        "evidence": "Referral from the leaving care team",
        "evidence_required": "on",
        "proxy_value": "1200",
        "proxy_price_year": "2022",
        "proxy_source": "",
    }
    refused = client.post("/socialvalue/measures/new/", data)
    assert "A proxy needs its price year and its source." in refused.content.decode()
    data["proxy_source"] = "Council published unit cost 2022"
    client.post("/socialvalue/measures/new/", data)
    assert LocalMeasure.objects.get().code == "LCR-CARE-01"
    assert "LCR-CARE-01" in client.get("/socialvalue/measures/").content.decode()

"""Input that used to crash a page or be accepted though impossible: report years, contract,
bid and return figures beyond their bounds, and evidence files of the wrong type or size."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from test_web_socialvalue_builders import LCR, award, make_bid, make_contract, make_return

from greatjobs.web.socialvalue.models import (
    Bid,
    Contract,
    ContractMeasure,
    DeliveryReturn,
    LocalMeasure,
)

THIS_YEAR = dt.date.today().year

CONTRACT_FORM = {
    "title": "Youth employment pathway",
    "value": "500000",
    "start_date": "2025-04-01",
    "term_months": "12",
    "category": "Employment support",
    "place_code": LCR,
    "price_weight": "60",
    "quality_weight": "30",
    "social_value_weight": "10",
    "scoring_method": "both",
}


@pytest.mark.parametrize("year", ["0", "-1", "10000", "99999999999999999999", "1999", "abc"])
def test_a_report_for_an_impossible_year_says_so_instead_of_failing(
    client_for, commissioner, supplier, year
):
    contract = make_contract(commissioner)
    award(contract, make_bid(contract, supplier, 900_000, 1))
    client = client_for(commissioner)
    response = client.get(f"/socialvalue/reports/?year={year}")
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert (
        f"Enter a year from 2000 to {THIS_YEAR}." in html
        or f"Enter the year as 4 digits, for example {THIS_YEAR}." in html
    )
    assert f'value="{year}"' in html  # what they typed is kept
    export = client.get(f"/socialvalue/reports/?year={year}&table=contracts&export=csv")
    assert export.status_code == 400 and "There is a problem" in export.content.decode()


def test_a_report_for_a_possible_year_has_no_error(client_for, commissioner):
    response = client_for(commissioner).get(f"/socialvalue/reports/?year={THIS_YEAR - 1}")
    assert response.status_code == 200
    assert "There is a problem" not in response.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("value", "-5", "The contract value must be more than £0."),
        ("value", "0", "The contract value must be more than £0."),
        ("value", "99999999999", "The contract value cannot be more than £10,000,000,000."),
        ("term_months", "0", "The term must be from 1 to 120 months"),
        ("term_months", "100000", "The term must be from 1 to 120 months"),
        ("term_months", "99999999999999999999", "The term must be from 1 to 120 months"),
        ("start_date", "9999-12-01", "The start date must be from 2000 to 2099."),
    ],
)
def test_an_impossible_contract_is_refused_with_a_clear_message(
    client_for, commissioner, field, value, message
):
    response = client_for(commissioner).post(
        "/socialvalue/contracts/new/", CONTRACT_FORM | {field: value}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Contract.objects.exists()


def test_the_term_help_says_why_it_is_at_most_ten_years(client_for, commissioner):
    html = client_for(commissioner).get("/socialvalue/contracts/new/").content.decode()
    assert "bids commit social value for each contract year, for 10 years at most" in html


def _bid(**overrides: str) -> dict[str, str]:
    data = {"price": "900000", "narrative": "We will hire locally."}
    for measure in ("GJ-EMP-01", "GJ-EMP-02", "GJ-SKL-02"):
        for year in (1, 2):
            data[f"m_{measure}_y{year}"] = "3"
    return data | overrides


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("price", "0", "The price must be more than £0."),
        ("price", "-1", "The price must be more than £0."),
        ("price", "99999999999", "The price cannot be more than £10,000,000,000."),
        ("m_GJ-EMP-02_y1", "2000000", "Long-term unemployed people hired cannot be more than"),
        ("m_GJ-SKL-02_y2", "99999999999999999999", "year 2 (hours) is too large: check the"),
    ],
)
def test_an_impossible_bid_is_refused_with_a_clear_message(
    client_for, commissioner, supplier, field, value, message
):
    contract = make_contract(commissioner)
    response = client_for(supplier).post(
        f"/socialvalue/contracts/{contract.pk}/bid/", _bid(**{field: value})
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Bid.objects.exists()


def test_a_measure_title_with_a_percent_sign_does_not_break_the_bid_form(
    client_for, commissioner, supplier
):
    contract = make_contract(commissioner)
    LocalMeasure.objects.create(
        organisation=contract.organisation,
        code="LCR-PAY-01",
        title="Staff at 100% pay",
        outcome="Fair pay",
        theme="Fair work",
        unit="people",
        evidence="Payroll",
    )
    ContractMeasure.objects.create(contract=contract, measure_id="LCR-PAY-01", target=3)
    response = client_for(supplier).post(
        f"/socialvalue/contracts/{contract.pk}/bid/",
        _bid(**{"m_LCR-PAY-01_y1": "-1", "m_LCR-PAY-01_y2": "1"}),
    )
    assert response.status_code == 200
    assert "Staff at 100% pay cannot be negative." in response.content.decode()


def test_a_contract_from_before_the_term_bound_still_has_a_small_bid_page_and_a_contract_list(
    client_for, commissioner, supplier, other_supplier
):
    legacy = make_contract(commissioner, title="Legacy", term_months=100_000)
    award(legacy, make_bid(legacy, other_supplier, 900_000, 1))
    open_legacy = make_contract(commissioner, title="Open legacy", term_months=100_000)
    assert client_for(commissioner).get("/socialvalue/").status_code == 200
    bid_page = client_for(supplier).get(f"/socialvalue/contracts/{open_legacy.pk}/bid/")
    html = bid_page.content.decode()
    assert "m_GJ-EMP-01_y10" in html and "m_GJ-EMP-01_y11" not in html
    assert len(html) < 200_000


@pytest.fixture()
def awarded(commissioner, supplier):
    contract = make_contract(commissioner)
    for measure_id in ("GJ-EMP-03", "GJ-FAIR-01"):
        ContractMeasure.objects.create(contract=contract, measure_id=measure_id, target=2)
    award(contract, make_bid(contract, supplier, 900_000, 2))
    return contract


def _return(**overrides: str) -> dict[str, str]:
    data = {
        "period": "Quarter 1 to 31 Mar 2025",
        "employees": "10",
        "q_GJ-EMP-01": "0",
        "q_GJ-SKL-02": "40",
        "q_GJ-FAIR-01": "10",
        "people_GJ-EMP-02": "",
        "people_GJ-EMP-03": "",
    }
    return data | overrides


def _people(prefix: str, count: int) -> str:
    return "\n".join(f"{prefix}{n}" for n in range(count))


def _evidence() -> dict[str, SimpleUploadedFile]:
    return {
        f"evidence_{m}": SimpleUploadedFile(f"{m}.csv", b"reference\nP1\n")
        for m in ("GJ-EMP-02", "GJ-EMP-03")
    }


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"people_GJ-EMP-02": _people("LTU", 8), "people_GJ-EMP-03": _people("DIS", 8)},
            "Disadvantaged hires in all (8 long-term unemployed people hired + 8 disabled "
            "people hired = 16) cannot be more than the employees working on the contract (10)",
        ),
        (
            {"q_GJ-FAIR-01": "500"},
            "Employees paid at least the real Living Wage (500) cannot be more than the "
            "employees working on the contract (10).",
        ),
        (
            {"employees": "9999999999"},
            "Employees working on the contract cannot be more than 1,000,000",
        ),
        (
            {"employees": "99999999999999999999"},
            "Employees working on the contract is too large: check the figure.",
        ),
        (
            {"q_GJ-SKL-02": "5000000"},
            "Hours of accredited training for employees cannot be more than 1,000,000",
        ),
    ],
)
def test_an_impossible_return_is_refused_with_a_clear_message(
    client_for, supplier, awarded, overrides, message
):
    response = client_for(supplier).post(
        f"/socialvalue/contracts/{awarded.pk}/returns/new/", _return(**overrides) | _evidence()
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert not DeliveryReturn.objects.exists()


def test_a_possible_return_is_accepted(client_for, supplier, awarded):
    response = client_for(supplier).post(
        f"/socialvalue/contracts/{awarded.pk}/returns/new/",
        _return(**{"people_GJ-EMP-02": "P1\nP2", "people_GJ-EMP-03": "P3"}) | _evidence(),
    )
    assert response.status_code == 302
    assert DeliveryReturn.objects.count() == 1


MB = 1024 * 1024
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("referrals.html", b"<html><script>alert(1)</script></html>", "is not a file type"),
        ("referrals.pdf", b"<html><script>alert(1)</script></html>", "does not look like a PDF"),
        ("referrals.pdf", b"%PDF-1.4\n" + b"0" * (11 * MB), "evidence must be 10 MB or smaller"),
    ],
)
def test_evidence_of_the_wrong_type_or_size_is_refused(
    client_for, supplier, awarded, name, content, message
):
    files = _evidence() | {"evidence_GJ-EMP-02": SimpleUploadedFile(name, content)}
    response = client_for(supplier).post(
        f"/socialvalue/contracts/{awarded.pk}/returns/new/",
        _return(**{"people_GJ-EMP-02": "P1"}) | files,
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not DeliveryReturn.objects.exists()


def test_the_evidence_fields_say_what_files_are_accepted(client_for, supplier, awarded):
    html = (
        client_for(supplier)
        .get(f"/socialvalue/contracts/{awarded.pk}/returns/new/")
        .content.decode()
    )
    assert "up to 10 MB." in html and "PDF, Word" in html


def test_a_small_pdf_is_accepted_and_downloads_as_an_attachment_never_rendered(
    client_for, commissioner, supplier, awarded
):
    files = _evidence() | {"evidence_GJ-EMP-02": SimpleUploadedFile("referrals.pdf", PDF)}
    response = client_for(supplier).post(
        f"/socialvalue/contracts/{awarded.pk}/returns/new/",
        _return(**{"people_GJ-EMP-02": "P1"}) | files,
    )
    assert response.status_code == 302
    line = DeliveryReturn.objects.get().lines.get(measure_id="GJ-EMP-02")
    download = client_for(commissioner).get(f"/socialvalue/evidence/{line.pk}/")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert "referrals" in download["Content-Disposition"]
    assert download["Content-Type"] == "application/octet-stream"
    assert "sandbox" in download["Content-Security-Policy"]
    assert b"".join(download.streaming_content) == PDF


def test_evidence_already_stored_is_served_as_opaque_bytes(client_for, commissioner, supplier):
    contract = make_contract(commissioner)
    award(contract, make_bid(contract, supplier, 900_000, 1))
    _return_record, line = make_return(contract, supplier)
    download = client_for(supplier).get(f"/socialvalue/evidence/{line.pk}/")
    assert download["Content-Type"] == "application/octet-stream"
    assert download["Content-Disposition"].startswith("attachment;")

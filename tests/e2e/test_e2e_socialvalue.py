"""One journey through social value in a real browser, axe on every page: a commissioner sets up
a contract, two suppliers bid, the evaluator scores and awards, the winner reports delivery for two
periods, the commissioner verifies both and values the verified outcomes (SROI)."""

from __future__ import annotations

import pytest

from greatjobs.web.accounts.provisioning import create_demo_users

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore:No directory at"),
]


def _sign_in(site, username: str) -> None:
    site.sign_in(username)


def _sign_out(site) -> None:
    site.page.get_by_role("button", name="Sign out").click()
    site.page.wait_for_load_state()


def _submit(site, name: str = "Continue") -> None:
    site.page.get_by_role("button", name=name).click()
    site.page.wait_for_load_state()
    site.check_accessibility()


def _bid(site, contract_url: str, price: str, hires: str) -> None:
    page = site.visit(contract_url)
    page.get_by_role("button", name="Bid for this contract").click()
    page.wait_for_load_state()
    site.check_accessibility()
    page.fill("#id_price", price)
    page.fill("#id_narrative", "Local recruitment with the Households into Work programme.")
    page.fill("#id_m_GJ-EMP-02_y1", hires)
    page.fill("#id_m_GJ-SKL-02_y1", "-5")  # refused, and the rest is kept
    _submit(site)
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.input_value("#id_price") == price
    page.fill("#id_m_GJ-SKL-02_y1", "120")
    _submit(site)
    assert page.get_by_role("heading", level=1).inner_text().startswith("Bid from")


def _report(site, contract_url: str, people: str, tmp_path) -> None:
    page = site.visit(contract_url)
    page.get_by_role("button", name="Report delivery").click()
    page.wait_for_load_state()
    site.check_accessibility()
    page.fill("#id_employees", "12")
    page.fill("#id_people_GJ-EMP-02", people)
    page.fill("#id_q_GJ-SKL-02", "60")
    evidence = tmp_path / "referrals.csv"
    evidence.write_text("reference\n" + people + "\n")
    page.set_input_files("#id_evidence_GJ-EMP-02", str(evidence))
    _submit(site)
    assert page.get_by_test_id("return-status").inner_text() == "Awaiting verification"


def _value(site, contract_url: str) -> None:
    page = site.visit(contract_url)
    page.get_by_role("link", name="Value this contract (SROI)").click()
    page.wait_for_load_state()
    site.check_accessibility()
    assert "GJ-SKL-02" in page.get_by_test_id("sroi-not-valued").inner_text()
    page.fill("#id_investment", "20000")
    page.fill("#id_deadweight_GJ-EMP-02", "25")  # a percentage, not a share: refused
    page.fill("#id_attribution_GJ-EMP-02", "0.1")
    page.fill("#id_drop_off_GJ-EMP-02", "0.5")
    page.fill("#id_duration_GJ-EMP-02", "2")
    _submit(site, "Value the outcomes")
    assert "must be a share from 0 to 1" in page.locator(".govuk-error-summary").inner_text()
    assert page.input_value("#id_investment") == "20000"
    page.fill("#id_deadweight_GJ-EMP-02", "0.25")
    page.get_by_text("Ranges for long-term unemployed people hired").click()
    page.fill("#id_low_deadweight_GJ-EMP-02", "0.1")
    page.fill("#id_high_deadweight_GJ-EMP-02", "0.4")
    _submit(site, "Value the outcomes")
    # 3 verified hires x £7,930 x 0.75 x 0.9 = £16,058.25 in year 1, £8,029.13 in year 2:
    # PV = 16,058.25 / 1.035 + 8,029.125 / 1.035^2 = £23,010.49; ratio 1.15 on £20,000.
    assert page.get_by_test_id("sroi-pv").inner_text() == "£23,010.49"
    assert page.get_by_test_id("sroi-ratio").inner_text() == "1.15 : 1"
    assert page.get_by_test_id("sroi-chart").locator("svg[role=img]").count() == 1


def test_commissioner_contracts_suppliers_bid_winner_reports_and_is_verified(site, tmp_path):
    create_demo_users()
    page = site.page

    _sign_in(site, "commissioner")
    site.visit("/socialvalue/")
    page.get_by_role("button", name="Set up a contract").click()
    page.wait_for_load_state()
    site.check_accessibility()
    page.fill("#id_title", "Skills bootcamps delivery")
    page.fill("#id_value", "400000")
    page.fill("#id_start_date", "2025-04-01")
    page.fill("#id_term_months", "12")
    page.fill("#id_category", "Skills")
    page.select_option("#id_place_code", "E47000004")
    page.fill("#id_price_weight", "60")
    page.fill("#id_quality_weight", "35")
    page.fill("#id_social_value_weight", "5")
    _submit(site)
    assert "at least 10% of the total score" in page.locator(".govuk-error-summary").inner_text()
    page.fill("#id_quality_weight", "30")
    page.fill("#id_social_value_weight", "10")
    _submit(site)
    contract_url = page.url.removeprefix(site.base_url)
    for measure, target in (("GJ-EMP-02", "4"), ("GJ-SKL-02", "200")):
        page.select_option("#id_measure_id", measure)
        page.fill("#id_target", target)
        _submit(site, "Add measure")
    assert page.get_by_test_id("measures").locator("li").count() == 2
    _sign_out(site)

    _sign_in(site, "supplier")
    _bid(site, contract_url, "380000", "4")
    _sign_out(site)
    _sign_in(site, "supplier2")
    _bid(site, contract_url, "350000", "1")
    _sign_out(site)

    _sign_in(site, "commissioner")
    site.visit(contract_url + "evaluation/")
    for bidder, quality in (
        ("Mersey Skills Training Ltd", "5"),
        ("Wirral Construction Partnership", "3"),
    ):
        page.get_by_role("link", name=f"Score the bid from {bidder}").click()
        page.wait_for_load_state()
        site.check_accessibility()
        page.fill("#id_quality_score", quality)
        page.fill("#id_method_statement_score", "4")
        _submit(site)
    ranking = page.get_by_test_id("ranking").locator("tbody tr")
    assert ranking.first.locator("th").inner_text() == "Mersey Skills Training Ltd"
    _submit(site, "Award to Mersey Skills Training Ltd")
    assert (
        "Awarded to Mersey Skills Training Ltd"
        in page.get_by_test_id("contract-summary").inner_text()
    )
    _sign_out(site)

    _sign_in(site, "supplier")
    _report(site, contract_url, "LCR-001\nLCR-002", tmp_path)
    _report(site, contract_url, "LCR-003", tmp_path)
    _sign_out(site)

    _sign_in(site, "commissioner")
    for _ in range(2):
        site.visit(contract_url)
        link = page.locator('[data-testid="returns"] li', has_text="Awaiting verification").first
        link.get_by_role("link").click()
        page.wait_for_load_state()
        site.check_accessibility()
        page.get_by_role("button", name="Verify this return").click()
        page.wait_for_load_state()
        site.check_accessibility()
        _submit(site)
    rows = page.get_by_test_id("delivery").locator("tbody tr")
    # 120 training hours committed, 60 + 60 verified; 4 hires committed, 2 + 1 verified
    assert "Met" in rows.filter(has_text="GJ-SKL-02").inner_text()
    assert "Behind" in rows.filter(has_text="GJ-EMP-02").inner_text()
    _value(site, contract_url)
    site.visit("/socialvalue/reports/")
    site.visit("/socialvalue/measures/")

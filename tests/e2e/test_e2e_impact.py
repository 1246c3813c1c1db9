"""An analyst builds the EU-funds scenario, appraises a portfolio with a bad row, downloads the
results, and reads a sector profile: axe checks every page on the way."""

from __future__ import annotations

from pathlib import Path

import pytest

from greatjobs.web.accounts.provisioning import create_demo_users

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore:No directory at"),
]

PORTFOLIO = Path(__file__).parents[1] / "fixtures" / "portfolio" / "with_bad_rows.csv"


def test_analyst_runs_eu_funds_appraises_a_portfolio_and_downloads_it(site):
    create_demo_users()
    page = site.sign_in("analyst", start="/impact/eu-funds/")  # sign in first, then back here
    assert page.url.endswith("/impact/eu-funds/")
    site.check_accessibility()
    page.fill("#id_amount", "£28m")
    page.select_option("#id_displacement", "low")
    page.get_by_role("button", name="Run the scenario").click()
    page.wait_for_load_state()
    site.check_accessibility()
    net_jobs = page.get_by_test_id("net-jobs").inner_text()
    assert " to " in net_jobs and "(" in net_jobs
    rows = page.locator('[data-testid="scenario-table"] tbody tr')
    assert rows.count() == 5
    assert rows.nth(1).locator("th").inner_text() == "Indirect (supply chain)"
    assert page.get_by_test_id("jobs-chart").is_visible()
    assert page.locator("#id_amount").input_value() == "£28m"  # the input is kept

    page = site.visit("/impact/appraise/")
    page.set_input_files("#id_portfolio", str(PORTFOLIO))
    page.fill("#id_budget", "£1.1m")
    page.get_by_role("button", name="Appraise the portfolio").click()
    page.wait_for_load_state()
    site.check_accessibility()
    issues = page.locator('[data-testid="row-issues"] tbody tr')
    assert issues.count() == 6
    first = issues.first.locator("td").all_inner_texts()
    assert first[:2] == ["3", "industry"] and "ZZ99" in first[3]
    summary = page.get_by_test_id("summary").inner_text()
    assert "2 of 8" in summary and " to " in summary
    assert page.get_by_test_id("curve-chart").is_visible()

    with page.expect_download() as download_info:
        page.get_by_test_id("download-csv").click()
    download = download_info.value
    assert download.suggested_filename == "appraisal-with_bad_rows.csv"
    lines = Path(download.path()).read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("row,status,name,industry")
    assert sum(",not appraised," in line for line in lines) == 6

    page = site.visit("/sectors/liverpool-city-region/")
    assert page.get_by_test_id("lq-chart").is_visible()
    page.select_option("#id_level", "group")
    page.get_by_role("button", name="Update the profile").click()
    page.wait_for_load_state()
    site.check_accessibility()
    assert "Visitor economy" in page.get_by_test_id("employment-table").inner_text()

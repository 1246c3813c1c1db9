"""An analyst imports a spend file with bad rows, reads the error report and the dashboard, picks
the place and year (and mistypes the staff pay), and downloads the top suppliers as CSV for that
choice; every page passes axe."""

from __future__ import annotations

from pathlib import Path

import pytest

from greatjobs.web.accounts.provisioning import create_demo_users

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore:No directory at"),
]

SPEND = Path(__file__).parents[1] / "fixtures" / "spend"


def test_analyst_imports_spend_reads_errors_and_dashboard_and_downloads(site, settings, own_home):
    settings.GREATJOBS_HOME = own_home
    create_demo_users()
    site.sign_in("analyst")

    page = site.visit("/spend/")
    page.get_by_role("button", name="Import spend files").click()
    page.wait_for_load_state()
    site.check_accessibility()
    page.fill("#id_body", "Example Council")
    page.set_input_files("#id_files", str(SPEND / "unseen_format.csv"))
    page.set_input_files("#id_mapping", str(SPEND / "unseen_mapping.toml"))
    page.get_by_role("button", name="Import").click()
    page.wait_for_load_state()
    site.check_accessibility()
    assert (
        "13 read = 7 loaded + 6 quarantined" in page.get_by_test_id("reconciliation").inner_text()
    )
    report = page.get_by_test_id("quarantine").inner_text()
    assert "amount not a sum of money: 12.345" in report

    page.get_by_role("link", name="See the dashboard for Example Council").click()
    page.wait_for_load_state()
    site.check_accessibility()
    assert "In scope (procurement) spend" in page.get_by_test_id("headline").inner_text()

    page.get_by_label("Place", exact=True).select_option(label="Greater Manchester")
    page.get_by_label("Year", exact=True).select_option("2024")
    page.get_by_text("Count the anchor's own staff in LM3").click()
    page.get_by_label("Total staff pay (optional)").fill("lots")
    page.get_by_role("button", name="Show").click()
    page.wait_for_load_state()
    site.check_accessibility()
    assert "Enter an amount in pounds" in page.get_by_role("alert").inner_text()
    assert page.get_by_label("Total staff pay (optional)").input_value() == "lots"
    page.get_by_label("Total staff pay (optional)").fill("")
    page.get_by_role("button", name="Show").click()
    page.wait_for_load_state()
    site.check_accessibility()
    assert page.get_by_role("heading", level=1).inner_text() == "Spend: Example Council, 2024"
    assert "Greater Manchester" in page.get_by_test_id("scope").inner_text()
    with page.expect_download() as download:
        page.get_by_role("link", name="top suppliers (CSV)").click()
    text = Path(download.value.path()).read_text("utf-8")
    assert "Acme Widgets Ltd" in text
    assert "suppliers in Greater Manchester count as local" in text


def test_two_anchors_compared_on_the_dashboard(site, settings, own_home):
    """The same file imported for a second body (a shared service's ledger), then the dashboard
    of both: the anchors compared and their shared suppliers, accessible, on a small screen."""
    settings.GREATJOBS_HOME = own_home
    create_demo_users()
    site.sign_in("analyst")
    page = site.page
    for body in ("Example Council", "Example Shared Service"):
        site.visit("/spend/import/")
        page.fill("#id_body", body)
        page.set_input_files("#id_files", str(SPEND / "unseen_format.csv"))
        page.set_input_files("#id_mapping", str(SPEND / "unseen_mapping.toml"))
        page.get_by_role("button", name="Import").click()
        page.wait_for_load_state()
        assert "7 loaded" in page.get_by_test_id("reconciliation").inner_text()
    page.set_viewport_size({"width": 1024, "height": 800})
    site.visit("/spend/dashboard/")
    site.check_accessibility()
    assert page.evaluate("document.documentElement.scrollWidth") <= 1024
    anchors = page.get_by_test_id("anchors").inner_text()
    assert "Example Shared Service" in anchors and "All anchors together" in anchors
    assert "Acme Widgets Ltd" in page.get_by_test_id("shared").inner_text()
    with page.expect_download() as download:
        page.get_by_role("link", name="anchors (CSV)").click()
    assert "All anchors together" in Path(download.value.path()).read_text("utf-8")

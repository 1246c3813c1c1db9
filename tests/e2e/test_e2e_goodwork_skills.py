"""Two journeys in Chromium, axe on every page: a charter assessment from submission to verified
tier and place coverage; a provider file imported, its errors listed, the scorecard explained."""

from __future__ import annotations

import pytest

from greatjobs.goodwork import get_framework
from greatjobs.web.accounts.provisioning import create_demo_users

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore:No directory at"),
]


def sign_in(site, username: str) -> None:
    site.sign_in(username)
    site.check_accessibility()


def sign_out(site) -> None:
    site.page.get_by_role("button", name="Sign out").click()
    site.page.wait_for_load_state()


def test_employer_assesses_assessor_verifies_and_the_place_shows_coverage(site):
    create_demo_users()
    sign_in(site, "employer")
    page = site.visit("/goodwork/")
    page.get_by_role(
        "link", name="Assess against the Liverpool City Region Fair Employment Charter"
    ).click()
    page.wait_for_load_state()
    site.check_accessibility()

    page.get_by_role("button", name="Submit the assessment").click()  # nothing filled in
    page.wait_for_load_state()
    assert page.locator(".govuk-error-summary").is_visible()
    site.check_accessibility()

    page.select_option("#id_district", "E06000006")
    page.select_option("#id_sector", label="Human health and social work activities")
    for field, value in {
        "staff_total": "40",
        "staff_paid_rlw": "40",
        "zero_hours_staff": "0",
        "guaranteed_hours_staff": "38",
        "agency_workers": "1",
        "lowest_hourly_pay": "13.60",
    }.items():
        page.fill(f"#id_{field}", value)
    page.check("#id_recognised_union")
    page.check("#id_sick_pay_day_one")
    for q in get_framework("lcr-fec").questions:
        if q.fact is None:
            page.check(f'input[name="q_{q.id}"][value="yes"]')
            page.fill(f"#id_e_{q.id}", f"See our {q.id} document")
    page.get_by_role("button", name="Submit the assessment").click()
    page.wait_for_load_state()
    site.check_accessibility()
    assert page.get_by_test_id("tier").locator("h2").inner_text() == "Accredited"
    assert "Accredited was reached because" in page.get_by_test_id("explanation").inner_text()
    sign_out(site)

    sign_in(site, "assessor")
    page = site.visit("/goodwork/")
    page.get_by_role("link", name="Verify Halton Care Co-operative").click()
    page.wait_for_load_state()
    site.check_accessibility()
    page.get_by_label("Evidence not accepted: Do you offer apprenticeships").check()
    page.fill("#id_notes", "No apprentices or placements in the last year.")
    page.get_by_role("button", name="Verify and decide the tier").click()
    page.wait_for_load_state()
    site.check_accessibility()
    assert page.get_by_test_id("tier").locator("h2").inner_text() == "Aspiring"
    blockers = page.get_by_test_id("blockers").inner_text()
    assert "evidence not accepted by the assessor" in blockers
    assert "Just scores 67% (the Accredited tier needs 75%)" in blockers

    page = site.visit("/goodwork/place/")
    district = page.get_by_test_id("coverage-district")
    assert "Halton" in district.inner_text()
    assert page.get_by_test_id("insecure-work").locator("tbody tr").count() == 7
    assert "not measurable offline" in page.get_by_test_id("insecure-components").inner_text()


def test_provider_file_import_errors_then_scorecard_and_flags(
    site, fixtures_dir, settings, own_home
):
    settings.GREATJOBS_HOME = own_home  # a skills store of the test's own
    create_demo_users()
    sign_in(site, "analyst")
    page = site.visit("/skills/")
    page.get_by_role("button", name="Import a provider file").click()
    page.wait_for_load_state()
    site.check_accessibility()
    page.set_input_files("#id_file", str(fixtures_dir / "skills" / "providers_with_errors.csv"))
    page.get_by_role("button", name="Import", exact=True).click()
    page.wait_for_load_state()
    site.check_accessibility()
    assert page.get_by_test_id("import-summary").inner_text() == (
        "Read 10 rows: loaded 1, rejected 9."
    )
    assert page.get_by_test_id("imported-by").inner_text().startswith("Imported by web:analyst")
    errors = page.get_by_test_id("row-errors")
    assert errors.locator("tbody tr").count() == 9
    assert "25 is more than completions (18)" in errors.inner_text()

    page = site.visit("/skills/import/")
    page.get_by_role("button", name="Load the illustrative demo file").click()
    page.wait_for_load_state()
    site.check_accessibility()
    page.get_by_role("link", name="See the scorecard and flags").click()
    page.wait_for_load_state()
    site.check_accessibility()
    assert page.get_by_test_id("illustrative").is_visible()
    flags = page.get_by_test_id("flags").inner_text()
    assert "Visitor Experience Assistant" in flags
    assert "cost per achievement £7,500 is above £6,000" in flags
    assert page.get_by_test_id("scorecard").locator("tbody tr").count() == 11
    assert "Visitor economy" in page.get_by_test_id("alignment").inner_text()
    imports = page.get_by_test_id("imports").locator("tbody tr")
    assert imports.count() == 2 and "web:analyst" in imports.first.inner_text()

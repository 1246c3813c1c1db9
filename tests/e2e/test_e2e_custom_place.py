"""An analyst makes a custom place from three districts on the places index, reads its overview
and its diagnosis, and corrects a form with errors; axe checks every page."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from greatjobs.web.accounts.provisioning import create_demo_users

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore:No directory at"),
]


def _sign_in(site) -> None:
    create_demo_users()
    site.sign_in("analyst")


def test_analyst_makes_a_custom_place_and_reads_its_overview_and_diagnosis(site):
    _sign_in(site)
    page = site.visit("/places/")
    form = page.get_by_test_id("custom-place-form")
    form.get_by_label("Name of the place").fill("Mersey Core")
    for district in ("Knowsley", "Liverpool", "Sefton"):
        form.get_by_label(district, exact=True).check()
    form.get_by_role("button", name="Show the place").click()
    page.wait_for_load_state()
    site.check_accessibility()

    url = urlparse(page.url)
    assert url.path == "/places/custom/"
    assert parse_qs(url.query) == {
        "name": ["Mersey Core"], "district": ["E08000011", "E08000012", "E08000014"]
    }  # fmt: skip
    assert page.get_by_role("heading", level=1).inner_text() == "Mersey Core"
    assert "a custom place of 3 whole districts" in page.get_by_test_id("custom-place").inner_text()
    assert page.locator('svg[role="img"][data-chart="deprivation-map"]').is_visible()

    page.get_by_test_id("diagnose-link").click()
    page.wait_for_load_state()
    site.check_accessibility()
    assert urlparse(page.url).path == "/diagnose/places/custom/"
    # Beside the ten combined authorities, not among them: "would rank N of 10", never "of 11".
    ranks = page.get_by_test_id("ranks").inner_text()
    assert "would rank" in ranks and "of 10" in ranks and "of 11" not in ranks


def test_form_errors_are_summarised_linked_and_keep_the_input(site):
    _sign_in(site)
    page = site.visit("/places/custom/")
    page.get_by_label("Name of the place").fill("Just Liverpool")
    page.get_by_label("Liverpool", exact=True).check()
    page.get_by_role("button", name="Show the place").click()
    page.wait_for_load_state()
    site.check_accessibility()

    assert page.title().startswith("Error: ")
    summary = page.locator(".govuk-error-summary")
    assert "Select at least 2 districts" in summary.inner_text()
    assert page.get_by_label("Name of the place").input_value() == "Just Liverpool"
    assert page.get_by_label("Liverpool", exact=True).is_checked()
    summary.get_by_role("link", name="Select at least 2 districts").click()
    assert page.evaluate("document.activeElement.id") == "id_district"

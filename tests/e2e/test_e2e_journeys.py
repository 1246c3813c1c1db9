"""A person signs in, reads Liverpool City Region's overview, looks around, and signs out."""

from __future__ import annotations

import pytest

from greatjobs.web.accounts.provisioning import create_demo_users

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    # The live server starts before the test points STATIC_ROOT at a directory that exists.
    pytest.mark.filterwarnings("ignore:No directory at"),
]

LCR_DISTRICTS = ["Halton", "Knowsley", "Liverpool", "St. Helens", "Sefton", "Wirral"]


def _sign_in(site, username: str) -> None:
    site.sign_in(username, start=None)


def test_analyst_signs_in_reads_the_lcr_overview_and_signs_out(site, tmp_path_factory):
    create_demo_users()
    page = site.visit("/")
    assert "/accounts/sign-in/" in page.url  # signing in comes first

    _sign_in(site, "analyst")
    assert page.url.endswith("/places/liverpool-city-region/")
    site.check_accessibility()

    assert page.get_by_role("heading", level=1).inner_text() == "Liverpool City Region"
    deprivation_map = page.locator('svg[role="img"][data-chart="deprivation-map"]')
    assert deprivation_map.is_visible()
    assert deprivation_map.locator("path").count() > 900
    districts = page.locator('[data-testid="districts"] tbody tr')
    assert districts.count() == 6
    assert districts.locator("th").all_inner_texts() == LCR_DISTRICTS
    assert page.locator('[data-testid="figure"] [data-testid="source"]').count() == 6

    page.get_by_text("Table: LSOAs in each decile").click()  # open the table alternative
    site.check_accessibility()
    shots = tmp_path_factory.mktemp("screenshots")
    page.screenshot(path=str(shots / "lcr-overview.png"), full_page=True)
    print(f"screenshot: {shots / 'lcr-overview.png'}")

    for path in ("/places/", "/places/wirral/", "/places/nowhere-at-all/", "/accounts/"):
        site.visit(path)
    site.visit("/uploads/")

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()
    assert "/accounts/sign-in/" in page.url
    site.check_accessibility()


def test_admin_sees_the_audit_log_and_a_supplier_uploads(site):
    create_demo_users()
    site.visit("/accounts/sign-in/")
    _sign_in(site, "admin")
    page = site.visit("/audit/")
    assert page.get_by_role("heading", level=1).inner_text() == "Audit log"
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()
    site.check_accessibility()

    _sign_in(site, "supplier")
    site.check_accessibility()
    page = site.visit("/uploads/new/")
    page.get_by_role("button", name="Upload").click()  # nothing filled in: errors
    page.wait_for_load_state()
    assert page.locator(".govuk-error-summary").is_visible()
    site.check_accessibility()

"""Pages with wide tables on a 1,024-pixel screen: the page never scrolls sideways (a wide table
scrolls inside its own focusable region), and every column has a header in words, not a data
column's name; axe checks every page."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model

from greatjobs.web.accounts.provisioning import create_demo_users
from greatjobs.web.goodwork.demo import create_demo_assessment
from greatjobs.web.goodwork.models import Assessment
from greatjobs.web.skills.demo import create_demo_providers

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore:No directory at"),
]

WIDTH = 1024
PAGES = [
    "/diagnose/indicators/workless-households/",
    "/diagnose/indicators/median-weekly-pay/?among=districts",
    "/diagnose/places/liverpool-city-region/",
    "/diagnose/places/liverpool/",
    "/diagnose/places/liverpool-city-region/good-jobs/",
    "/sectors/liverpool-city-region/",
    "/sectors/liverpool-city-region/?level=division",
    "/sectors/liverpool-city-region/?level=group&against=england",
    "/impact/eu-funds/?amount=%C2%A3100m",
    "/impact/multipliers/?place=Liverpool+City+Region&kind=II",
    "/places/liverpool-city-region/",
    "/skills/",
    "/goodwork/place/",
]
SNAKE_CASE = re.compile(r"[a-z0-9]+(_[a-z0-9]+)+")


def check_layout(site, path: str) -> None:
    page = site.page
    page_width = page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= WIDTH, f"{path} is {page_width}px wide"
    headers = page.locator("th").all_inner_texts()
    assert headers, f"{path} has no table"
    named = [h for h in headers if SNAKE_CASE.fullmatch(h.strip())]
    assert not named, f"{path}: headers {named}"
    for region in page.locator(".greatjobs-table-scroll").all():
        assert region.get_attribute("tabindex") == "0" and region.get_attribute("aria-label")


def test_wide_tables_fit_a_1024_pixel_screen_with_headers_in_words(site, fixtures_dir):
    create_demo_users()
    users = get_user_model().objects.in_bulk(["employer", "analyst"], field_name="username")
    create_demo_assessment(users["employer"])
    create_demo_providers(users["analyst"])
    site.page.set_viewport_size({"width": WIDTH, "height": 800})
    site.sign_in("admin")

    for path in [*PAGES, f"/goodwork/{Assessment.objects.get().pk}/"]:
        site.visit(path)
        check_layout(site, path)

    page = site.visit("/impact/appraise/")
    page.set_input_files("#id_portfolio", fixtures_dir / "portfolio" / "programme.csv")
    page.get_by_role("button", name=re.compile("Appraise")).click()
    page.wait_for_load_state()
    site.check_accessibility()
    assert page.get_by_test_id("projects").is_visible()
    check_layout(site, "/impact/appraise/ (results)")

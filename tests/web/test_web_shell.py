"""Every page shares one GOV.UK-styled layout, served from local assets only."""

from __future__ import annotations

import re

import pytest
from django.conf import settings


def test_home_redirects_to_liverpool_city_region(client_for, analyst):
    response = client_for(analyst).get("/")
    assert response.status_code == 302
    assert response["Location"] == "/places/liverpool-city-region/"


def test_layout_has_skip_link_service_name_navigation_phase_banner_and_licence(client_for, analyst):
    html = client_for(analyst).get("/places/").content.decode()
    assert 'class="govuk-skip-link"' in html and 'href="#main-content"' in html
    assert 'id="main-content"' in html
    assert "govuk-service-navigation__service-name" in html and ">\n              greatjobs" in html
    assert 'aria-label="Main"' in html
    assert "govuk-phase-banner" in html and "Alpha" in html
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))
    assert (
        "Contains public sector information licensed under the Open Government Licence v3.0" in text
    )


def test_pages_load_assets_only_from_this_site(client_for, analyst):
    html = client_for(analyst).get("/places/liverpool-city-region/").content.decode()
    sources = re.findall(r'<(?:link|script)[^>]+(?:href|src)="([^"]+)"', html)
    assert sources, "expected the stylesheet and script tags"
    assert all(src.startswith("/static/") for src in sources), sources
    assert "govuk-header__logotype" not in html  # no GOV.UK crown header


def test_local_css_replaces_gds_transport_and_hides_the_crown():
    css = (settings.WEB_DIR / "core/static/greatjobs/greatjobs.css").read_text()
    assert "font-family: var(--greatjobs-font) !important" in css
    assert ".govuk-footer__crown" in css and "display: none" in css


def test_sign_out_is_in_the_navigation_as_a_post_form(client_for, analyst):
    html = client_for(analyst).get("/places/").content.decode()
    assert re.search(r'<form method="post" action="/accounts/sign-out/"', html)


@pytest.mark.parametrize("path", ["/no-such-page/", "/uploads/99999/"])
def test_missing_pages_are_404_in_the_service_layout(client_for, analyst, path):
    response = client_for(analyst).get(path)
    assert response.status_code == 404
    assert b"govuk-service-navigation" in response.content


def _navigation(html: str) -> list[str]:
    items = re.findall(r'<a class="govuk-service-navigation__link"[^>]*>(.*?)</a>', html, re.S)
    return [re.sub(r"<[^>]+>", "", item).strip() for item in items]


def test_navigation_offers_each_role_only_what_it_may_open(client_for, admin, analyst, supplier):
    seen = {}
    for user in (admin, analyst, supplier):
        client = client_for(user)
        links = re.findall(
            r'<a class="govuk-service-navigation__link" href="([^"]+)"',
            client.get("/places/").content.decode(),
        )
        # Every link the navigation offers opens for that user (no 403 behind a menu item).
        assert links and all(client.get(href).status_code == 200 for href in links), user
        seen[user.username] = _navigation(client.get("/places/").content.decode())
    assert {"Audit log", "Skills", "Spend", "Supplier review"} <= set(seen["ada"])
    assert {"Skills", "Spend", "Supplier review"} <= set(seen["alan"])
    assert "Audit log" not in seen["alan"]
    assert not {"Audit log", "Skills", "Spend", "Supplier review"} & set(seen["sam"])
    assert {"Places", "Social value"} <= set(seen["sam"])

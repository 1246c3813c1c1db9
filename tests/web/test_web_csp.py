"""Every page carries a strict Content-Security-Policy, and no page needs it relaxed: no inline
script, style or event handler anywhere."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}

# Pages beyond the navigation's own links: each draws a chart, a map or a form.
PAGES = [
    "/places/liverpool-city-region/",
    "/sectors/liverpool-city-region/",
    "/impact/eu-funds/?amount=%C2%A3100m&place=Liverpool+City+Region&profile=default"
    "&deadweight=medium&leakage=low&displacement=medium&substitution=none&draws=2000",
    "/impact/multipliers/?place=Liverpool+City+Region&kind=II&method=flq",
    "/accounts/password/",
    "/uploads/new/",
    "/django-admin/",
    "/no-such-page/",
]


def _policy(response) -> dict[str, str]:
    header = response.get("Content-Security-Policy", "")
    parts = (part.strip().split(None, 1) for part in header.split(";") if part.strip())
    return {name: value for name, value in parts}


def _links(client: Client) -> list[str]:
    html = client.get("/places/").content.decode()
    return re.findall(r'<a class="govuk-service-navigation__link" href="([^"]+)"', html)


@pytest.fixture()
def html_responses(client_for, admin, supplier, analyst, fixtures_dir) -> dict[str, object]:
    """Responses of many kinds: pages for each role, errors, refusals and the lockout page."""
    responses: dict[str, object] = {"sign-in": Client().get("/accounts/sign-in/")}
    for user in (admin, supplier):
        client = client_for(user)
        for path in [*_links(client), *PAGES]:
            responses[f"{user.username} {path}"] = client.get(path, follow=True)
    client = client_for(analyst)
    responses["403"] = client.get("/audit/")
    portfolio = fixtures_dir / "portfolio" / "with_bad_rows.csv"
    responses["curve chart"] = client.post(
        "/impact/appraise/",
        {
            "budget": "",
            "deadweight": "medium",
            "leakage": "low",
            "displacement": "medium",
            "substitution": "none",
            "multiplier": "medium",
            "draws": "2000",
            "portfolio": SimpleUploadedFile("p.csv", portfolio.read_bytes(), "text/csv"),
        },
    )
    responses["413"] = client.post("/uploads/new/", CONTENT_LENGTH=str(500 * 1024 * 1024))
    locked = Client()
    for _ in range(5):
        responses["429"] = locked.post("/accounts/sign-in/", {"username": "ada", "password": "x"})
    return responses


def test_every_html_response_carries_the_policy(html_responses):
    statuses = {response.status_code for response in html_responses.values()}
    assert {200, 403, 404, 413, 429} <= statuses
    for name, response in html_responses.items():
        assert response["Content-Type"].startswith("text/html"), name
        assert _policy(response) == POLICY, name


INLINE = re.compile(
    r"<script(?![^>]*\ssrc=)[^>]*>"  # a script without a src
    r"|<style[\s>]"  # a style element
    r"|<[^>]+\s(?:style|on[a-z]+)=[^>]*>"  # a style attribute or an event handler
)


def test_no_page_has_inline_script_style_or_event_handlers(html_responses):
    found = {
        name: INLINE.findall(response.content.decode()) for name, response in html_responses.items()
    }
    assert not {name: tags for name, tags in found.items() if tags}


def test_charts_and_the_map_key_size_themselves_without_style_attributes(client_for, analyst):
    client = client_for(analyst)
    lq = client.get("/sectors/liverpool-city-region/").content.decode()
    chart = re.search(r'<svg[^>]*data-testid="lq-chart"[^>]*>', lq).group(0)
    assert 'class="greatjobs-chart"' in chart
    assert re.search(r'viewBox="0 0 (\d+) (\d+)" width="\1" height="\2"', chart)
    key = client.get("/places/liverpool-city-region/").content.decode()
    swatches = re.findall(r'<svg class="greatjobs-legend__swatch".*?</svg>', key)
    assert len(swatches) == 10
    assert 'fill="url(#legend-hatch)"' in swatches[0]  # decile 1, most deprived, is hatched

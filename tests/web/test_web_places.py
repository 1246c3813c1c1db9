"""The place overview: districts, the deprivation map, and headline figures with their sources."""

from __future__ import annotations

import html as html_lib
import re

import pytest

from greatjobs.home import Home

LCR_DISTRICTS = {
    "E06000006": "Halton",
    "E08000011": "Knowsley",
    "E08000012": "Liverpool",
    "E08000013": "St. Helens",
    "E08000014": "Sefton",
    "E08000015": "Wirral",
}


@pytest.fixture()
def lcr_page(client_for, analyst) -> str:
    response = client_for(analyst).get("/places/liverpool-city-region/")
    assert response.status_code == 200
    return response.content.decode()


def _figures(html: str) -> list[str]:
    return re.findall(
        r'<div class="greatjobs-figure" data-testid="figure">(.*?)\n</div>', html, re.S
    )


def test_place_overview_lists_the_six_districts_with_codes(lcr_page):
    table = re.search(r'data-testid="districts".*?</table>', lcr_page, re.S).group(0)
    for code, name in LCR_DISTRICTS.items():
        assert re.search(rf">\s*{re.escape(name)}\s*</th>\s*<td[^>]*>\s*{code}\s*<", table)


def test_place_overview_shows_source_under_every_figure(lcr_page):
    figures = _figures(lcr_page)
    assert len(figures) == 6
    for figure in figures:
        value = re.search(r"greatjobs-figure__value", figure)
        source = re.search(r'data-testid="source">(.*?)</p>', figure, re.S)
        assert value and source, figure
        assert value.start() < source.start(), "the source goes under the figure"
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", source.group(1)))
        assert "Source: " in text and "Licence: Open Government Licence v3.0" in text
        assert re.search(r"\((2025 snapshot|IoD 2025)\)", text), text  # the vintage


def test_headline_figures_show_period_interval_and_whose_figure_it_is(lcr_page):
    text = html_lib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", lcr_page)))
    assert "Employment rate, people aged 16 to 64 72.0% January to December 2023" in text
    assert "95% confidence interval 69.8% to 74.2%" in text
    assert "Median gross weekly pay £610.80" in text
    assert "Office for National Statistics" in text
    assert "The publisher's own figure for Liverpool City Region (E47000004)" in text
    assert "Calculated by greatjobs from the published LSOA deciles" in text


def test_deprivation_map_is_accessible_svg_with_legend_and_table(lcr_page):
    svg = re.search(r"<svg[^>]*data-chart=\"deprivation-map\".*?</svg>", lcr_page, re.S).group(0)
    assert 'role="img"' in svg
    assert 'aria-labelledby="deprivation-map-title deprivation-map-desc"' in svg
    assert '<title id="deprivation-map-title">' in svg and '<desc id="deprivation-map-desc">' in svg
    assert svg.count("<path ") > 900  # one per LSOA (1,003 in 2021)
    assert 'data-testid="legend"' in lcr_page
    assert "govuk-details" in lcr_page and "LSOAs in each decile" in lcr_page
    assert "<script" not in svg


def test_place_without_boundaries_says_there_is_no_map(client_for, analyst):
    html = client_for(analyst).get("/places/E47000001/").content.decode()  # Greater Manchester
    assert 'data-testid="no-map"' in html
    assert "boundaries are bundled only for Liverpool City Region" in html
    assert "LSOAs in each decile" in html  # the deciles still come from the published data


def test_unknown_place_suggests_close_matches(client_for, analyst):
    response = client_for(analyst).get("/places/liverpol-city-region/")
    assert response.status_code == 404
    html = response.content.decode()
    suggestions = re.search(r'data-testid="suggestions">(.*?)</ul>', html, re.S).group(1)
    assert '<a class="govuk-link" href="/places/liverpool-city-region/">' in suggestions


def test_places_index_lists_every_kind_of_place(client_for, analyst):
    html = client_for(analyst).get("/places/").content.decode()
    for heading in ("Combined authorities", "Local authority districts", "Regions", "Country"):
        assert heading in html
    assert 'href="/places/E47000004/"' in html and 'href="/places/E08000012/"' in html


def test_place_by_code_and_by_name_are_the_same_place(client_for, analyst):
    client = client_for(analyst)
    by_code = client.get("/places/E08000015/").content.decode()
    by_name = client.get("/places/wirral/").content.decode()
    assert '<h1 class="govuk-heading-xl">Wirral</h1>' in by_code
    assert '<h1 class="govuk-heading-xl">Wirral</h1>' in by_name


def test_missing_warehouse_explains_how_to_build_it(settings, tmp_path, client_for, analyst):
    settings.GREATJOBS_HOME = Home(tmp_path / "empty-home")
    response = client_for(analyst).get("/places/liverpool-city-region/")
    assert response.status_code == 503
    assert b"greatjobs data build" in response.content


def test_place_only_partly_covered_by_boundaries_gets_no_partial_map(client_for, analyst):
    html = client_for(analyst).get("/places/E12000002/").content.decode()  # North West
    assert 'data-chart="deprivation-map"' not in html
    assert 'data-testid="no-map"' in html


NASTY = [
    "",
    "%",
    "_",
    "😀",
    "\u202e",
    "\x00",
    "\x01\x1f",
    "-1",
    "0",
    "1e309",
    "9" * 5000,
    "abc",
    "a" * 10_000,
]


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/places/", "name"),
        ("/places/", "district"),
        ("/places/custom/", "district"),
        ("/places/custom/", "name"),
        ("/places/liverpool-city-region/", "district"),
    ],
)
def test_no_query_value_breaks_a_place_page(client_for, analyst, path, name):
    client = client_for(analyst)
    for value in NASTY:
        for query in ({name: value}, {name: value, "district": "E08000012"}):
            response = client.get(path, query)
            assert response.status_code < 500, (name, value[:20])


@pytest.mark.parametrize(
    "place", ["%25", "_", "%F0%9F%98%80", "%E2%80%AE", "a" * 2000, "-1", "E99999999", "%00"]
)
def test_no_place_in_the_address_breaks_the_overview(client_for, analyst, place):
    response = client_for(analyst).get(f"/places/{place}/")
    assert response.status_code == 404
    assert "Browse all places" in html_lib.unescape(response.content.decode())

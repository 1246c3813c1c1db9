"""The sector profile page: employment, LQs (chart and table), shift-share, specialisation and
GVA per job for any place, each with its source; downloads; unknown places and bad years."""

from __future__ import annotations

import html as html_lib
import io
import re

import pandas as pd
import pytest

LCR = "/sectors/liverpool-city-region/"


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", html_lib.unescape(re.sub(r"<[^>]+>", " ", html)))


@pytest.fixture()
def analyst_client(client_for, analyst):
    return client_for(analyst)


def test_sector_pages_need_signing_in(client):
    response = client.get(LCR)
    assert response.status_code == 302
    assert "/accounts/sign-in/" in response["Location"]


def test_lcr_profile_shows_sections_with_lqs_shift_share_and_specialisation(analyst_client):
    response = analyst_client.get(LCR)
    assert response.status_code == 200
    page = response.content.decode()
    text = _text(page)
    assert "UKD7" in text and "which is exactly Liverpool City Region" in text
    chart = re.search(r'<svg[^>]*data-testid="lq-chart".*?</svg>', page, re.S).group(0)
    assert 'role="img"' in chart and "<title" in chart and "<desc" in chart
    # 21 sections; T (households) and U (extraterritorial) have no jobs in the North West
    assert chart.count("<rect") == 19
    # Published in docs/methods/sectors.md: human health and social work, LQ 1.35 against the NW.
    assert re.search(r'data-lq="1\.35"', chart)
    table = _text(re.search(r'data-testid="employment-table".*?</table>', page, re.S).group(0))
    assert "Q Human health and social work activities" in table and "1.35" in table
    shift = _text(re.search(r'data-testid="shift-share-summary".*?</p>', page, re.S).group(0))
    assert "from 2015 to 2021" in shift and "+65,325" in shift and "allocation effect" in shift
    spec = _text(re.search(r'data-testid="specialisation".*?</dl>', page, re.S).group(0))
    assert "Hoover coefficient (0 to 1) 0.087" in spec and "Krugman index (0 to 2) 0.173" in spec


def test_every_figure_on_the_profile_has_source_vintage_licence_and_method(analyst_client):
    page = analyst_client.get(LCR).content.decode()
    blocks = re.findall(r'data-testid="source">(.*?)</div>', page, re.S)
    assert len(blocks) == 5  # LQ chart, employment, shift-share, specialisation, GVA per job
    for block in blocks:
        text = _text(block)
        assert "Source: Office for National Statistics" in text
        assert "(2015-2021)" in text or "(1998-2021)" in text or "2021" in text
        assert "Licence: Open Government Licence v3.0" in text
        assert "Method:" in text


def test_named_groups_show_manufacturing_and_the_visitor_economy(analyst_client):
    page = analyst_client.get(LCR + "?level=group&against=england&base_year=2016").content
    text = _text(page.decode())
    assert "Manufacturing" in text and "Visitor economy" in text and "Life Sciences" in text
    assert "Clean Energy: no SIC division in its definition, so it is not measured" in text
    assert "2016 to 2021" in text


def test_gva_per_job_for_lcr_is_shown_against_its_benchmark(analyst_client):
    page = analyst_client.get(LCR + "?against=england").content.decode()
    table = _text(re.search(r'data-testid="gva-table".*?</table>', page, re.S).group(0))
    assert "All industries 35,345 686,425 51,491" in table  # docs/methods/sectors.md


def test_unknown_place_is_not_found_with_suggestions(analyst_client):
    response = analyst_client.get("/sectors/wirall/")
    assert response.status_code == 404
    page = response.content.decode()
    assert 'data-testid="suggestions"' in page and "/sectors/wirral/" in page


def test_a_year_without_data_is_a_field_error_that_keeps_the_input(analyst_client):
    response = analyst_client.get("/sectors/wirral/?level=division&year=1999")
    page = response.content.decode()
    assert "govuk-error-summary" in page and 'href="#id_year"' in page
    assert "years available: 2015" in _text(page)
    assert re.search(r'<input[^>]*id="id_year"[^>]*value="1999"', page)
    assert re.search(r'<option value="division" selected', page)


def test_profile_downloads_as_csv_with_sources_and_as_excel(analyst_client):
    response = analyst_client.get(LCR + "download/csv/?level=division")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = response.content.decode()
    frame = pd.read_csv(io.StringIO(body), comment="#", dtype={"code": str})
    assert len(frame) == 88 and set(frame["place"]) == {"Liverpool City Region"}
    assert {"lq", "national_share", "allocation"} <= set(frame.columns)
    assert "# Source: Office for National Statistics" in body
    excel = analyst_client.get(LCR + "download/xlsx/")
    assert excel["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    sheets = pd.read_excel(io.BytesIO(excel.content), sheet_name=None)
    assert len(sheets["Data"]) == 21 and "Notes" in sheets


def test_gva_per_job_downloads(analyst_client):
    response = analyst_client.get(LCR + "gva-per-job/csv/")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "gva_per_job" in response.content.decode().splitlines()[0]


@pytest.mark.parametrize("place", ["%", "_", "😀", "\u202e", "%%", "-", "..."])
def test_a_place_that_cannot_be_a_place_is_an_error_on_the_form(analyst_client, place):
    response = analyst_client.get("/sectors/", {"place": place})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'href="#id_place"' in page and "No place called" in _text(page)
    assert "<title>Error: " in page


def test_choosing_a_place_by_any_of_its_names_opens_its_profile(analyst_client):
    for typed, address in [
        ("Liverpool City Region", LCR),
        ("E08000013", "/sectors/st-helens/"),
        ("st helens", "/sectors/st-helens/"),
    ]:
        response = analyst_client.get("/sectors/", {"place": typed})
        assert response.status_code == 302 and response["Location"] == address, typed
        assert analyst_client.get(response["Location"]).status_code == 200


def test_a_misspelt_place_on_the_form_suggests_the_right_one(analyst_client):
    page = analyst_client.get("/sectors/", {"place": "Wirall"}).content.decode()
    assert 'data-testid="suggestions"' in page and 'href="/sectors/wirral/"' in page


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
        ("/sectors/", "place"),
        (LCR, "level"),
        (LCR, "against"),
        (LCR, "year"),
        (LCR, "base_year"),
        (LCR + "download/csv/", "year"),
        (LCR + "download/csv/", "level"),
        (LCR + "gva-per-job/csv/", "year"),
        (LCR + "gva-per-job/csv/", "against"),
    ],
)
def test_no_query_value_breaks_a_sector_page(analyst_client, path, name):
    for value in NASTY:
        response = analyst_client.get(path, {name: value})
        assert response.status_code < 500, (name, value[:20])


@pytest.mark.parametrize("place", ["%25", "_", "%F0%9F%98%80", "%E2%80%AE", "a" * 2000, "-", "E99"])
def test_no_place_in_the_address_breaks_a_sector_page(analyst_client, place):
    for suffix in ("", "download/csv/", "gva-per-job/csv/"):
        assert analyst_client.get(f"/sectors/{place}/{suffix}").status_code == 404


def test_year_errors_say_which_years_can_be_asked_for(analyst_client):
    page = analyst_client.get(LCR, {"year": "1800", "base_year": "3000"}).content.decode()
    text = _text(page)
    assert (
        "Year must be 1990 or later" in text and "Shift-share year must be 2100 or earlier" in text
    )
    assert "Ensure this value" not in text


def test_wide_sector_tables_scroll_in_their_own_region_not_the_page(analyst_client):
    page = analyst_client.get(LCR).content.decode()
    regions = re.findall(r'<div class="greatjobs-table-scroll" tabindex="0" role="region"', page)
    assert len(regions) == 3
    assert "style=" not in page.split("<main")[1]


def test_the_profile_renders_its_sources_with_the_one_provenance_template(analyst_client):
    response = analyst_client.get(LCR)
    names = [t.name for t in response.templates if t.name]
    assert names.count("core/_provenance.html") == 5
    assert not [n for n in names if n.endswith(("/_sources.html", "/_source.html"))]
    page = response.content.decode()
    assert page.count('rel="license"') >= 5
    block = re.search(r'data-testid="source">(.*?)</div>', page, re.S).group(1)
    assert re.search(r'Source: [^<]+, <a class="govuk-link" href="https?://[^"]+">', block)

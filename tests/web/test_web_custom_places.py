"""Custom places in the browser: the form on the places index, the overview and the diagnosis of
a place made of whole districts, all held in the query string, and the downloads that carry it."""

from __future__ import annotations

import html as html_lib
import io
import re

import pandas as pd
import pytest
from test_web_places import LCR_DISTRICTS

SIX = {"name": "Six districts", "district": list(LCR_DISTRICTS)}
MERSEY_CORE = {"name": "Mersey Core", "district": ["E08000011", "E08000012", "E08000014"]}


def _text(content: bytes) -> str:
    plain = re.sub(r"<[^>]+>", " ", content.decode())
    return html_lib.unescape(re.sub(r"\s+", " ", plain))


def _checked(body: str) -> set[str]:
    return set(re.findall(r'name="district" type="checkbox" value="(E\d{8})" checked', body))


@pytest.fixture()
def client(client_for, analyst):
    return client_for(analyst)


def test_places_index_has_the_custom_place_form_with_every_district(client):
    body = client.get("/places/").content.decode()
    form = re.search(r'<form method="get" action="/places/custom/".*?</form>', body, re.S)
    assert form, "a GET form to /places/custom/"
    assert '<label class="govuk-label govuk-label--s" for="id_name">' in form.group(0)
    assert len(re.findall(r'name="district" type="checkbox"', form.group(0))) == 296
    assert 'id="id_district"' in form.group(0)  # the error summary's target
    assert "North West" in form.group(0) and ">Knowsley</label>" in form.group(0)
    assert 'href="#custom-place"' in body


def test_custom_place_overview_is_a_bookmarkable_address(client):
    response = client.get("/places/custom/", MERSEY_CORE)
    assert response.status_code == 200
    body = response.content.decode()
    text = _text(response.content)
    assert '<h1 class="govuk-heading-xl">Mersey Core</h1>' in body
    assert (
        "Mersey Core is a custom place of 3 whole districts: Knowsley (E08000011), "
        "Liverpool (E08000012) and Sefton (E08000014)."
    ) in text
    # No published place has these districts, so the publisher's rates are refused, with why.
    assert "cannot make it for the custom place Mersey Core: averaging its districts' rates" in text
    assert "Employment rate, people aged 16 to 64 Not available." in text
    # Deprivation is counted over the districts' LSOAs, and the bundled boundaries cover them.
    assert "Calculated by greatjobs from the published LSOA deciles" in text
    assert 'data-chart="deprivation-map"' in body
    diagnose = "/diagnose/places/custom/?name=Mersey+Core&amp;district=E08000011&amp;district="
    assert f'href="{diagnose}E08000012&amp;district=E08000014"' in body
    change = re.search(r'href="(/places/\?name=Mersey\+Core[^"]*#custom-place)"', body).group(1)
    prefilled = client.get(html_lib.unescape(change)).content.decode()
    assert 'value="Mersey Core"' in prefilled
    assert _checked(prefilled) == set(MERSEY_CORE["district"])


def test_custom_place_with_the_districts_of_a_published_place_takes_its_figures(client):
    text = _text(client.get("/places/custom/", SIX).content)
    assert "Employment rate, people aged 16 to 64 72.0% January to December 2023" in text
    assert (
        "The publisher's figure for Liverpool City Region (E47000004), which is made of exactly "
        "the districts of Six districts."
    ) in text


def test_custom_place_of_the_six_lcr_districts_has_lcr_workless_households(client):
    response = client.get("/diagnose/places/custom/", SIX)
    assert response.status_code == 200
    body = response.content.decode()
    ranks = re.search(r'data-testid="ranks".*?</table>', body, re.S).group(0)
    row = re.search(r"Workless households.*?</tr>", ranks, re.S).group(0)
    # Beside the league, not in it: the ten combined authorities keep their ranks ("of 10"),
    # and the place (LCR's own 18.6%, ONS Table A1 2022) would tie with LCR's 7th.
    assert "18.6%" in row and "would rank =7 of 10" in row
    assert "Six districts is a custom place" in _text(response.content)

    download = re.search(r'href="(/diagnose/places/custom/ranks\.csv\?[^"]+)"', body).group(1)
    response = client.get(html_lib.unescape(download))
    assert response["Content-Disposition"] == 'attachment; filename="Six-districts-ranks.csv"'
    lines = response.content.decode().splitlines()
    frame = pd.read_csv(io.StringIO("\n".join(x for x in lines if not x.startswith("#"))))
    workless = frame[frame["indicator"] == "workless-households"].iloc[0]
    assert workless["value"] == pytest.approx(100 * 88_463 / 475_419)  # ONS Table A1, 2022
    assert workless["value"] == pytest.approx(_lcr_workless_households(client))
    assert any("Six districts is a custom place of 6 whole districts" in x for x in lines)


def _lcr_workless_households(client) -> float:
    response = client.get("/diagnose/places/liverpool-city-region/ranks.csv")
    lines = [x for x in response.content.decode().splitlines() if not x.startswith("#")]
    frame = pd.read_csv(io.StringIO("\n".join(lines)))
    return float(frame[frame["indicator"] == "workless-households"].iloc[0]["value"])


def test_diagnosis_links_back_to_the_custom_place_and_downloads_carry_it(client):
    body = client.get("/diagnose/places/custom/", MERSEY_CORE).content.decode()
    query = "name=Mersey+Core&amp;district=E08000011&amp;district=E08000012&amp;district=E08000014"
    assert f'href="/places/custom/?{query}#deprivation"' in body
    assert f'href="/diagnose/places/custom/pockets.xlsx?{query}"' in body
    # A league table page cannot highlight a custom place, so its links do not try.
    assert 'href="/diagnose/indicators/workless-households/?among=combined-authorities"' in body
    response = client.get(f"/diagnose/places/custom/pockets.xlsx?{html_lib.unescape(query)}")
    sheets = pd.read_excel(io.BytesIO(response.content), sheet_name=None)
    assert "Mersey Core is a custom place of 3 whole districts" in " ".join(
        sheets["Notes"]["Notes"]
    )


def test_the_empty_form_page_asks_without_errors(client):
    response = client.get("/places/custom/")
    assert response.status_code == 200
    body = response.content.decode()
    assert '<h1 class="govuk-heading-l">Make a custom place</h1>' in body
    assert "govuk-error-summary" not in body


@pytest.mark.parametrize(
    ("query", "errors"),
    [
        ({"name": "", "district": ["E08000011", "E08000012"]}, ["Enter a name for the place"]),
        ({"name": "Just Liverpool", "district": ["E08000012"]}, ["Select at least 2 districts"]),
        ({"name": "Twice", "district": ["E08000012", "liverpool"]},
         ["Select at least 2 different districts"]),
        ({"name": "   ", "district": []},
         ["Enter a name for the place", "Select at least 2 districts"]),
    ],
)  # fmt: skip
def test_validation_errors_follow_the_govuk_pattern_and_keep_the_input(client, query, errors):
    response = client.get("/places/custom/", query)
    assert response.status_code == 400
    body = response.content.decode()
    assert "<title>Error: Make a custom place" in body
    summary = re.search(r'class="govuk-error-summary".*?</ul>', body, re.S).group(0)
    for error in errors:
        assert error in summary and error in body[body.index("</ul>") :]  # summary and field
    targets = re.findall(r'href="#(id_\w+)"', summary)
    assert targets and all(f'id="{t}"' in body for t in targets)
    if query["name"].strip():
        assert f'value="{query["name"]}"' in body
    assert _checked(body) == {d for d in query["district"] if d.startswith("E")}


def test_unknown_district_is_a_form_error_naming_it(client):
    query = {"name": "Mersey Core", "district": ["E08000011", "Liverpol"]}
    response = client.get("/places/custom/", query)
    assert response.status_code == 400
    text = _text(response.content)
    assert "No local authority district 'Liverpol'. Did you mean: Liverpool?" in text
    assert _checked(response.content.decode()) == {"E08000011"}
    assert 'value="Mersey Core"' in response.content.decode()


def test_unknown_district_on_the_diagnosis_is_the_not_found_page(client):
    response = client.get(
        "/diagnose/places/custom/", {"name": "Mersey Core", "district": ["E08000011", "E99999999"]}
    )
    assert response.status_code == 404
    body = response.content.decode()
    assert "We could not find that custom place" in body
    assert "No local authority district 'E99999999'" in _text(response.content)
    assert 'href="/places/custom/?name=Mersey+Core&amp;district=E08000011&amp;district=E99' in body
    assert client.get("/diagnose/places/custom/ranks.csv", {"name": "X"}).status_code == 404


def test_district_names_and_codes_make_the_same_custom_place(client):
    query = {"name": "Mersey Core", "district": ["Knowsley", "liverpool", "E08000014"]}
    body = client.get("/places/custom/", query).content.decode()
    assert "Knowsley (E08000011), Liverpool (E08000012) and Sefton (E08000014)" in _text(
        body.encode()
    )


def test_a_former_district_code_is_mapped_to_todays_district_with_a_note(client):
    # Allerdale (E07000026) and Copeland are both in Cumberland (E06000063) since 2023.
    response = client.get(
        "/places/custom/",
        {"name": "Cumbria coast", "district": ["E07000026", "Copeland", "E06000064"]},
    )
    assert response.status_code == 200
    text = _text(response.content)
    assert "Allerdale (E07000026)" in text and "Copeland (E07000029)" in text

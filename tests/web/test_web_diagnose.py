"""Diagnose pages: league tables with rank intervals, charts with their sources, downloads, and
where a place stands."""

from __future__ import annotations

import html as html_lib
import io
import re

import pandas as pd
import pytest

from greatjobs.report.good_jobs import themes


def _text(content: bytes) -> str:
    plain = re.sub(r"<[^>]+>", " ", content.decode())
    return html_lib.unescape(re.sub(r"\s+", " ", plain))


@pytest.fixture()
def client(client_for, analyst):
    return client_for(analyst)


def test_diagnose_pages_need_a_signed_in_user(db):
    from django.test import Client

    response = Client().get("/diagnose/indicators/workless-households/")
    assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"]


def test_index_lists_every_indicator_with_a_link(client):
    response = client.get("/diagnose/")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'href="/diagnose/indicators/workless-households/"' in body
    assert 'href="/diagnose/places/E47000004/"' in body


def test_workless_households_ranks_lcr_with_its_interval_and_significance(client):
    response = client.get("/diagnose/indicators/workless-households/")
    assert response.status_code == 200
    text = _text(response.content)
    assert (
        "Liverpool City Region ranks 7th of 10 (95% rank interval 4 to 10; 1 = best) in 2022: "
        "18.6% (95% CI 15.9% to 21.4%), CV 7.6%: reasonably precise; England 13.4%, "
        "significantly higher than England"
    ) in text
    assert "change since 2017" in text  # the default earlier period


def test_league_page_shows_ties_reliability_and_its_set_of_places(client):
    # ONS Table A4 2021: Merseyside (= LCR) and Greater Manchester both 34.0 per hour: a tie.
    body = client.get("/diagnose/indicators/gva-per-hour/").content.decode()
    league = re.search(r'data-testid="league-table".*?</table>', body, re.S).group(0)
    assert len(re.findall(r'numeric">\s*=3\s*<', league)) == 2
    text = _text(body.encode())
    assert "Liverpool City Region ranks joint 3rd of 7" in text
    assert "5 combined authorities as published by Office for National Statistics" in text
    assert "2 of the 10 combined authorities of the December 2023 ONS lookup" in text
    body = client.get(
        "/diagnose/indicators/workless-households/", {"among": "districts", "period": "2022"}
    ).content.decode()
    text = _text(body.encode())
    assert "Reliability (CV)" in text and "unreliable (CV 87.8%, over 20%)" in text  # Horsham
    assert "not tested: estimate unreliable (CV over 20%)" in text
    assert "214 of 283 estimates have a coefficient of variation over 20%" in text
    assert "shown as 0" in text and "Places ranked: 283 districts" in text
    league = re.search(r'data-testid="league-table".*?</table>', body, re.S).group(0)
    assert "0.0% to 8.5%" in league  # Horsham: ONS CV 87.8 gives -2.2% to 8.5%, cut at 0
    assert not re.search(r">\s*-\d", league)  # no negative lower bound (gaps use "−")
    csv = client.get(
        "/diagnose/indicators/workless-households/league.csv",
        {"among": "districts", "period": "2022"},
    ).content.decode()
    lines = csv.splitlines()
    frame = pd.read_csv(io.StringIO("\n".join(x for x in lines if not x.startswith("#"))))
    assert {"rank_label", "cv", "reliability", "custom"} <= set(frame.columns)
    assert frame["lci"].min() == 0
    assert (frame["reliability"] == "unreliable (CV over 20%)").sum() == 214
    assert any("Every interval is a 95% interval" in x for x in lines)


def test_dot_plot_is_accessible_and_has_a_table_and_source_beside_it(client):
    body = client.get("/diagnose/indicators/workless-households/").content.decode()
    svg = re.search(r'<svg[^>]*data-chart="league-dots".*?</svg>', body, re.S).group(0)
    assert 'role="img"' in svg and 'aria-labelledby="league-dots-title league-dots-desc"' in svg
    assert "▶ Liverpool City Region" in svg  # not colour alone
    assert 'data-testid="league-table"' in body
    after = body[body.index('data-chart="league-dots"') :]
    source = re.search(r'data-testid="source">(.*?)</div>', after, re.S).group(1)
    assert "Office for National Statistics" in source and "Open Government Licence v3.0" in source
    assert "(2022)" in source and "Method: ONS household Annual Population Survey" in source


def test_trend_chart_for_the_highlighted_place_with_england(client):
    body = client.get("/diagnose/indicators/employment-rate/").content.decode()
    svg = re.search(r'<svg[^>]*data-chart="trend".*?</svg>', body, re.S).group(0)
    assert "Liverpool City Region" in svg and "England" in svg
    assert "Table: the trend" in body


def test_indicator_page_maps_every_english_district_with_a_legend_table(client):
    response = client.get("/diagnose/indicators/employment-rate/")
    body = response.content.decode()
    assert "Map by district" in body
    svg = re.search(r'<svg[^>]*data-chart="district-map".*?</svg>', body, re.S).group(0)
    assert 'role="img"' in svg and "Liverpool City Region</text>" in svg
    assert svg.count("data-code=") == 296
    legend = re.search(r'<table[^>]*data-testid="district-map-legend".*?</table>', body, re.S)
    counts = re.findall(r'govuk-table__cell--numeric">\s*([\d,]+)\s*<', legend.group(0))
    assert sum(int(c.replace(",", "")) for c in counts) == 296
    after = body.split("Map by district", 1)[1]
    source = re.search(r'data-testid="source">(.*?)</div>', after, re.S).group(1)
    assert "Subnational indicators explorer" in source
    assert len(response.content) < 400_000


def test_form_chooses_comparison_set_period_and_earlier_period(client):
    response = client.get(
        "/diagnose/indicators/employment-rate/",
        {"among": "regions", "period": "2020", "compare_period": "2010", "highlight": "E12000002"},
    )
    assert response.status_code == 200
    text = _text(response.content)
    assert re.search(r"North West ranks \d+(st|nd|rd|th) of 9 .* in 2020", text)
    assert "change since 2010" in text


def test_an_impossible_comparison_is_explained(client):
    response = client.get("/diagnose/indicators/imd-extent/", {"among": "combined-authorities"})
    assert response.status_code == 400
    assert "has figures for lad only" in _text(response.content)


def test_league_table_downloads_as_csv_with_its_provenance(client):
    response = client.get("/diagnose/indicators/workless-households/league.csv")
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="workless-households-2022-league.csv"'
    )
    lines = response.content.decode().splitlines()
    table = pd.read_csv(io.StringIO("\n".join(x for x in lines if not x.startswith("#"))))
    lcr = table[table["area_code"] == "E47000004"].iloc[0]
    assert (lcr["rank"], lcr["rank_low"], lcr["rank_high"]) == (7, 4, 10)
    assert any(x.startswith("# Source: Office for National Statistics") for x in lines)


def test_trend_downloads_as_excel(client):
    response = client.get("/diagnose/indicators/employment-rate/trend.xlsx")
    sheets = pd.read_excel(io.BytesIO(response.content), sheet_name=None)
    assert set(sheets["Data"]["area_code"]) == {"E47000004", "E92000001"}
    assert "Notes" in sheets


def test_unknown_indicator_is_not_found_and_lists_what_exists(client):
    response = client.get("/diagnose/indicators/happiness/")
    assert response.status_code == 404
    body = response.content.decode()
    assert 'href="/diagnose/indicators/workless-households/"' in body
    assert body.count('href="/diagnose/indicators/') >= 20


def test_unknown_place_is_not_found_with_suggestions(client):
    response = client.get("/diagnose/places/liverpol/")
    assert response.status_code == 404
    assert "Liverpool" in _text(response.content)


def test_place_summary_has_ranks_deprivation_pockets_change_and_index(client):
    response = client.get("/diagnose/places/liverpool-city-region/")
    assert response.status_code == 200
    body = response.content.decode()
    text = _text(response.content)
    ranks = re.search(r'data-testid="ranks".*?</table>', body, re.S).group(0)
    assert "7 of 10" in ranks and "4 to 10" in ranks  # workless households
    assert 'href="/places/E47000004/#deprivation"' in body  # the map
    assert "Pockets of deprivation (38)" in text and "Everton West (Liverpool and Sefton)" in text
    assert "31.33" in text and "34.82" in text  # average score 2025 and 2019
    # the measures' sources, and greatjobs' own estimates marked as such
    deprivation = body.split('id="deprivation"', 1)[1].split('id="pockets"', 1)[0]
    assert "31.33 (estimate)" in deprivation
    assert "IoD 2025 (LTLA 2024)" in deprivation and "Census 2021" in deprivation
    assert "not published by MHCLG" in deprivation
    assert re.search(
        r"ranks \d+ of 8 on the reference index \(95% rank interval \d+ to \d+\)", text
    )
    assert 'data-testid="sensitivity"' in body


def test_place_tables_download(client):
    response = client.get("/diagnose/places/liverpool-city-region/pockets.csv")
    assert response.status_code == 200
    lines = [x for x in response.content.decode().splitlines() if not x.startswith("#")]
    assert len(lines) == 38 + 1
    assert client.get("/diagnose/places/liverpool-city-region/nothing.csv").status_code == 404


def test_a_place_outside_the_comparison_set_is_shown_unranked(client):
    response = client.get("/diagnose/places/england/")
    assert response.status_code == 200
    text = _text(response.content)
    assert "England is the benchmark" in text and "No figure for this place." in text


def _headers(body: str) -> list[str]:
    return [
        html_lib.unescape(" ".join(re.sub(r"<[^>]+>", " ", h).split()))
        for h in re.findall(r'<th scope="col"[^>]*>(.*?)</th>', body, re.S)
    ]


def test_place_tables_have_headers_in_words_and_numbers_to_the_right(client):
    body = client.get("/diagnose/places/liverpool-city-region/").content.decode()
    headers = _headers(body)
    assert headers, "no tables"
    for header in headers:
        assert not re.fullmatch(r"[a-z0-9]+(_[a-z0-9]+)+", header), header
    change = re.search(r'data-testid="change".*?</table>', body, re.S).group(0)
    assert _headers(change)[:3] == ["Area", "All LSOAs", "2019, on 2011 LSOAs"]
    assert re.search(r'govuk-table__cell--numeric">\s*1,003\s*<', change)  # LCR's LSOAs
    index = re.search(r'data-testid="index".*?</table>', body, re.S).group(0)
    assert "Median rank" in _headers(index) and "95% rank interval" in _headers(index)
    pockets = re.search(r'data-testid="pockets".*?</table>', body, re.S).group(0)
    assert "Share of the place's population" in _headers(pockets)
    assert re.search(r'govuk-table__cell--numeric">\s*9\.4%\s*<', pockets)  # Everton West
    sensitivity = re.search(r'data-testid="sensitivity".*?</table>', body, re.S).group(0)
    assert "Values (sampling error)" in _text(sensitivity.encode())


def test_wide_diagnose_tables_scroll_in_their_own_labelled_region(client):
    body = client.get("/diagnose/places/liverpool-city-region/").content.decode()
    for testid in ("ranks", "pockets", "change", "index"):
        before = body.split(f'data-testid="{testid}"')[0]
        opening = before.rsplit("<div ", 1)[1]
        assert opening.startswith('class="greatjobs-table-scroll" tabindex="0" role="region"')
        assert 'aria-label="' in opening
    league = client.get("/diagnose/indicators/workless-households/").content.decode()
    opening = league.split('data-testid="league-table"')[0].rsplit("<div ", 1)[1]
    assert opening.startswith('class="greatjobs-table-scroll"')


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
        ("/diagnose/indicators/workless-households/", "among"),
        ("/diagnose/indicators/workless-households/", "period"),
        ("/diagnose/indicators/workless-households/", "compare_period"),
        ("/diagnose/indicators/workless-households/", "highlight"),
        ("/diagnose/indicators/workless-households/league.csv", "among"),
        ("/diagnose/indicators/workless-households/trend.csv", "highlight"),
        ("/diagnose/places/custom/", "district"),
        ("/diagnose/places/custom/", "name"),
        ("/diagnose/places/custom/ranks.csv", "district"),
    ],
)
def test_no_query_value_breaks_a_diagnose_page(client, path, name):
    for value in NASTY:
        response = client.get(path, {name: value})
        assert response.status_code < 500, (name, value[:20])


@pytest.mark.parametrize(
    "part", ["%25", "_", "%F0%9F%98%80", "%E2%80%AE", "a" * 2000, "-1", "E99999999"]
)
def test_no_place_or_indicator_in_the_address_breaks_a_diagnose_page(client, part):
    for path in (
        f"/diagnose/places/{part}/",
        f"/diagnose/places/{part}/ranks.csv",
        f"/diagnose/places/E47000004/{part}.csv",
        f"/diagnose/indicators/{part}/",
        f"/diagnose/indicators/{part}/league.csv",
        f"/diagnose/indicators/workless-households/{part}.csv",
    ):
        assert client.get(path).status_code == 404, path


def test_good_jobs_page_ranks_pay_skills_and_digital_access_with_sources(client):
    place = client.get("/diagnose/places/liverpool-city-region/")
    assert 'href="/diagnose/places/liverpool-city-region/good-jobs/"' in place.content.decode()
    response = client.get("/diagnose/places/liverpool-city-region/good-jobs/")
    assert response.status_code == 200
    body = response.content.decode()
    for theme in ("pay", "skills", "digital"):
        assert f'data-testid="theme-{theme}"' in body, theme
    digital = body.split('data-testid="theme-digital"', 1)[1]
    assert "93.5%" in digital and "Ofcom" in digital  # published by ONS for the city region
    assert "insecure work" in body
    download = client.get("/diagnose/places/liverpool-city-region/good-jobs.csv")
    assert download.status_code == 200
    text = download.content.decode()
    notes = [line for line in text.splitlines() if line.startswith("#")]
    assert any("Ofcom" in line and "Licence" in line for line in notes)
    rows = [line for line in text.splitlines() if line and not line.startswith("#")]
    indicators = sum(len(theme.indicators) for theme in themes())
    assert rows[0].startswith("theme,indicator") and len(rows) == 1 + indicators


def test_good_jobs_of_a_custom_place_and_of_no_place(client):
    query = "name=Six&" + "&".join(
        f"district={c}" for c in ("E06000006", "E08000011", "E08000012", "E08000013",
                                  "E08000014", "E08000015")
    )  # fmt: skip
    response = client.get(f"/diagnose/places/custom/good-jobs/?{query}")
    assert response.status_code == 200 and "custom place" in response.content.decode().lower()
    assert client.get("/diagnose/places/nowhere-at-all/good-jobs/").status_code == 404

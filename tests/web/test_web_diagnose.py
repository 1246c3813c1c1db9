"""Diagnose pages: league tables with rank intervals, charts with their sources, downloads, and
where a place stands."""

from __future__ import annotations

import html as html_lib
import io
import re

import pandas as pd
import pytest


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
        "18.6% (95% CI 15.9% to 21.4%); England 13.4%, significantly higher than England"
    ) in text
    assert "change since 2017" in text  # the default earlier period


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
    assert re.search(
        r"ranks \d+ of 8 on the reference index \(90% rank interval \d+ to \d+\)", text
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

"""The web app uprates social value with the GDP deflator refreshed into its home, and says which.

The refreshed series is the ONS-shaped fixture ``tests/fixtures/ons/mnf2.qna.json`` (made-up
values: 2019 80.0, 2024 100.0, so 2019 prices x 1.25 = 2024 prices).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import requests
from test_web_socialvalue_builders import make_contract

from greatjobs.home import Home
from greatjobs.sources import ons
from greatjobs.sources.update import write_dataset
from greatjobs.web.socialvalue import valuation

FIXTURE = Path(__file__).parents[1] / "fixtures" / "ons" / "mnf2.qna.json"


@pytest.fixture()
def refreshed_home(settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Home:
    """A home holding what `greatjobs data update --source gdp-deflator` leaves there."""
    body = FIXTURE.read_bytes()
    monkeypatch.setattr(ons, "fetch_json", lambda session, url: (json.loads(body), body))
    home = Home(tmp_path / "refreshed").ensure()
    table = ons.fetch_timeseries(ons.GDP_DEFLATOR, requests.Session())
    write_dataset(table, home.updates, "2025-04-02T09:15:00+00:00")
    settings.GREATJOBS_HOME = home
    return home


def test_measures_page_says_the_packaged_deflator_is_unverified(
    client_for, analyst, settings, tmp_path
):
    settings.GREATJOBS_HOME = Home(tmp_path / "fresh")
    html = client_for(analyst).get("/socialvalue/measures/").content.decode()
    assert "not yet verified against a published release" in html
    assert "greatjobs data update --source gdp-deflator" in html


def test_measures_page_names_the_refreshed_ons_release(client_for, analyst, refreshed_home):
    html = client_for(analyst).get("/socialvalue/measures/").content.decode()
    assert "Office for National Statistics, series MNF2 (QNA)" in html
    assert "ONS MNF2 released 2025-03-31, retrieved 2025-04-02" in html
    assert "not yet verified" not in html


def test_measures_export_carries_the_deflator_provenance(client_for, analyst, refreshed_home):
    response = client_for(analyst).get("/socialvalue/measures/?export=csv")
    text = response.content.decode()
    assert "# Uprating: GDP deflator at market prices (calendar year), 2019 = 100" in text
    assert "; verified (ONS MNF2 released 2025-03-31" in text


def test_contract_values_are_uprated_with_the_refreshed_series(commissioner, refreshed_home):
    contract = make_contract(commissioner)
    units = valuation.unit_values(contract, valuation.library())
    assert units.price_year == 2024
    assert units.values["GJ-EMP-02"] == pytest.approx(0.5 * 13000 * 1.25)  # £8,125
    assert any("uprated with the GDP deflator: ONS MNF2 released" in n for n in units.notes)
    assert not any("not yet verified" in n for n in units.notes)

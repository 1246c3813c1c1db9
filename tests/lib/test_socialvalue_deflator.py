"""Uprating with the GDP deflator: the ONS series refreshed into the home, else the packaged values.

The refreshed series comes from ``tests/fixtures/ons/mnf2.qna.json``, a fixture in the ONS JSON
layout whose values are made up (2019 80.0, 2024 100.0), so the factors below are worked by hand.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import requests

from greatjobs.errors import DataError
from greatjobs.home import Home
from greatjobs.socialvalue import load_library
from greatjobs.sources import ons
from greatjobs.sources.update import write_dataset

FIXTURE = Path(__file__).parents[1] / "fixtures" / "ons" / "mnf2.qna.json"
RETRIEVED_AT = "2025-04-02T09:15:00+00:00"


def refresh_deflator(home: Home, monkeypatch: pytest.MonkeyPatch, body: bytes) -> None:
    """What `greatjobs data update --source gdp-deflator` leaves in the home (no warehouse)."""
    monkeypatch.setattr(ons, "fetch_json", lambda session, url: (json.loads(body), body))
    table = ons.fetch_timeseries(ons.GDP_DEFLATOR, requests.Session())
    write_dataset(table, home.ensure().updates, RETRIEVED_AT)


def with_values(values: dict[str, str]) -> bytes:
    answer = json.loads(FIXTURE.read_bytes())
    for item in answer["years"]:
        item["value"] = values.get(item["date"], item["value"])
    return json.dumps(answer).encode()


def test_refreshed_series_is_rebased_to_2019_and_uprates_the_wellby(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = Home(tmp_path)
    refresh_deflator(home, monkeypatch, FIXTURE.read_bytes())
    library = load_library(home)
    deflator = library.deflator
    assert deflator.index[2019] == 100.0
    assert deflator.index[2024] == pytest.approx(125.0)  # 100.0 / 80.0 x 100
    assert deflator.index[2016] == pytest.approx(95.0)  # 76.0 / 80.0 x 100
    assert deflator.factor(2019, 2024) == pytest.approx(1.25)
    assert library.unit_value("GJ-EMP-02", 2024) == pytest.approx(0.5 * 13000 * 1.25)  # £8,125
    assert deflator.latest_year == 2024


def test_refreshed_series_is_verified_and_names_the_ons_release_and_retrieval(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = Home(tmp_path)
    refresh_deflator(home, monkeypatch, FIXTURE.read_bytes())
    deflator = load_library(home).deflator
    assert deflator.verified
    assert deflator.release == (
        "ONS MNF2 released 2025-03-31, retrieved 2025-04-02 from "
        "https://www.ons.gov.uk/economy/grossdomesticproductgdp/timeseries/mnf2/qna/data"
    )
    assert "Office for National Statistics, series MNF2 (QNA)" in deflator.provenance
    assert "; verified (ONS MNF2 released" in deflator.provenance


def test_without_a_refresh_the_packaged_values_are_used_and_say_they_are_unverified(
    tmp_path: Path,
) -> None:
    library = load_library(Home(tmp_path))
    assert library is load_library()
    assert not library.deflator.verified
    assert "UNVERIFIED values" in library.deflator.provenance
    assert library.unit_value("GJ-EMP-02", 2024) == pytest.approx(0.5 * 13000 * 122.0 / 100.0)


def test_a_new_refresh_replaces_the_cached_library(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = Home(tmp_path)
    refresh_deflator(home, monkeypatch, FIXTURE.read_bytes())
    assert load_library(home).deflator.factor(2019, 2024) == pytest.approx(1.25)
    refresh_deflator(home, monkeypatch, with_values({"2024": "104.0"}))
    assert load_library(home).deflator.factor(2019, 2024) == pytest.approx(1.3)


def test_a_refreshed_series_without_the_base_year_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer = json.loads(FIXTURE.read_bytes())
    answer["years"] = [y for y in answer["years"] if y["date"] != "2019"]
    home = Home(tmp_path)
    refresh_deflator(home, monkeypatch, json.dumps(answer).encode())
    with pytest.raises(DataError, match="no value for 2019, the price year"):
        load_library(home)


def test_a_corrupt_refreshed_file_is_refused_not_silently_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = Home(tmp_path)
    refresh_deflator(home, monkeypatch, FIXTURE.read_bytes())
    (home.updates / f"{ons.GDP_DEFLATOR.dataset_id}.parquet").write_bytes(b"not parquet")
    with pytest.raises(DataError, match="missing or corrupt"):
        load_library(home)

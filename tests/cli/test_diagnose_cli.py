"""`greatjobs diagnose indicators` and `greatjobs diagnose league` against a real warehouse."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from click.testing import CliRunner

from greatjobs.cli.main import cli
from greatjobs.home import Home

SIX = "Six districts=Halton,Knowsley,Liverpool,St Helens,Sefton,Wirral"


@pytest.fixture()
def run(built_home: Home):
    """`greatjobs diagnose ...` on the session's warehouse."""
    prefix = ["--home", str(built_home.root), "diagnose"]

    def invoke(*args: str) -> tuple[int, str, str]:
        result = CliRunner().invoke(cli, [*prefix, *args], catch_exceptions=False)
        return result.exit_code, result.stdout, result.stderr

    return invoke


def test_indicators_lists_the_catalogue_in_every_format(run):
    code, out, _ = run("indicators", "--format", "json")
    assert code == 0
    records = {r["id"]: r for r in json.loads(out)}
    assert records["workless-households"]["aggregation"] == "counts"
    assert records["employment-rate"]["has_ci"] is True
    assert records["unemployment-rate"]["higher_is_better"] is False
    code, out, _ = run("indicators", "--format", "csv")
    assert code == 0 and len(list(csv.DictReader(io.StringIO(out)))) == len(records)
    code, out, _ = run("indicators")
    assert code == 0 and "youth-unemployment" in out and "diagnose-indicators.md" in out


def test_league_json_gives_the_published_lcr_employment_rate(run):
    code, out, _ = run("league", "employment-rate", "--period", "2023", "--format", "json")
    assert code == 0
    lcr = next(r for r in json.loads(out) if r["area_code"] == "E47000004")
    assert (lcr["value"], lcr["lci"], lcr["uci"]) == (72.0, 69.8, 74.2)
    assert lcr["rank_low"] <= lcr["rank"] <= lcr["rank_high"]
    assert lcr["significance"] == "lower"


def test_league_table_has_a_caption_with_source_licence_and_method(run):
    code, out, _ = run("league", "workless-households", "--compare-period", "2019")
    assert code == 0
    assert "Liverpool City Region" in out and "rank 95%" in out and "change" in out
    assert "95% CI" in out and "reliability (CV)" in out and "reasonably precise" in out
    assert "Places ranked: 10 of the 10 combined authorities of the December 2023" in out
    assert "Open Government Licence" in out and "Method:" in out
    assert "> " in out or ">" in out  # the highlighted place


def test_league_with_a_custom_place_sums_counts(run):
    code, out, _ = run(
        "league", "workless-households", "--period", "2022", "--among",
        "Liverpool City Region,Greater Manchester", "--custom", SIX, "--format", "csv",
    )  # fmt: skip
    assert code == 0
    rows = {r["area_code"]: r for r in csv.DictReader(io.StringIO(out))}
    assert set(rows) == {"E47000004", "E47000001", "custom:six-districts"}
    assert round(float(rows["custom:six-districts"]["value"]), 1) == 18.6


def test_bad_input_gives_clear_errors_and_exit_codes(run):
    code, _, err = run("league", "employment-rates")
    assert code == 4 and "employment-rate" in err
    code, _, err = run("league", "employment-rate", "--period", "1990")
    assert code == 4 and "periods held" in err and "2023" in err
    code, _, err = run("league", "employment-rate", "--among", "Atlantis,Liverpool")
    assert code == 4 and "Atlantis" in err
    code, _, err = run("league", "employment-rate", "--custom", "no districts")
    assert code == 2
    code, _, err = run("league", "employment-rate", "--custom", "Two=Liverpool,Wirral")
    assert code == 3 and "Averaging" in err


def test_mixed_vintage_custom_place_prints_a_note(run):
    code, out, err = run(
        "league", "level-4-qualifications", "--among", "South Yorkshire", "--custom",
        "SY=E08000016,Doncaster,Rotherham,E08000019", "--format", "json",
    )  # fmt: skip
    assert code == 0
    assert "Note:" in err and "E08000016" in err
    values = {r["area_code"]: r["value"] for r in json.loads(out)}
    assert values["custom:sy"] == pytest.approx(values["E47000002"])


def test_league_shows_ties_reliability_and_custom_places_in_every_format(run):
    # ONS Table A4 2021: Merseyside (= LCR) and Greater Manchester both 34.0 per hour: a tie.
    code, out, _ = run("league", "gva-per-hour", "--period", "2021")
    assert code == 0
    tied = [x for x in out.splitlines() if re.search(r"│\s+=3\s+│", x)]
    assert len(tied) == 2
    assert "Liverpool City Region" in tied[1] and "Greater Manchester" in tied[0]
    code, out, err = run("league", "gva-per-hour", "--period", "2021", "--format", "json")
    records = {r["area_code"]: r for r in json.loads(out)}
    assert records["E47000004"]["rank_label"] == records["E47000001"]["rank_label"] == "=3"
    # five are ONS's own ITL2 figures (their districts are exactly the authorities'), two summed
    assert "Places ranked: 5 combined authorities as published by Office for National" in err
    assert "2 of the 10 combined authorities of the December 2023 ONS lookup" in err
    code, out, _ = run(
        "league", "workless-households", "--period", "2022", "--custom",
        "Three=Halton,Knowsley,Liverpool", "--format", "csv",
    )  # fmt: skip
    rows = {r["area_code"]: r for r in csv.DictReader(io.StringIO(out))}
    assert rows["custom:three"]["rank_label"] == "would rank 7"
    assert rows["custom:three"]["custom"] == "True" and rows["E47000004"]["rank"] == "7"
    assert rows["E47000004"]["reliability"] == "reasonably precise"
    code, out, _ = run(
        "league", "workless-households", "--period", "2022", "--among", "districts", "--format",
        "json",
    )  # fmt: skip
    horsham = next(r for r in json.loads(out) if r["area_name"] == "Horsham")
    assert horsham["lci"] == 0.0  # ONS CV 87.8: -2.2 to 8.5, cut at 0
    assert horsham["significance"] == "not tested: estimate unreliable (CV over 20%)"

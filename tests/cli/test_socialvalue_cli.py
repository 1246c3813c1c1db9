"""`greatjobs socialvalue ...`: the measures library and SROI valuation of an impact map."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from greatjobs.cli.main import cli
from greatjobs.cli.socialvalue import socialvalue

if "socialvalue" not in cli.commands:
    cli.add_command(socialvalue)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["socialvalue", *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_measures_lists_the_library_as_csv_with_sources():
    code, out, _ = run("measures", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    ids = {r["id"] for r in rows}
    assert {"GJ-EMP-01", "GJ-EMP-02", "GJ-ENV-01"} <= ids
    wellby = next(r for r in rows if r["id"] == "GJ-EMP-02")
    assert "£13,000" in wellby["proxy"] and "2019 prices" in wellby["proxy"]


def test_measures_table_says_the_deflator_values_are_unverified(tmp_path):
    result = CliRunner().invoke(cli, ["--home", str(tmp_path), "socialvalue", "measures"])
    assert result.exit_code == 0, result.output
    out = " ".join(result.stdout.split())  # the caption is wrapped to the terminal
    assert "UNVERIFIED" in out
    assert "greatjobs data update --source gdp-deflator" in out


def test_sroi_prints_pv_npv_ratio_with_intervals(fixtures_dir):
    path = str(fixtures_dir / "socialvalue" / "worked_example.toml")
    code, out, _ = run("sroi", path, "--draws", "300", "--format", "json")
    assert code == 0
    record = json.loads(out)
    figures = {f["figure"]: f for f in record["figures"]}
    ratio = figures["SROI ratio (£ per £1)"]
    assert ratio["central"] == pytest.approx(1.5564, abs=1e-4)
    assert ratio["p2.5"] < ratio["median"] < ratio["p97.5"]
    assert figures["net present value (£)"]["central"] == pytest.approx(5563.85, abs=0.01)
    assert record["most_influential"]


def test_sroi_of_a_malformed_impact_map_exits_3_with_a_clear_message(fixtures_dir):
    result = CliRunner().invoke(
        cli, ["socialvalue", "sroi", str(fixtures_dir / "socialvalue" / "bad_share.toml")]
    )
    assert result.exit_code == 3
    assert "deadweight must be between 0 and 1" in result.stderr


def test_sroi_of_a_missing_file_exits_3(tmp_path):
    result = CliRunner().invoke(cli, ["socialvalue", "sroi", str(tmp_path / "nope.toml")])
    assert result.exit_code == 3
    assert "No impact map" in result.stderr

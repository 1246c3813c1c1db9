"""``greatjobs diagnose deprivation`` and ``greatjobs diagnose index`` from the command line."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from greatjobs.cli.main import cli
from greatjobs.home import Home


@pytest.fixture(scope="module")
def home(built_home: Home) -> Path:
    return built_home.root


def run(home: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--home", str(home), "diagnose", *args])
    return result.exit_code, result.stdout, result.stderr


def test_deprivation_of_the_city_region_as_json(home: Path) -> None:
    code, out, _ = run(home, "deprivation", "--format", "json")
    assert code == 0
    rows = {r["area_code"]: r for r in json.loads(out)}
    assert len(rows) == 7
    lcr = rows["E47000004"]
    assert (lcr["n_most_deprived_10"], lcr["n_lsoas"]) == (289, 1003)
    assert rows["E08000012"]["proportion_most_deprived_10"] == 0.3675
    assert "weighted by each district's estimated population" in lcr["method"]


def test_deprivation_table_has_source_and_method(home: Path) -> None:
    code, out, _ = run(home, "deprivation", "--place", "Knowsley", "--edition", "2019")
    assert code == 0
    assert "Knowsley: English Indices of Deprivation 2019" in out
    assert "Open Government Licence" in out and "humaniverse" in out


def test_custom_place_from_districts(home: Path) -> None:
    code, out, err = run(
        home, "deprivation", "--place", "Merseyside", "--district", "Liverpool", "--district",
        "Knowsley", "--district", "Sefton", "--district", "St Helens", "--district", "Wirral",
        "--format", "csv",
    )  # fmt: skip
    assert code == 0, err
    frame = pd.read_csv(io.StringIO(out))
    assert frame.loc[0, "area_code"] == "custom:merseyside"
    assert frame.loc[0, "n_lsoas"] == 1003 - 80  # without Halton


def test_pockets_and_change(home: Path) -> None:
    code, out, _ = run(home, "deprivation", "--pockets", "--format", "csv")
    assert code == 0
    pockets = pd.read_csv(io.StringIO(out))
    assert len(pockets) == 38 and pockets["lsoas"].sum() == 289
    code, out, _ = run(home, "deprivation", "--change", "--format", "json")
    assert code == 0
    total = next(r for r in json.loads(out) if r["area_code"] == "E47000004")
    assert (total["moved_in"], total["moved_out"], total["decile_1_2025"]) == (3, 57, 289)
    code, out, _ = run(home, "deprivation", "--pockets", "--place", "Leeds")
    assert code == 0 and "Liverpool City Region only" in out


def test_deprivation_bad_input(home: Path) -> None:
    code, _, err = run(home, "deprivation", "--place", "Liverpol")
    assert code == 4 and "Liverpool" in err
    code, _, err = run(home, "deprivation", "--edition", "2018")
    assert code == 2 and "2019" in err
    code, _, err = run(home, "deprivation", "--pockets", "--change")
    assert code == 2 and "Choose one" in err


def test_index_among_combined_authorities(home: Path, tmp_path: Path) -> None:
    spec_file = tmp_path / "spec.json"
    code, out, err = run(
        home, "index", "--draws", "300", "--format", "json", "--save-spec", str(spec_file)
    )
    assert code == 0, err
    places = {r["area_code"]: r for r in json.loads(out)}
    lcr = places["E47000004"]
    assert lcr["rank_low"] <= lcr["median_rank"] <= lcr["rank_high"]
    assert json.loads(spec_file.read_text())["draws"] == 300
    code, again, _ = run(home, "index", "--spec", str(spec_file), "--format", "json")
    assert code == 0 and json.loads(again) == json.loads(out)


def test_index_sensitivity_and_custom_weights(home: Path) -> None:
    code, out, _ = run(home, "index", "--sensitivity", "--draws", "200", "--format", "csv")
    assert code == 0
    assert set(pd.read_csv(io.StringIO(out))["factor"]) == {
        "values", "normalisation", "weighting", "aggregation",
    }  # fmt: skip
    code, out, _ = run(home, "index", "--weights", "gva-per-hour=2,employment-rate=1",
                       "--draws", "200")  # fmt: skip
    assert code == 0 and "custom" in out
    code, _, err = run(home, "index", "--weights", "gva=2")
    assert code == 4 and "gva-per-hour" in err
    code, _, err = run(home, "index", "--among", "Liverpool City Region")
    assert code == 3 and "at least two" in err

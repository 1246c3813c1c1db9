"""`greatjobs places ...` and `greatjobs postcode ...` against the real built warehouse."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from greatjobs.cli.main import cli
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
def run(built_home: Home):
    def invoke(*args: str) -> tuple[int, str, str]:
        result = CliRunner().invoke(
            cli, ["--home", str(built_home.root), *args], catch_exceptions=False
        )
        return result.exit_code, result.stdout, result.stderr

    return invoke


def test_places_list_json_has_every_kind_of_place(run):
    code, out, _ = run("places", "list", "--format", "json")
    assert code == 0
    records = json.loads(out)
    kinds = [r["kind"] for r in records]
    assert kinds.count("combined-authority") == 10
    assert kinds.count("district") == 296
    assert kinds.count("region") == 9
    assert kinds.count("country") == 1
    lcr = next(r for r in records if r["code"] == "E47000004")
    assert (lcr["name"], lcr["districts"]) == ("Liverpool City Region", 6)


def test_places_list_by_kind_as_csv(run):
    code, out, _ = run("places", "list", "--kind", "combined-authority", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 10
    assert {r["kind"] for r in rows} == {"combined-authority"}
    assert "Liverpool City Region" in {r["name"] for r in rows}


def test_places_list_rejects_an_unknown_kind_as_a_usage_error(run):
    code, _, err = run("places", "list", "--kind", "planet")
    assert code == 2
    assert "planet" in err


def test_places_show_liverpool_city_region_lists_the_six_districts_with_codes(run):
    code, out, _ = run("places", "show", "Liverpool City Region")
    assert code == 0
    assert "E47000004" in out
    for district_code, name in LCR_DISTRICTS.items():
        assert district_code in out
        assert name in out


def test_places_show_defaults_to_liverpool_city_region(run):
    code, out, _ = run("places", "show", "--format", "json")
    assert code == 0
    record = json.loads(out)
    assert record["code"] == "E47000004"
    assert {d["code"]: d["name"] for d in record["districts"]} == LCR_DISTRICTS
    datasets = record["provenance"]["datasets"]
    assert datasets[0]["id"] == "ons_ltla23_cauth23_lookup_england" and datasets[0]["vintage"]


def test_places_show_csv_has_one_row_per_district(run):
    code, out, _ = run("places", "show", "south yorkshire", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["place_code"] for r in rows] == ["E47000002"] * 4
    assert "E08000038" in {r["district_code"] for r in rows}  # Barnsley's current code


def test_places_show_a_recoded_district_notes_the_change_on_stderr(run):
    code, out, err = run("places", "show", "E08000016", "--format", "json")
    assert code == 0
    assert json.loads(out)["code"] == "E08000038"
    assert "former code" in err


def test_places_show_unknown_place_exits_4_with_suggestions(run):
    code, out, err = run("places", "show", "Liverpool Citty Region")
    assert code == 4
    assert out == ""
    assert "Did you mean: Liverpool City Region" in err


def test_places_show_custom_place_from_districts(run):
    code, out, err = run(
        "places", "show", "Cumbria coast", "--district", "E07000026", "--district", "Wirral",
        "--format", "json",
    )  # fmt: skip
    assert code == 0
    record = json.loads(out)
    assert record["code"] == "custom:cumbria-coast"
    assert [d["code"] for d in record["districts"]] == ["E06000063", "E08000015"]
    assert "Allerdale" in err
    assert "Warning" not in err  # the note is printed once, not as a Python warning too


def test_postcode_answers_liverpool_and_its_lsoa(run):
    code, out, _ = run("postcode", "L3 5TQ")
    assert code == 0
    assert "Liverpool" in out and "E08000012" in out
    assert "point-in-polygon" in out
    assert "E01" in out


def test_postcode_json_is_normalised_and_complete(run):
    code, out, _ = run("postcode", "l35tq", "--format", "json")
    assert code == 0
    record = json.loads(out)
    assert record["postcode"] == "L3 5TQ"
    assert (record["district"], record["district_code"]) == ("Liverpool", "E08000012")
    assert record["lsoa21_code"].startswith("E01")
    assert record["lsoa_method"] == "point-in-polygon"
    assert isinstance(record["easting"], int) and isinstance(record["latitude"], float)


def test_postcode_outside_lcr_is_labelled_approximate(run):
    code, out, _ = run("postcode", "M1 1AE", "--format", "csv")
    assert code == 0
    (row,) = list(csv.DictReader(io.StringIO(out)))
    assert (row["district_code"], row["lsoa_method"]) == ("E08000003", "nearest-centroid")
    assert row["lsoa_note"].startswith("approximate")


def test_malformed_postcode_exits_3_and_explains_the_format(run):
    code, out, err = run("postcode", "L3 5T")
    assert code == 3
    assert out == ""
    assert "as in 'L3 5TQ'" in err


def test_unknown_postcode_exits_4_suggesting_postcodes_in_the_sector(run):
    code, _, err = run("postcode", "L3 5TZ")
    assert code == 4
    assert "Did you mean: L3 5" in err


def test_commands_without_a_warehouse_exit_6(tmp_path):
    result = CliRunner().invoke(cli, ["--home", str(tmp_path), "places", "list"])
    assert result.exit_code == 6
    assert "greatjobs data build" in result.stderr

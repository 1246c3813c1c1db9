"""`greatjobs sectors profile`: employment, shares, LQs, shift-share and specialisation of a
place, with sources and method notes, as a table, CSV or JSON."""

from __future__ import annotations

import io
import json
import re

import pandas as pd
import pytest
from click.testing import CliRunner, Result

from greatjobs.cli.main import cli
from greatjobs.home import Home


def run(home: Home, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--home", str(home.root), "sectors", "profile", *args])


def test_default_profile_is_liverpool_city_region_by_section(built_home: Home) -> None:
    result = run(built_home)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Liverpool City Region: employment by section (2021, change from 2015)" in out
    assert "against North West (England) (NUTS1 UKD)" in out
    assert "Merseyside (UKD7) (exactly the place's districts)" in out
    assert "Manufacturing" in out and "│ Q " in out
    assert "Specialisation over sections: Hoover" in out
    assert "Shift-share 2015-2021: change +65,325 = national share" in out
    assert "Esteban-Marquillas" in out and "Dunn 1960" in out
    assert "Business Register and Employment Survey" in out
    assert "Open Government Licence v3.0" in out


def test_csv_is_one_row_per_sector_with_every_column(built_home: Home) -> None:
    result = run(built_home, "--level", "division", "--format", "csv")
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(io.StringIO(result.output), dtype={"code": str})
    assert len(frame) == 88
    for column in ("employment", "share_pct", "lq", "national_share", "industry_mix",
                   "competitive", "em_competitive", "allocation"):  # fmt: skip
        assert column in frame.columns
    assert frame["share_pct"].sum() == pytest.approx(100.0)
    parts = frame["national_share"] + frame["industry_mix"] + frame["competitive"]
    assert (parts - frame["change"]).abs().max() < 1e-6


def test_json_carries_specialisation_shift_share_sources_and_notes(built_home: Home) -> None:
    result = run(built_home, "--against", "england", "--year", "2020", "--base-year", "2017",
                 "--format", "json")  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["place"]["code"] == "E47000004" and data["benchmark"]["name"] == "England"
    assert (data["year"], data["base_year"]) == (2020, 2017)
    spec = data["specialisation"]
    assert spec["krugman"] == pytest.approx(2 * spec["hoover"]) and spec["over"] == "sections"
    totals = data["shift_share_totals"]
    assert totals["em_competitive"] + totals["allocation"] == pytest.approx(totals["competitive"])
    assert data["provenance"]["datasets"][0]["licence"] == "Open Government Licence v3.0"
    assert data["provenance"]["datasets"][0]["vintage"]
    assert any("Esteban-Marquillas" in n for n in data["notes"])


def test_groups_name_what_cannot_be_measured(built_home: Home) -> None:
    result = run(built_home, "--place", "Wirral", "--level", "group")
    assert result.exit_code == 0, result.output
    assert "Visitor" in result.output and "Advanced" in result.output
    assert "Approximate: Wirral is not published alone" in result.output
    assert "Clean Energy: no SIC division" in result.output


def test_unknown_year_and_place_exit_4(built_home: Home) -> None:
    year = run(built_home, "--year", "2030")
    assert year.exit_code == 4 and "years available: 2015" in year.output
    place = run(built_home, "--place", "Liverpol")
    assert place.exit_code == 4 and "Liverpool" in place.output


def test_bad_level_is_a_usage_error(built_home: Home) -> None:
    result = run(built_home, "--level", "class")
    assert result.exit_code == 2


def test_productivity_prints_gva_per_job_with_sources(built_home: Home) -> None:
    result = CliRunner().invoke(
        cli, ["--home", str(built_home.root), "sectors", "productivity", "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(io.StringIO(result.output)).set_index("code")
    assert frame.loc["Total", "gva_per_job"] == pytest.approx(35_345e6 / 686_425)
    table = CliRunner().invoke(cli, ["--home", str(built_home.root), "sectors", "productivity"])
    assert "GVA per job" in table.output and "Regional GVA" in table.output
    district = CliRunner().invoke(
        cli, ["--home", str(built_home.root), "sectors", "productivity", "--place", "Wirral"]
    )
    assert district.exit_code == 1 and "same area" in district.output


@pytest.mark.parametrize("command", ["profile", "productivity"])
def test_caption_gives_the_vintage_and_licence_of_the_warehouse_record(
    built_home: Home, command: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sources under the table are read from meta.dataset: a record with another licence
    and vintage is printed as it is, nothing is written in by the command."""
    import dataclasses

    import greatjobs.provenance

    real = greatjobs.provenance.dataset_provenance

    def altered(con, dataset_id):  # type: ignore[no-untyped-def]
        d = real(con, dataset_id)
        return dataclasses.replace(d, licence=f"Licence of {d.id}", vintage=f"Vintage {d.id}")

    monkeypatch.setattr(greatjobs.provenance, "dataset_provenance", altered)
    result = CliRunner().invoke(cli, ["--home", str(built_home.root), "sectors", command])
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    bres = "bres_itl2_nuts2016_employment_2digit_sic_2015_2021"
    assert f"(Vintage {bres}). Licence: Licence of {bres}." in out
    assert "Open Government Licence" not in out


def test_counts_in_the_tables_have_thousands_separators(built_home: Home) -> None:
    out = run(built_home).output
    assert re.search(r"│ C\s+│ Manufacturing\s+│ 46,935\s", out), out[:2000]
    assert "46935" not in out
    table = CliRunner().invoke(cli, ["--home", str(built_home.root), "sectors", "productivity"])
    assert "686,425" in table.output and "686425" not in table.output
    assert "35,345" in table.output

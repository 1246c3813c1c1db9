"""`greatjobs data ...`: provenance listing, builds, and exit codes scripts can rely on."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import requests
from click.testing import CliRunner
from requests.adapters import HTTPAdapter

from greatjobs.cli.main import cli
from greatjobs.home import Home
from greatjobs.sources.catalogue import Catalogue
from greatjobs.sources.ons import GDP_DEFLATOR
from greatjobs.warehouse import open_warehouse

ONS_FIXTURE = Path(__file__).parents[1] / "fixtures" / "ons" / "mnf2.qna.json"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_data_list_shows_provenance_and_licence_for_every_dataset() -> None:
    code, out, _ = run("data", "list", "--format", "json")
    assert code == 0
    records = json.loads(out)
    assert {r["id"] for r in records} == {d.id for d in Catalogue.load().datasets}
    for record in records:
        for field in ("publisher", "title", "vintage", "licence", "attribution", "origin"):
            assert record[field] is not None, (record["id"], field)
        assert len(record["sha256"]) == 64


def test_data_list_table_names_the_licence() -> None:
    code, out, _ = run("data", "list")
    assert code == 0
    assert "Open Government Licence v3.0" in out
    assert "iod2025_england_lsoa21" in out


def test_data_list_csv_has_a_header_and_one_row_per_dataset() -> None:
    code, out, _ = run("data", "list", "--format", "csv")
    lines = out.strip().splitlines()
    assert code == 0
    assert lines[0].startswith("id,file,format,publisher")
    assert len(lines) - 1 >= len(Catalogue.load().datasets)


def test_data_show_unknown_dataset_suggests_close_matches() -> None:
    code, _, err = run("data", "show", "iod2025_england_lsoa")
    assert code == 4
    assert "iod2025_england_lsoa21" in err


def test_data_build_prints_what_it_built_into_greatjobs_home(tmp_path: Path) -> None:
    code, out, _ = run("--home", str(tmp_path), "data", "build")
    assert code == 0, out
    assert Home(tmp_path).warehouse.is_file()
    assert "core.imd_lsoa" in out and "raw:" in out


def test_greatjobs_home_environment_variable_moves_the_warehouse(tmp_path: Path) -> None:
    result = CliRunner(env={"GREATJOBS_HOME": str(tmp_path / "elsewhere")}).invoke(
        cli, ["data", "build", "--quiet"]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "elsewhere" / "warehouse.duckdb").is_file()


def test_every_command_has_help() -> None:
    def walk(group: object, path: list[str]) -> None:
        code, out, _ = run(*path, "--help")
        assert code == 0 and "Usage:" in out, path
        for name in getattr(group, "commands", {}):
            walk(group.commands[name], [*path, name])  # type: ignore[attr-defined]

    walk(cli, [])


class OnsFixture(HTTPAdapter):
    """Answers the ONS MNF2 time series from its fixture (made-up values); anything else 404."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        url = str(request.url)
        self.urls.append(url)
        known = url == GDP_DEFLATOR.data_url
        response = requests.Response()
        response.status_code = 200 if known else 404
        response._content = ONS_FIXTURE.read_bytes() if known else b"Not found"
        response.url = url
        response.request = request
        return response


def test_data_update_gdp_deflator_end_to_end_offline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    adapter = OnsFixture()

    def offline_session() -> requests.Session:
        http = requests.Session()
        http.mount("https://", adapter)
        return http

    monkeypatch.setattr("greatjobs.sources.update.new_session", offline_session)
    code, out, _ = run("--home", str(tmp_path), "data", "update", "--source", "gdp-deflator")
    assert code == 0, out
    assert adapter.urls == [GDP_DEFLATOR.data_url]
    assert (
        "gdp-deflator: raw.ons_gdp_deflator_mnf2, 9 rows, 2016-2024 (calendar years); "
        "ONS release of 2025-03-31 (new table)"
    ) in out
    record = json.loads((Home(tmp_path).updates / "ons_gdp_deflator_mnf2.json").read_text())
    assert record["origin"] == GDP_DEFLATOR.data_url and record["url"] == GDP_DEFLATOR.page_url
    assert record["licence"] == "Open Government Licence v3.0" and record["retrieved_at"]
    assert record["columns"][:5] == ["cdid", "datasetId", "releaseDate", "date", "value"]
    con = open_warehouse(Home(tmp_path))
    try:
        (vintage,) = con.execute(
            "SELECT vintage FROM meta.dataset WHERE id = 'ons_gdp_deflator_mnf2'"
        ).fetchone()
    finally:
        con.close()
    assert vintage.endswith("ONS release of 2025-03-31")

    code, out, _ = run("--home", str(tmp_path), "socialvalue", "measures")
    caption = " ".join(out.split())
    assert code == 0
    assert "verified (ONS MNF2 released 2025-03-31, retrieved " in caption
    assert "UNVERIFIED" not in caption

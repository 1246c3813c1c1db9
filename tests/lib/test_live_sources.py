"""`greatjobs data update`: Nomis, Open Geography Portal and ONS time series clients, provenance,
all-or-nothing.

No test touches the network. Requests go through a fake ``requests`` transport that answers from
``tests/fixtures/{nomis,geoportal,ons}`` (small files in the APIs' real layouts; the figures are
illustrative), or, to fail the way the internet fails, through a real socket on 127.0.0.1 that is
closed (connection refused) or never answers (timeout).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import duckdb
import pyarrow.parquet as pq
import pytest
import requests
from click.testing import CliRunner
from requests.adapters import HTTPAdapter

from greatjobs.cli.main import cli
from greatjobs.errors import NetworkError, NotFoundError
from greatjobs.home import Home
from greatjobs.sources import nomis
from greatjobs.sources.catalogue import Catalogue, Dataset, file_sha256
from greatjobs.sources.geoportal import GEOPORTAL_SPECS, fetch_geoportal
from greatjobs.sources.http import fetch_bytes
from greatjobs.sources.nomis import NOMIS_SPECS, fetch_nomis
from greatjobs.sources.ons import GDP_DEFLATOR, ONS_SPECS, fetch_timeseries, read_annual_series
from greatjobs.sources.update import (
    live_source_table,
    select_sources,
    update_sources,
    write_dataset,
)
from greatjobs.warehouse import BuildContext, default_steps, read_refreshes

FIXTURES = Path(__file__).parents[1] / "fixtures"
APS = next(s for s in NOMIS_SPECS if s.nomis_id == "NM_17_5")
LAD_CAUTH = next(s for s in GEOPORTAL_SPECS if s.name == "lad-cauth")
Fault = Callable[[requests.PreparedRequest, dict[str, Any]], requests.Response]


def fixture_name(url: str) -> str:
    """Which fixture answers a URL: the dataset or service plus the paging offset."""
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    if parts.path.endswith(".data.csv"):
        dataset = parts.path.rsplit("/", 1)[1].removesuffix(".data.csv")
        assert "RecordLimit" in query, url
        return f"nomis/{dataset}.offset{query['RecordOffset']}.csv"
    if "/FeatureServer/" in parts.path:
        service = parts.path.split("/")[-4]
        assert query["where"] == "1=1" and query["outFields"] == "*" and query["f"] == "json"
        return f"geoportal/{service}.offset{query['resultOffset']}.json"
    if "/timeseries/" in parts.path and parts.path.endswith("/data"):
        cdid, dataset = parts.path.split("/")[-3:-1]
        return f"ons/{cdid}.{dataset}.json"
    return f"unknown{parts.path}"


class FixtureAdapter(HTTPAdapter):
    """A ``requests`` transport that answers from fixture files, or fails on purpose."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.faults: dict[str, Fault] = {}

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        url = str(request.url)
        self.urls.append(url)
        name = fixture_name(url)
        for prefix, fault in self.faults.items():
            if name.startswith(prefix):
                return fault(request, kwargs)
        path = FIXTURES / name
        if not path.is_file():
            return answer(request, 404, b"Not found")
        return answer(request, 200, path.read_bytes())


def answer(request: requests.PreparedRequest, status: int, body: bytes) -> requests.Response:
    response = requests.Response()
    response.status_code = status
    response.reason = {200: "OK", 404: "Not Found", 500: "Internal Server Error"}.get(status, "")
    response._content = body
    response.url = str(request.url)
    response.request = request
    return response


def via_local_socket(port: int, timeout: float | None = None) -> Fault:
    """Send the request for real, to 127.0.0.1:port (closed: refused; silent: times out)."""

    def fault(request: requests.PreparedRequest, kwargs: dict[str, Any]) -> requests.Response:
        local = request.copy()
        parts = urlsplit(str(request.url))
        local.url = f"http://127.0.0.1:{port}{parts.path}?{parts.query}"
        if timeout is not None:
            kwargs = {**kwargs, "timeout": (timeout, timeout)}
        return HTTPAdapter().send(local, **kwargs)

    return fault


def status(code: int, body: bytes) -> Fault:
    return lambda request, kwargs: answer(request, code, body)


@pytest.fixture()
def api() -> FixtureAdapter:
    return FixtureAdapter()


@pytest.fixture()
def session(api: FixtureAdapter) -> Iterator[requests.Session]:
    http = requests.Session()
    http.mount("https://", api)
    http.mount("http://", api)
    yield http
    http.close()


@pytest.fixture()
def small_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Nomis pages of 4 rows, so the 6-row APS fixture comes in two pages as it would at 25,000."""
    monkeypatch.setattr(nomis, "PAGE_SIZE", 4)


# --- Nomis ----------------------------------------------------------------------------------------


def test_nomis_fetches_page_after_page_until_record_count(
    session: requests.Session, api: FixtureAdapter
) -> None:
    table = fetch_nomis(APS, session, page_size=4)
    assert [parse_qs(urlsplit(u).query)["RecordOffset"] for u in api.urls] == [["0"], ["4"]]
    assert len(table.rows) == 6
    assert [r[table.columns.index("RECORD_OFFSET")] for r in table.rows] == list("012345")
    pages = [(FIXTURES / f"nomis/NM_17_5.offset{n}.csv").read_bytes() for n in (0, 4)]
    assert table.source_sha256 == hashlib.sha256(b"".join(pages)).hexdigest()
    assert "RecordOffset" not in table.origin and "variable=18,45,46,47,84,85,86&" in table.origin
    assert table.vintage == "Jul 2024-Jun 2025"


def test_nomis_keeps_every_column_as_published_and_empty_cells_as_null(
    session: requests.Session,
) -> None:
    table = fetch_nomis(APS, session, page_size=4)
    assert table.columns[:3] == ["DATE", "DATE_NAME", "DATE_CODE"]
    assert table.columns[-5:] == [
        "OBS_CONF",
        "OBS_CONF_NAME",
        "URN",
        "RECORD_OFFSET",
        "RECORD_COUNT",
    ]
    suppressed = table.rows[2]
    assert suppressed[table.columns.index("OBS_VALUE")] is None
    assert suppressed[table.columns.index("OBS_STATUS")] == "#"


def test_nomis_query_that_stops_short_of_its_record_count_is_an_error(
    session: requests.Session, api: FixtureAdapter
) -> None:
    api.faults["nomis/NM_17_5.offset4"] = status(200, b"")
    with pytest.raises(NetworkError, match="empty, not a Nomis CSV"):
        fetch_nomis(APS, session, page_size=4)


def test_nomis_error_page_instead_of_csv_is_an_error(
    session: requests.Session, api: FixtureAdapter
) -> None:
    api.faults["nomis/NM_17_5"] = status(200, b"<html><body>Query too complex</body></html>")
    with pytest.raises(NetworkError, match=r"not a Nomis data CSV.*Query too complex"):
        fetch_nomis(APS, session)


# --- Open Geography Portal ------------------------------------------------------------------------


def test_geoportal_follows_exceeded_transfer_limit(
    session: requests.Session, api: FixtureAdapter
) -> None:
    table = fetch_geoportal(LAD_CAUTH, session)
    offsets = [parse_qs(urlsplit(u).query)["resultOffset"] for u in api.urls]
    assert offsets == [["0"], ["3"]]
    assert len(table.rows) == 6


def test_geoportal_fields_are_renamed_to_the_bundled_datasets_columns(
    session: requests.Session,
) -> None:
    table = fetch_geoportal(LAD_CAUTH, session)
    bundled = Catalogue.load().get("ons_ltla23_cauth23_lookup_england")
    assert table.columns == list(bundled.columns)
    assert ["Liverpool", "E08000012", "Liverpool City Region", "E47000004"] in table.rows
    assert {row[2] for row in table.rows} == {"Liverpool City Region"}  # trailing space stripped
    assert table.vintage.startswith("2025 (LAD25_CAUTH25_EN_LU")
    assert any("LAD25NM→ltla23_name" in t for t in table.transformations)


def test_geoportal_error_object_is_reported(session: requests.Session, api: FixtureAdapter) -> None:
    error = {"error": {"code": 400, "message": "Invalid query parameters.", "details": []}}
    api.faults["geoportal/LAD25"] = status(200, json.dumps(error).encode())
    with pytest.raises(NetworkError, match="ArcGIS server reported error 400: Invalid query"):
        fetch_geoportal(LAD_CAUTH, session)


def test_geoportal_layer_without_expected_fields_is_reported(
    session: requests.Session, api: FixtureAdapter
) -> None:
    page = json.loads((FIXTURES / "geoportal/LAD24_RGN24_EN_LU.offset0.json").read_text())
    api.faults["geoportal/LAD25"] = status(200, json.dumps(page).encode())
    with pytest.raises(NetworkError, match="expected one field like CAUTHyyNM"):
        fetch_geoportal(LAD_CAUTH, session)


# --- ONS time series ------------------------------------------------------------------------------

ONS_FIXTURE = FIXTURES / "ons/mnf2.qna.json"


def test_ons_time_series_keeps_the_annual_rows_with_the_release(
    session: requests.Session, api: FixtureAdapter
) -> None:
    table = fetch_timeseries(GDP_DEFLATOR, session)
    assert api.urls == [
        "https://www.ons.gov.uk/economy/grossdomesticproductgdp/timeseries/mnf2/qna/data"
    ]
    assert table.columns == [
        "cdid",
        "datasetId",
        "releaseDate",
        "date",
        "value",
        "year",
        "label",
        "sourceDataset",
        "updateDate",
    ]
    assert [row[3] for row in table.rows] == [str(y) for y in range(2016, 2025)]  # no quarters
    assert table.rows[3][:5] == ["MNF2", "QNA", "2025-03-30T23:00:00.000Z", "2019", "80.0"]
    assert table.vintage == "2016-2024 (calendar years); ONS release of 2025-03-31"  # BST
    assert table.origin == GDP_DEFLATOR.data_url and table.url == GDP_DEFLATOR.page_url
    assert table.source_sha256 == hashlib.sha256(ONS_FIXTURE.read_bytes()).hexdigest()
    assert "TEST FIXTURE" in table.title and "Next ONS release: 30 June 2025." in table.caveats


def test_ons_annual_values_are_read_back_as_numbers(
    tmp_path: Path, session: requests.Session
) -> None:
    write_dataset(fetch_timeseries(GDP_DEFLATOR, session), tmp_path, "2025-04-02T09:15:00+00:00")
    series = read_annual_series(tmp_path / f"{GDP_DEFLATOR.dataset_id}.parquet")
    assert (series.cdid, series.ons_dataset, series.release_date) == ("MNF2", "QNA", "2025-03-31")
    assert series.values[2019] == 80.0 and series.values[2024] == 100.0 and len(series.values) == 9


def ons_answer(change: Callable[[dict[str, Any]], None]) -> Fault:
    answer_json = json.loads(ONS_FIXTURE.read_text())
    change(answer_json)
    return status(200, json.dumps(answer_json).encode())


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda a: a.update(years=[]), r"no annual observations of MNF2 \(expected a JSON object"),
        (lambda a: a.pop("years"), r"no annual observations of MNF2 .*'years' is None"),
        (lambda a: a.pop("description"), "not an ONS time series"),
        (lambda a: a["years"][3].update(value=".."), "MNF2 value for 2019 is '..', not a number"),
        (lambda a: a["years"][0].update(value=""), "MNF2 value for 2016 is '', not a number"),
        (lambda a: a["years"][0].update(date="2016 Q1"), "dated '2016 Q1', not a year"),
        (lambda a: a["description"].update(cdid="YBGB"), "expected ONS series MNF2.*'YBGB'"),
    ],
    ids=["no-years", "years-missing", "no-description", "dots", "empty", "quarter", "other"],
)
def test_ons_answer_without_numeric_annual_rows_is_refused_with_the_url(
    session: requests.Session,
    api: FixtureAdapter,
    change: Callable[[dict[str, Any]], None],
    message: str,
) -> None:
    api.faults["ons/mnf2"] = ons_answer(change)
    with pytest.raises(NetworkError, match=message) as caught:
        fetch_timeseries(GDP_DEFLATOR, session)
    assert str(caught.value).startswith(GDP_DEFLATOR.data_url)


def test_ons_error_page_instead_of_json_is_an_error(
    session: requests.Session, api: FixtureAdapter
) -> None:
    api.faults["ons/mnf2"] = status(200, b"<!DOCTYPE html><title>Page not found</title>")
    with pytest.raises(NetworkError, match="mnf2/qna/data: the answer was not valid JSON"):
        fetch_timeseries(GDP_DEFLATOR, session)


# --- the HTTP helper ------------------------------------------------------------------------------


def test_dns_failure_is_named_as_such(session: requests.Session, api: FixtureAdapter) -> None:
    def no_dns(request: requests.PreparedRequest, kwargs: dict[str, Any]) -> requests.Response:
        raise requests.ConnectionError(
            "HTTPSConnectionPool(host='www.nomisweb.co.uk', port=443): Max retries exceeded "
            "(Caused by NameResolutionError(\"Failed to resolve 'www.nomisweb.co.uk' "
            '([Errno -3] Temporary failure in name resolution)"))'
        )

    api.faults["nomis/"] = no_dns
    with pytest.raises(NetworkError, match="host name could not be resolved") as caught:
        fetch_nomis(APS, session)
    assert "NM_17_5.data.csv?geography=TYPE424" in str(caught.value)


def test_retries_are_off_by_default_and_repeat_server_errors_when_asked(
    session: requests.Session, api: FixtureAdapter
) -> None:
    url = "https://www.nomisweb.co.uk/api/v01/dataset/NM_30_1.data.csv"
    params: dict[str, str | int] = {"RecordOffset": 0, "RecordLimit": 10}
    calls: list[int] = []

    def flaky(request: requests.PreparedRequest, kwargs: dict[str, Any]) -> requests.Response:
        calls.append(1)
        if len(calls) == 1:
            return answer(request, 500, b"busy")
        return answer(request, 200, b"ok")

    api.faults["nomis/NM_30_1"] = flaky
    with pytest.raises(NetworkError, match="HTTP 500"):
        fetch_bytes(session, url, params)
    calls.clear()
    assert fetch_bytes(session, url, params, retries=1, backoff=0) == b"ok"
    assert len(calls) == 2


# --- update_sources: write, provenance, rebuild ---------------------------------------------------


@pytest.fixture(scope="module")
def updated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Home, FixtureAdapter]:
    """A home after a full, successful update from the fixtures (raw tables only, no core steps)."""
    home = Home(tmp_path_factory.mktemp("updated-home"))
    adapter = FixtureAdapter()
    http = requests.Session()
    http.mount("https://", adapter)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(nomis, "PAGE_SIZE", 4)
        update_sources(home, None, session=http, steps=[])
    return home, adapter


def test_update_writes_every_live_source_with_provenance_read_back_by_the_warehouse(
    updated: tuple[Home, FixtureAdapter],
) -> None:
    home, _ = updated
    refreshes = {r.dataset.id: r for r in read_refreshes(home.updates)}
    assert set(refreshes) == {s.dataset_id for s in (*NOMIS_SPECS, *GEOPORTAL_SPECS, *ONS_SPECS)}
    fields = {f.name for f in dataclasses.fields(Dataset)}
    for dataset_id, refresh in refreshes.items():
        record = json.loads((home.updates / f"{dataset_id}.json").read_text())
        assert set(record) == fields | {"retrieved_at"}
        assert record["format"] == "parquet" and record["file"] == f"{dataset_id}.parquet"
        assert record["sha256"] == file_sha256(refresh.path)
        assert record["origin"].startswith("https://")
        assert record["licence"] == "Open Government Licence v3.0" and record["attribution"]
        schema = pq.read_schema(refresh.path)
        assert schema.names == record["columns"]
        assert {str(t) for t in schema.types} == {"string"}
        assert pq.read_metadata(refresh.path).row_group(0).column(0).compression == "ZSTD"
        assert pq.read_metadata(refresh.path).num_rows == record["rows"]


def test_update_rebuilds_the_warehouse_with_the_refreshed_tables(
    updated: tuple[Home, FixtureAdapter],
) -> None:
    home, _ = updated
    con = duckdb.connect(str(home.warehouse), read_only=True)
    try:
        (rows,) = con.execute(
            'SELECT count(*) FROM raw."nomis_aps_labour_market_rates_la_ca"'
        ).fetchone()
        assert rows == 6
        origin, retrieved_at, vintage = con.execute(
            "SELECT origin, retrieved_at, vintage FROM meta.dataset WHERE id = ?",
            ["ons_ltla23_cauth23_lookup_england"],
        ).fetchone()
        assert "LAD25_CAUTH25_EN_LU/FeatureServer/0/query" in origin
        assert retrieved_at and vintage.startswith("2025")
        columns = [
            r[0] for r in con.execute('DESCRIBE raw."ons_ltla23_cauth23_lookup_england"').fetchall()
        ]
        assert columns == list(Catalogue.load().get("ons_ltla23_cauth23_lookup_england").columns)
        (bundled,) = con.execute(
            "SELECT retrieved_at FROM meta.dataset WHERE id = 'imd2019_england_lsoa11'"
        ).fetchone()
        assert bundled is None
    finally:
        con.close()


def test_refreshed_lookups_are_a_drop_in_for_the_core_build(
    tmp_path: Path, session: requests.Session
) -> None:
    result = update_sources(
        Home(tmp_path), ["lad-cauth", "lad-region"], session=session, steps=default_steps()
    )
    assert sorted(result.build.refreshed) == [
        "ons_ltla23_cauth23_lookup_england",
        "ons_ltla24_region24_lookup_england",
    ]
    assert any(name.startswith("core.") for name in result.build.tables)


def test_update_of_one_source_fetches_only_that_source(
    tmp_path: Path, session: requests.Session, api: FixtureAdapter
) -> None:
    result = update_sources(Home(tmp_path), ["lad-region"], session=session, steps=[])
    assert [d.dataset_id for d in result.datasets] == ["ons_ltla24_region24_lookup_england"]
    assert all("LAD24_RGN24_EN_LU" in u for u in api.urls)
    assert [p.name for p in sorted(result.updates_dir.iterdir())] == [
        "ons_ltla24_region24_lookup_england.json",
        "ons_ltla24_region24_lookup_england.parquet",
    ]
    assert any("7 rows" in line for line in result.summary_lines())


def test_unknown_source_is_not_found_with_suggestions() -> None:
    with pytest.raises(NotFoundError, match="Did you mean: claimant-count"):
        select_sources(["claimant"])
    with pytest.raises(NotFoundError, match="No live source 'land-registry'"):
        select_sources(["land-registry"])


def test_sources_can_be_named_by_dataset_id_too() -> None:
    assert [s.name for s in select_sources(["nomis_claimant_count_la_ca", "aps"])] == [
        "claimant-count",
        "aps",
    ]


def test_live_source_table_lists_each_source_once_and_overrides_only_bundled_ids() -> None:
    table = live_source_table()
    assert list(table.columns) == ["source", "dataset", "publisher", "api", "fetches", "refreshes"]
    assert table["source"].is_unique and table["dataset"].is_unique
    bundled = {d.id for d in Catalogue.load().datasets}
    for row in table.itertuples():
        assert (row.dataset in bundled) == row.refreshes.startswith("replaces"), row.dataset


# --- all or nothing -------------------------------------------------------------------------------


def fingerprint(home: Home) -> dict[str, str]:
    files = [home.warehouse, *sorted(p for p in home.updates.rglob("*"))]
    return {str(p.relative_to(home.root)): file_sha256(p) for p in files if p.is_file()}


@pytest.mark.parametrize(
    ("failing", "make_fault", "message"),
    [
        ("geoportal/LAD24", lambda: via_local_socket(closed_port()), "connection was refused"),
        ("nomis/NM_189_1", lambda: via_local_socket(silent_port(), timeout=0.2), "timed out"),
        ("nomis/NM_162_1", lambda: status(500, b"Internal error"), "HTTP 500 Internal Server"),
        ("geoportal/LAD25", lambda: status(200, b"<html>maintenance</html>"), "not valid JSON"),
        ("ons/mnf2", lambda: ons_answer(lambda a: a.update(years=[])), "no annual observations"),
    ],
    ids=["connection-refused", "timeout", "http-500", "malformed-json", "ons-without-years"],
)
def test_any_failed_fetch_changes_nothing(
    updated: tuple[Home, FixtureAdapter],
    small_pages: None,
    failing: str,
    make_fault: Callable[[], Fault],
    message: str,
) -> None:
    home, _ = updated
    before = fingerprint(home)
    adapter = FixtureAdapter()
    adapter.faults[failing] = make_fault()
    http = requests.Session()
    http.mount("https://", adapter)
    with pytest.raises(NetworkError, match=message) as caught:
        update_sources(home, None, session=http, steps=[])
    text = str(caught.value)
    assert "https://" in text and "Nothing was changed" in text
    assert fingerprint(home) == before


def test_a_failed_rebuild_puts_the_previous_refreshed_files_back(
    updated: tuple[Home, FixtureAdapter], session: requests.Session, small_pages: None
) -> None:
    home, _ = updated
    before = fingerprint(home)

    def broken_step(build: BuildContext) -> None:
        raise RuntimeError("a build step failed")

    with pytest.raises(RuntimeError, match="a build step failed"):
        update_sources(home, ["aps", "lad-cauth"], session=session, steps=[("x", broken_step)])
    assert fingerprint(home) == before


# --- the CLI face ---------------------------------------------------------------------------------


def test_cli_lists_live_sources() -> None:
    result = CliRunner().invoke(cli, ["data", "sources", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "source,dataset,publisher,api,fetches,refreshes"
    for spec in (*NOMIS_SPECS, *GEOPORTAL_SPECS, *ONS_SPECS):
        assert f"\n{spec.name},{spec.dataset_id}," in result.output


def test_cli_update_of_unknown_source_exits_4(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["--home", str(tmp_path), "data", "update", "--source", "bress"]
    )
    assert result.exit_code == 4
    assert "No live source 'bress'" in result.output and "bres" in result.output
    assert not (tmp_path / "updates").exists()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


_silent: list[socket.socket] = []


def silent_port() -> int:
    """A port that accepts connections (into the backlog) and never answers."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(8)
    _silent.append(s)
    return int(s.getsockname()[1])


@pytest.fixture(autouse=True)
def _close_silent_sockets() -> Iterator[None]:
    yield
    while _silent:
        _silent.pop().close()

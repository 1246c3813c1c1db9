"""Registers for supplier resolution: live fetch in the real formats, and loading into the ledger.

No test touches the network: a fake ``requests`` transport answers with the fixtures in
``tests/fixtures/registers`` (the Companies House CSV zipped, the charity extract zipped, as the
publishers serve them).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
import requests
from requests.adapters import HTTPAdapter

from greatjobs.errors import NetworkError
from greatjobs.home import Home
from greatjobs.sources import registers
from greatjobs.sources.update import live_source_table, select_sources, update_sources
from greatjobs.spend.ledger import open_ledger
from greatjobs.spend.suppliers.registers import loaded_registers, refresh_registers
from greatjobs.warehouse import open_warehouse

FIXTURES = Path(__file__).parents[1] / "fixtures" / "registers"
CH_ZIP = "BasicCompanyDataAsOneFile-2026-11-01.zip"


def zipped(name: str, data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, data)
    return buffer.getvalue()


class RegisterAdapter(HTTPAdapter):
    """Answers the registers' URLs from the fixtures; anything else is a 404."""

    def __init__(self, bodies: dict[str, bytes]) -> None:
        super().__init__()
        self.bodies = bodies
        self.urls: list[str] = []

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        url = str(request.url)
        self.urls.append(url)
        response = requests.Response()
        body = self.bodies.get(url)
        response.status_code = 200 if body is not None else 404
        response._content = body if body is not None else b"Not found"
        response.raw = io.BytesIO(response._content)  # read as a stream, as from a socket
        response.url = url
        response.request = request
        return response


def real_bodies() -> dict[str, bytes]:
    page = (
        '<html><a href="BasicCompanyDataAsOneFile-2026-10-01.zip">October</a>'
        f'<a href="{CH_ZIP}">BasicCompanyDataAsOneFile-2026-11-01.zip (470Mb)</a></html>'
    ).encode()
    csv_bytes = (FIXTURES / "BasicCompanyData-sample.csv").read_bytes()
    json_bytes = (FIXTURES / "publicextract.charity.json").read_bytes()
    return {
        registers.COMPANIES_HOUSE_PAGE: page,
        registers.COMPANIES_HOUSE_BASE + CH_ZIP: zipped(CH_ZIP.replace(".zip", ".csv"), csv_bytes),
        registers.CHARITY_EXTRACT_URL: zipped("publicextract.charity.json", json_bytes),
    }


def session_for(bodies: dict[str, bytes]) -> tuple[requests.Session, RegisterAdapter]:
    adapter = RegisterAdapter(bodies)
    http = requests.Session()
    http.mount("https://", adapter)
    return http, adapter


def spec(name: str) -> registers.RegisterSource:
    return next(s for s in registers.REGISTER_SPECS if s.name == name)


def test_companies_house_csv_is_read_with_its_leading_space_headers() -> None:
    http, adapter = session_for(real_bodies())
    table = spec("companies-house").fetch(http)
    assert adapter.urls[-1].endswith(CH_ZIP), "the latest monthly file is the one fetched"
    assert table.vintage == "2026-11-01"
    rows = [dict(zip(table.columns, r, strict=True)) for r in table.rows]
    assert len(rows) == 6
    mersey = next(r for r in rows if r["CompanyNumber"] == "08123456")
    assert mersey["CompanyName"] == "MERSEY BRIDGE BUILDERS LIMITED"
    assert mersey["RegAddress.PostCode"] == "L2 2DH"
    assert mersey["Accounts.AccountCategory"] == "SMALL"
    assert mersey["SICCode.SicText_1"].startswith("41201")


def test_charity_extract_keeps_main_charities_only() -> None:
    http, _ = session_for(real_bodies())
    table = spec("charities").fetch(http)
    numbers = [r[table.columns.index("registered_charity_number")] for r in table.rows]
    assert sorted(numbers) == ["1100001", "1100002", "1100003", "1100004"]
    assert table.vintage == "2026-11-01"
    food = next(r for r in table.rows if r[1] == "LIVERPOOL FOOD SHARE")
    assert food[table.columns.index("charity_contact_postcode")] == "L3 5TQ"
    assert food[table.columns.index("latest_income")] == "250000.0"


def test_a_page_without_the_bulk_file_is_a_network_error_not_an_empty_register() -> None:
    http, _ = session_for({registers.COMPANIES_HOUSE_PAGE: b"<html>maintenance</html>"})
    with pytest.raises(NetworkError, match="BasicCompanyDataAsOneFile"):
        spec("companies-house").fetch(http)


def test_a_csv_that_is_not_basic_company_data_is_refused() -> None:
    bodies = real_bodies()
    bodies[registers.COMPANIES_HOUSE_BASE + CH_ZIP] = zipped("x.csv", b"Name,Number\nA,1\n")
    http, _ = session_for(bodies)
    with pytest.raises(NetworkError, match="Not a BasicCompanyData CSV"):
        spec("companies-house").fetch(http)


def test_registers_are_live_sources_by_name() -> None:
    names = [s.name for s in select_sources(["companies-house", "charities", "mutuals"])]
    assert names == ["companies-house", "charities", "mutuals"]
    table = live_source_table()
    assert {"companies-house", "charities", "mutuals"} <= set(table["source"])
    everyday = {s.name for s in select_sources(None)}
    assert not everyday & {"companies-house", "charities", "mutuals"}, "bulk files only if named"


@pytest.fixture(scope="module")
def register_home(tmp_path_factory: pytest.TempPathFactory) -> Home:
    """A home whose warehouse was refreshed with both registers through `data update`."""
    home = Home(tmp_path_factory.mktemp("registers-home"))
    http, _ = session_for(real_bodies())
    update_sources(home, ["companies-house", "charities"], session=http)
    return home


def test_update_then_refresh_loads_registers_into_the_ledger(register_home: Home) -> None:
    ledger = open_ledger(register_home)
    with open_warehouse(register_home) as warehouse:
        loaded = refresh_registers(ledger, warehouse)
        assert set(loaded) == {
            "companies-house",
            "charities",
            "mutuals",
            "public-bodies",
            "nhs-trusts",
            "large-employers",
        }
        assert refresh_registers(ledger, warehouse) == [], "same vintages: nothing reloaded"
    records = ledger.execute(
        "SELECT register, register_id, name_normalised, org_type, sic_codes "
        "FROM spend.register_record WHERE register IN ('companies-house', 'charities')"
    ).df()
    by_id = records.set_index("register_id")
    assert by_id.loc["11223344", "org_type"] == "cic"
    assert by_id.loc["RS007788", "org_type"] == "cooperative"
    assert by_id.loc["08123456", "name_normalised"] == "mersey bridge builders ltd"
    assert list(by_id.loc["03456789", "sic_codes"]) == ["81100", "82990"]
    assert by_id.loc["1100001", "org_type"] == "charity"
    status = loaded_registers(ledger).set_index("register")
    assert status.loc["companies-house", "vintage"] == "2026-11-01"
    assert status.loc["charities", "records"] == 4
    liverpool = ledger.execute(
        "SELECT count(*) FROM spend.register_record "
        "WHERE register = 'public-bodies' AND name = 'Liverpool City Council'"
    ).fetchone()
    assert liverpool == (1,)
    ledger.close()


def test_no_register_loaded_is_said_plainly(tmp_path: Path) -> None:
    ledger = open_ledger(Home(tmp_path))
    status = loaded_registers(ledger)
    assert not status["loaded"].any()
    assert set(status["register"]) == {
        "companies-house",
        "charities",
        "mutuals",
        "public-bodies",
        "nhs-trusts",
        "large-employers",
    }
    ledger.close()

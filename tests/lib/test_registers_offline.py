"""The bundled offline registers: NHS trusts (ODS ``etr``) and large employers (gender pay gap).

Both are built into the session's warehouse from the vendored Parquet files, as ``greatjobs data
build`` builds them, and checked against those files read here independently (pyarrow and plain
Python): the records of each register, which are public bodies, the SIC codes, closed trusts; then
suppliers of the city region are resolved against the warehouse's registers and placed in their
districts from their postcodes, with their type and size.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import duckdb
import pyarrow.parquet as pq
import pytest

from greatjobs.geography import lookup_postcode
from greatjobs.home import Home
from greatjobs.sources.catalogue import Catalogue
from greatjobs.sources.registers import GENDER_PAY_GAP_DATASET, NHS_TRUSTS_DATASET
from greatjobs.spend.ledger import open_ledger
from greatjobs.spend.suppliers import normalise_supplier_name
from greatjobs.spend.suppliers.resolve import resolve_suppliers
from greatjobs.warehouse import open_warehouse

KNOWSLEY, LIVERPOOL, SEFTON = "E08000011", "E08000012", "E08000014"


def vendored(dataset_id: str) -> list[dict[str, Any]]:
    """The rows of a vendored register file, as the snapshot holds them."""
    catalogue = Catalogue.load()
    return pq.read_table(catalogue.path(catalogue.get(dataset_id))).to_pylist()


def kept(rows: list[dict[str, Any]], id_column: str, names: list[str]) -> dict[str, dict]:
    """The rows a register keeps, by id: an id and a name that normalises to something; an id
    given twice keeps its first row."""
    out: dict[str, dict] = {}
    for row, name in zip(rows, names, strict=True):
        if row[id_column] and normalise_supplier_name(name or "") and row[id_column] not in out:
            out[row[id_column]] = row
    return out


@pytest.fixture(scope="module")
def trusts() -> dict[str, dict]:
    rows = vendored(NHS_TRUSTS_DATASET)
    return kept(rows, "Organisation Code", [r["Name"] for r in rows])


@pytest.fixture(scope="module")
def employers() -> dict[str, dict]:
    rows = vendored(GENDER_PAY_GAP_DATASET)
    names = [r["CurrentName"] or r["EmployerName"] for r in rows]
    return kept(rows, "EmployerId", names)


def sic_codes(cell: str | None) -> list[str]:
    """Every code in a gender pay gap SicCodes cell (comma and line separated)."""
    return re.findall(r"\d+", cell or "")


def records(con: duckdb.DuckDBPyConnection, register: str) -> dict[str, dict]:
    frame = con.sql(
        "SELECT * FROM core.register_record WHERE register = $register",
        params={"register": register},
    ).to_arrow_table()
    return {r["register_id"]: r for r in frame.to_pylist()}


def test_every_trust_and_employer_in_the_files_is_a_record(
    warehouse: duckdb.DuckDBPyConnection, trusts: dict, employers: dict
) -> None:
    counts = dict(warehouse.execute("SELECT register, records FROM core.register").fetchall())
    assert counts["nhs-trusts"] == len(trusts) == 273
    assert counts["large-employers"] == len(employers) == 10_465
    assert set(records(warehouse, "nhs-trusts")) == set(trusts)
    assert set(records(warehouse, "large-employers")) == set(employers)


def test_trusts_are_public_bodies_and_closed_ones_say_so(
    warehouse: duckdb.DuckDBPyConnection, trusts: dict
) -> None:
    built = records(warehouse, "nhs-trusts")
    closed = {code for code, row in trusts.items() if row["Close Date"]}
    assert len(closed) == 68
    assert {code for code, r in built.items() if r["status"] == "closed"} == closed
    assert {r["status"] for code, r in built.items() if code not in closed} == {"open"}
    assert {(r["org_type"], r["legal_form"]) for r in built.values()} == {
        ("public-body", "NHS trust")
    }
    assert all(r["sic_codes"] == ["86101"] for r in built.values())
    royal = built["RQ6"]  # merged into Liverpool University Hospitals in 2019
    assert royal["name"] == trusts["RQ6"]["Name"] and royal["status"] == "closed"


def test_public_sector_employers_are_public_bodies_with_their_real_sic_codes(
    warehouse: duckdb.DuckDBPyConnection, employers: dict
) -> None:
    built = records(warehouse, "large-employers")
    public = {i for i, row in employers.items() if "1" in sic_codes(row["SicCodes"])}
    assert len(public) == 1_049
    assert {i for i, r in built.items() if r["org_type"] == "public-body"} == public
    assert "public-body" not in {built[i]["org_type"] for i in set(built) - public}
    for employer_id, row in employers.items():
        real = [c.zfill(5) for c in sic_codes(row["SicCodes"]) if len(c) in (4, 5)]
        assert built[employer_id]["sic_codes"] == real, employer_id
        assert built[employer_id]["company_number"] == row["CompanyNumber"]
        assert built[employer_id]["postcode"] == row["PostCode"]


def test_the_size_band_is_kept_as_the_legal_form(
    warehouse: duckdb.DuckDBPyConnection, employers: dict
) -> None:
    built = records(warehouse, "large-employers")
    smaller = {i for i, r in employers.items() if r["EmployerSize"] == "Less than 250"}
    unstated = {i for i, r in employers.items() if r["EmployerSize"] in (None, "Not Provided")}
    by_form: dict[str, set[str]] = {}
    for employer_id, record in built.items():
        by_form.setdefault(record["legal_form"], set()).add(employer_id)
    assert by_form.pop("employer of fewer than 250") == smaller
    assert by_form.pop("employer of unstated size") == unstated
    assert set(by_form) == {"employer of 250 or more"}
    assert len(by_form["employer of 250 or more"]) == 10_465 - 560 - 214


PAYMENTS = [
    (
        "Knowsley Metropolitan Borough Council",
        "Mersey & West Lancashire Teaching Hospitals NHS Trust",
    ),
    ("Liverpool City Council", "Liverpool University Hospitals NHS Foundation Trust"),
    ("Liverpool City Council", "Royal Liverpool & Broadgreen University Hospitals NHS Trust"),
    ("Liverpool City Council", "Alternative Futures Group Ltd"),
    ("Sefton Metropolitan Borough Council", "MERSEYSIDE FIRE AND RESCUE SERVICE"),
    ("Wirral Council", "Liverpool City Council"),
]


@pytest.fixture(scope="module")
def profiles(built_home: Home, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """The payees above resolved against every register the warehouse holds, by payee."""
    ledger = open_ledger(Home(tmp_path_factory.mktemp("offline-registers")))
    for n, (body, name) in enumerate(PAYMENTS, start=1):
        ledger.execute(
            "INSERT INTO spend.payment VALUES (?, ?, 1, ?, ?, ?, ?, NULL, 10000, NULL, NULL, NULL)",
            [n, body, n, date(2025, 4, 1), name, normalise_supplier_name(name)],
        )
    with open_warehouse(built_home) as warehouse:
        resolve_suppliers(ledger, warehouse)
    frame = ledger.sql(
        "SELECT pay.supplier_name AS payee, p.*, r.status AS record_status "
        "FROM spend.supplier_profile p JOIN spend.supplier_alias a USING (supplier_key) "
        "JOIN spend.payment pay ON pay.supplier_name_normalised = a.supplier_name_normalised "
        "LEFT JOIN spend.register_record r USING (register, register_id)"
    ).to_arrow_table()
    yield {row["payee"]: row for row in frame.to_pylist()}
    ledger.close()


def district(warehouse: duckdb.DuckDBPyConnection, postcode: str) -> str:
    return lookup_postcode(warehouse, postcode).district.code


def test_a_city_region_trust_is_a_public_body_in_its_postcode_district(
    profiles: dict, trusts: dict, warehouse: duckdb.DuckDBPyConnection
) -> None:
    rbn = profiles["Mersey & West Lancashire Teaching Hospitals NHS Trust"]
    assert trusts["RBN"]["Name"] == "MERSEY AND WEST LANCASHIRE TEACHING HOSPITALS NHS TRUST"
    assert (rbn["register"], rbn["register_id"], rbn["link_status"]) == (
        "nhs-trusts",
        "RBN",
        "auto",
    )
    assert rbn["postcode"] == trusts["RBN"]["Postcode"] == "L35 5DR"
    assert rbn["lad_code"] == district(warehouse, "L35 5DR") == KNOWSLEY  # Whiston Hospital
    assert rbn["lsoa21_code"] is not None and "registered postcode" in rbn["location_basis"]
    assert (rbn["org_type"], rbn["is_sme"]) == ("public-body", False)
    assert rbn["sic_codes"] == ["86101"]


def test_a_trust_that_also_reports_its_pay_gap_is_the_trusts_record(
    profiles: dict, employers: dict
) -> None:
    name = normalise_supplier_name("Liverpool University Hospitals NHS Foundation Trust")
    reporting = [
        i for i, r in employers.items() if normalise_supplier_name(r["CurrentName"]) == name
    ]
    assert len(reporting) == 1, "the trust reports its gender pay gap too: two records, one body"
    rem = profiles["Liverpool University Hospitals NHS Foundation Trust"]
    assert (rem["register"], rem["register_id"]) == ("nhs-trusts", "REM")
    assert (rem["org_type"], rem["lad_code"], rem["is_sme"]) == ("public-body", LIVERPOOL, False)


def test_a_closed_trust_links_to_its_closed_record(profiles: dict, trusts: dict) -> None:
    royal = profiles["Royal Liverpool & Broadgreen University Hospitals NHS Trust"]
    assert (royal["register"], royal["register_id"]) == ("nhs-trusts", "RQ6")
    assert trusts["RQ6"]["Close Date"] == "20190930" and royal["record_status"] == "closed"
    assert royal["lad_code"] == LIVERPOOL


def test_a_large_employer_in_the_city_region_is_placed_and_is_not_an_sme(
    profiles: dict, employers: dict, warehouse: duckdb.DuckDBPyConnection
) -> None:
    [(employer_id, row)] = [
        (i, r) for i, r in employers.items() if r["CompanyNumber"] == "02679915"
    ]
    assert row["EmployerName"] == "ALTERNATIVE FUTURES GROUP LIMITED"
    assert row["EmployerSize"] not in ("Less than 250", "Not Provided")
    afg = profiles["Alternative Futures Group Ltd"]
    assert (afg["register"], afg["register_id"]) == ("large-employers", employer_id)
    assert afg["lad_code"] == district(warehouse, row["PostCode"]) == LIVERPOOL
    assert afg["org_type"] == "company"
    assert afg["is_sme"] is False and "250 or more staff" in afg["sme_basis"]


def test_a_public_sector_employer_is_a_public_body(profiles: dict) -> None:
    fire = profiles["MERSEYSIDE FIRE AND RESCUE SERVICE"]
    assert fire["register"] == "large-employers"
    assert (fire["org_type"], fire["is_sme"], fire["lad_code"]) == ("public-body", False, SEFTON)


def test_a_council_that_reports_its_pay_gap_keeps_its_own_record(profiles: dict) -> None:
    council = profiles["Liverpool City Council"]
    assert council["register"] == "public-bodies", "both links accepted; the council's own wins"
    assert (council["lad_code"], council["location_basis"]) == (
        LIVERPOOL,
        "district of the public body",
    )


def test_the_files_are_the_snapshots_recorded(built_home: Home) -> None:
    with open_warehouse(built_home) as warehouse:
        rows = warehouse.execute(
            "SELECT id, licence, rows FROM meta.dataset WHERE id IN (?, ?) ORDER BY id",
            [GENDER_PAY_GAP_DATASET, NHS_TRUSTS_DATASET],
        ).fetchall()
    assert rows == [
        (GENDER_PAY_GAP_DATASET, "Open Government Licence v3.0", 10_465),
        (NHS_TRUSTS_DATASET, "Open Government Licence v3.0", 273),
    ]

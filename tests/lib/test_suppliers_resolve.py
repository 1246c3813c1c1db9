"""Supplier resolution end to end: aliases, links, classification, decisions reused on re-runs.

The ledger holds a few payments; Companies House and the charity register are loaded from the
real-format fixtures; co-operatives and public bodies come from the built warehouse.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import duckdb
import pytest

from greatjobs.home import Home
from greatjobs.sources.registers import (
    CHARITIES_DATASET,
    COMPANIES_HOUSE_DATASET,
    read_charity_extract,
    read_companies_house_csv,
)
from greatjobs.spend.ledger import open_ledger
from greatjobs.spend.suppliers import normalise_supplier_name
from greatjobs.spend.suppliers.build import build_registers
from greatjobs.spend.suppliers.registers import register_records, write_register
from greatjobs.spend.suppliers.resolve import resolve_suppliers
from greatjobs.spend.suppliers.review import decide, review_queue
from greatjobs.warehouse import open_warehouse

FIXTURES = Path(__file__).parents[1] / "fixtures" / "registers"
PAYMENTS = [
    ("Liverpool City Council", "Mersey Bridge Builders Ltd", None, 120_000),
    ("Wirral Council", "MERSEY BRIDGE BUILDERS LIMITED", None, 80_000),
    ("Liverpool City Council", "Mersey Bridge Builder Ltd", None, 5_000),
    ("Liverpool City Council", "Wirral Green Spaces C.I.C.", None, 9_000),
    ("Liverpool City Council", "Knowsley Catering Solutions", None, 40_000),
    ("Liverpool City Council", "Northern Data", "07654321", 60_000),
    ("Liverpool City Council", "Liverpool Food Share", None, 3_000),
    ("Wirral Council", "Liverpool City Council", None, 250_000),
    ("Wirral Council", "Joe Bloggs T/A Bloggs Plumbing", None, 1_200),
]


def load_fixture_registers(ledger: duckdb.DuckDBPyConnection) -> None:
    """Companies House and the charity register from the real-format fixtures, the way a refresh
    takes them: read to Parquet, loaded as raw tables, built into core, copied to the ledger."""
    scratch = duckdb.connect()
    scratch.execute("CREATE SCHEMA raw")
    with tempfile.TemporaryDirectory() as tmp:
        companies, charities = Path(tmp) / "companies.parquet", Path(tmp) / "charities.parquet"
        read_companies_house_csv(FIXTURES / "BasicCompanyData-sample.csv", companies)
        vintage = read_charity_extract(FIXTURES / "publicextract.charity.json", charities)
        for dataset, path in ((COMPANIES_HOUSE_DATASET, companies), (CHARITIES_DATASET, charities)):
            scratch.execute(
                f"CREATE TABLE raw.{dataset} AS SELECT * FROM read_parquet(?)", [str(path)]
            )
    build_registers(scratch)
    for register, meta_vintage in (("companies-house", "2026-11-01"), ("charities", vintage)):
        records = register_records(scratch, register)
        write_register(ledger, register, records, {"dataset_id": register, "vintage": meta_vintage})
    scratch.close()


def add_payments(ledger: duckdb.DuckDBPyConnection) -> None:
    for n, (body, name, supplier_id, amount) in enumerate(PAYMENTS, start=1):
        ledger.execute(
            "INSERT INTO spend.payment VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL)",
            [
                n,
                body,
                n,
                date(2025, 4, 1),
                name,
                normalise_supplier_name(name),
                supplier_id,
                amount,
            ],
        )


@pytest.fixture()
def ledger(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    con = open_ledger(Home(tmp_path))
    add_payments(con)
    yield con
    con.close()


@pytest.fixture(scope="module")
def resolved(built_home: Home, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """One resolve of the fixture ledger, shared by the tests that only read its results."""
    con = open_ledger(Home(tmp_path_factory.mktemp("resolved")))
    add_payments(con)
    load_fixture_registers(con)
    with open_warehouse(built_home) as warehouse:
        resolve_suppliers(con, warehouse)
    found = profile_by_name(con)
    con.close()
    return found


@pytest.fixture()
def profiles(resolved: dict) -> dict:
    return resolved


def profile_by_name(ledger: duckdb.DuckDBPyConnection) -> dict:
    frame = ledger.execute(
        "SELECT a.supplier_name_normalised AS name, p.* FROM spend.supplier_profile p "
        "JOIN spend.supplier_alias a USING (supplier_key)"
    ).df()
    return {row["name"]: row for row in json.loads(frame.to_json(orient="records"))}


def test_aliases_across_ledgers_share_one_supplier_key(profiles: dict) -> None:
    assert normalise_supplier_name("MERSEY BRIDGE BUILDERS LIMITED") in profiles
    keys = {
        p["supplier_key"] for n, p in profiles.items() if n.startswith("mersey bridge builders")
    }
    assert len(keys) == 1


def test_a_liverpool_company_is_placed_in_its_lsoa_and_imd_decile(
    profiles: dict, warehouse: duckdb.DuckDBPyConnection
) -> None:
    mersey = profiles["mersey bridge builders ltd"]
    assert (mersey["register"], mersey["register_id"]) == ("companies-house", "08123456")
    assert mersey["lad_code"] == "E08000012"  # Liverpool
    assert mersey["lsoa21_code"] == "E01033762"
    expected = warehouse.execute(
        "SELECT imd_decile FROM core.imd_lsoa WHERE edition = 2025 AND lsoa_code = 'E01033762'"
    ).fetchone()
    assert mersey["imd_decile"] == expected[0] and 1 <= mersey["imd_decile"] <= 10
    assert mersey["org_type"] == "company"
    assert mersey["is_sme"] is True and "SMALL" in mersey["sme_basis"]
    assert mersey["sic_codes"] == ["41201"]
    assert mersey["link_status"] == "auto"


def test_types_and_sizes_come_from_the_register(profiles: dict) -> None:
    assert profiles["wirral green spaces cic"]["org_type"] == "cic"
    assert profiles["wirral green spaces cic"]["lad_code"] == "E08000015"  # Wirral
    northern = profiles["northern data"]
    assert northern["register_id"] == "07654321", "linked by the company number given"
    assert northern["is_sme"] is None and "FULL" in northern["sme_basis"]
    assert profiles["knowsley catering solutions"]["is_sme"] is True
    food = profiles["liverpool food share"]
    assert (food["org_type"], food["register"]) == ("charity", "charities")
    assert food["is_sme"] is True and "income" in food["sme_basis"]
    council = profiles["liverpool city council"]
    assert (council["org_type"], council["lad_code"]) == ("public-body", "E08000012")
    assert council["is_sme"] is False


def test_an_unlinked_sole_trader_is_unknown_not_guessed(profiles: dict) -> None:
    bloggs = profiles["joe bloggs"]
    assert bloggs["resolved"] is False
    assert bloggs["org_type"] == "sole-trader-or-unknown"
    assert bloggs["is_sme"] is None and bloggs["lad_code"] is None


def test_a_misspelt_name_waits_for_review_and_decisions_are_reused(
    ledger: duckdb.DuckDBPyConnection, warehouse: duckdb.DuckDBPyConnection
) -> None:
    load_fixture_registers(ledger)
    resolve_suppliers(ledger, warehouse)
    profiles = profile_by_name(ledger)
    queue = review_queue(ledger)
    typo = queue[queue["supplier_names"] == "Mersey Bridge Builder Ltd"]
    assert list(typo["register_id"]) == ["08123456"]
    key = typo["supplier_key"].iloc[0]
    assert profiles["mersey bridge builder ltd"]["resolved"] is False

    decide(ledger, key, "08123456", "confirmed", "alan", warehouse=warehouse)
    assert profile_by_name(ledger)["mersey bridge builder ltd"]["lad_code"] == "E08000012"
    resolve_suppliers(ledger, warehouse)
    again = profile_by_name(ledger)["mersey bridge builder ltd"]
    assert (again["resolved"], again["link_status"]) == (True, "confirmed")
    assert review_queue(ledger).query("supplier_key == @key").empty

    knowsley = profiles["knowsley catering solutions"]["supplier_key"]
    decide(ledger, knowsley, "09876543", "rejected", "alan", warehouse=warehouse)
    resolve_suppliers(ledger, warehouse)
    rejected = profile_by_name(ledger)["knowsley catering solutions"]
    assert rejected["resolved"] is False, "a rejected link stays rejected on re-runs"
    decisions = ledger.execute("SELECT decided_by, decision FROM spend.link_decision").fetchall()
    assert sorted(decisions) == [("alan", "confirmed"), ("alan", "rejected")]


def test_without_registers_results_say_so(tmp_path: Path) -> None:
    con = open_ledger(Home(tmp_path))
    add_payments(con)
    empty = duckdb.connect()
    for ddl in (
        "CREATE SCHEMA meta",
        "CREATE TABLE meta.dataset (id VARCHAR, title VARCHAR, publisher VARCHAR, "
        "vintage VARCHAR, licence VARCHAR)",
        "CREATE SCHEMA core",
        "CREATE TABLE core.imd_lsoa (edition INTEGER, lsoa_code VARCHAR, imd_decile INTEGER)",
    ):
        empty.execute(ddl)
    result = resolve_suppliers(con, empty)
    assert result.registers_loaded == []
    assert any("No register is loaded" in line for line in result.summary_lines())
    bases = {b for (b,) in con.execute("SELECT sme_basis FROM spend.supplier_profile").fetchall()}
    assert bases == {"unknown: no register loaded"}
    con.close()

"""`greatjobs suppliers`: registers, resolve, review and decide, as scripts would use them."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from greatjobs.cli.main import cli
from greatjobs.home import Home
from greatjobs.spend.ledger import open_ledger
from greatjobs.spend.suppliers import normalise_supplier_name
from greatjobs.spend.suppliers.registers import RECORD_COLUMNS, write_register


@pytest.fixture()
def home(built_home: Home, tmp_path: Path) -> Home:
    """Its own ledger, the session's built warehouse; one company register record loaded."""
    home = Home(tmp_path / "home")
    home.root.mkdir()
    (home.root / "warehouse.duckdb").symlink_to(built_home.warehouse)
    ledger = open_ledger(home)
    for n, name in enumerate(["Mersey Bridge Builders Ltd", "Mersey Bridge Builder Ltd"], 1):
        ledger.execute(
            "INSERT INTO spend.payment VALUES (?, 'Liverpool City Council', 1, ?, ?, ?, ?, NULL, "
            "1000, NULL, NULL, NULL)",
            [n, n, date(2025, 4, 1), name, normalise_supplier_name(name)],
        )
    record = {
        "register": "companies-house",
        "register_id": "08123456",
        "name": "MERSEY BRIDGE BUILDERS LIMITED",
        "name_normalised": "mersey bridge builders ltd",
        "postcode": "L2 2DH",
        "org_type": "company",
        "accounts_category": "SMALL",
        "sic_codes": ["41201"],
    }
    frame = pd.DataFrame([record]).reindex(columns=list(RECORD_COLUMNS))
    write_register(ledger, "companies-house", frame, {"dataset_id": "x", "vintage": "2026-11-01"})
    ledger.close()
    return home


def run(home: Home, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--home", str(home.root), "suppliers", *args])
    return result.exit_code, result.output


def test_registers_lists_what_is_loaded_and_what_is_not(home: Home) -> None:
    code, out = run(home, "registers", "--format", "json")
    assert code == 0
    by_name = {r["register"]: r for r in json.loads(out)}
    assert by_name["companies-house"]["loaded"] is True
    assert by_name["companies-house"]["vintage"] == "2026-11-01"
    assert by_name["charities"]["loaded"] is False


def test_resolve_review_decide_and_resolve_again(home: Home) -> None:
    code, out = run(home, "resolve")
    assert code == 0, out
    assert "Resolved 2 suppliers on duckdb" in out
    assert "1 accepted automatically" in out and "1 waiting for review" in out

    code, out = run(home, "review", "--format", "json")
    queue = json.loads(out)
    assert [(q["supplier_names"], q["register_id"]) for q in queue] == [
        ("Mersey Bridge Builder Ltd", "08123456")
    ]
    key = queue[0]["supplier_key"]

    code, out = run(home, "decide", key, "08123456", "--confirm", "--by", "alan")
    assert code == 0, out
    assert "Confirmed" in out

    code, out = run(home, "resolve")
    assert "1 confirmed" in out and "0 waiting for review" in out
    code, out = run(home, "show", key, "--format", "json")
    profile = json.loads(out)
    assert profile["lad_code"] == "E08000012" and profile["link_status"] == "confirmed"
    code, out = run(home, "show", "S-unknown")
    assert code == 4 and "No supplier profile 'S-unknown'" in out


def test_decide_needs_confirm_or_reject_and_a_known_supplier(home: Home) -> None:
    code, _ = run(home, "decide", "S123", "08123456")
    assert code == 2
    code, out = run(home, "decide", "S-unknown", "08123456", "--reject")
    assert code == 4 and "No supplier" in out

"""The spend importer against a corpus of real published "spend over £500" files.

Each fixture in ``tests/fixtures/spend/corpus`` (origins in SOURCES.md there) was counted
independently of greatjobs by ``count.py``, which wrote ``expected.toml``: its payment rows, their
money, and how many of them the importer should quarantine (no supplier, an amount that does not
parse, a date that is not one). Imported into a fresh ledger, each file must reconcile, find the
same payment rows with the same money, and quarantine no more of them than counted. Blank rows,
total rows and repeated headers are quarantined too but are not payments.
"""

from __future__ import annotations

import json
import re
import tomllib
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from greatjobs.spend.ingest import NOT_PAYMENTS, import_file

CORPUS = Path(__file__).parents[1] / "fixtures" / "spend" / "corpus"
EXPECTED: dict[str, dict] = tomllib.loads((CORPUS / "expected.toml").read_text("utf-8"))
_MONEY = re.compile(r"-?\d+(\.\d{1,2})?")


def parse_amount(raw: str | None) -> Decimal | None:
    """A quarantined row's amount as written: '£1,234.50', '(120.00)' and '120.00-' parse."""
    text = re.sub(r"[£,\s\xa0]", "", raw or "")
    negative = False
    if text.startswith("(") and text.endswith(")"):
        text, negative = text[1:-1], True
    elif text.endswith("-"):
        text, negative = text[:-1], True
    if not _MONEY.fullmatch(text) or (negative and text.startswith("-")):
        return None
    return -Decimal(text) if negative else Decimal(text)


def quarantined_payments(con: duckdb.DuckDBPyConnection, file_id: int) -> list[Decimal | None]:
    """The amounts of the file's quarantined rows that are payments (None where unparseable).

    The quarantine keeps each row's supplier, amount, date and first cell, in that order, as
    a JSON object keyed by the file's own column names."""
    rows = con.execute(
        "SELECT raw, reason FROM spend.quarantine WHERE file_id = ? ORDER BY row_number",
        [file_id],
    ).fetchall()
    amounts = []
    for raw, reason in rows:
        if reason.split(":")[0] in NOT_PAYMENTS:
            continue
        fields = json.loads(raw, object_pairs_hook=list)
        amounts.append(parse_amount(fields[1][1]))
    return amounts


@pytest.mark.parametrize("relative", sorted(EXPECTED))
def test_import_matches_independent_count(relative: str) -> None:
    expected = EXPECTED[relative]
    con = duckdb.connect()
    try:
        result = import_file(con, CORPUS / relative, expected["body"])
        assert result.file_id is not None
        quarantined = quarantined_payments(con, result.file_id)
    finally:
        con.close()
    not_payments = sum(result.reasons.get(reason, 0) for reason in NOT_PAYMENTS)
    quarantined_money = sum((a for a in quarantined if a is not None), Decimal("0.00"))

    got = {
        "reconciles": result.reconciles,
        "rows": result.rows_read - not_payments,
        "money": result.amount_loaded + quarantined_money,
    }
    want = {"reconciles": True, "rows": expected["rows"], "money": Decimal(expected["money"])}
    assert got == want, f"reasons {result.reasons}; notes {result.notes}"
    assert len(quarantined) <= expected["quarantined"], f"reasons {result.reasons}"

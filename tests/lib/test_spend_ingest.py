"""Importing spend files: the real Lambeth and Hyndburn files, an unseen format, nothing lost."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest

from greatjobs.errors import DataError
from greatjobs.sources.catalogue import Catalogue
from greatjobs.spend.exclusions import ExclusionRule, apply_rules
from greatjobs.spend.ingest import detect_encoding, import_file
from greatjobs.spend.ledger import files_by_body, open_ledger, quarantined_rows
from greatjobs.spend.mapping import Mapping

SPEND = Path(__file__).parents[1] / "fixtures" / "spend"
CATALOGUE = Catalogue.load()
REAL_IDS = sorted(
    d.id
    for d in CATALOGUE.datasets
    if d.id.startswith(("lambeth_", "hyndburn_")) and d.format == "csv"
)


@pytest.fixture()
def ledger(tmp_path):
    con = open_ledger(tmp_path / "spend.duckdb")
    yield con
    con.close()


def _records_after_header(path: Path, encoding: str, header_row: int) -> int:
    with path.open(encoding=encoding, newline="") as handle:
        return sum(1 for _ in csv.reader(handle)) - header_row


def test_real_files_are_all_catalogued():
    assert len(REAL_IDS) == 22


@pytest.mark.parametrize("dataset_id", REAL_IDS)
def test_real_file_loads_with_every_row_explained_and_totals_reconciled(ledger, dataset_id):
    path = CATALOGUE.path(CATALOGUE.get(dataset_id))
    result = import_file(ledger, path, dataset_id.split("_")[0])
    header_row = int(result.mapping.split("header on row ")[1].split(":")[0])
    assert result.rows_read == _records_after_header(path, result.encoding, header_row)
    assert result.rows_read == result.rows_loaded + result.rows_quarantined
    assert result.amount_read == result.amount_loaded + result.amount_quarantined
    loaded = ledger.execute(
        "SELECT count(*), coalesce(sum(amount), 0) FROM spend.payment WHERE file_id = ?",
        [result.file_id],
    ).fetchone()
    assert loaded == (result.rows_loaded, result.amount_loaded)
    unexplained = ledger.execute(
        "SELECT count(*) FROM spend.quarantine "
        "WHERE file_id = ? AND (reason IS NULL OR reason = '')",
        [result.file_id],
    ).fetchone()[0]
    assert unexplained == 0
    quarantined = ledger.execute(
        "SELECT count(*) FROM spend.quarantine WHERE file_id = ?", [result.file_id]
    ).fetchone()[0]
    assert quarantined == result.rows_quarantined
    # Nearly all rows are real payments: quarantine is blank, total and broken rows only.
    assert result.rows_loaded >= 0.8 * result.rows_read


def test_lambeth_summary_matches_its_own_grand_total(ledger):
    path = CATALOGUE.path(CATALOGUE.get("lambeth_2011_02_payments"))
    result = import_file(ledger, path, "Lambeth")
    assert result.amount_loaded == Decimal("40354087.84")  # the file's "Grand Total" row
    assert result.reasons == {"total row": 1}
    assert any("period taken from the file name" in n for n in result.notes)
    assert (
        ledger.execute("SELECT DISTINCT paid_on FROM spend.payment").fetchall()[0][0].isoformat()
        == "2011-02-01"
    )


def test_lambeth_fused_date_and_amount_are_split_and_explained(ledger):
    path = CATALOGUE.path(CATALOGUE.get("lambeth_2012_06_payments"))
    result = import_file(ledger, path, "Lambeth")
    assert any("no comma between the date and the amount" in n for n in result.notes)
    row = ledger.execute(
        "SELECT paid_on, amount, category FROM spend.payment WHERE row_number = 19"
    ).fetchone()
    assert (row[0].isoformat(), row[1], row[2]) == (
        "2012-06-25",
        Decimal("900.00"),
        "PRIVATE RESIDENTIAL CARE",
    )
    # What is left over is exactly the four broken rows the file's own total includes.
    assert Decimal("40292334.84") - result.amount_loaded == Decimal("47776.60")


def test_hyndburn_cp1252_pound_sign_and_identical_rows_stay_separate(ledger):
    path = CATALOGUE.path(CATALOGUE.get("hyndburn_spend_over_250_2023_08"))
    assert detect_encoding(path) == "cp1252"
    result = import_file(ledger, path, "Hyndburn")
    assert "Net Amount (£)" in result.mapping
    dvla = ledger.execute(
        "SELECT count(*) FROM spend.payment WHERE supplier_name = 'DVLA' AND amount = 302.50 "
        "AND paid_on = DATE '2023-07-17'"
    ).fetchone()[0]
    assert dvla >= 2


def test_unseen_format_needs_a_mapping_and_then_loads(ledger):
    path = SPEND / "unseen_format.csv"
    with pytest.raises(DataError) as err:
        import_file(ledger, path, "Example")
    message = str(err.value)
    assert "How much" in message and "Missing: amount" in message and "mapping file" in message
    result = import_file(ledger, path, "Example", SPEND / "unseen_mapping.toml")
    assert result.mapping.startswith("mapping file unseen_mapping.toml, header on row 4")
    assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (13, 7, 6)
    assert result.amount_loaded == Decimal("3405.55")
    assert result.amount_quarantined == Decimal("3718.50")
    amounts = [
        r[0]
        for r in ledger.execute(
            "SELECT amount FROM spend.payment WHERE supplier_name LIKE 'Bolt%' ORDER BY row_number"
        ).fetchall()
    ]
    assert amounts == [Decimal("-120.00"), Decimal("-123.45")]
    reasons = dict(ledger.execute("SELECT row_number, reason FROM spend.quarantine").fetchall())
    assert reasons[12].startswith("amount not a sum of money: 12.345")
    assert reasons[13].startswith("supplier name missing")
    assert reasons[14].startswith("payment date not recognised: 31/02/2024")
    assert reasons[17].startswith("total row")
    assert result.excluded == {"redacted": Decimal("1300.00"), "hmrc": Decimal("-120.00")}


def test_reimporting_the_same_file_adds_nothing(ledger):
    path = SPEND / "unseen_format.csv"
    first = import_file(ledger, path, "Example", SPEND / "unseen_mapping.toml")
    again = import_file(ledger, path, "Example", SPEND / "unseen_mapping.toml")
    assert again.already_imported and again.file_id == first.file_id
    counts = ledger.execute(
        "SELECT (SELECT count(*) FROM spend.payment), (SELECT count(*) FROM spend.quarantine), "
        "(SELECT count(*) FROM spend.source_file)"
    ).fetchone()
    assert counts == (7, 6, 1)


def test_an_import_failing_midway_leaves_the_ledger_as_it_was(ledger, monkeypatch):
    import_file(ledger, CATALOGUE.path(CATALOGUE.get("hyndburn_spend_over_250_2023_06")), "H")
    before = ledger.execute(
        "SELECT (SELECT count(*) FROM spend.payment), (SELECT count(*) FROM spend.source_file)"
    ).fetchone()

    def fail(self, name):  # called after the payments are inserted, before the quarantine
        raise RuntimeError("disk full")

    monkeypatch.setattr(Mapping, "column_name", fail)
    with pytest.raises(RuntimeError):
        import_file(ledger, CATALOGUE.path(CATALOGUE.get("hyndburn_spend_over_250_2023_07")), "H")
    after = ledger.execute(
        "SELECT (SELECT count(*) FROM spend.payment), (SELECT count(*) FROM spend.source_file)"
    ).fetchone()
    assert after == before


def test_exclusion_rules_are_configurable_and_reapplied(ledger):
    import_file(ledger, SPEND / "unseen_format.csv", "Example", SPEND / "unseen_mapping.toml")
    apply_rules(ledger, [ExclusionRule("stationery", "Stationery", category=("stationery",))])
    excluded = dict(
        ledger.execute("SELECT excluded_by, sum(amount) FROM spend.payment GROUP BY 1").fetchall()
    )
    assert excluded == {"stationery": Decimal("2469.00"), None: Decimal("936.55")}


def test_empty_lines_and_quoted_line_breaks_keep_exact_line_numbers(ledger, tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text(
        'Supplier,Amount,Date\nA Ltd,10.00,01/02/2024\n\n"B\nLtd",20.00,01/02/2024\n'
        "C Ltd,oops,01/02/2024\n",
        encoding="utf-8",
    )
    result = import_file(ledger, path, "X")
    # DuckDB's reader would skip the empty line, so the exact (Python) reader is used.
    assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (4, 2, 2)
    assert ledger.execute(
        "SELECT row_number, reason FROM spend.quarantine ORDER BY 1"
    ).fetchall() == [
        (3, "blank row: no supplier, amount or date"),
        (
            6,
            "amount not a sum of money: oops (expected e.g. 1,234.50, (120.00) or -120, "
            "at most 2 decimal places)",
        ),
    ]
    assert ledger.execute(
        "SELECT supplier_name FROM spend.payment ORDER BY row_number"
    ).fetchall() == [("A Ltd",), ("B Ltd",)]
    every = quarantined_rows(ledger, body="X")
    assert every[["file", "row"]].values.tolist() == [["odd.csv", 3], ["odd.csv", 6]]
    assert every.loc[1, "raw"] and "oops" in every.loc[1, "raw"]
    wanted = quarantined_rows(ledger, file_id=result.file_id, skip_blank=True)
    assert wanted["row"].tolist() == [6]
    assert quarantined_rows(ledger, body="Y").empty
    assert len(quarantined_rows(ledger, limit=1)) == 1
    assert files_by_body(ledger) == [("X", 1, 2, 2, Decimal("30.00"))]


def test_a_row_with_more_fields_than_the_header_is_read_exactly(ledger, tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text("Supplier,Amount,Date\nA Ltd,10.00,01/02/2024,extra\nB Ltd,5,02/02/2024\n")
    result = import_file(ledger, path, "X")
    assert (result.rows_read, result.rows_loaded, result.amount_loaded) == (2, 2, Decimal("15.00"))


def test_an_impossibly_large_amount_is_quarantined_with_its_reason(ledger, tmp_path):
    """Regression: a 20-digit amount overflowed the ledger's decimal and the import crashed."""
    path = tmp_path / "huge.csv"
    path.write_text(
        "Date,Supplier,Amount\n"
        "01/04/2024,Acme Ltd,100.00\n"
        "02/04/2024,Big Ltd,12345678901234567890\n"
        "03/04/2024,Neg Ltd,-99999999999999999999.99\n"
        "04/04/2024,Large But Real Ltd,999999999999.99\n"
    )
    result = import_file(ledger, path, "Body")
    assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (4, 2, 2)
    assert result.reconciles
    reasons = [
        r[0]
        for r in ledger.execute(
            "SELECT reason FROM spend.quarantine WHERE file_id = ? ORDER BY row_number",
            [result.file_id],
        ).fetchall()
    ]
    assert reasons == [
        "amount too large: 12345678901234567890 (a payment of at most £999,999,999,999.99 "
        "is expected)",
        "amount too large: -99999999999999999999.99 (a payment of at most £999,999,999,999.99 "
        "is expected)",
    ]


def test_month_first_dates_are_decided_from_the_column_and_said(ledger, tmp_path):
    # As an NHS trust publishes them: 4/30/2020 can only be April 30th.
    path = tmp_path / "us_dates.csv"
    path.write_text(
        "Supplier,Amount,Date\nA Ltd,10.00,4/30/2020\nB Ltd,20.00,4/3/2020\nC Ltd,5.00,12/1/2020\n",
        encoding="utf-8",
    )
    result = import_file(ledger, path, "Trust")
    assert (result.rows_loaded, result.rows_quarantined) == (3, 0)
    dates = ledger.execute("SELECT paid_on FROM spend.payment ORDER BY row_number").fetchall()
    assert [d[0].isoformat() for d in dates] == ["2020-04-30", "2020-04-03", "2020-12-01"]
    assert any("month/day/year" in n and "4/30/2020" in n for n in result.notes)


def test_a_column_mixing_date_orders_is_refused_with_examples(ledger, tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_text(
        "Supplier,Amount,Date\nA Ltd,10.00,4/30/2020\nB Ltd,20.00,30/4/2020\n", encoding="utf-8"
    )
    with pytest.raises(DataError, match=r"mixes day/month dates \(30/4/2020\).*\(4/30/2020\)"):
        import_file(ledger, path, "Trust")
    assert ledger.execute("SELECT count(*) FROM spend.payment").fetchone() == (0,)


def test_undecidable_dates_are_read_the_uk_way_and_said(ledger, tmp_path):
    path = tmp_path / "early_days.csv"
    path.write_text(
        "Supplier,Amount,Date\nA Ltd,10.00,01/02/2024\nB Ltd,20.00,03/04/2024\n", encoding="utf-8"
    )
    result = import_file(ledger, path, "X")
    paid = ledger.execute("SELECT min(paid_on) FROM spend.payment").fetchone()[0]
    assert paid.isoformat() == "2024-02-01"
    assert any("the UK order" in n for n in result.notes)


def test_an_unknown_amount_header_is_found_from_its_content_and_said(ledger, tmp_path):
    # A trust's layout: the amount under a header no synonym knows, beside a transaction number.
    path = tmp_path / "sum_of_inv.csv"
    path.write_text(
        "Supplier,Transaction No,Sum of Inv Amount,Date\n"
        'A Ltd,100234,"1,200.50",01/04/2024\n'
        "B Ltd,100235,600.00,02/04/2024\n"
        "C Ltd,100236,(25.10),03/04/2024\n",
        encoding="utf-8",
    )
    result = import_file(ledger, path, "Trust")
    assert (result.rows_loaded, result.amount_loaded) == (3, Decimal("1775.40"))
    assert any("'Sum of Inv Amount' was found from its content" in n for n in result.notes)


def test_two_columns_of_money_under_unknown_headers_are_not_guessed(ledger, tmp_path):
    path = tmp_path / "two_sums.csv"
    path.write_text(
        "Supplier,Gross,Nett,Date\n"
        "A Ltd,120.00,100.00,01/04/2024\nB Ltd,60.00,50.00,02/04/2024\n"
        "C Ltd,6.00,5.00,03/04/2024\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError, match="Cannot tell which columns"):
        import_file(ledger, path, "Trust")

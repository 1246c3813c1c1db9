"""The layouts real bodies publish, each in a small file written here: every row loaded or
quarantined for a stated reason, rows and money checked against figures worked out by hand."""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal
from itertools import islice
from pathlib import Path

import duckdb
import openpyxl
import pytest
from click.testing import CliRunner

from greatjobs.cli.main import cli as main
from greatjobs.errors import DataError
from greatjobs.sources.catalogue import Catalogue
from greatjobs.spend.ingest import import_file
from greatjobs.spend.ledger import SCHEMA_SQL, open_ledger
from greatjobs.spend.reader import Source, cell_text, records


@pytest.fixture()
def ledger(tmp_path):
    con = open_ledger(tmp_path / "spend.duckdb")
    yield con
    con.close()


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def _payments(con, file_id: int) -> list[tuple]:
    return con.execute(
        "SELECT row_number, supplier_name, amount, paid_on FROM spend.payment "
        "WHERE file_id = ? ORDER BY row_number",
        [file_id],
    ).fetchall()


def test_header_on_the_last_line(ledger, tmp_path):
    path = _write(
        tmp_path / "bottom.csv",
        'Acme Ltd,120.50,05/04/2024\nBeta Services,"1,000.00",06/04/2024\n'
        "Gamma & Co,(20.00),07/04/2024\nSupplier,Amount,Payment Date\n",
    )
    result = import_file(ledger, path, "Example Council")
    assert (result.rows_read, result.rows_loaded) == (3, 3)
    assert result.amount_loaded == Decimal("1100.50")
    assert "(the last row)" in result.mapping
    assert any("last row (4)" in n for n in result.notes)
    assert _payments(ledger, result.file_id)[0] == (
        1,
        "Acme Ltd",
        Decimal("120.50"),
        dt.date(2024, 4, 5),
    )


def test_header_on_the_last_line_of_a_long_file(ledger, tmp_path):
    rows = "".join(f"Supplier {i},{i}.25,0{1 + i % 9}/05/2024\n" for i in range(60))
    path = _write(tmp_path / "long.csv", rows + "Vendor,Net Amount,Date\n")
    result = import_file(ledger, path, "Example Council")
    assert (result.rows_read, result.rows_loaded) == (60, 60)
    assert result.amount_loaded == sum(Decimal(f"{i}.25") for i in range(60))


def test_unknown_amount_header_and_a_redaction_column(ledger, tmp_path):
    path = _write(
        tmp_path / "redacted.csv",
        "Supplier Name,Redact Name,Sum of Inv Amount,Payment Date,Invoice Number\n"
        "Acme Ltd,,120.50,05/04/2024,1001\n"
        ",Redacted Supplier,300.00,06/04/2024,1002\n"
        "Beta Ltd,,99.99,07/04/2024,1003\n",
    )
    result = import_file(ledger, path, "Example Trust")
    assert (result.rows_read, result.rows_loaded) == (3, 3)
    assert result.amount_loaded == Decimal("520.49")  # not the invoice numbers
    assert any("'Sum of Inv Amount' was found from its content" in n for n in result.notes)
    names = [p[1] for p in _payments(ledger, result.file_id)]
    assert names == ["Acme Ltd", "Redacted Supplier", "Beta Ltd"]


def test_a_fully_quarantined_file_is_imported_again_once_a_mapping_reads_it(ledger, tmp_path):
    path = _write(
        tmp_path / "dots.csv",
        "Supplier,Amount,Date\nAcme Ltd,10.00,2024.04.05\nBeta Ltd,20.00,2024.04.06\n",
    )
    first = import_file(ledger, path, "Example Council")
    assert (first.rows_loaded, first.rows_quarantined) == (0, 2)
    mapping = _write(
        tmp_path / "dots.toml",
        '[columns]\nsupplier_name = "Supplier"\namount = "Amount"\npaid_on = "Date"\n'
        '[options]\ndate_format = "%Y.%m.%d"\n',
    )
    second = import_file(ledger, path, "Example Council", mapping)
    assert not second.already_imported
    assert (second.rows_loaded, second.amount_loaded) == (2, Decimal("30.00"))
    assert any("Replaces the earlier import" in n for n in second.notes)
    files = ledger.execute("SELECT file_id FROM spend.source_file").fetchall()
    assert files == [(second.file_id,)]
    assert ledger.execute(
        "SELECT count(*) FROM spend.quarantine WHERE file_id = ?", [first.file_id]
    ).fetchone() == (0,)
    third = import_file(ledger, path, "Example Council", mapping)
    assert third.already_imported and third.rows_loaded == 0


def test_the_same_file_for_two_bodies(ledger, tmp_path):
    path = _write(tmp_path / "shared.csv", "Supplier,Amount,Date\nAcme Ltd,10.00,05/04/2024\n")
    one = import_file(ledger, path, "Council A")
    two = import_file(ledger, path, "Council B")
    assert not two.already_imported and two.rows_loaded == 1
    assert one.file_id != two.file_id
    assert ledger.execute(
        "SELECT body, sum(amount) FROM spend.payment GROUP BY body ORDER BY body"
    ).fetchall() == [("Council A", Decimal("10.00")), ("Council B", Decimal("10.00"))]


def test_undated_aggregate_lines_have_their_own_reason_and_money(ledger, tmp_path):
    path = _write(
        tmp_path / "undated.csv",
        "Supplier,Amount,Date\nAcme Ltd,10.00,05/04/2024\n"
        'Capita benefit payments,"12,345.67",\nMatrix Ltd,2915.79,Various\n',
    )
    result = import_file(ledger, path, "Example Council")
    assert (result.rows_loaded, result.rows_quarantined) == (1, 2)
    assert result.reasons == {"undated line": 2}
    assert result.reason_amounts == {"undated line": Decimal("15261.46")}
    assert result.amount_quarantined == Decimal("15261.46")
    reasons = [r[0] for r in ledger.execute("SELECT reason FROM spend.quarantine").fetchall()]
    assert any("£12,345.67 with no payment date" in r for r in reasons)
    assert any("(Various)" in r for r in reasons)


def _workbook(path: Path) -> Path:
    book = openpyxl.Workbook()
    notes = book.active
    notes.title = "Notes"
    notes.append(["Payments over £500 to suppliers, published under the transparency code."])
    for title, rows in (
        (
            "April",
            [
                ("Acme Ltd", 1234.5, dt.datetime(2024, 4, 5)),
                ("Beta Ltd", 24704239.41000006, dt.datetime(2024, 4, 6)),
                ("Gamma Ltd", -20, "07/04/2024"),
            ],
        ),
        ("May", [("Delta Ltd", 2.675, dt.datetime(2024, 5, 1, 9, 30))]),
    ):
        sheet = book.create_sheet(title)
        sheet.append([f"Spend over £500: {title} 2024"])
        sheet.append(["Supplier Name", "Amount", "Payment Date"])
        for row in rows:
            sheet.append(list(row))
    book.save(path)
    return path


def test_a_workbook_with_several_sheets(ledger, tmp_path):
    result = import_file(ledger, _workbook(tmp_path / "spend.xlsx"), "Example Council")
    assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (4, 3, 1)
    assert result.amount_loaded == Decimal("24705453.91")
    payments = _payments(ledger, result.file_id)
    assert payments[0] == (3, "Acme Ltd", Decimal("1234.50"), dt.date(2024, 4, 5))
    assert payments[2][3] == dt.date(2024, 4, 7)
    # 2.675 is not a sum in pence: it is shown as it is, not rounded away.
    held = ledger.execute("SELECT row_number, reason FROM spend.quarantine").fetchall()
    assert held[0][0] == 5 + 3  # row 3 of 'May', after the 5 rows of 'April'
    assert "2.675" in held[0][1]
    assert "sheet 'April' (file rows 1-5)" in result.mapping
    assert any("Left out (sheet 'Notes')" in n for n in result.notes)


def test_a_workbook_served_under_a_csv_name(ledger, tmp_path):
    path = _workbook(tmp_path / "book.xlsx")
    named = tmp_path / "spend_2024-04.csv"
    shutil.copy(path, named)
    result = import_file(ledger, named, "Example Council")
    assert result.rows_loaded == 3
    assert result.encoding == "xlsx"


def test_an_excel_97_workbook_is_read_cell_by_cell():
    # No spend file of this age was at hand: a real .xls from ONS shows the reader's cells.
    catalogue = Catalogue.load()
    path = catalogue.path(catalogue.get("ons_workless_households_la_tableA1_2006_2019"))
    first = [row for _, row in islice(records(path, Source("xls")), 12)]
    assert any(cell.strip() for row in first for cell in row)
    assert all(isinstance(cell, str) for row in first for cell in row)


def test_cell_text_reads_cells_as_a_person_sees_them():
    assert cell_text(dt.datetime(2024, 4, 5)) == "2024-04-05"
    assert cell_text(dt.datetime(2024, 4, 5, 9, 30)) == "2024-04-05 09:30:00"
    assert cell_text(1234.5) == "1234.50"
    assert cell_text(50.0) == "50"
    assert cell_text(24704239.41000006) == "24704239.41"
    assert cell_text(0.1 + 0.2) == "0.30"
    assert cell_text(2.675) == "2.675"  # three decimal places are kept, to be refused
    assert cell_text(None) == ""


@pytest.mark.parametrize("separator", [";", "\t"])
def test_semicolon_and_tab_separated_files(ledger, tmp_path, separator):
    lines = [["Supplier", "Amount", "Date"], ["Acme, Ltd", "10.50", "05/04/2024"]]
    lines.append(["Beta Ltd", "1,000.00", "06/04/2024"])
    path = _write(tmp_path / "sep.csv", "".join(separator.join(r) + "\n" for r in lines))
    result = import_file(ledger, path, "Example Council")
    assert (result.rows_loaded, result.amount_loaded) == (2, Decimal("1010.50"))
    assert [p[1] for p in _payments(ledger, result.file_id)] == ["Acme, Ltd", "Beta Ltd"]


def test_amounts_as_published(ledger, tmp_path):
    path = _write(
        tmp_path / "amounts.csv",
        "Supplier,Amount,Date\n"
        'A Ltd,"1,234.50 ",05/04/2024\n'
        "B Ltd,\xa0500.00,05/04/2024\n"
        "C Ltd,(20.00),05/04/2024\n"
        "D Ltd,20.00-,05/04/2024\n"
        "E Ltd,£7.25,05/04/2024\n",
        "cp1252",
    )
    result = import_file(ledger, path, "Example Council")
    assert (result.rows_loaded, result.rows_quarantined) == (5, 0)
    assert result.amount_loaded == Decimal("1701.75")


def test_amounts_in_pence(ledger, tmp_path):
    path = _write(
        tmp_path / "pence.csv",
        "Supplier,Amount (pence),Date\nA Ltd,123456,05/04/2024\nB Ltd,-50,05/04/2024\n"
        "C Ltd,12.5,05/04/2024\n",
    )
    result = import_file(ledger, path, "Example Council")
    assert (result.rows_loaded, result.rows_quarantined) == (2, 1)
    assert result.amount_loaded == Decimal("1234.06")
    assert any("in pence" in n for n in result.notes)


def test_dates_as_published(ledger, tmp_path):
    path = _write(
        tmp_path / "dates.csv",
        "Supplier,Amount,Date\nA Ltd,1.00,44256\nB Ltd,1.00,12-May-20\n"
        "C Ltd,1.00,26-FEB-2021 \nD Ltd,1.00,2021-03-01\nE Ltd,1.00,31 Jan 2024\n",
        "utf-8-sig",
    )
    result = import_file(ledger, path, "Example Council")
    assert result.rows_loaded == 5
    assert [p[3] for p in _payments(ledger, result.file_id)] == [
        dt.date(2021, 3, 1),
        dt.date(2020, 5, 12),
        dt.date(2021, 2, 26),
        dt.date(2021, 3, 1),
        dt.date(2024, 1, 31),
    ]


def test_duplicate_column_names(ledger, tmp_path):
    path = _write(
        tmp_path / "dupes.csv",
        "Supplier,Amount,Amount,Date\nA Ltd,,10.00,05/04/2024\nB Ltd,,5.00,05/04/2024\n",
    )
    result = import_file(ledger, path, "Example Council")
    assert (result.rows_loaded, result.amount_loaded) == (2, Decimal("15.00"))
    assert any("2 columns are called 'Amount': column 3" in n for n in result.notes)
    clash = _write(
        tmp_path / "clash.csv",
        "Supplier,Amount,Amount,Date\nA Ltd,1.00,10.00,05/04/2024\n",
    )
    with pytest.raises(DataError, match="2 columns are called 'Amount'"):
        import_file(ledger, clash, "Example Council")


def test_totals_and_repeated_headers_are_not_payments(ledger, tmp_path):
    path = _write(
        tmp_path / "joined.csv",
        "Supplier,Amount,Date\nA Ltd,10.00,05/04/2024\nB Ltd,5.50,06/04/2024\n"
        "Supplier,Amount,Date\nC Ltd,4.50,05/05/2024\n,20.00,\nTotal,20.00,\n",
    )
    result = import_file(ledger, path, "Example Council")
    assert (result.rows_read, result.rows_loaded) == (6, 3)
    assert result.reasons == {"total row": 2, "repeated header row": 1}
    assert result.payment_rows_held == 0
    assert result.amount_loaded == Decimal("20.00")
    assert any("own total row says £20.00" in n for n in result.notes)


def test_the_import_command_shows_the_money_held_back(tmp_path):
    path = _write(
        tmp_path / "undated.csv",
        "Supplier,Amount,Date\nAcme Ltd,10.00,05/04/2024\nMatrix Ltd,2915.79,Various\n",
    )
    run = CliRunner().invoke(
        main, ["--home", str(tmp_path / "home"), "spend", "import", "--body", "X", str(path)]
    )
    assert run.exit_code == 3, run.output
    assert "1 x undated line (£2,915.79)" in run.output


def test_a_ledger_written_before_takes_a_file_for_a_second_body(tmp_path):
    path = _write(tmp_path / "shared.csv", "Supplier,Amount,Date\nAcme Ltd,10.00,05/04/2024\n")
    con = duckdb.connect(str(tmp_path / "old.duckdb"))
    create = next(s for s in SCHEMA_SQL if "spend.source_file" in s)
    con.execute(SCHEMA_SQL[0])
    con.execute(
        create.replace("sha256 VARCHAR NOT NULL,", "sha256 VARCHAR NOT NULL UNIQUE,").replace(
            ",\n        UNIQUE (sha256, body)", ""
        )
    )
    first = import_file(con, path, "Council A")
    assert import_file(con, path, "Council B").rows_loaded == 1
    assert con.execute("SELECT file_id, body FROM spend.source_file ORDER BY 1").fetchall() == [
        (first.file_id, "Council A"),
        (first.file_id + 1, "Council B"),
    ]
    con.close()


def test_only_plain_sums_of_money_are_amounts(ledger, tmp_path):
    accepted = {".5": "0.50", "-.5": "-0.50", "999999999999.99": "999999999999.99", "7": "7.00"}
    refused = ["1e3", "+5", "5.", "1_000", "12.345", "1-2", "(-5)", "0x10", "1.2.3", "inf", "-"]
    lines = [f"S{i},{v},05/04/2024" for i, v in enumerate([*accepted, *refused])]
    lines.append("Big Ltd,1234567890123,05/04/2024")
    path = _write(tmp_path / "odd.csv", "Supplier,Amount,Date\n" + "\n".join(lines) + "\n")
    result = import_file(ledger, path, "Example Council")
    loaded = [str(p[2]) for p in _payments(ledger, result.file_id)]
    assert loaded == list(accepted.values())
    assert result.reasons == {"amount not a sum of money": len(refused), "amount too large": 1}

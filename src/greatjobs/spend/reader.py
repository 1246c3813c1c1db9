"""Read a spend file's records and stage them into ``spend_stage`` (all text), each with its
row number.

A spend file is a text file (CSV with commas, semicolons, tabs or bars; any encoding ingest
detects) or an Excel workbook (``.xlsx``, or ``.xls``), recognised by its content, not its name:
publishers serve workbooks under a ``.csv`` name. A workbook's cells become the text a person
sees (dates as ISO dates, numbers with their pence), so the same row checks apply to both.

Fast path for text: DuckDB's own CSV reader (C++, no Python per row). It is trusted only when its
row count equals the file's line count after the header, so every line number is exact; a file
with empty lines among the rows, line breaks inside quoted fields, more fields than its header, or
an encoding DuckDB cannot read falls back to Python's ``csv`` reader, which is exact but slower.
Workbooks are read row by row (openpyxl in read-only mode, or xlrd), never whole into memory.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import io
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from greatjobs.errors import DataError
from greatjobs.spend.mapping import Mapping

Progress = Callable[[str, int, int], None]
Record = tuple[int, list[str]]
"""A record of a file and its row number: the physical line it ends on in a text file, the
row in a workbook's sheet."""
CHUNK_ROWS = 250_000
STAGE_FIELDS = ("supplier_name", "amount", "paid_on", "category", "service", "supplier_id")
STAGE_DDL = (
    "CREATE OR REPLACE TEMP TABLE spend_stage (row_number BIGINT, n_fields INTEGER, "
    "first_cell VARCHAR, supplier_name VARCHAR, amount VARCHAR, paid_on VARCHAR, "
    "category VARCHAR, service VARCHAR, supplier_id VARCHAR)"
)
DELIMITERS = (",", ";", "\t", "|")
_C1_BYTES = bytes(range(0x80, 0xA0))
_DUCKDB_ENCODINGS = {"utf-8": "utf-8", "utf-8-sig": "utf-8", "latin-1": "latin-1"}
_XLSX_MAGIC = b"PK\x03\x04"
_XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class Source:
    """Where a file's records come from: a text file (its encoding and delimiter) or one sheet
    of a workbook."""

    kind: str
    """'text', 'xlsx' or 'xls'."""
    encoding: str = ""
    delimiter: str = ","
    sheet: str | None = None
    scan: TextScan | None = None
    """A text file's scan (its lines tell whether DuckDB's reader read every record)."""

    def describe(self) -> str:
        if self.kind == "text":
            names = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "bars"}
            return f"text ({self.encoding}, fields separated by {names[self.delimiter]})"
        return f"Excel workbook ({self.kind}), sheet {self.sheet!r}"


def file_kind(path: Path) -> str:
    """'xlsx', 'xls' or 'text', from the file's first bytes (its name may say otherwise)."""
    with path.open("rb") as handle:
        start = handle.read(8)
    if start.startswith(_XLSX_MAGIC):
        return "xlsx"
    if start == _XLS_MAGIC:
        return "xls"
    return "text"


def open_text(path: Path, encoding: str) -> io.TextIOWrapper:
    return io.TextIOWrapper(path.open("rb"), encoding=encoding, newline="")


def sniff_delimiter(path: Path, encoding: str) -> str:
    """The delimiter that splits the file's first lines most consistently into several fields
    (commas when none does better)."""
    with open_text(path, encoding) as handle:
        sample = handle.read(1 << 16)
    lines = [line for line in sample.splitlines()[:50] if line.strip()]
    best, best_score = ",", 0
    for delimiter in DELIMITERS:
        counts = [len(row) for row in csv.reader(lines, delimiter=delimiter)]
        wide = [n for n in counts if n > 1]
        if not wide:
            continue
        modal = max(set(wide), key=wide.count)
        score = wide.count(modal) * (1 if modal > 1 else 0)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def workbook_sheets(path: Path, kind: str) -> list[tuple[str, str]]:
    """The sheets of a workbook, in order: (name, 'visible' or 'hidden')."""
    if kind == "xlsx":
        import openpyxl

        with path.open("rb") as handle:
            book = openpyxl.load_workbook(handle, read_only=True, data_only=True)
            try:
                return [(ws.title, ws.sheet_state) for ws in book.worksheets]
            finally:
                book.close()
    import xlrd

    xls = xlrd.open_workbook(str(path), on_demand=True)
    try:
        sheets = [xls.sheet_by_index(i) for i in range(xls.nsheets)]
        return [(ws.name, "hidden" if ws.visibility else "visible") for ws in sheets]
    finally:
        xls.release_resources()


def records(path: Path, source: Source) -> Iterator[Record]:
    """Every record of the source, with its row number."""
    if source.kind == "text":
        with open_text(path, source.encoding) as handle:
            reader = csv.reader(handle, delimiter=source.delimiter)
            for row in reader:
                yield reader.line_num, row
    elif source.kind == "xlsx":
        yield from _xlsx_records(path, source.sheet)
    else:
        yield from _xls_records(path, source.sheet)


def head(path: Path, source: Source, n: int) -> list[Record]:
    """The first ``n`` records."""
    return list(islice(records(path, source), n))


def tail(path: Path, source: Source, n: int) -> list[Record]:
    """The last ``n`` records that are not blank (one pass over the file)."""
    last: deque[Record] = deque(maxlen=n)
    for record in records(path, source):
        if any(cell.strip() for cell in record[1]):
            last.append(record)
    return list(last)


def cell_text(value: Any) -> str:
    """A workbook cell as text, as a person reading the sheet sees it: a date as an ISO date
    (with its time when it has one), a whole number without '.0', money with its pence. A float
    within rounding noise of whole pence (a sum Excel stored as 24704239.41000006) is read as
    those pence; any other float keeps all its digits, so the row checks see what is there."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        pence = round(value, 2)
        if abs(value - pence) <= max(1e-9, abs(value) * 1e-12):
            return f"{pence:.2f}"
        return repr(value)
    return str(value)


def _xlsx_records(path: Path, sheet: str | None) -> Iterator[Record]:
    import openpyxl

    # Opened from a handle: openpyxl refuses a file whose name does not end in .xlsx.
    with path.open("rb") as handle:
        book = openpyxl.load_workbook(handle, read_only=True, data_only=True)
        try:
            ws = book[sheet] if sheet is not None else book.worksheets[0]
            for number, row in enumerate(ws.iter_rows(values_only=True), start=1):
                yield number, [cell_text(v) for v in row]
        finally:
            book.close()


def _xls_records(path: Path, sheet: str | None) -> Iterator[Record]:
    import xlrd

    try:
        book = xlrd.open_workbook(str(path), on_demand=True)
    except xlrd.XLRDError as exc:
        raise DataError(f"{path.name}: not a readable Excel 97-2003 workbook: {exc}") from exc
    try:
        ws = book.sheet_by_name(sheet) if sheet is not None else book.sheet_by_index(0)
        for index in range(ws.nrows):
            cells = []
            for cell in ws.row(index):
                value = cell.value
                if cell.ctype == xlrd.XL_CELL_DATE:
                    value = xlrd.xldate_as_datetime(value, book.datemode)
                elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                    value = None
                elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                    value = bool(value)
                cells.append(cell_text(value))
            yield index + 1, cells
    finally:
        book.release_resources()


@dataclass(frozen=True)
class TextScan:
    """What one read of a text file tells: its SHA-256, encoding, lines (not counting empty
    lines at the end) and whether any byte is in 0x80-0x9F (where Windows-1252 and Latin-1
    differ)."""

    sha256: str
    encoding: str
    lines: int
    c1_bytes: bool


_CP1252_UNDEFINED = b"\x81\x8d\x8f\x90\x9d"


def scan_text(path: Path) -> TextScan:
    """Read the file once: its digest, its line count, and its encoding: UTF-8 (with or
    without a byte-order mark) if the whole file decodes as UTF-8, else Windows-1252 unless it
    holds one of the five bytes Windows-1252 leaves undefined, else Latin-1. ASCII blocks (most
    of a large file) are only hashed and counted."""
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8 = True
    c1 = undefined = False
    lines = 0
    last = b""
    with path.open("rb") as handle:
        bom = handle.read(3) == codecs.BOM_UTF8
        handle.seek(0)
        for block in iter(lambda: handle.read(1 << 24), b""):
            digest.update(block)
            lines += block.count(b"\n")
            last = (last + block)[-65536:]
            if block.isascii() and not decoder.getstate()[0]:
                continue
            if utf8:
                try:
                    decoder.decode(block)
                except UnicodeDecodeError:
                    utf8 = False
            c1 = c1 or len(block.translate(None, _C1_BYTES)) != len(block)
            undefined = undefined or any(b in block for b in _CP1252_UNDEFINED)
    if utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8 = False
    trailing = last[len(last.rstrip(b"\r\n")) :].count(b"\n")
    has_content = bool(last.rstrip(b"\r\n"))
    encoding = "utf-8-sig" if bom else "utf-8" if utf8 else "latin-1" if undefined else "cp1252"
    return TextScan(digest.hexdigest(), encoding, lines - trailing + (1 if has_content else 0), c1)


def stage(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    source: Source,
    mapping: Mapping,
    header_number: int,
    name: str,
    progress: Progress | None = None,
    offset: int = 0,
) -> int:
    """Add the records of ``source`` other than its header (at ``header_number``; the rows
    above it when the header is the last row) to ``spend_stage``, numbered from ``offset``;
    returns the last row number of the source (for the next sheet's offset)."""
    if mapping.header_last:
        selected: Iterator[Record] = (r for r in records(path, source) if r[0] < header_number)
        return _stage_python(con, selected, mapping, name, progress, offset, header_number)
    if (
        source.kind == "text"
        and offset == 0
        and _stage_duckdb(con, path, source, mapping, header_number)
    ):
        if progress:
            progress(name, 1, 1)
        row = con.execute("SELECT coalesce(max(row_number), 0) FROM spend_stage").fetchone()
        return int(row[0]) if row else 0
    selected = (r for r in records(path, source) if r[0] > header_number)
    return _stage_python(con, selected, mapping, name, progress, offset, None)


def _stage_python(
    con: duckdb.DuckDBPyConnection,
    selected: Iterator[Record],
    mapping: Mapping,
    name: str,
    progress: Progress | None,
    offset: int,
    total: int | None,
) -> int:
    last = 0
    for chunk, last in _chunks(selected, mapping, offset):
        con.register("spend_chunk", chunk)
        con.execute("INSERT INTO spend_stage SELECT * FROM spend_chunk")
        con.unregister("spend_chunk")
        if progress:
            progress(name, last, max(total or last, 1))
    return last


def _stage_duckdb(
    con: duckdb.DuckDBPyConnection, path: Path, source: Source, mapping: Mapping, header_line: int
) -> bool:
    scan = source.scan
    duck_encoding = _DUCKDB_ENCODINGS.get(source.encoding)
    if scan is not None and source.encoding == "cp1252" and not scan.c1_bytes:
        duck_encoding = "latin-1"  # identical outside 0x80-0x9F
    if duck_encoding is None or scan is None:
        return False
    lines = scan.lines
    width = len(mapping.header)
    columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(width)) + "}"
    # The number of fields of a row matters only where a missing comma can fuse two fields.
    count = (
        "CASE "
        + " ".join(f"WHEN c{i} IS NOT NULL THEN {i + 1}" for i in reversed(range(width)))
        + " ELSE 0 END"
        if mapping.date_amount_category_adjacent
        else "CAST(NULL AS INTEGER)"
    )
    fields = ", ".join(f"{_field_sql(mapping, f)} AS {f}" for f in STAGE_FIELDS)
    sql = f"""CREATE OR REPLACE TEMP TABLE spend_raw AS
        SELECT {count} AS n_fields, c0 AS first_cell, {fields} FROM read_csv(?,
        header = false, skip = ?, all_varchar = true, delim = ?, quote = '"', escape = '"',
        columns = {columns}, null_padding = true, strict_mode = true, auto_detect = false,
        parallel = ?, encoding = ?)"""  # noqa: S608 (generated column names only)
    # The parallel reader keeps file order (insertion order is preserved) but cannot pad rows
    # when a quoted field holds a line break; then the single-threaded reader is used.
    for parallel in (True, False):
        try:
            con.execute(sql, [str(path), header_line, source.delimiter, parallel, duck_encoding])
            break
        except duckdb.Error:
            continue
    else:
        return False
    row = con.execute("SELECT count(*), min(rowid) FROM spend_raw").fetchone()
    if row is None or int(row[0]) != lines - header_line:
        con.execute("DROP TABLE spend_raw")
        return False
    # The staged rows are the raw table itself, numbered by rowid (consecutive in insertion,
    # that is file, order; from an offset inside a transaction, hence the minimum): no copy.
    first = header_line + 1 - int(row[1] or 0)
    con.execute("DROP TABLE spend_stage")
    numbered = f"rowid + {int(first)} AS row_number"
    con.execute(f"CREATE TEMP VIEW spend_stage AS SELECT {numbered}, * FROM spend_raw")  # noqa: S608 (an integer only)
    return True


def _field_sql(mapping: Mapping, name: str) -> str:
    """The staged column for a field: its column, or NULL; the supplier falls back to the
    redaction column where the supplier cell is blank."""
    if name not in mapping.columns:
        return "NULL"
    column = f"c{mapping.columns[name]}"
    if name == "supplier_name" and "redaction" in mapping.columns:
        return f"coalesce(nullif(trim({column}), ''), c{mapping.columns['redaction']})"
    return column


def _field_value(row: list[str], mapping: Mapping, name: str) -> str | None:
    index = mapping.columns.get(name)
    if index is None:
        return None
    value = row[index] if len(row) > index else None
    if name == "supplier_name" and "redaction" in mapping.columns and not (value or "").strip():
        redaction = mapping.columns["redaction"]
        return row[redaction] if len(row) > redaction else value
    return value


def _chunks(
    selected: Iterator[Record], mapping: Mapping, offset: int
) -> Iterator[tuple[pa.Table, int]]:
    """Arrow chunks (row number, field count, first cell for 'Total' rows, mapped fields) and
    the source's own number of the last record in each."""
    while True:
        batch = list(islice(selected, CHUNK_ROWS))
        if not batch:
            return
        rows = [r for _, r in batch]
        columns: dict[str, list[str | None]] = {"first_cell": [r[0] if r else None for r in rows]}
        for name in STAGE_FIELDS:
            columns[name] = [_field_value(r, mapping, name) for r in rows]
        yield (
            pa.table(
                {
                    "row_number": pa.array([offset + n for n, _ in batch], pa.int64()),
                    "n_fields": pa.array([len(r) for r in rows], pa.int32()),
                    **columns,
                }
            ),
            batch[-1][0],
        )

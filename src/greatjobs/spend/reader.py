"""Stage a spend file's rows into ``spend_stage`` (all text), each with its line number.

Fast path: DuckDB's own CSV reader (C++, no Python per row). It is trusted only when its row
count equals the file's line count after the header, so every line number is exact; a file with
empty lines among the rows, line breaks inside quoted fields, more fields than its header, or an
encoding DuckDB cannot read falls back to Python's ``csv`` reader, which is exact but slower.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pyarrow as pa

from greatjobs.spend.mapping import Mapping

Progress = Callable[[str, int, int], None]
CHUNK_ROWS = 250_000
STAGE_FIELDS = ("supplier_name", "amount", "paid_on", "category", "service", "supplier_id")
STAGE_DDL = (
    "CREATE OR REPLACE TEMP TABLE spend_stage (row_number BIGINT, n_fields INTEGER, "
    "first_cell VARCHAR, supplier_name VARCHAR, amount VARCHAR, paid_on VARCHAR, "
    "category VARCHAR, service VARCHAR, supplier_id VARCHAR)"
)
_C1_BYTES = bytes(range(0x80, 0xA0))
_DUCKDB_ENCODINGS = {"utf-8": "utf-8", "utf-8-sig": "utf-8", "latin-1": "latin-1"}


def open_text(path: Path, encoding: str) -> io.TextIOWrapper:
    return io.TextIOWrapper(path.open("rb"), encoding=encoding, newline="")


def head_rows(path: Path, encoding: str, n: int) -> tuple[list[list[str]], list[int]]:
    """The first ``n`` records and the physical line each ends on."""
    rows: list[list[str]] = []
    lines: list[int] = []
    with open_text(path, encoding) as handle:
        reader = csv.reader(handle)
        for row in reader:
            rows.append(row)
            lines.append(reader.line_num)
            if len(rows) >= n:
                break
    return rows, lines


def content_lines(path: Path) -> tuple[int, bool]:
    """Lines in the file, not counting empty lines at the end; and whether any byte is in
    0x80-0x9F (where Windows-1252 and Latin-1 differ)."""
    lines = 0
    high = False
    last = b""
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 24), b""):
            lines += block.count(b"\n")
            high = high or len(block.translate(None, _C1_BYTES)) != len(block)
            last = (last + block)[-65536:]
    trailing = last[len(last.rstrip(b"\r\n")) :].count(b"\n")
    has_content = bool(last.rstrip(b"\r\n"))
    return lines - trailing + (1 if has_content else 0), high


def stage(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    encoding: str,
    mapping: Mapping,
    header_line: int,
    name: str,
    progress: Progress | None = None,
) -> str:
    """Fill ``spend_stage``; returns which reader was used."""
    con.execute(STAGE_DDL)
    if _stage_duckdb(con, path, encoding, mapping, header_line):
        if progress:
            progress(name, 1, 1)
        return "duckdb"
    con.execute(STAGE_DDL)
    size = max(path.stat().st_size, 1)
    done = 0
    for chunk in _chunks(path, encoding, mapping):
        con.register("spend_chunk", chunk)
        con.execute("INSERT INTO spend_stage SELECT * FROM spend_chunk")
        con.unregister("spend_chunk")
        done += chunk.num_rows
        if progress:
            progress(name, min(done, size), size)
    return "python"


def _stage_duckdb(
    con: duckdb.DuckDBPyConnection, path: Path, encoding: str, mapping: Mapping, header_line: int
) -> bool:
    lines, high = content_lines(path)
    duck_encoding = _DUCKDB_ENCODINGS.get(encoding)
    if encoding == "cp1252" and not high:
        duck_encoding = "latin-1"  # identical outside 0x80-0x9F
    if duck_encoding is None:
        return False
    width = len(mapping.header)
    columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(width)) + "}"
    count = (
        "CASE "
        + " ".join(f"WHEN c{i} IS NOT NULL THEN {i + 1}" for i in reversed(range(width)))
        + " ELSE 0 END"
    )
    fields = ", ".join(
        f"c{mapping.columns[f]}" if f in mapping.columns else "NULL" for f in STAGE_FIELDS
    )
    sql = f"""CREATE OR REPLACE TEMP TABLE spend_raw AS
        SELECT {count} AS n_fields, c0 AS first_cell, {fields} FROM read_csv(?,
        header = false, skip = ?, all_varchar = true, delim = ',', quote = '"', escape = '"',
        columns = {columns}, null_padding = true, strict_mode = true, auto_detect = false,
        parallel = ?, encoding = ?)"""  # noqa: S608 (generated column names only)
    # The parallel reader keeps file order (insertion order is preserved) but cannot pad rows
    # when a quoted field holds a line break; then the single-threaded reader is used.
    for parallel in (True, False):
        try:
            con.execute(sql, [str(path), header_line, parallel, duck_encoding])
            break
        except duckdb.Error:
            continue
    else:
        return False
    row = con.execute("SELECT count(*) FROM spend_raw").fetchone()
    if row is None or int(row[0]) != lines - header_line:
        con.execute("DROP TABLE spend_raw")
        return False
    con.execute(
        # rowids are consecutive in insertion (file) order; inside a transaction they start
        # at an offset, hence the minimum.
        """INSERT INTO spend_stage
            SELECT ? + rowid - (SELECT min(rowid) FROM spend_raw) + 1, *
            FROM spend_raw""",
        [header_line],
    )
    con.execute("DROP TABLE spend_raw")
    return True


def _chunks(path: Path, encoding: str, mapping: Mapping) -> Iterator[pa.Table]:
    """Arrow chunks: line number, field count, first cell (for 'Total' rows), mapped fields."""
    wanted = [(name, mapping.columns.get(name)) for name in STAGE_FIELDS]
    with open_text(path, encoding) as handle:
        reader = csv.reader(handle)
        for _ in range(mapping.header_row):
            next(reader)
        while True:
            rows: list[list[str]] = []
            lines: list[int] = []
            for row in reader:
                rows.append(row)
                lines.append(reader.line_num)
                if len(rows) >= CHUNK_ROWS:
                    break
            if not rows:
                return
            columns: dict[str, list[str | None]] = {
                "first_cell": [r[0] if r else None for r in rows]
            }
            for name, index in wanted:
                columns[name] = (
                    [None] * len(rows)
                    if index is None
                    else [r[index] if len(r) > index else None for r in rows]
                )
            yield pa.table(
                {
                    "row_number": pa.array(lines, pa.int64()),
                    "n_fields": pa.array([len(r) for r in rows], pa.int32()),
                    **columns,
                }
            )
            if len(rows) < CHUNK_ROWS:
                return

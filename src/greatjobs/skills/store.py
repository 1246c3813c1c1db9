"""Imported provider files, kept for the command line and the web alike: ``Home.skills_store``.

One DuckDB file, schema ``skills``:

* ``provider_import``: one row per import: its id, the file's name, who imported it (a text such
  as ``web:alan`` or ``cli:root``), when (UTC), rows read, loaded and rejected, and the file's
  ``#`` notes (e.g. its ILLUSTRATIVE marker);
* ``provider_record``: the rows each import loaded (the columns of ``records.RECORD_COLUMNS``,
  ``ukprn`` among them, so other provider data can be joined on it);
* ``import_error``: each import's rejected rows: line, column, value and reason.

Every import is kept, so the history stays listable with its errors. The current records, which
the scorecard reads, are those of the latest import that loaded any row: a new import replaces
what the scorecard shows, and one whose rows were all rejected leaves it as it was.

The file is published and changed like the spend ledger (``spend.ledger``): read with
``store.duckdb_store.read_published``, changed only inside ``write_published`` (one writer at a
time, on a private copy published whole), so two imports at once are both kept and a reader never
sees half of one.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import duckdb
import pandas as pd

from greatjobs.errors import DataError
from greatjobs.home import Home
from greatjobs.skills.records import COUNTS, MONEY, RECORD_COLUMNS, ImportResult
from greatjobs.store.duckdb_store import read_published, write_published

CATALOG = "skills_store"
"""The store's name in SQL (its schema's name, ``skills``, would clash)."""

_TYPES = {
    "source_row": "BIGINT NOT NULL",
    "provider": "VARCHAR NOT NULL",
    "course": "VARCHAR NOT NULL",
    "sector_subject_area": "VARCHAR NOT NULL",
    "level": "BIGINT NOT NULL",
    **dict.fromkeys(COUNTS, "BIGINT NOT NULL"),
    **dict.fromkeys(MONEY, "DOUBLE"),
    "funding": "DOUBLE NOT NULL",
    "unpaid_placement_weeks": "DOUBLE",
    "ukprn": "VARCHAR",
    "academic_year": "VARCHAR",
}
assert set(_TYPES) == set(RECORD_COLUMNS)

SCHEMA_SQL = (
    "CREATE SCHEMA IF NOT EXISTS skills",
    """CREATE TABLE IF NOT EXISTS skills.provider_import (
        import_id BIGINT PRIMARY KEY,
        source VARCHAR NOT NULL,
        imported_by VARCHAR NOT NULL,
        imported_at TIMESTAMP NOT NULL,
        rows_read BIGINT NOT NULL,
        rows_loaded BIGINT NOT NULL,
        rows_rejected BIGINT NOT NULL,
        notes VARCHAR[] NOT NULL
    )""",
    "CREATE TABLE IF NOT EXISTS skills.provider_record (\n    import_id BIGINT NOT NULL,\n"
    + ",\n".join(f"    {column} {_TYPES[column]}" for column in RECORD_COLUMNS)
    + ",\n    PRIMARY KEY (import_id, source_row)\n)",
    """CREATE TABLE IF NOT EXISTS skills.import_error (
        import_id BIGINT NOT NULL,
        error_number BIGINT NOT NULL,
        line BIGINT NOT NULL,
        column_name VARCHAR NOT NULL,
        value VARCHAR NOT NULL,
        reason VARCHAR NOT NULL,
        PRIMARY KEY (import_id, error_number)
    )""",
)
TABLES = ("provider_import", "provider_record", "import_error")
_MAX_ID = 2**63 - 1


@dataclass(frozen=True)
class StoredImport:
    """One import as the store keeps it."""

    import_id: int
    source: str
    """The imported file's name."""
    imported_by: str
    """Who imported it: the face and the person, e.g. ``web:alan`` or ``cli:root``."""
    imported_at: datetime
    """When (aware, UTC)."""
    read: int
    loaded: int
    rejected: int
    notes: tuple[str, ...]

    @property
    def illustrative(self) -> bool:
        return any("ILLUSTRATIVE" in note for note in self.notes)

    def summary(self) -> dict[str, object]:
        """What records came from, as the scorecard reports it: the file, counts and notes."""
        return {
            "source": self.source,
            "read": self.read,
            "loaded": self.loaded,
            "rejected": self.rejected,
            "notes": list(self.notes),
        }


@dataclass(frozen=True, eq=False)
class ImportDetail(StoredImport):
    """An import with the rows it loaded and the rows it rejected."""

    records: pd.DataFrame
    """The loaded rows (``records.RECORD_COLUMNS``), in file order."""
    errors: pd.DataFrame
    """The rejected rows' problems: ``row`` (the line), ``column``, ``value``, ``reason``."""


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    for statement in SCHEMA_SQL:
        con.execute(statement)


def _is_current(con: duckdb.DuckDBPyConnection) -> bool:
    found = con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'skills'"
    ).fetchall()
    return set(TABLES) <= {row[0] for row in found}


@contextlib.contextmanager
def _reading(home: Home) -> Iterator[duckdb.DuckDBPyConnection]:
    con = read_published(home.skills_store, CATALOG, ensure_schema, _is_current)
    try:
        yield con
    finally:
        con.close()


@contextlib.contextmanager
def _writing(home: Home) -> Iterator[duckdb.DuckDBPyConnection]:
    with write_published(home.skills_store, CATALOG, ensure_schema) as con:
        yield con


def save_import(
    home: Home,
    result: ImportResult,
    source: str,
    imported_by: str,
    imported_at: datetime | None = None,
) -> int:
    """Keep an import (its counts, notes, loaded rows and rejected rows) and return its id.

    ``source`` is the file's name, ``imported_by`` who imported it (``web:alan``, ``cli:root``);
    ``imported_at`` (default: now) is for imports kept elsewhere first. When it loaded any row,
    its rows become the current records."""
    with _writing(home) as con:
        return _insert(con, result, source, imported_by, imported_at or datetime.now(UTC))


def _insert(
    con: duckdb.DuckDBPyConnection,
    result: ImportResult,
    source: str,
    imported_by: str,
    imported_at: datetime,
) -> int:
    row = con.execute("SELECT coalesce(max(import_id), 0) + 1 FROM skills.provider_import")
    import_id = int(row.fetchone()[0])  # type: ignore[index]
    if imported_at.tzinfo is not None:
        imported_at = imported_at.astimezone(UTC).replace(tzinfo=None)
    con.execute(
        "INSERT INTO skills.provider_import VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            import_id,
            source,
            imported_by,
            imported_at,
            result.read,
            result.loaded,
            result.rejected,
            [str(note) for note in result.notes],
        ],
    )
    columns = ", ".join(RECORD_COLUMNS)
    if result.loaded:
        con.register("incoming_records", result.records[list(RECORD_COLUMNS)])
        try:
            con.execute(
                f"INSERT INTO skills.provider_record (import_id, {columns}) "  # noqa: S608
                f"SELECT ?, {columns} FROM incoming_records",
                [import_id],
            )
        finally:
            con.unregister("incoming_records")
    if result.errors:
        con.executemany(
            "INSERT INTO skills.import_error VALUES (?, ?, ?, ?, ?, ?)",
            [
                [import_id, n, e.row, e.column, e.value, e.reason]
                for n, e in enumerate(result.errors, start=1)
            ],
        )
    return import_id


_SUMMARY = """SELECT import_id, source, imported_by, imported_at, rows_read, rows_loaded,
                     rows_rejected, notes
              FROM skills.provider_import"""
_LATEST_FIRST = "imported_at DESC, import_id DESC"
"""Imports are numbered in the order they are stored, under the writer's lock and its clock; one
kept elsewhere first and stored later (``save_import``'s ``imported_at``) goes in by its time."""


def _stored(row: tuple[Any, ...]) -> StoredImport:
    import_id, source, imported_by, imported_at, read, loaded, rejected, notes = row
    return StoredImport(
        int(import_id),
        str(source),
        str(imported_by),
        imported_at.replace(tzinfo=UTC),
        int(read),
        int(loaded),
        int(rejected),
        tuple(str(note) for note in notes),
    )


def _detail(con: duckdb.DuckDBPyConnection, stored: StoredImport) -> ImportDetail:
    columns = ", ".join(RECORD_COLUMNS)
    records = con.execute(
        f"SELECT {columns} FROM skills.provider_record "  # noqa: S608
        "WHERE import_id = ? ORDER BY source_row",
        [stored.import_id],
    ).df()
    errors = con.execute(
        'SELECT line AS "row", column_name AS "column", value, reason FROM skills.import_error '
        "WHERE import_id = ? ORDER BY error_number",
        [stored.import_id],
    ).df()
    return ImportDetail(**vars(stored), records=records, errors=errors)


def _current(con: duckdb.DuckDBPyConnection) -> StoredImport | None:
    row = con.execute(
        f"{_SUMMARY} WHERE rows_loaded > 0 ORDER BY {_LATEST_FIRST} LIMIT 1"
    ).fetchone()
    return None if row is None else _stored(row)


def latest_import(home: Home) -> ImportDetail | None:
    """The import whose records are current (the latest that loaded any row), with its rows;
    ``None`` when no import has loaded any."""
    with _reading(home) as con:
        stored = _current(con)
        return None if stored is None else _detail(con, stored)


def list_imports(home: Home) -> list[StoredImport]:
    """Every import, latest first."""
    with _reading(home) as con:
        rows = con.execute(f"{_SUMMARY} ORDER BY {_LATEST_FIRST}").fetchall()
    return [_stored(row) for row in rows]


def get_import(home: Home, import_id: int) -> ImportDetail | None:
    """One import with its loaded and rejected rows, or ``None`` when there is no such import."""
    if not 0 < import_id <= _MAX_ID:
        return None
    with _reading(home) as con:
        row = con.execute(f"{_SUMMARY} WHERE import_id = ?", [import_id]).fetchone()
        return None if row is None else _detail(con, _stored(row))


def load_import(home: Home) -> tuple[pd.DataFrame, dict[str, object]]:
    """The current provider records and what import they came from (``StoredImport.summary``)."""
    current = latest_import(home)
    if current is None:
        raise DataError(
            "No provider records imported yet: run `greatjobs skills import FILE` "
            "(or `greatjobs skills import --demo` for the ILLUSTRATIVE demo file)."
        )
    return current.records, current.summary()


def store_demo_import(home: Home, imported_by: str) -> tuple[StoredImport, bool]:
    """Import the ILLUSTRATIVE demo file unless provider records are stored already (from any
    file): the import whose records are current, and whether it was imported now."""
    from greatjobs.skills import illustrative_records_path, import_records

    with _reading(home) as con:
        current = _current(con)
    if current is not None:
        return current, False
    path = illustrative_records_path()
    result = import_records(path)
    with _writing(home) as con:
        current = _current(con)
        if current is None:
            _insert(con, result, path.name, imported_by, datetime.now(UTC))
            current = _current(con)
            assert current is not None
            return current, True
    return current, False

"""The spend ledger: a DuckDB file of its own (``Home.spend_ledger``), schema ``spend``.

This module owns ``spend.source_file``, ``spend.payment`` and ``spend.quarantine``. Supplier
resolution (``greatjobs.spend.suppliers``) adds ``spend.supplier_alias`` and
``spend.supplier_profile`` to the same file; the metrics use them when present.

Many readers, one writer: the faces read the published ledger with :func:`read_ledger` (any
number at once, in any number of processes) and change it only inside :func:`write_ledger`,
which serialises writers and publishes each change whole (``store.duckdb_store.copy_on_write``),
so a dashboard never sees half an import and an import never fails because someone is reading.
:func:`open_ledger` opens one file directly, for the writer and for tests on a file of their own.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import duckdb
import pandas as pd

from greatjobs.home import Home
from greatjobs.store.duckdb_store import open_attached, read_published, write_published

SCHEMA_SQL = (
    "CREATE SCHEMA IF NOT EXISTS spend",
    """CREATE TABLE IF NOT EXISTS spend.source_file (
        file_id INTEGER PRIMARY KEY,
        body VARCHAR NOT NULL,
        file_name VARCHAR NOT NULL,
        sha256 VARCHAR NOT NULL,
        mapping_used VARCHAR NOT NULL,
        encoding VARCHAR NOT NULL,
        rows_read BIGINT NOT NULL,
        rows_loaded BIGINT NOT NULL,
        rows_quarantined BIGINT NOT NULL,
        amount_read DECIMAL(18,2) NOT NULL,
        amount_loaded DECIMAL(18,2) NOT NULL,
        amount_quarantined DECIMAL(18,2) NOT NULL,
        imported_at TIMESTAMP NOT NULL,
        UNIQUE (sha256, body)
    )""",
    """CREATE TABLE IF NOT EXISTS spend.payment (
        payment_id BIGINT NOT NULL,
        body VARCHAR NOT NULL,
        file_id INTEGER NOT NULL,
        row_number BIGINT NOT NULL,
        paid_on DATE NOT NULL,
        supplier_name VARCHAR NOT NULL,
        supplier_name_normalised VARCHAR NOT NULL,
        supplier_id VARCHAR,
        amount DECIMAL(18,2) NOT NULL,
        category VARCHAR,
        service VARCHAR,
        excluded_by VARCHAR
    )""",
    """CREATE TABLE IF NOT EXISTS spend.quarantine (
        file_id INTEGER NOT NULL,
        row_number BIGINT NOT NULL,
        raw VARCHAR,
        column_name VARCHAR,
        reason VARCHAR NOT NULL,
        amount DECIMAL(18,2)
    )""",
    # Added later: the row's amount where it could be read (to give the money held back).
    "ALTER TABLE spend.quarantine ADD COLUMN IF NOT EXISTS amount DECIMAL(18,2)",
)


def _every_table() -> tuple[str, ...]:
    """The statements creating every table of the ledger: this module's and supplier
    resolution's (``spend.suppliers.schema``)."""
    from greatjobs.spend.suppliers.schema import DDL

    return (*SCHEMA_SQL, *DDL)


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    for statement in _every_table():
        con.execute(statement)
    _one_file_per_body(con)


def _one_file_per_body(con: duckdb.DuckDBPyConnection) -> None:
    """Bring a ledger written before a file could be imported for two bodies up to date: its
    ``source_file`` had the file's SHA-256 unique on its own (DuckDB cannot drop a
    constraint, so the table is rebuilt, its rows kept)."""
    old = con.execute(
        """SELECT count(*) FROM duckdb_constraints() WHERE schema_name = 'spend'
           AND table_name = 'source_file' AND constraint_type = 'UNIQUE'
           AND constraint_column_names = ['sha256']
           AND database_name = current_database()"""
    ).fetchone()
    if not old or not old[0]:
        return
    create = next(s for s in SCHEMA_SQL if "spend.source_file" in s)
    con.execute(create.replace("spend.source_file", "spend.source_file_new"))
    con.execute("INSERT INTO spend.source_file_new SELECT * FROM spend.source_file")
    con.execute("DROP TABLE spend.source_file")
    con.execute("ALTER TABLE spend.source_file_new RENAME TO source_file")


CATALOG = "ledger"
"""The ledger file's name in SQL (its own name, ``spend``, would clash with the schema)."""


def open_ledger(
    home_or_path: Home | Path, read_only: bool = False, memory_limit: str | None = None
) -> duckdb.DuckDBPyConnection:
    """Open one ledger file directly (creating it if need be, with its schema in place): for
    the writer's private copy, and for tests and scratch work on a file of their own. The faces
    use ``read_ledger`` and ``write_ledger``, never this, on the published ledger."""
    path = home_or_path.spend_ledger if isinstance(home_or_path, Home) else home_or_path
    read_only = read_only and path.is_file()
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    con = open_attached(path, CATALOG, read_only=read_only, memory_limit=memory_limit)
    if not read_only:
        ensure_schema(con)
    return con


def read_ledger(home: Home, memory_limit: str | None = None) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the published ledger (created empty if there is none yet, and
    brought up to the current schema if an older version wrote it). Close it when done."""
    return read_published(home.spend_ledger, CATALOG, ensure_schema, _has_every_table, memory_limit)


WRITER_MEMORY_LIMIT = "2GB"
"""DuckDB's memory for the writer: an import's working tables spill to disk beyond it, so a
ledger of 100 million rows imports in the same memory as one of a million."""


@contextlib.contextmanager
def write_ledger(
    home: Home, memory_limit: str | None = WRITER_MEMORY_LIMIT
) -> Iterator[duckdb.DuckDBPyConnection]:
    """The one writer: waits for any other writer, yields a connection to a private copy of the
    ledger with every table in place, and publishes the copy when the block succeeds (a failed
    block changes nothing). Each import inside still commits or rolls back as a whole."""
    home.spend_ledger.parent.mkdir(parents=True, exist_ok=True)
    with write_published(home.spend_ledger, CATALOG, ensure_schema, memory_limit) as con:
        yield con


def _has_every_table(con: duckdb.DuckDBPyConnection) -> bool:
    expected = {
        statement.split("spend.", 1)[1].split()[0]
        for statement in _every_table()
        if statement.lstrip().startswith("CREATE TABLE")
    }
    found = con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'spend'"
    ).fetchall()
    return expected <= {row[0] for row in found}


@contextlib.contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """All or nothing: the block's changes are committed together or rolled back."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def table_exists(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    row = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = ?",
        [schema, table],
    ).fetchone()
    return bool(row and row[0])


def bodies(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [
        r[0]
        for r in con.execute("SELECT DISTINCT body FROM spend.source_file ORDER BY 1").fetchall()
    ]


def years(con: duckdb.DuckDBPyConnection, bodies: list[str] | None = None) -> list[int]:
    """The calendar years with payments from ``bodies`` (default: every body), latest first."""
    rows = con.execute(
        "SELECT DISTINCT year(paid_on) FROM spend.payment "
        "WHERE $bodies IS NULL OR list_contains($bodies, body) ORDER BY 1 DESC",
        {"bodies": bodies},
    ).fetchall()
    return [int(r[0]) for r in rows]


def files_by_body(con: duckdb.DuckDBPyConnection) -> list[tuple[str, int, int, int, Decimal]]:
    """Each body's imports: (body, files, rows loaded, rows quarantined, money loaded)."""
    rows = con.execute(
        """SELECT body, count(*), sum(rows_loaded), sum(rows_quarantined), sum(amount_loaded)
           FROM spend.source_file GROUP BY body ORDER BY body"""
    ).fetchall()
    return [
        (str(b), int(n), int(loaded), int(held), Decimal(money))
        for b, n, loaded, held, money in rows
    ]


def quarantined_rows(
    con: duckdb.DuckDBPyConnection,
    body: str | None = None,
    file_id: int | None = None,
    skip_blank: bool = False,
    limit: int | None = None,
) -> pd.DataFrame:
    """Rows not loaded, with the reason: ``file``, ``row``, ``column``, ``reason``, ``raw``, in
    file and row order; of one body's files, or of one file (``file_id``), or of every file.
    ``skip_blank`` leaves out blank rows (counted in the totals, of no interest row by row)."""
    return con.execute(
        """SELECT f.file_name AS file, q.row_number AS row, q.column_name AS column,
                  q.reason, q.raw
           FROM spend.quarantine q JOIN spend.source_file f USING (file_id)
           WHERE ($body IS NULL OR f.body = $body) AND ($file_id IS NULL OR q.file_id = $file_id)
             AND NOT ($skip_blank AND q.reason LIKE 'blank row%')
           ORDER BY f.file_name, q.row_number
           LIMIT $limit""",
        {"body": body, "file_id": file_id, "skip_blank": skip_blank, "limit": limit},
    ).df()

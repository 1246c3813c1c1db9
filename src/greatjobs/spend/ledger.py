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
import re
from collections.abc import Iterator
from pathlib import Path

import duckdb

from greatjobs.home import Home
from greatjobs.store.duckdb_store import copy_on_write, exclusive_lock

SCHEMA_SQL = (
    "CREATE SCHEMA IF NOT EXISTS spend",
    """CREATE TABLE IF NOT EXISTS spend.source_file (
        file_id INTEGER PRIMARY KEY,
        body VARCHAR NOT NULL,
        file_name VARCHAR NOT NULL,
        sha256 VARCHAR NOT NULL UNIQUE,
        mapping_used VARCHAR NOT NULL,
        encoding VARCHAR NOT NULL,
        rows_read BIGINT NOT NULL,
        rows_loaded BIGINT NOT NULL,
        rows_quarantined BIGINT NOT NULL,
        amount_read DECIMAL(18,2) NOT NULL,
        amount_loaded DECIMAL(18,2) NOT NULL,
        amount_quarantined DECIMAL(18,2) NOT NULL,
        imported_at TIMESTAMP NOT NULL
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
        reason VARCHAR NOT NULL
    )""",
)


def _every_table() -> tuple[str, ...]:
    """The statements creating every table of the ledger: this module's and supplier
    resolution's (``spend.suppliers.schema``)."""
    from greatjobs.spend.suppliers.schema import DDL

    return (*SCHEMA_SQL, *DDL)


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    for statement in _every_table():
        con.execute(statement)


def open_ledger(
    home_or_path: Home | Path, read_only: bool = False, memory_limit: str | None = None
) -> duckdb.DuckDBPyConnection:
    """Open (creating if need be) the ledger file, with its schema in place.

    The file is attached as catalog ``ledger`` (its own name, ``spend``, would clash with the
    schema ``spend``), and made the default, so ``spend.payment`` means the ledger's table.
    """
    path = home_or_path.spend_ledger if isinstance(home_or_path, Home) else home_or_path
    read_only = read_only and path.is_file()
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    literal = "'" + str(path).replace("'", "''") + "'"
    con.execute(f"ATTACH {literal} AS ledger" + (" (READ_ONLY)" if read_only else ""))
    con.execute("USE ledger")
    if not read_only:
        # Large imports stage in temporary tables, which spill here beyond the memory limit.
        spill = "'" + str(path.with_name(path.name + ".tmp")).replace("'", "''") + "'"
        con.execute(f"SET temp_directory = {spill}")
    if memory_limit:
        con.execute("SELECT current_setting('memory_limit')")  # validates the connection
        con.execute(f"SET memory_limit = '{_size(memory_limit)}'")
    if not read_only:
        ensure_schema(con)
    return con


def read_ledger(home: Home, memory_limit: str | None = None) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the published ledger (created empty if there is none yet, and
    brought up to the current schema if an older version wrote it). Close it when done."""
    path = home.spend_ledger
    if path.is_file():
        con = open_ledger(path, read_only=True, memory_limit=memory_limit)
        if _has_every_table(con):
            return con
        con.close()
    with write_ledger(home):
        pass
    return open_ledger(path, read_only=True, memory_limit=memory_limit)


@contextlib.contextmanager
def write_ledger(
    home: Home, memory_limit: str | None = None
) -> Iterator[duckdb.DuckDBPyConnection]:
    """The one writer: waits for any other writer, yields a connection to a private copy of the
    ledger with every table in place, and publishes the copy when the block succeeds (a failed
    block changes nothing). Each import inside still commits or rolls back as a whole."""
    path = home.spend_ledger
    with exclusive_lock(path):
        if path.with_name(path.name + ".wal").is_file():
            # Left by a writer that opened the file in place (an earlier version): fold it in.
            duckdb.connect(str(path)).close()
        with copy_on_write(path) as staging:
            con = open_ledger(staging, memory_limit=memory_limit)
            try:
                yield con
                con.execute("CHECKPOINT")
            finally:
                con.close()


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


def _size(text: str) -> str:
    if not re.fullmatch(r"\d+(\.\d+)?\s*[KMGT]i?B", text.strip(), re.IGNORECASE):
        raise ValueError(f"Not a memory size such as '3GB': {text!r}")
    return text.strip()


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

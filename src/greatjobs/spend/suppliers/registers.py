"""Registers of organisations in the spend ledger (``spend.register_record``), from the warehouse.

The warehouse's build step (:mod:`greatjobs.spend.suppliers.build`) turns each register it holds
into rows of one shape in ``core.register_record`` (:data:`RECORD_COLUMNS`) and lists them in
``core.register``. :func:`refresh_registers` copies a register into the ledger when its vintage in
``meta.dataset`` changes, streaming it in Arrow batches (Companies House has about 5 million
records), and :func:`loaded_registers` says which registers are loaded.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TypeAlias

import duckdb
import pandas as pd
import pyarrow as pa

from greatjobs.spend.suppliers.build import BATCH_ROWS, RECORD_COLUMNS, REGISTER_QUERIES
from greatjobs.spend.suppliers.schema import ensure_supplier_tables

__all__ = [
    "RECORD_COLUMNS",
    "REGISTER_NAMES",
    "loaded_registers",
    "refresh_registers",
    "register_records",
    "write_register",
]

REGISTER_NAMES = tuple(r.register for r in REGISTER_QUERIES)
Records: TypeAlias = pd.DataFrame | pa.Table | pa.RecordBatchReader
"""Register records in any form DuckDB reads, with :data:`RECORD_COLUMNS`."""


def built_registers(warehouse: duckdb.DuckDBPyConnection) -> list[dict[str, str]]:
    """The registers the warehouse holds, with their provenance (none if it has no
    ``core.register``, as one built before registers were)."""
    found = warehouse.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() "
        "AND schema_name = 'core' AND table_name = 'register'"
    ).fetchone()
    if not found or not found[0]:
        return []
    names = ("register", "dataset_id", "title", "publisher", "vintage", "licence")
    rows = warehouse.execute(
        "SELECT r.register, r.dataset_id, coalesce(r.title, d.title), d.publisher, d.vintage, "
        "d.licence FROM core.register r JOIN meta.dataset d ON d.id = r.dataset_id"
    ).fetchall()
    by_name = {row[0]: dict(zip(names, row, strict=True)) for row in rows}
    return [by_name[r] for r in REGISTER_NAMES if r in by_name]


def register_records(
    warehouse: duckdb.DuckDBPyConnection, register: str, batch_rows: int = BATCH_ROWS
) -> pa.RecordBatchReader:
    """One register's records in the warehouse, read ``batch_rows`` at a time."""
    columns = ", ".join(RECORD_COLUMNS)
    return warehouse.sql(
        f"SELECT {columns} FROM core.register_record WHERE register = $register",  # noqa: S608
        params={"register": register},
    ).to_arrow_reader(batch_rows)


def refresh_registers(
    ledger: duckdb.DuckDBPyConnection,
    warehouse: duckdb.DuckDBPyConnection,
    batch_rows: int = BATCH_ROWS,
) -> list[str]:
    """Load into the ledger every register the warehouse holds whose vintage is new; return the
    registers (re)loaded."""
    ensure_supplier_tables(ledger)
    loaded = []
    for meta in built_registers(warehouse):
        current = ledger.execute(
            "SELECT vintage, dataset_id FROM spend.register_load WHERE register = ?",
            [meta["register"]],
        ).fetchone()
        if current == (meta["vintage"], meta["dataset_id"]):
            continue
        records = register_records(warehouse, meta["register"], batch_rows)
        write_register(ledger, meta["register"], records, meta)
        loaded.append(meta["register"])
    return loaded


def write_register(
    ledger: duckdb.DuckDBPyConnection, register: str, records: Records, meta: dict[str, str]
) -> None:
    """Replace one register's records (and its load record) in one transaction. ``records``
    may be a stream (``pa.RecordBatchReader``): it is read once, batch by batch."""
    ensure_supplier_tables(ledger)
    columns = ", ".join(RECORD_COLUMNS)
    ledger.execute("BEGIN")
    try:
        ledger.execute("DELETE FROM spend.register_record WHERE register = ?", [register])
        ledger.register("__incoming_register", records)
        try:
            ledger.execute(
                f"INSERT INTO spend.register_record ({columns}) SELECT {columns} "  # noqa: S608
                "FROM __incoming_register"
            )
        finally:
            ledger.unregister("__incoming_register")
        count = ledger.execute(
            "SELECT count(*) FROM spend.register_record WHERE register = ?", [register]
        ).fetchone()
        ledger.execute(
            "INSERT OR REPLACE INTO spend.register_load VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                register,
                meta.get("dataset_id", ""),
                meta.get("title"),
                meta.get("publisher"),
                meta.get("vintage"),
                meta.get("licence"),
                count[0] if count else 0,
                datetime.now(UTC).replace(tzinfo=None),
            ],
        )
        ledger.execute("COMMIT")
    except BaseException:
        ledger.execute("ROLLBACK")
        raise


def loaded_registers(ledger: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every known register, whether it is loaded, its vintage and record count."""
    loads = ledger.execute(
        "SELECT register, dataset_id, title, publisher, vintage, licence, records, loaded_at "
        "FROM spend.register_load"
    ).df()
    known = pd.DataFrame({"register": list(REGISTER_NAMES)})
    frame = known.merge(loads, on="register", how="left")
    frame["loaded"] = frame["records"].notna()
    return frame

"""The DuckDB warehouse file: open it for reading, or build a new one and swap it in atomically."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import duckdb

from greatjobs.errors import WarehouseMissingError


def open_read_only(path: Path) -> duckdb.DuckDBPyConnection:
    if not path.is_file():
        raise WarehouseMissingError(
            f"No warehouse at {path}: run `greatjobs data build` first "
            "(or set GREATJOBS_HOME to where it was built)."
        )
    return duckdb.connect(str(path), read_only=True)


@contextlib.contextmanager
def replacing(path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """Yield a connection to a fresh database that replaces ``path`` only if the block succeeds.

    The new file is built beside the old one and moved over it with ``os.replace`` (atomic on
    POSIX), so a reader never sees a half-built warehouse and a failed build leaves the old one.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = path.with_name(f"{path.name}.building-{os.getpid()}")
    _remove(staging)
    con = duckdb.connect(str(staging))
    try:
        yield con
        con.execute("CHECKPOINT")
        con.close()
        os.replace(staging, path)
    except BaseException:
        con.close()
        _remove(staging)
        raise


def _remove(path: Path) -> None:
    for candidate in (path, path.with_name(path.name + ".wal")):
        candidate.unlink(missing_ok=True)


def quote_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'

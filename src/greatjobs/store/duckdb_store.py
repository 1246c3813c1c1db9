"""DuckDB files: open one for reading, build a new one and swap it in atomically, or change a
copy of one and publish the copy.

Concurrency is by design, not by luck: DuckDB lets one process write a file or any number of
processes read it, never both. So a published file is only ever opened read-only (every web
worker and command shares it), and a change is made by one writer at a time (a lock file) on a
private copy that replaces the published file atomically when the change is complete. A reader
sees the file as it was before the change or after it, never half of it.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb

from greatjobs.errors import WarehouseMissingError


def open_attached(
    path: Path, catalog: str, read_only: bool, memory_limit: str | None = None
) -> duckdb.DuckDBPyConnection:
    """A connection to the file as it is now, attached as ``catalog`` and made the default (so
    ``core.place`` means the file's table).

    The file is attached to a database of the connection's own rather than opened by name:
    DuckDB keeps one database per file name in a process, so while any connection to an earlier
    file of that name lived, opening the name again would give the earlier file (a rebuilt or
    republished file would go unseen by a busy web worker). ``cursor()`` connections must
    ``USE`` the catalog themselves (``reader_cursor``). A writable connection spills large
    temporary tables beside the file."""
    con = duckdb.connect()
    con.execute(f"ATTACH {_literal(path)} AS {catalog}" + (" (READ_ONLY)" if read_only else ""))
    con.execute(f"USE {catalog}")
    if not read_only:
        con.execute(f"SET temp_directory = {_literal(path.with_name(path.name + '.tmp'))}")
    if memory_limit:
        con.execute(f"SET memory_limit = '{memory_size(memory_limit)}'")
    return con


def memory_size(text: str) -> str:
    """A DuckDB memory size such as '3GB', checked (it goes into SQL)."""
    if not re.fullmatch(r"\d+(\.\d+)?\s*[KMGT]i?B", text.strip(), re.IGNORECASE):
        raise ValueError(f"Not a memory size such as '3GB': {text!r}")
    return text.strip()


def open_read_only(path: Path) -> duckdb.DuckDBPyConnection:
    """The warehouse, read-only (``open_attached``)."""
    if not path.is_file():
        raise WarehouseMissingError(
            f"No warehouse at {path}: run `greatjobs data build` first "
            "(or set GREATJOBS_HOME to where it was built)."
        )
    return open_attached(path, READER_CATALOG, read_only=True)


READER_CATALOG = "warehouse"


def reader_cursor(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """Another connection to ``open_read_only``'s file, for one thread (cheap: no file I/O)."""
    cursor = con.cursor()
    cursor.execute(f"USE {READER_CATALOG}")
    return cursor


def _literal(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


Schema = Callable[[duckdb.DuckDBPyConnection], None]
"""Creates whatever tables of a file's schema are missing (idempotent)."""


def read_published(
    path: Path,
    catalog: str,
    schema: Schema,
    is_current: Callable[[duckdb.DuckDBPyConnection], bool],
    memory_limit: str | None = None,
) -> duckdb.DuckDBPyConnection:
    """A read-only connection to a published file (one that changes only through
    ``write_published``). A missing file is published empty, and one that ``is_current`` finds
    short of the schema (written by an earlier version) is brought up to it first."""
    if path.is_file():
        con = open_attached(path, catalog, read_only=True, memory_limit=memory_limit)
        if is_current(con):
            return con
        con.close()
    with write_published(path, catalog, schema):
        pass
    return open_attached(path, catalog, read_only=True, memory_limit=memory_limit)


@contextlib.contextmanager
def write_published(
    path: Path, catalog: str, schema: Schema, memory_limit: str | None = None
) -> Iterator[duckdb.DuckDBPyConnection]:
    """The one writer of a published file: waits for any other writer, yields a connection to a
    private copy with its schema in place, and publishes the copy when the block succeeds (a
    failed block changes nothing)."""
    with exclusive_lock(path):
        if path.with_name(path.name + ".wal").is_file():
            # Left by a writer that opened the file in place (an earlier version): fold it in.
            duckdb.connect(str(path)).close()
        with copy_on_write(path) as staging:
            con = open_attached(staging, catalog, read_only=False, memory_limit=memory_limit)
            try:
                schema(con)
                yield con
                con.execute("CHECKPOINT")
            finally:
                con.close()


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


@contextlib.contextmanager
def exclusive_lock(path: Path) -> Iterator[None]:
    """Hold ``<path>.lock`` exclusively: one holder at a time across threads and processes
    (``flock`` locks belong to each opening of the file); others wait their turn."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.with_name(f"{path.name}.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@contextlib.contextmanager
def copy_on_write(path: Path) -> Iterator[Path]:
    """Yield a private copy of ``path`` (or a fresh name if there is none yet) to change; when
    the block succeeds the copy replaces ``path`` atomically, otherwise it is thrown away.

    The caller holds ``exclusive_lock(path)`` and closes every connection to the copy (DuckDB
    checkpoints on close, so the published file never needs a write-ahead log)."""
    staging = path.with_name(f"{path.name}.writing-{os.getpid()}")
    _remove(staging)
    if path.is_file():
        shutil.copyfile(path, staging)
    try:
        yield staging
        with staging.open("rb") as written:
            os.fsync(written.fileno())
        os.replace(staging, path)
    finally:
        _remove(staging)


def _remove(path: Path) -> None:
    for candidate in (path, path.with_name(path.name + ".wal")):
        candidate.unlink(missing_ok=True)


def quote_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'

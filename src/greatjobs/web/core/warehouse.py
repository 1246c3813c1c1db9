"""The analytics warehouse, read by every request through one shared read-only connection.

Each worker process opens the warehouse file once (per build: the file's identity is its version)
and gives each request a cursor of its own; a new build is picked up by the next request, while
requests already reading the old file finish on it.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Hashable, Iterator
from pathlib import Path

import duckdb
from django.conf import settings

from greatjobs.home import Home
from greatjobs.store.duckdb_store import reader_cursor
from greatjobs.warehouse import open_warehouse

_readers: dict[Hashable, duckdb.DuckDBPyConnection] = {}
_lock = threading.Lock()


def current_home() -> Home:
    home = settings.GREATJOBS_HOME
    return home if isinstance(home, Home) else Home(home)


def file_version(path: Path) -> tuple[str, int, int, int]:
    """A file's identity: a file replaced atomically (a new build or import) has a new one."""
    try:
        stat = path.stat()
    except OSError:
        return str(path), 0, 0, 0
    return str(path), stat.st_ino, stat.st_size, stat.st_mtime_ns


def _reader(home: Home) -> duckdb.DuckDBPyConnection:
    version = file_version(home.warehouse)
    with _lock:
        reader = _readers.get(version)
        if reader is None:
            reader = open_warehouse(home)  # raises WarehouseMissingError (a helpful page)
            # An earlier build's reader is dropped: requests still using it keep it alive.
            _readers.clear()
            _readers[version] = reader
    return reader


@contextlib.contextmanager
def request_warehouse() -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to the current warehouse for this request (this thread)."""
    cursor = reader_cursor(_reader(current_home()))
    try:
        yield cursor
    finally:
        cursor.close()

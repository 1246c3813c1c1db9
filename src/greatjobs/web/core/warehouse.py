"""The analytics warehouse, opened read-only for the length of one request."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import duckdb
from django.conf import settings

from greatjobs.home import Home
from greatjobs.warehouse import open_warehouse


def current_home() -> Home:
    home = settings.GREATJOBS_HOME
    return home if isinstance(home, Home) else Home(home)


@contextlib.contextmanager
def request_warehouse() -> Iterator[duckdb.DuckDBPyConnection]:
    """Raises WarehouseMissingError (shown as a helpful page) when it has not been built."""
    con = open_warehouse(current_home())
    try:
        yield con
    finally:
        con.close()

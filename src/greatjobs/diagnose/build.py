"""The diagnose warehouse step: indicator series for every area, and deprivation measures."""

from __future__ import annotations

import duckdb

from greatjobs.diagnose import deprivation, series


def build_tables(con: duckdb.DuckDBPyConnection) -> None:
    series.build_tables(con)
    deprivation.build_tables(con)

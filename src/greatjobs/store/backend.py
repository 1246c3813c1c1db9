"""One SQL code path on two engines: DuckDB (default) and Apache Spark (national scale).

Analyses write SQL that both dialects accept (CTEs, CASE, window functions, ``CAST``, ``:name``
parameters) and run it through a :class:`Backend`: register tables from Arrow or Parquet, execute
SQL, get an Arrow table back. ``SparkBackend`` lives in ``store.spark_store`` and imports pyspark
only when used.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

_PARAM = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")


class Backend(ABC):
    """A SQL engine: register tables, run shared SQL with ``:name`` parameters."""

    dialect: str

    @abstractmethod
    def register_arrow(self, name: str, table: pa.Table) -> None: ...

    @abstractmethod
    def register_parquet(self, name: str, path: Path) -> None: ...

    @abstractmethod
    def execute(self, sql: str, params: dict[str, Any] | None = None) -> pa.Table: ...

    def close(self) -> None:  # noqa: B027 (optional hook)
        """Release what the backend holds; the default holds nothing."""


class DuckDBBackend(Backend):
    dialect = "duckdb"

    def __init__(self, con: duckdb.DuckDBPyConnection | None = None) -> None:
        self.con = con if con is not None else duckdb.connect()
        self._owned = con is None

    def register_arrow(self, name: str, table: pa.Table) -> None:
        self.con.register(name, table)

    def register_parquet(self, name: str, path: Path) -> None:
        # A view cannot take a bound parameter: the path goes in as a quoted literal.
        literal = "'" + str(path).replace("'", "''") + "'"
        self.con.execute(
            f"CREATE OR REPLACE TEMP VIEW {_identifier(name)} AS "  # noqa: S608 (quoted literal)
            f"SELECT * FROM read_parquet({literal})"
        )

    def execute(self, sql: str, params: dict[str, Any] | None = None) -> pa.Table:
        """``:name`` placeholders become DuckDB's ``$name``; values stay bound parameters."""
        text = _PARAM.sub(r"$\1", sql)
        used = set(_PARAM.findall(sql))
        bound = {k: v for k, v in (params or {}).items() if k in used}
        return self.con.sql(text, params=bound or None).to_arrow_table()

    def close(self) -> None:
        if self._owned:
            self.con.close()


def _identifier(name: str) -> str:
    if not re.fullmatch(r"[A-Za-z_]\w*", name):
        raise ValueError(f"Not a table name: {name!r}")
    return name

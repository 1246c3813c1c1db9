"""Where Splink runs: DuckDB (default, in memory) or Apache Spark (local mode or a cluster).

The linkage code takes a :class:`LinkageEngine` and never asks which it is: frames go in through
``db_api.register`` as Arrow and come out as pandas. Spark is imported only when asked for; its
session is built in one place, :func:`greatjobs.store.spark_store.local_spark_session`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import duckdb
import pyarrow as pa

from greatjobs.store.spark_store import local_spark_session

ENGINES = ("duckdb", "spark")


@dataclass
class LinkageEngine:
    """One Splink backend. ``new_api()`` gives a fresh database API for one linkage job."""

    name: str
    spark: Any = None
    threads: int | None = None
    _connections: list[duckdb.DuckDBPyConnection] = field(default_factory=list)

    def new_api(self) -> Any:
        if self.name == "spark":
            from splink.backends.spark import SparkAPI

            return SparkAPI(
                spark_session=self.spark,
                break_lineage_method="persist",
                num_partitions_on_repartition=4,
            )
        from splink.backends.duckdb import DuckDBAPI

        con = duckdb.connect()
        if self.threads:
            con.execute(f"SET threads = {int(self.threads)}")
        self._connections.append(con)
        return DuckDBAPI(connection=con)

    def input(self, table: pa.Table) -> Any:
        """The table as this backend registers it: Arrow for both, since PySpark 4 takes a
        ``pyarrow.Table`` in ``createDataFrame`` (no pandas copy, no pandas type guessing)."""
        return table

    def close(self) -> None:
        for con in self._connections:
            con.close()
        self._connections.clear()


def duckdb_engine(threads: int | None = None) -> LinkageEngine:
    return LinkageEngine("duckdb", threads=threads)


def spark_engine(spark: Any | None = None) -> LinkageEngine:
    """The Spark engine, on the given session or a local one (:func:`local_spark_session`)."""
    return LinkageEngine("spark", spark=spark if spark is not None else local_spark_session())


def make_engine(name: str, spark: Any | None = None) -> LinkageEngine:
    if name not in ENGINES:
        raise ValueError(f"Unknown engine {name!r}: expected one of {', '.join(ENGINES)}.")
    return spark_engine(spark) if name == "spark" else duckdb_engine()

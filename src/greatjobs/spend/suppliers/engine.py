"""Where Splink runs: DuckDB (default, in memory) or Apache Spark (local mode or a cluster).

The linkage code takes a :class:`LinkageEngine` and never asks which it is: frames go in through
``db_api.register`` and come out as pandas. Spark is imported only when asked for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import duckdb
import pyarrow as pa

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
        """A table in the form this backend registers best (Arrow for DuckDB, pandas for Spark)."""
        return table.to_pandas() if self.name == "spark" else table

    def close(self) -> None:
        for con in self._connections:
            con.close()
        self._connections.clear()


def duckdb_engine(threads: int | None = None) -> LinkageEngine:
    return LinkageEngine("duckdb", threads=threads)


def spark_engine(spark: Any | None = None) -> LinkageEngine:
    """The Spark engine, on the given session or a new local one (:func:`local_spark_session`)."""
    return LinkageEngine("spark", spark=spark or local_spark_session())


def local_spark_session(cores: int = 2, memory: str = "2g") -> Any:
    """A local-mode Spark session with Splink's similarity functions (needs Java 17)."""
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    jar = similarity_jar_location()
    session = (
        SparkSession.builder.master(f"local[{cores}]")
        .appName("greatjobs-suppliers")
        .config("spark.jars", jar)
        .config("spark.driver.memory", memory)
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", str(max(cores * 2, 4)))
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    if jar not in session.sparkContext.getConf().get("spark.jars", ""):
        # A session already running without the jar (getOrCreate returned it): add it now.
        session.sql(f"ADD JAR '{jar}'")
    return session


def make_engine(name: str, spark: Any | None = None) -> LinkageEngine:
    if name not in ENGINES:
        raise ValueError(f"Unknown engine {name!r}: expected one of {', '.join(ENGINES)}.")
    return spark_engine(spark) if name == "spark" else duckdb_engine()

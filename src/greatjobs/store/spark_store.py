"""The Spark backend: the same SQL on Apache Spark (local mode here, a cluster for national data).

:func:`local_spark_session` is the one place a Spark session is configured: the spend backend and
supplier linkage (Splink) share it. pyspark is imported only when a session is built, so
``import greatjobs`` works without it (``pip install greatjobs[spark]``; Spark needs Java 17).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from greatjobs.errors import GreatjobsError
from greatjobs.store.backend import Backend, _identifier

if TYPE_CHECKING:
    from pyspark.sql import SparkSession


def local_spark_session(cores: int = 2, memory: str = "2g") -> SparkSession:
    """A local-mode Spark session with Splink's similarity functions, so spend SQL and supplier
    linkage can share it. Spark keeps one session per process: if one is already running,
    ``getOrCreate`` returns it (with its own settings) and the jar is added to it."""
    from splink.backends.spark import similarity_jar_location

    jar = similarity_jar_location()
    session = (
        _session_class()
        .builder.master(f"local[{cores}]")
        .appName("greatjobs")
        .config("spark.jars", jar)
        .config("spark.driver.memory", memory)
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", str(max(2 * cores, 4)))
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .getOrCreate()
    )
    if jar not in (session.sparkContext.getConf().get("spark.jars") or ""):
        # A session already running without the jar (getOrCreate returned it): add it now.
        session.sql(f"ADD JAR '{jar}'")
    return session


def _session_class() -> type[SparkSession]:
    """pyspark's ``SparkSession``, or a clear error when pyspark is not installed."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise GreatjobsError(
            "The Spark engine needs pyspark: pip install 'greatjobs[spark]' (and Java 17)."
        ) from exc
    return SparkSession


class SparkBackend(Backend):
    """Tables go in and results come out as Arrow (PySpark 4), with no pandas in between, so
    DECIMAL, DATE, nullable integers and empty tables keep their types."""

    dialect = "spark"

    def __init__(self, session: SparkSession | None = None, cores: int = 2) -> None:
        # close() stops only a session this backend started: one passed in, or one already
        # running in the process (which getOrCreate would return), belongs to someone else.
        self._owned = session is None and _session_class().getActiveSession() is None
        self.spark = session if session is not None else local_spark_session(cores)

    def register_arrow(self, name: str, table: pa.Table) -> None:
        self.spark.createDataFrame(table).createOrReplaceTempView(_identifier(name))

    def register_parquet(self, name: str, path: Path) -> None:
        self.spark.read.parquet(str(path)).createOrReplaceTempView(_identifier(name))

    def execute(self, sql: str, params: dict[str, Any] | None = None) -> pa.Table:
        used = {k: v for k, v in (params or {}).items() if f":{k}" in sql}
        frame = self.spark.sql(sql, args=used) if used else self.spark.sql(sql)
        return frame.toArrow()

    def close(self) -> None:
        if self._owned:
            self.spark.stop()

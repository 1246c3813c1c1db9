"""The Spark backend: the same SQL on Apache Spark (local mode here, a cluster for national data).

pyspark is imported only when a :class:`SparkBackend` is made, so ``import greatjobs`` works
without it (``pip install greatjobs[spark]``; Spark needs Java 17).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa

from greatjobs.errors import GreatjobsError
from greatjobs.store.backend import Backend, _identifier


class SparkBackend(Backend):
    dialect = "spark"

    def __init__(self, session: Any = None, master: str = "local[2]") -> None:
        if session is None:
            try:
                from pyspark.sql import SparkSession
            except ImportError as exc:  # pragma: no cover - depends on the install
                raise GreatjobsError(
                    "The Spark engine needs pyspark: pip install 'greatjobs[spark]' (and Java 17)."
                ) from exc
            from splink.backends.spark import similarity_jar_location

            session = (
                SparkSession.builder.master(master)
                .appName("greatjobs")
                # Splink's string-similarity functions, so supplier linkage can share the session.
                .config("spark.jars", similarity_jar_location())
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.sql.execution.arrow.pyspark.enabled", "true")
                .config("spark.sql.session.timeZone", "UTC")
                .getOrCreate()
            )
        self.spark = session

    def register_arrow(self, name: str, table: pa.Table) -> None:
        frame = self.spark.createDataFrame(table.to_pandas()) if table.num_rows else None
        if frame is None:
            schema = ", ".join(f"`{f.name}` {_spark_type(f.type)}" for f in table.schema)
            frame = self.spark.createDataFrame([], schema)
        frame.createOrReplaceTempView(_identifier(name))

    def register_parquet(self, name: str, path: Path) -> None:
        self.spark.read.parquet(str(path)).createOrReplaceTempView(_identifier(name))

    def execute(self, sql: str, params: dict[str, Any] | None = None) -> pa.Table:
        used = {k: v for k, v in (params or {}).items() if f":{k}" in sql}
        frame = self.spark.sql(sql, args=used) if used else self.spark.sql(sql)
        return pa.Table.from_pandas(frame.toPandas(), preserve_index=False)

    def close(self) -> None:
        self.spark.stop()


def _spark_type(arrow_type: pa.DataType) -> str:
    if pa.types.is_integer(arrow_type):
        return "BIGINT"
    if pa.types.is_floating(arrow_type):
        return "DOUBLE"
    if pa.types.is_decimal(arrow_type):
        return f"DECIMAL({arrow_type.precision},{arrow_type.scale})"
    if pa.types.is_boolean(arrow_type):
        return "BOOLEAN"
    if pa.types.is_date(arrow_type):
        return "DATE"
    return "STRING"

"""The Spark backend gives the same metrics as DuckDB on the same ledger (one local session)."""

from __future__ import annotations

import os
import shutil
from decimal import Decimal

import pytest
from test_spend_metrics import PLACE, make_ledger

from greatjobs.spend.report import spend_report
from greatjobs.store.backend import DuckDBBackend

pytestmark = [pytest.mark.spark, pytest.mark.slow]


@pytest.fixture(scope="session")
def spark_backend():
    pytest.importorskip("pyspark")
    if shutil.which("java") is None:
        # Skipped on a developer machine without Java; CI has Java 17, so there it must run.
        (pytest.fail if os.environ.get("CI") else pytest.skip)("Spark needs Java 17")
    from greatjobs.store.spark_store import SparkBackend

    backend = SparkBackend(master="local[2]")
    yield backend
    backend.close()


def _normalised(frame):
    return [
        {
            k: (Decimal(str(v)).quantize(Decimal("0.01")) if isinstance(v, Decimal) else v)
            for k, v in row.items()
        }
        for row in frame.to_dict("records")
    ]


def test_spark_and_duckdb_agree(tmp_path, spark_backend):
    con = make_ledger(tmp_path / "spend.duckdb")
    duck = spend_report(con, DuckDBBackend(con), ["Anchor"], 2023, PLACE)
    spark = spend_report(con, spark_backend, ["Anchor"], 2023, PLACE)
    assert spark.engine == "spark" and duck.engine == "duckdb"
    assert _normalised(spark.headline) == _normalised(duck.headline)
    assert _normalised(spark.leakage) == _normalised(duck.leakage)
    assert _normalised(spark.exclusions) == _normalised(duck.exclusions)
    assert spark.top_suppliers.supplier.tolist() == duck.top_suppliers.supplier.tolist()
    assert spark.lm3["lm3"] == pytest.approx(duck.lm3["lm3"])
    assert spark.lm3["r3_gbp"] == duck.lm3["r3_gbp"] == Decimal("262.00")

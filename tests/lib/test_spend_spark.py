"""The Spark backend gives the same metrics as DuckDB on the same ledger (one local session)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pyarrow as pa
import pytest
from test_spend_metrics import PLACE, make_ledger, make_two_anchors

from greatjobs.spend.report import spend_report
from greatjobs.store.backend import DuckDBBackend
from greatjobs.store.spark_store import SparkBackend

pytestmark = [pytest.mark.spark, pytest.mark.slow]


@pytest.fixture()
def spark_backend(spark_session) -> SparkBackend:
    """A backend on the shared session: it did not start the session, so close() leaves it."""
    return SparkBackend(session=spark_session)


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


def test_spark_and_duckdb_agree_on_the_anchors_as_one_buyer(tmp_path, spark_backend):
    con = make_two_anchors(tmp_path / "spend.duckdb")
    spark = spend_report(con, spark_backend, None, None, PLACE)
    duck = spend_report(con, DuckDBBackend(con), None, None, PLACE)
    assert _normalised(spark.anchors) == _normalised(duck.anchors)
    assert _normalised(spark.shared) == _normalised(duck.shared)
    con.close()


def test_arrow_round_trip_keeps_types_and_empty_tables(spark_backend):
    # Arrow in and out with no pandas between: money stays DECIMAL(18,2), dates stay dates,
    # nullable integers stay integers, and an empty table keeps its schema.
    table = pa.table(
        {
            "amount": pa.array([Decimal("12.34"), None], pa.decimal128(18, 2)),
            "paid_on": pa.array([date(2023, 4, 1), None], pa.date32()),
            "supplier": pa.array(["Acme Ltd", None], pa.string()),
            "decile": pa.array([3, None], pa.int64()),
        }
    )
    spark_backend.register_arrow("round_trip", table)
    assert spark_backend.execute("SELECT * FROM round_trip").equals(table)
    spark_backend.register_arrow("round_trip_empty", table.schema.empty_table())
    empty = spark_backend.execute("SELECT * FROM round_trip_empty")
    assert empty.num_rows == 0 and empty.schema.equals(table.schema)


def test_close_leaves_a_session_the_backend_did_not_start(spark_session):
    SparkBackend(session=spark_session).close()
    SparkBackend().close()  # joins the running session (getOrCreate), so does not own it either
    assert spark_session.range(1).count() == 1

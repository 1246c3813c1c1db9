"""Supplier linkage runs on Apache Spark (local mode) through the same code as on DuckDB."""

from __future__ import annotations

import pandas as pd
import pytest

from greatjobs.spend.suppliers import normalise_supplier_name
from greatjobs.spend.suppliers.engine import duckdb_engine, spark_engine
from greatjobs.spend.suppliers.linkage import link_suppliers
from greatjobs.spend.suppliers.synthetic import synthetic_ledger, synthetic_register

pytestmark = [pytest.mark.spark, pytest.mark.slow]


def test_spark_finds_the_same_links_with_the_same_weights_as_duckdb(spark_session) -> None:
    register = synthetic_register(300, seed=5)
    register["name_normalised"] = register["name"].map(normalise_supplier_name)
    ledger = synthetic_ledger(register, matching=40, unmatched=10, seed=6)
    suppliers = pd.DataFrame(
        {
            "supplier_key": [f"k{i}" for i in range(len(ledger))],
            "name_normalised": ledger["supplier_name"].map(normalise_supplier_name),
        }
    )
    on_duckdb = link_suppliers(duckdb_engine(), suppliers, register)
    on_spark = link_suppliers(spark_engine(spark_session), suppliers, register)
    key = ["supplier_key", "register", "register_id"]
    duck = on_duckdb.sort_values(key).reset_index(drop=True)
    spark = on_spark.sort_values(key).reset_index(drop=True)
    assert len(duck) >= 35
    pd.testing.assert_frame_equal(duck[key], spark[key])
    assert (duck["match_weight"] - spark["match_weight"]).abs().max() < 1e-6
    assert list(duck["levels"]) == list(spark["levels"])

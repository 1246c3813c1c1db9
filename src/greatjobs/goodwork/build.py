"""The good-work warehouse step: Census 2021 economic activity of residents, typed.

* ``core.census_economic_activity(area_code, area_name, category, residents, dataset_id)``:
  Census 2021 TS066 (usual residents aged 16+ by economic activity status), counts only, by
  ``C2021_EASTAT_20`` category code; from the district table fetched by ``greatjobs data update``
  (:data:`CENSUS_LIVE`) where present, otherwise the bundled one (:data:`CENSUS_SNAPSHOT`).
"""

from __future__ import annotations

import duckdb

from greatjobs.store.duckdb_store import quote_identifier
from greatjobs.warehouse import BuildContext

CENSUS_SNAPSHOT = "census2021_ts066_economic_activity_utla_nomis"
CENSUS_LIVE = "nomis_census2021_ts066_economic_activity_ltla23"


def build_tables(build: BuildContext) -> None:
    """The ``goodwork`` build step (see the module docstring for the table)."""
    dataset = CENSUS_LIVE if _has_raw_table(build.con, CENSUS_LIVE) else CENSUS_SNAPSHOT
    build.con.execute(
        f"""
        CREATE TABLE core.census_economic_activity AS
        SELECT GEOGRAPHY_CODE AS area_code, GEOGRAPHY_NAME AS area_name,
               C2021_EASTAT_20 AS category, TRY_CAST(OBS_VALUE AS DOUBLE) AS residents,
               ? AS dataset_id
        FROM raw.{quote_identifier(dataset)} WHERE MEASURES_NAME = 'Value'
        """,  # noqa: S608
        [dataset],
    )


def _has_raw_table(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    row = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'raw' AND table_name = ?",
        [table],
    ).fetchone()
    return bool(row and row[0])

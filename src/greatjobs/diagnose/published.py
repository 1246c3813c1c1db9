"""Published figures as tidy ``core`` tables, the first part of the diagnose build step.

* ``core.indicator_value``: every series of the ONS Explore Local Statistics datasets that the
  indicator catalogue's ``els`` entries name, one row per indicator x area x period, with the
  publisher's 95% confidence interval where given.
* ``core.imd_lsoa``: English Indices of Deprivation by LSOA: 2019 on 2011 LSOAs, 2025 on 2021 LSOAs
  (decile 1 = the most deprived 10% of LSOAs in England).
"""

from __future__ import annotations

import duckdb

from greatjobs.diagnose.catalogue import Indicator
from greatjobs.geography import Place, area_children
from greatjobs.store.duckdb_store import quote_identifier
from greatjobs.warehouse import BuildContext


def els_datasets(indicators: list[Indicator]) -> list[str]:
    """The Explore Local Statistics datasets the catalogue reads, in catalogue order."""
    found = [d for i in indicators if i.reader == "els" for d in i.datasets]
    return list(dict.fromkeys(found))


ELS_SELECT = """
    SELECT ? AS dataset_id, indicator, areacd AS area_code, areanm AS area_name, geography, period,
           CAST(split_part(period, '/', 1) AS DATE) AS period_start,
           split_part(period, '/', 2) AS period_length,
           TRY_CAST(observation AS DOUBLE) AS value,
           TRY_CAST(lci_95 AS DOUBLE) AS lci_95, TRY_CAST(uci_95 AS DOUBLE) AS uci_95,
           measure, unit, status, notes
    FROM raw.{table}
"""


def build_tables(build: BuildContext, indicators: list[Indicator]) -> None:
    """``core.indicator_value`` and ``core.imd_lsoa`` (see the module docstring)."""
    con = build.con
    datasets = els_datasets(indicators)
    selects = [ELS_SELECT.format(table=quote_identifier(d)) for d in datasets]
    con.execute("CREATE TABLE core.indicator_value AS " + " UNION ALL ".join(selects), datasets)
    con.execute(
        """
        CREATE TABLE core.imd_lsoa AS
        SELECT 2019 AS edition, '2011' AS lsoa_vintage, lsoa_code,
               CAST(IMD_decile AS INTEGER) AS imd_decile, CAST(IMD_rank AS INTEGER) AS imd_rank,
               NULL::DOUBLE AS imd_score,
               CAST(Income_decile AS INTEGER) AS income_decile,
               CAST(Employment_decile AS INTEGER) AS employment_decile,
               CAST(Education_decile AS INTEGER) AS education_decile
        FROM raw.imd2019_england_lsoa11
        UNION ALL
        SELECT 2025, '2021', lsoa21_code,
               CAST(IMD_decile AS INTEGER), CAST(IMD_rank AS INTEGER),
               CAST(IMD_score AS DOUBLE),
               CAST(Income_decile AS INTEGER), CAST(Employment_decile AS INTEGER),
               CAST(Education_decile AS INTEGER)
        FROM raw.iod2025_england_lsoa21
        """
    )


def latest_value(
    con: duckdb.DuckDBPyConnection, indicator: str, area_code: str
) -> tuple[str, float | None, float | None, float | None, str, str] | None:
    """The latest (period, value, lci, uci, unit, dataset_id) of an indicator for an area."""
    row = con.execute(
        """
        SELECT period, value, lci_95, uci_95, unit, dataset_id FROM core.indicator_value
        WHERE indicator = ? AND area_code = ? AND value IS NOT NULL
        ORDER BY period_start DESC LIMIT 1
        """,
        [indicator, area_code],
    ).fetchone()
    return None if row is None else (row[0], row[1], row[2], row[3], row[4], row[5])


def lsoa_deciles(con: duckdb.DuckDBPyConnection, place: Place, edition: int = 2025) -> list[int]:
    """IMD deciles of every 2021 LSOA in the place's districts (decile 1: the most deprived
    10% in England)."""
    codes = [
        lsoa.code
        for district in place.districts
        for lsoa in area_children(con, district.code, "lsoa21", "lad")
    ]
    rows = con.execute(
        "SELECT imd_decile FROM core.imd_lsoa WHERE edition = ? AND list_contains(?, lsoa_code)",
        [edition, codes],
    ).fetchall()
    return [int(r[0]) for r in rows if r[0] is not None]

"""The impact warehouse step: the IO tables, the SIC to IOAT lookup and employment by IOAT industry.

Tables written:

* ``core.ioat_industry``, ``core.ioat_matrix``, ``core.ioat_value``: the ONS IOATs 2019, from the
  workbook in the build's catalogue (see :mod:`greatjobs.impact.ioat`);
* ``core.ioat_sic_lookup(sic_code, ioat_code)``: the IOAT industry of each SIC 2007 division, group
  or class in :data:`BRES_IOAT_LOOKUP` (codes spelt as in the IOATs: ``F41, F42 & F43``);
* ``core.ioat_division_share(division, ioat_code, share)``: how each SIC division is shared among
  IOAT industries (shares sum to 1): a division split across IOAT industries (e.g. 20 into
  C20A/B/C and C203-C205) in proportion to Great Britain employment in its 3- and 4-digit codes,
  equally if it has none;
* ``core.ioat_employment(area_code, area_level, year, dataset_id, ioat_code, employment)``: BRES
  employment (employees plus working owners) by IOAT industry, from ``core.sector_employment``
  (so the BRES datasets and their reading are the sectors step's):

  - Great Britain 2021 (``country``, :data:`~greatjobs.sectors.build.BRES_GB`), summed over the
    lookup's SIC codes (L68A, imputed rent of owner-occupiers, has none and gets 0);
  - the 40 NUTS 2016 level-2 regions of Great Britain, 2021 (``nuts2``,
    :data:`~greatjobs.sectors.build.BRES_NUTS2`), divisions shared by ``ioat_division_share``
    (98 and 99, households' own use and extraterritorial bodies, have no IOAT industry);
  - when ``greatjobs data update`` has fetched it, districts (``lad``) in the latest year of the
    live release (:data:`~greatjobs.sectors.build.BRES_LIVE`), shared the same way.

Every industry has a row for every area (zeros included).
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from greatjobs.errors import DataError
from greatjobs.impact.ioat import BRES_IOAT_LOOKUP, IOAT_DATASET, PRIMARY_ROWS, IOTables
from greatjobs.impact.ioat_workbook import read_workbook
from greatjobs.sectors.build import BRES_GB, BRES_LIVE, BRES_NUTS2
from greatjobs.store.duckdb_store import quote_identifier
from greatjobs.warehouse import BuildContext

EMPLOYMENT_YEAR = 2021
"""The BRES year matched to the 2019 IOATs (the bundled Great Britain release is 2021's)."""
GREAT_BRITAIN = "K03000001"


def build_tables(build: BuildContext) -> None:
    """The ``impact`` build step (see the module docstring for the tables)."""
    con = build.con
    tables = read_workbook(build.file(IOAT_DATASET), build.catalogue.get(IOAT_DATASET))
    _write_ioat(con, tables)
    lookup = _sic_lookup(con, tables)
    _create(
        con,
        "ioat_sic_lookup",
        "sic_code VARCHAR PRIMARY KEY, ioat_code VARCHAR",
        lookup[["sic", "code"]],
    )
    shares = _division_shares(lookup, tables)
    long_shares = shares.reset_index().melt("division", var_name="ioat_code", value_name="share")
    _create(
        con,
        "ioat_division_share",
        "division VARCHAR, ioat_code VARCHAR, share DOUBLE",
        long_shares[long_shares["share"] > 0],
    )
    national = pd.DataFrame(
        [_national_employment(lookup, tables)],
        index=pd.Index([GREAT_BRITAIN], name="area_code"),
        columns=list(tables.codes),
    )
    parts = [
        _long(national, "country", EMPLOYMENT_YEAR, BRES_GB),
        _long(_nuts2_employment(con, shares), "nuts2", EMPLOYMENT_YEAR, BRES_NUTS2),
    ]
    live = _district_employment(con, shares)
    if live is not None:
        parts.append(_long(live[0], "lad", live[1], BRES_LIVE))
    _create(
        con,
        "ioat_employment",
        "area_code VARCHAR, area_level VARCHAR, year INTEGER, dataset_id VARCHAR, "
        "ioat_code VARCHAR, employment DOUBLE",
        pd.concat(parts, ignore_index=True),
    )


def _create(con: duckdb.DuckDBPyConnection, table: str, columns: str, frame: pd.DataFrame) -> None:
    """``core.<table>`` with ``columns`` (SQL definitions), filled from ``frame`` in order."""
    name = f"core.{quote_identifier(table)}"
    con.execute(f"CREATE TABLE {name} ({columns})")
    con.register("_impact_frame", frame)
    try:
        con.execute(f"INSERT INTO {name} SELECT * FROM _impact_frame")  # noqa: S608
    finally:
        con.unregister("_impact_frame")


def _write_ioat(con: duckdb.DuckDBPyConnection, tables: IOTables) -> None:
    codes = list(tables.codes)
    n = len(codes)
    _create(
        con,
        "ioat_industry",
        "position INTEGER, code VARCHAR PRIMARY KEY, name VARCHAR",
        pd.DataFrame({"position": range(n), "code": codes, "name": list(tables.names)}),
    )
    matrices = [
        pd.DataFrame(
            {
                "matrix": name,
                "row_code": np.repeat(codes, n),
                "column_code": np.tile(codes, n),
                "value": matrix.ravel(),
            }
        )
        for name, matrix in (("Z", tables.Z), ("A", tables.published_A), ("L", tables.published_L))
    ]
    _create(
        con,
        "ioat_matrix",
        "matrix VARCHAR, row_code VARCHAR, column_code VARCHAR, value DOUBLE",
        pd.concat(matrices, ignore_index=True),
    )
    parts: dict[str, pd.DataFrame] = {
        "output": pd.DataFrame({"P1": tables.output}),
        "primary": pd.DataFrame({key: tables.primary[key] for key in PRIMARY_ROWS}),
        "final_demand": tables.final_demand,
        "effects": tables.published_effects,
        "multipliers": tables.published_multipliers,
    }
    values = [
        pd.DataFrame(
            {"part": part, "item": item, "code": codes, "value": frame[item].to_numpy(float)}
        )
        for part, frame in parts.items()
        for item in frame.columns
    ]
    _create(
        con,
        "ioat_value",
        "part VARCHAR, item VARCHAR, code VARCHAR, value DOUBLE",
        pd.concat(values, ignore_index=True),
    )


def _sic_lookup(con: duckdb.DuckDBPyConnection, tables: IOTables) -> pd.DataFrame:
    """The lookup's rows (``sic``, ``code``) with Great Britain 2021 employment in each SIC code."""
    lookup = f"raw.{quote_identifier(BRES_IOAT_LOOKUP)}"
    frame = con.execute(
        f"SELECT trim(bres_industry) AS sic, trim(iaot_industry_code) AS code FROM {lookup}"  # noqa: S608
    ).df()
    frame["code"] = [" ".join(str(c).split()) for c in frame["code"]]  # 'F41, F42  & F43'
    gb = con.execute(
        "SELECT trim(sic_code) AS sic, employment FROM core.sector_employment "
        "WHERE dataset_id = ? AND year = ?",
        [BRES_GB, EMPLOYMENT_YEAR],
    ).df()
    rows = frame.merge(gb, on="sic", how="left")
    if len(rows) != len(frame) or frame["sic"].duplicated().any():
        raise DataError(f"{BRES_IOAT_LOOKUP}: a SIC code is listed, or published, twice.")
    missing = rows.loc[rows["employment"].isna() & rows["sic"].str.isdigit(), "sic"].tolist()
    if missing:
        raise DataError(f"{BRES_GB}: no 2021 employment for SIC codes {missing} in the lookup.")
    unknown = sorted(set(rows["code"]) - set(tables.codes))
    if unknown:
        raise DataError(f"{BRES_IOAT_LOOKUP}: IOAT codes {unknown} are not in the IOATs.")
    return rows


def _national_employment(lookup: pd.DataFrame, tables: IOTables) -> list[float]:
    """Great Britain employment by IOAT industry, summed over the lookup's SIC codes."""
    by_code = lookup.groupby("code")["employment"].sum(min_count=1).fillna(0.0)
    return [float(by_code.get(c, 0.0)) for c in tables.codes]


def _division_shares(lookup: pd.DataFrame, tables: IOTables) -> pd.DataFrame:
    """Share of each SIC division's employment in each IOAT industry (rows sum to 1)."""
    rows = lookup.assign(division=lookup["sic"].str[:2])
    rows = rows[rows["division"].str.isdigit()]
    rows = rows.assign(employment=rows["employment"].fillna(0.0))
    divisions = sorted(rows["division"].unique())
    d_idx = {d: i for i, d in enumerate(divisions)}
    c_idx = {c: i for i, c in enumerate(tables.codes)}
    emp = np.zeros((len(divisions), len(tables.codes)))
    present = np.zeros_like(emp)
    for division, code, employment in rows[["division", "code", "employment"]].itertuples(
        index=False
    ):
        emp[d_idx[division], c_idx[code]] += employment
        present[d_idx[division], c_idx[code]] = 1.0
    totals = emp.sum(axis=1, keepdims=True)
    equal = present / present.sum(axis=1, keepdims=True)
    shares_ = np.where(totals > 0, emp / np.where(totals > 0, totals, 1.0), equal)
    return pd.DataFrame(
        shares_,
        index=pd.Index(divisions, name="division"),
        columns=pd.Index(tables.codes, name="ioat_code"),
    )


def _by_ioat(counts: pd.DataFrame, area: str, shares: pd.DataFrame) -> pd.DataFrame:
    """Employment by division (long: ``area``, ``division``, ``employment``) to areas (rows) by
    IOAT industry (columns)."""
    wide = counts.pivot_table(index=area, columns="division", values="employment", aggfunc="sum")
    wide = wide.reindex(columns=shares.index, fill_value=0.0).fillna(0.0)
    return wide @ shares


def _nuts2_employment(con: duckdb.DuckDBPyConnection, shares: pd.DataFrame) -> pd.DataFrame:
    counts = con.execute(
        "SELECT area_code AS region, sic_code AS division, employment FROM core.sector_employment"
        " WHERE dataset_id = ? AND year = ?",
        [BRES_NUTS2, EMPLOYMENT_YEAR],
    ).df()
    if counts.empty or counts["employment"].isna().any():
        raise DataError(f"{BRES_NUTS2}: {EMPLOYMENT_YEAR} counts are missing or not numbers.")
    return _by_ioat(counts, "region", shares)


def _district_employment(
    con: duckdb.DuckDBPyConnection, shares: pd.DataFrame
) -> tuple[pd.DataFrame, int] | None:
    """Live district BRES by IOAT industry, and its (latest) year; None if it was not fetched."""
    counts = con.execute(
        "SELECT area_code AS district, sic_code AS division, year, employment"
        " FROM core.sector_employment WHERE dataset_id = ? AND area_level = 'lad'",
        [BRES_LIVE],
    ).df()
    if counts.empty:
        return None
    year = int(counts["year"].max())
    return _by_ioat(counts[counts["year"] == year], "district", shares), year


def _long(wide: pd.DataFrame, level: str, year: int, dataset_id: str) -> pd.DataFrame:
    """Areas (rows) by IOAT industry (columns) as rows of ``core.ioat_employment``."""
    frame = wide.rename_axis(index="area_code", columns=None).reset_index()
    frame = frame.melt("area_code", var_name="ioat_code", value_name="employment")
    return frame.assign(area_level=level, year=year, dataset_id=dataset_id)[
        ["area_code", "area_level", "year", "dataset_id", "ioat_code", "employment"]
    ]

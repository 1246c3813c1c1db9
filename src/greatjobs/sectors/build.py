"""The sectors warehouse step: sector definitions, employment and GVA by industry, typed.

Tables written (besides those of :mod:`greatjobs.sectors.definitions`):

* ``core.sector_employment(area_code, area_name, area_level, year, sic_code, sic_level,
  employment, dataset_id)``: BRES employment (employees plus working owners; the one reading of
  the BRES datasets, which the impact step builds on) from

  - ``raw."bres_itl2_nuts2016_employment_2digit_sic_2015_2021"``: the 40 NUTS 2016 level-2 areas
    of Great Britain (``area_level = 'nuts2'``; ITL2 2021 codes are the same with ``TL`` for
    ``UK``: UKD7 Merseyside = TLD7), by division, 2015 to 2021;
  - ``raw."nomis_bres2021_gb_by_sic_ioat_levels"``: Great Britain 2021 (``'country'``), published
    by division except 13 divisions split into groups or classes for the input-output tables;
    those divisions are the sums of their published parts (they partition the division), and the
    parts are kept at their own ``sic_level``;
  - when refreshed live, ``raw."nomis_bres_employment_by_sic_division_la_ca"`` (Nomis NM_189_1,
    employment status 4, employment): districts (``'lad'``), combined authorities (``'cauth'``),
    regions (``'region'``) and countries (``'country'``), by division, latest year.

* ``core.sector_gva(area_code, area_name, year, sic_code, sic_name, prices, gva_millions)``: ONS
  regional GVA (balanced) by industry for the 179 ITL3 areas, 1998-2021, ``prices`` ``'current'``
  (Table 3c, additive) or ``'chained_volume_2019'`` (Table 3b, not additive across industries or
  areas); ``sic_code`` is the published code without its division range (``C (10-33)`` -> ``C``).
* ``core.gva_industry(sic_code, sic_name, divisions, section_partition, detailed_partition)``: the
  divisions each GVA industry covers, and the two sets of industries that add up to the total.
* ``core.sector_area_district(area_code, area_name, area_level, lad_code)``: which current
  English districts make up each English NUTS2 (BRES), ITL3 (GVA) and NUTS1 area, from the ONS
  LAD (Dec 2018) to NUTS (Jan 2018) lookup and the district successions in
  ``core.lad_successor``.
"""

from __future__ import annotations

import re

import duckdb

from greatjobs.errors import DataError
from greatjobs.sectors.definitions import build_definition_tables
from greatjobs.warehouse import BuildContext

BRES_NUTS2 = "bres_itl2_nuts2016_employment_2digit_sic_2015_2021"
BRES_GB = "nomis_bres2021_gb_by_sic_ioat_levels"
BRES_LIVE = "nomis_bres_employment_by_sic_division_la_ca"
GVA_TABLES = {
    "current": "ons_regional_gva_by_industry_table3c_itl3_current_prices",
    "chained_volume_2019": "ons_regional_gva_by_industry_table3b_itl3_chained_volume",
}
LAD_NUTS = "ons_lad18_lau1_nuts3_nuts2_nuts1_lookup_uk"

ITL3_2021_CHANGES = {"E06000058": "TLK24", "E06000059": "TLK25"}
"""Where ITL3 (January 2021) differs from NUTS3 (2016/2018) in England: the 2019 Dorset
reorganisation replaced UKK21 Bournemouth and Poole and UKK22 Dorset CC by TLK24 Bournemouth,
Christchurch and Poole and TLK25 Dorset. Every other English ITL3 code is its NUTS3 code with
``TL`` for ``UK`` (checked when the table is built)."""

LIVE_LEVELS = (
    ("E06", "lad"), ("E07", "lad"), ("E08", "lad"), ("E09", "lad"), ("W06", "lad"),
    ("S12", "lad"), ("E47", "cauth"), ("E12", "region"), ("E92", "country"),
    ("W92", "country"), ("S92", "country"), ("K03", "country"), ("K04", "country"),
)  # fmt: skip


def build_tables(build: BuildContext) -> None:
    """The ``sectors`` build step (see the module docstring for the tables)."""
    con = build.con
    build_definition_tables(con)
    _build_area_districts(con)
    _build_employment(con)
    _build_gva(con)


def _build_area_districts(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        f"""
        CREATE TEMP TABLE _lad_nuts AS
        SELECT DISTINCT s.current_code AS lad_code, l.NUTS318CD AS nuts3, l.NUTS218CD AS nuts2,
               l.NUTS218NM AS nuts2_name, l.NUTS118CD AS nuts1, l.NUTS118NM AS nuts1_name
        FROM raw.{LAD_NUTS} l JOIN core.lad_successor s ON s.old_code = l.LAD18CD
        WHERE l.LAD18CD LIKE 'E%'
        """  # noqa: S608
    )
    con.execute("CREATE TEMP TABLE _itl3_change (lad_code VARCHAR, itl3 VARCHAR)")
    con.executemany("INSERT INTO _itl3_change VALUES (?, ?)", list(ITL3_2021_CHANGES.items()))
    con.execute(
        f"""
        CREATE TABLE core.sector_area_district AS
        SELECT DISTINCT nuts2 AS area_code, nuts2_name AS area_name, 'nuts2' AS area_level, lad_code
        FROM _lad_nuts
        UNION ALL
        SELECT DISTINCT nuts1, nuts1_name, 'nuts1', lad_code FROM _lad_nuts
        UNION ALL
        SELECT DISTINCT i.itl3, g."ITL region name", 'itl3', i.lad_code
        FROM (SELECT n.lad_code, coalesce(c.itl3, 'TL' || substr(n.nuts3, 3)) AS itl3
              FROM _lad_nuts n LEFT JOIN _itl3_change c USING (lad_code)) i
        LEFT JOIN (SELECT DISTINCT "ITL region code", "ITL region name"
                   FROM raw.{GVA_TABLES["current"]}) g ON g."ITL region code" = i.itl3
        """  # noqa: S608
    )
    missing = con.execute(
        "SELECT list(DISTINCT area_code) FROM core.sector_area_district "
        "WHERE area_level = 'itl3' AND area_name IS NULL"
    ).fetchone()
    if missing and missing[0]:
        raise DataError(f"ITL3 codes not in the regional GVA tables: {', '.join(missing[0])}.")


def _table_exists(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    row = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE schema_name = ? AND table_name = ?",
        [schema, table],
    ).fetchone()
    return bool(row and row[0])


def _build_employment(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        f"""
        CREATE TABLE core.sector_employment AS
        SELECT GEOGRAPHY_CODE AS area_code, GEOGRAPHY_NAME AS area_name, 'nuts2' AS area_level,
               CAST(DATE AS INTEGER) AS year, INDUSTRY_CODE AS sic_code,
               'division' AS sic_level, CAST(COUNT AS DOUBLE) AS employment,
               ? AS dataset_id
        FROM raw.{BRES_NUTS2}
        """,  # noqa: S608
        [BRES_NUTS2],
    )
    con.execute(
        f"""
        CREATE TEMP TABLE _gb AS
        SELECT GEOGRAPHY_CODE AS area_code, GEOGRAPHY_NAME AS area_name,
               CAST(DATE AS INTEGER) AS year, INDUSTRY_CODE AS sic_code,
               CAST(OBS_VALUE AS DOUBLE) AS employment
        FROM raw.{BRES_GB} WHERE EMPLOYMENT_STATUS_NAME = 'Employment'
        """  # noqa: S608
    )
    con.execute(
        """
        INSERT INTO core.sector_employment
        SELECT area_code, area_name, 'country', year, sic_code,
               CASE length(sic_code) WHEN 2 THEN 'division' WHEN 3 THEN 'group'
                    ELSE 'class' END, employment, ?
        FROM _gb
        UNION ALL
        SELECT any_value(area_code), any_value(area_name), 'country', year, left(sic_code, 2),
               'division', sum(employment), ?
        FROM _gb WHERE length(sic_code) > 2
        GROUP BY year, left(sic_code, 2)
        """,
        [BRES_GB, BRES_GB],
    )
    if _table_exists(con, "raw", BRES_LIVE):
        con.execute("CREATE TEMP TABLE _live_level (prefix VARCHAR, level VARCHAR)")
        con.executemany("INSERT INTO _live_level VALUES (?, ?)", list(LIVE_LEVELS))
        con.execute(
            f"""
            INSERT INTO core.sector_employment
            SELECT b.GEOGRAPHY_CODE, b.GEOGRAPHY_NAME, coalesce(l.level, 'other'),
                   CAST(left(b.DATE, 4) AS INTEGER), b.INDUSTRY_CODE, 'division',
                   TRY_CAST(b.OBS_VALUE AS DOUBLE), ?
            FROM raw.{BRES_LIVE} b
            LEFT JOIN _live_level l ON l.prefix = left(b.GEOGRAPHY_CODE, 3)
            WHERE b.EMPLOYMENT_STATUS = '4' AND b.MEASURES = '20100'
            """,  # noqa: S608
            [BRES_LIVE],
        )


SECTION_PARTITION = ("AB", "C", "DE", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O", "P",
                     "Q", "R", "S", "T")  # fmt: skip
"""The GVA industries that add up to the total at (near) section level: ONS publishes A with B
and D with E combined, and U (extraterritorial) is outside regional GVA."""


def _build_gva(con: duckdb.DuckDBPyConnection) -> None:
    selects = []
    for prices, dataset in GVA_TABLES.items():
        selects.append(
            f"""
            SELECT "ITL region code" AS area_code, "ITL region name" AS area_name,
                   CAST(year AS INTEGER) AS year,
                   trim(regexp_replace("SIC07 code", ' \\(.*\\)$', '')) AS sic_code,
                   "SIC07 description" AS sic_name, '{prices}' AS prices,
                   CAST(replace(value, ',', '') AS DOUBLE) AS gva_millions
            FROM (UNPIVOT raw.{dataset}
                  ON COLUMNS(* EXCLUDE ("ITL region code", "ITL region name", "SIC07 code",
                                        "SIC07 description"))
                  INTO NAME year VALUE value)
            """  # noqa: S608
        )
    con.execute("CREATE TABLE core.sector_gva AS " + " UNION ALL ".join(selects))
    codes = con.execute(
        f'SELECT DISTINCT "SIC07 code", "SIC07 description" FROM raw.{GVA_TABLES["current"]}'  # noqa: S608
    ).fetchall()
    divisions = [r[0] for r in con.execute("SELECT division FROM core.sic_division").fetchall()]
    con.execute(
        "CREATE TABLE core.gva_industry (sic_code VARCHAR PRIMARY KEY, sic_name VARCHAR, "
        "divisions VARCHAR[], section_partition BOOLEAN, detailed_partition BOOLEAN)"
    )
    parsed = {published: _gva_divisions(published, divisions) for published, _ in codes}
    detailed = _detailed_partition([p for p, _ in codes])
    for published, name in sorted(codes):
        code = re.sub(r" \(.*\)$", "", published).strip()
        con.execute(
            "INSERT INTO core.gva_industry VALUES (?, ?, ?, ?, ?)",
            [code, name, parsed[published], code in SECTION_PARTITION, code in detailed],
        )


def _gva_divisions(published: str, divisions: list[str]) -> list[str]:
    """The divisions a published GVA industry code covers."""
    code = re.sub(r" \(.*\)$", "", published).strip()
    bounds = re.search(r"\((\d+)(?:-(\d+))?\)", published)
    if code == "Total":
        lo, hi = 1, 98
    elif code == "68IMP":
        return []
    elif code == "A-E":
        lo, hi = 1, 39
    elif code == "G-T":
        lo, hi = 45, 98
    elif bounds:
        lo, hi = int(bounds.group(1)), int(bounds.group(2) or bounds.group(1))
    elif re.fullmatch(r"\d{2}", code):
        lo = hi = int(code)
    elif re.fullmatch(r"\d{2}-\d{2}", code):
        lo, hi = (int(x) for x in code.split("-"))
    else:
        raise DataError(f"Regional GVA: industry code {published!r} not understood.")
    return [d for d in divisions if lo <= int(d) <= hi]


def _detailed_partition(published: list[str]) -> set[str]:
    """The finest published GVA industries that add up to the total (each division once)."""
    codes = [re.sub(r" \(.*\)$", "", p).strip() for p in published]
    finer_c = [c for c in codes if re.fullmatch(r"C[A-M](-C[A-M])?", c)]
    numeric = [c for c in codes if re.fullmatch(r"\d{2}(-\d{2})?|68IMP", c)]
    keep = {"AB", "DE", "O", "P", "T", *finer_c, *numeric}
    return {c for c in keep if c in codes}

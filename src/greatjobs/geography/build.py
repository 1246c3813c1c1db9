"""The geography warehouse step: typed ``core`` tables of areas, their hierarchy and named places.

Tables (all codes are ONS GSS codes):

* ``core.area(code, name, type, vintage)``: every area we know. ``type`` is one of ``lsoa21``,
  ``lsoa11``, ``ward``, ``lad``, ``cauth``, ``rgn``, ``ctry``; ``vintage`` says which edition
  (``2021``/``2011`` LSOAs, ``2019``/``2025`` wards, ``current``/``former`` districts, ``2023``
  combined authorities, ``current`` regions and countries).
* ``core.lad_successor(old_code, old_name, current_code, current_name, renamed_only)``: every
  district code used since 2011, mapped to the district that holds it today (current codes map to
  themselves). ``renamed_only`` is true when the successor has the same name (a new code after a
  small boundary change, e.g. Barnsley E08000016 -> E08000038), false when districts merged.
* ``core.area_parent(child_code, child_type, parent_code, parent_type, direct, method)``: the
  hierarchy LSOA -> ward -> district -> combined authority -> region -> country, with every ancestor
  (``direct`` marks the immediate parent) and how each link was made (``method``).
* ``core.lsoa11_lsoa21(lsoa11_code, lsoa21_code, change_code)``: ONS best-fit 2011 -> 2021 LSOAs.
* ``core.lsoa_centroid(lsoa_code, latitude, longitude, easting, northing)``: population-weighted
  centroids of the 2021 LSOAs of England and Wales (lat/long as published, BNG computed).
* ``core.lsoa_boundary(lsoa_code, vintage, name, lad_code, geometry)``: bundled boundary polygons
  (Liverpool City Region only) as GeoJSON text in CRS84.
* ``core.lad_boundary(lad_code, lad_name, vintage, geometry)``: district boundaries for maps
  (heavily simplified, GeoJSON text in longitude/latitude, coordinates to 5 decimal places) from
  the ONS TopoJSON of the 374 UK districts of December 2021 (``vintage`` ``2021``), and for each
  current English district made since from several of them (the 2023 Cumberland, Westmorland and
  Furness, North Yorkshire and Somerset) a MultiPolygon of its predecessors' polygons, found by
  ``core.lad_successor`` (``vintage`` ``current``).
* ``core.place(code, name, kind, vintage, source)`` and ``core.place_district(place_code,
  lad_code)``: the named places people choose (combined authorities, English districts, regions,
  England) and the current districts that make each up.
* ``core.place_alias(alias, place_code)``: other names a place is known by (normalised text).
"""

from __future__ import annotations

import json
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer

from greatjobs.geography.topojson import decode_features
from greatjobs.text import normalise_name
from greatjobs.warehouse import BuildContext

CAUTH_LOOKUP = "ons_ltla23_cauth23_lookup_england"
"""The most recent district -> combined authority lookup in the snapshot (December 2023); the SQL
below names it literally."""

CAUTH_VINTAGE = "2023"
AUTHORITY_NAMES = {
    "E47000010": "North East (combined authority 2018–2024)",
    "E47000014": "North East Mayoral Combined Authority (from May 2024)",
}
"""Combined authorities whose publishers' names are the same although the codes are different
bodies: each is named by its own code's name and the years it existed. ONS names both E47000010
(the combined authority of 2018 to May 2024, abolished) and E47000014 (its successor with North of
Tyne) "North East", the name of the region E12000001 too. The diagnose build names series by
these."""
ENGLAND = "E92000001"
LAD_TOPOLOGY = "ons_subnational_la_topology"
"""The TopoJSON of UK districts (December 2021 codes), object ``geog``, properties AREACD/AREANM."""


def build_tables(build: BuildContext) -> None:
    """The ``geography`` build step (see the module docstring for the tables)."""
    con = build.con
    _lad_successor(con)
    _areas(con)
    _lad_boundaries(con, json.loads(build.file(LAD_TOPOLOGY).read_text(encoding="utf-8")))
    _lsoa_tables(con)
    _area_parents(con)
    _places(con)


def _lad_successor(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        """
        CREATE TABLE core.lad_successor AS
        SELECT LADCD AS old_code, LADNM AS old_name,
               LADCD_ACTIVE AS current_code, LADNM_ACTIVE AS current_name,
               LADNM = LADNM_ACTIVE AS renamed_only
        FROM raw.drkane_la_all_codes
        ORDER BY old_code
        """
    )
    con.execute("ALTER TABLE core.lad_successor ADD PRIMARY KEY (old_code)")


def _areas(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        """
        CREATE TABLE core.area (
            code VARCHAR NOT NULL, name VARCHAR NOT NULL, type VARCHAR NOT NULL,
            vintage VARCHAR NOT NULL, PRIMARY KEY (code, type, vintage)
        )
        """
    )
    con.execute(
        """
        INSERT INTO core.area
        SELECT DISTINCT lsoa21_code, lsoa21_name, 'lsoa21', '2021'
        FROM raw.ons_lsoa11_lsoa21_ltla22_lookup_ew ORDER BY 1;
        INSERT INTO core.area
        SELECT DISTINCT lsoa11_code, lsoa11_name, 'lsoa11', '2011'
        FROM raw.ons_lsoa11_lsoa21_ltla22_lookup_ew ORDER BY 1;
        INSERT INTO core.area
        SELECT DISTINCT WD19CD, WD19NM, 'ward', '2019'
        FROM raw.ons_lsoa11_ward19_lad19_lookup_ew ORDER BY 1;
        INSERT INTO core.area
        SELECT DISTINCT WD25CD, WD25NM, 'ward', '2025' FROM raw.lcr_E47000004_ward ORDER BY 1;
        INSERT INTO core.area
        SELECT LADCD, LADNM, 'lad', CASE WHEN "Current" = 'TRUE' THEN 'current' ELSE 'former' END
        FROM raw.drkane_la_all_codes ORDER BY 1;
        """
    )
    con.execute(
        "INSERT INTO core.area SELECT DISTINCT cauth23_code, cauth23_name, 'cauth', ? "
        "FROM raw.ons_ltla23_cauth23_lookup_england ORDER BY 1",
        [CAUTH_VINTAGE],
    )
    con.executemany(
        "UPDATE core.area SET name = ? WHERE code = ? AND type = 'cauth'",
        [(name, code) for code, name in AUTHORITY_NAMES.items()],
    )
    con.execute(
        """
        INSERT INTO core.area SELECT RGNCD, RGNNM, 'rgn', 'current' FROM raw.drkane_rgn_all_codes
        ORDER BY 1;
        INSERT INTO core.area
        SELECT DISTINCT CTRYCD, CTRYNM, 'ctry', 'current' FROM raw.drkane_la_all_codes
        ORDER BY 1;
        """
    )


def _lad_boundaries(con: duckdb.DuckDBPyConnection, topology: dict[str, Any]) -> None:
    rows = [
        (str(props["AREACD"]), str(props["AREANM"]), "2021", geometry)
        for props, geometry in decode_features(topology, "geog")
    ]
    by_code = {code: geometry for code, _, _, geometry in rows}
    merged: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for old, current, name in con.execute(
        """
        SELECT s.old_code, s.current_code, a.name
        FROM core.lad_successor s
        JOIN core.area a ON a.code = s.current_code AND a.type = 'lad' AND a.vintage = 'current'
        WHERE s.old_code <> s.current_code ORDER BY s.current_code, s.old_code
        """
    ).fetchall():
        if current not in by_code and old in by_code:
            merged.setdefault((current, name), []).append(by_code[old])
    for (code, name), parts in merged.items():
        polygons = [
            polygon
            for g in parts
            for polygon in (g["coordinates"] if g["type"] == "MultiPolygon" else [g["coordinates"]])
        ]
        rows.append((code, name, "current", {"type": "MultiPolygon", "coordinates": polygons}))
    con.execute(
        "CREATE TABLE core.lad_boundary (lad_code VARCHAR PRIMARY KEY, lad_name VARCHAR NOT NULL, "
        "vintage VARCHAR NOT NULL, geometry VARCHAR NOT NULL)"
    )
    con.executemany(
        "INSERT INTO core.lad_boundary VALUES (?, ?, ?, ?)",
        [
            (code, name, vintage, json.dumps(geometry, separators=(",", ":")))
            for code, name, vintage, geometry in sorted(rows, key=lambda r: r[0])
        ],
    )


def _lsoa_tables(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        """
        CREATE TABLE core.lsoa11_lsoa21 AS
        SELECT lsoa11_code, lsoa21_code, change_code
        FROM raw.ons_lsoa11_lsoa21_ltla22_lookup_ew ORDER BY lsoa11_code, lsoa21_code;

        CREATE TABLE core.lsoa_boundary AS
        SELECT LSOA21CD AS lsoa_code, '2021' AS vintage, LSOA21NM AS name,
               LADCD_ACTIVE AS lad_code, geometry
        FROM raw.lcr_E47000004_lsoa
        UNION ALL
        SELECT LSOA11CD, '2011', LSOA11NM, LADCD_ACTIVE, geometry FROM raw.lcr_E47000004_lsoa11
        ORDER BY vintage, lsoa_code;
        """
    )
    rows = con.execute(
        """
        SELECT LSOACD, CAST(latitude AS DOUBLE), CAST(longitude AS DOUBLE)
        FROM raw.drkane_lsoa_latlong
        WHERE LSOACD IN (SELECT lsoa21_code FROM raw.ons_lsoa11_lsoa21_ltla22_lookup_ew)
        ORDER BY LSOACD
        """
    ).fetchall()
    codes = [r[0] for r in rows]
    lat = np.array([r[1] for r in rows], dtype=float)
    lon = np.array([r[2] for r in rows], dtype=float)
    to_bng = Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)
    east, north = to_bng.transform(lon, lat)
    centroids = pd.DataFrame(
        {
            "lsoa_code": codes,
            "latitude": lat,
            "longitude": lon,
            "easting": np.round(east, 1),
            "northing": np.round(north, 1),
        }
    )
    con.register("centroid_frame", centroids)
    con.execute(
        "CREATE TABLE core.lsoa_centroid (lsoa_code VARCHAR PRIMARY KEY, latitude DOUBLE, "
        "longitude DOUBLE, easting DOUBLE, northing DOUBLE); "
        "INSERT INTO core.lsoa_centroid SELECT * FROM centroid_frame ORDER BY lsoa_code"
    )
    con.unregister("centroid_frame")


def _lsoa21_ward_best_fit(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """LSOA 2021 -> ward 2025 inside Liverpool City Region: the ward holding each LSOA's
    population-weighted centroid (the nearest ward where the centroid falls in none)."""
    wards = con.execute("SELECT WD25CD, geometry FROM raw.lcr_E47000004_ward").fetchall()
    points = con.execute(
        """
        SELECT b.lsoa_code, c.longitude, c.latitude
        FROM core.lsoa_boundary b JOIN core.lsoa_centroid c USING (lsoa_code)
        WHERE b.vintage = '2021' ORDER BY b.lsoa_code
        """
    ).fetchall()
    if not wards or not points:
        return []
    polygons = shapely.from_geojson([w[1] for w in wards])
    tree = shapely.STRtree(polygons)
    pts = shapely.points([p[1] for p in points], [p[2] for p in points])
    found: dict[int, int] = {}
    point_idx, poly_idx = tree.query(pts, predicate="within")
    for p, w in zip(point_idx.tolist(), poly_idx.tolist(), strict=True):
        found.setdefault(p, w)
    missing = [i for i in range(len(points)) if i not in found]
    if missing:
        near = tree.nearest(pts[missing])
        for p, w in zip(missing, np.atleast_1d(near).tolist(), strict=True):
            found[p] = w
    return [(points[p][0], wards[w][0]) for p, w in sorted(found.items())]


def _area_parents(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        """
        CREATE TABLE core.area_parent (
            child_code VARCHAR NOT NULL, child_type VARCHAR NOT NULL,
            parent_code VARCHAR NOT NULL, parent_type VARCHAR NOT NULL,
            direct BOOLEAN NOT NULL, method VARCHAR NOT NULL
        )
        """
    )
    # District -> combined authority, region, country (current districts only).
    con.execute(
        """
        INSERT INTO core.area_parent
        SELECT DISTINCT s.current_code, 'lad', l.cauth23_code, 'cauth', true,
               'ONS LAD (2023) to combined authority (2023) lookup, codes mapped to current'
        FROM raw.ons_ltla23_cauth23_lookup_england l
        JOIN core.lad_successor s ON s.old_code = l.ltla23_code
        """
    )
    con.execute(
        """
        INSERT INTO core.area_parent
        SELECT LADCD, 'lad', RGNCD, 'rgn', LADCD NOT IN (SELECT child_code FROM core.area_parent),
               'ONS lookups compiled by drkane/geo-lookups'
        FROM raw.drkane_la_all_codes WHERE "Current" = 'TRUE' AND RGNCD IS NOT NULL;
        INSERT INTO core.area_parent
        SELECT LADCD, 'lad', CTRYCD, 'ctry', RGNCD IS NULL,
               'ONS lookups compiled by drkane/geo-lookups'
        FROM raw.drkane_la_all_codes WHERE "Current" = 'TRUE' AND CTRYCD IS NOT NULL;
        """
    )
    con.execute(
        """
        INSERT INTO core.area_parent
        SELECT DISTINCT l.cauth23_code, 'cauth', r.RGNCD, 'rgn', true,
               'region of the combined authority''s districts'
        FROM raw.ons_ltla23_cauth23_lookup_england l
        JOIN core.lad_successor s ON s.old_code = l.ltla23_code
        JOIN raw.drkane_la_all_codes r ON r.LADCD = s.current_code
        """
    )
    con.execute(
        """
        INSERT INTO core.area_parent
        SELECT DISTINCT cauth23_code, 'cauth', ?, 'ctry', false, 'combined authorities are English'
        FROM raw.ons_ltla23_cauth23_lookup_england
        """,
        [ENGLAND],
    )
    con.execute(
        """
        INSERT INTO core.area_parent
        SELECT RGNCD, 'rgn', CTRYCD, 'ctry', true, 'ONS lookups compiled by drkane/geo-lookups'
        FROM raw.drkane_rgn_all_codes
        """
    )
    # Wards -> district (and upwards through the district).
    con.execute(
        """
        CREATE TEMP TABLE ward_lad AS
        SELECT ward_code, arg_min(lad_code, rank) AS lad_code, arg_min(method, rank) AS method
        FROM (
            SELECT DISTINCT WD25CD AS ward_code, LADCD_ACTIVE AS lad_code,
                   'ward (2025) boundaries' AS method, 1 AS rank
            FROM raw.lcr_E47000004_ward
            UNION ALL
            SELECT DISTINCT w.WD19CD, s.current_code,
                   'ONS LSOA (2011) to ward (2019) lookup, district code mapped to current', 2
            FROM raw.ons_lsoa11_ward19_lad19_lookup_ew w
            JOIN core.lad_successor s ON s.old_code = w.LAD19CD
        )
        GROUP BY ward_code;
        """
    )
    ward_rows = _lsoa21_ward_best_fit(con)
    ward_frame = pd.DataFrame(ward_rows, columns=["lsoa_code", "ward_code"], dtype="string")
    con.register("ward_frame", ward_frame)
    con.execute(
        "CREATE TEMP TABLE lsoa21_ward AS SELECT lsoa_code::VARCHAR AS lsoa_code, "
        "ward_code::VARCHAR AS ward_code, 'best fit: ward (2025) holding the LSOA''s "
        "population-weighted centroid' AS method FROM ward_frame"
    )
    con.unregister("ward_frame")
    con.execute(
        """
        CREATE TEMP TABLE lsoa_lad AS
        SELECT DISTINCT l.lsoa21_code AS lsoa_code, 'lsoa21' AS lsoa_type,
               s.current_code AS lad_code,
               'ONS LSOA (2011) to LSOA (2021) to LAD (2022) lookup, district mapped to current'
               AS method
        FROM raw.ons_lsoa11_lsoa21_ltla22_lookup_ew l
        JOIN core.lad_successor s ON s.old_code = l.ltla22_code
        UNION
        SELECT DISTINCT w.LSOA11CD, 'lsoa11', s.current_code,
               'ONS LSOA (2011) to ward (2019) lookup, district mapped to current'
        FROM raw.ons_lsoa11_ward19_lad19_lookup_ew w
        JOIN core.lad_successor s ON s.old_code = w.LAD19CD;

        INSERT INTO core.area_parent
        SELECT ward_code, 'ward', lad_code, 'lad', true, method FROM ward_lad;
        INSERT INTO core.area_parent
        SELECT lsoa_code, 'lsoa21', ward_code, 'ward', true, method FROM lsoa21_ward;
        INSERT INTO core.area_parent
        SELECT LSOA11CD, 'lsoa11', WD19CD, 'ward', true, 'ONS LSOA (2011) to ward (2019) lookup'
        FROM raw.ons_lsoa11_ward19_lad19_lookup_ew;
        INSERT INTO core.area_parent
        SELECT lsoa_code, lsoa_type, lad_code, 'lad', false, method FROM lsoa_lad;
        """
    )
    # Every ancestor of wards and LSOAs above their district, through the district.
    con.execute(
        """
        INSERT INTO core.area_parent
        SELECT w.ward_code, 'ward', p.parent_code, p.parent_type, false, p.method
        FROM ward_lad w JOIN core.area_parent p
          ON p.child_code = w.lad_code AND p.child_type = 'lad';
        INSERT INTO core.area_parent
        SELECT l.lsoa_code, l.lsoa_type, p.parent_code, p.parent_type, false, p.method
        FROM lsoa_lad l JOIN core.area_parent p
          ON p.child_code = l.lad_code AND p.child_type = 'lad';
        DROP TABLE ward_lad; DROP TABLE lsoa21_ward; DROP TABLE lsoa_lad;
        """
    )
    # An LSOA outside a ward lookup has its district as its direct parent.
    con.execute(
        """
        UPDATE core.area_parent p SET direct = true
        WHERE p.parent_type = 'lad' AND p.child_type IN ('lsoa21', 'lsoa11')
          AND NOT EXISTS (
              SELECT 1 FROM core.area_parent q
              WHERE q.child_code = p.child_code AND q.child_type = p.child_type
                AND q.parent_type = 'ward')
        """
    )
    con.execute(
        "CREATE TABLE core.area_parent_sorted AS SELECT * FROM core.area_parent "
        "ORDER BY child_type, child_code, parent_type, parent_code; "
        "DROP TABLE core.area_parent; "
        "ALTER TABLE core.area_parent_sorted RENAME TO area_parent; "
        "ALTER TABLE core.area_parent ADD PRIMARY KEY (child_code, child_type, parent_type)"
    )


def _places(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        """
        CREATE TABLE core.place (
            code VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, kind VARCHAR NOT NULL,
            vintage VARCHAR NOT NULL, source VARCHAR NOT NULL
        );
        CREATE TABLE core.place_district (place_code VARCHAR NOT NULL, lad_code VARCHAR NOT NULL,
                                          PRIMARY KEY (place_code, lad_code));
        """
    )
    con.execute(
        "INSERT INTO core.place SELECT code, name, 'combined-authority', vintage, ? "
        "FROM core.area WHERE type = 'cauth' ORDER BY code",
        [CAUTH_LOOKUP],
    )
    con.execute(
        """
        INSERT INTO core.place
        SELECT code, name, 'district', 'current', 'drkane_la_all_codes'
        FROM core.area WHERE type = 'lad' AND vintage = 'current' AND code LIKE 'E%'
        ORDER BY code;
        INSERT INTO core.place
        SELECT code, name, 'region', vintage, 'drkane_rgn_all_codes'
        FROM core.area WHERE type = 'rgn' ORDER BY code;
        INSERT INTO core.place
        SELECT code, name, 'country', vintage, 'drkane_la_all_codes'
        FROM core.area WHERE type = 'ctry' AND code = 'E92000001';

        INSERT INTO core.place_district
        SELECT p.code, p.code FROM core.place p WHERE p.kind = 'district' ORDER BY 1;
        INSERT INTO core.place_district
        SELECT a.parent_code, a.child_code FROM core.area_parent a
        JOIN core.place p ON p.code = a.child_code AND p.kind = 'district'
        WHERE a.child_type = 'lad' AND a.parent_type IN ('cauth', 'rgn', 'ctry')
          AND a.parent_code IN (SELECT code FROM core.place)
        ORDER BY 1, 2;
        """
    )
    _place_aliases(con)


def _place_aliases(con: duckdb.DuckDBPyConnection) -> None:
    """Other names of places: earlier combined-authority names, 'LCR', 'Bristol' for 'Bristol,
    City of'."""
    aliases: set[tuple[str, str]] = set()
    for code, name in con.execute(
        "SELECT CAUTH19CD, CAUTH19NM FROM raw.ons_lad19_cauth19_lookup_england "
        "UNION SELECT CAUTHCD, CAUTHNM FROM raw.drkane_cauth_all_codes"
    ).fetchall():
        aliases.add((normalise_name(name), code))
    aliases.add(("lcr", "E47000004"))
    for code, name in con.execute(
        "SELECT code, name FROM core.place WHERE kind = 'district'"
    ).fetchall():
        head, _, tail = name.partition(", ")
        if tail in ("City of", "County of"):  # 'Bristol, City of': 'Bristol', 'City of Bristol'
            aliases.add((normalise_name(head), code))
            aliases.add((normalise_name(f"{tail} {head}"), code))
    official = {
        (normalise_name(name), code)
        for code, name in con.execute("SELECT code, name FROM core.place").fetchall()
    }
    con.execute("CREATE TABLE core.place_alias (alias VARCHAR NOT NULL, place_code VARCHAR)")
    con.executemany("INSERT INTO core.place_alias VALUES (?, ?)", sorted(aliases - official))

"""In-memory spatial indexes of 2021 LSOAs: bundled boundary polygons and population-weighted
centroids, built once per warehouse (keyed by its file and build time) and reused."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import duckdb
import numpy as np
import pandas as pd
import shapely


@dataclass(frozen=True)
class LsoaIndex:
    names: dict[str, str]
    polygon_codes: list[str]
    polygons: shapely.STRtree
    """Bundled 2021 LSOA polygons (CRS84 lon/lat)."""
    centroid_codes: np.ndarray
    centroid_xy: np.ndarray
    """Population-weighted centroids of every 2021 LSOA of England and Wales, BNG metres."""
    centroids: shapely.STRtree
    by_district: dict[str, np.ndarray] = field(default_factory=dict)
    """District code -> positions in ``centroid_codes`` of its LSOAs."""

    def containing(self, lon: np.ndarray, lat: np.ndarray) -> list[str | None]:
        """The code of the bundled polygon holding each point, or ``None``."""
        out: list[str | None] = [None] * len(lon)
        if not self.polygon_codes:
            return out
        points = shapely.points(lon, lat)
        point_idx, poly_idx = self.polygons.query(points, predicate="within")
        for p, g in sorted(zip(point_idx.tolist(), poly_idx.tolist(), strict=True)):
            if out[p] is None:
                out[p] = self.polygon_codes[g]
        return out

    def nearest(self, xy: np.ndarray) -> list[str]:
        """The LSOA with the nearest centroid to each BNG point, among all of England and Wales."""
        if len(xy) == 0:
            return []
        points = shapely.points(xy[:, 0], xy[:, 1])
        point_idx, tree_idx = self.centroids.query_nearest(points, all_matches=False)
        out = [""] * len(xy)
        for p, t in zip(point_idx.tolist(), tree_idx.tolist(), strict=True):
            out[p] = str(self.centroid_codes[t])
        return out

    def nearest_in_district(self, xy: np.ndarray, lad_code: str) -> list[str]:
        """The LSOA with the nearest centroid among the district's LSOAs (all LSOAs of England
        and Wales if the district has none in the lookup)."""
        members = self.by_district.get(lad_code)
        if members is None or len(members) == 0:
            return self.nearest(xy)
        out: list[str] = []
        for start in range(0, len(xy), 2000):
            chunk = xy[start : start + 2000]
            d2 = ((chunk[:, None, :] - self.centroid_xy[members][None, :, :]) ** 2).sum(axis=2)
            out.extend(str(c) for c in self.centroid_codes[members[np.argmin(d2, axis=1)]])
        return out


_CACHE: dict[tuple[str, str], LsoaIndex] = {}
_LOCK = threading.Lock()


def warehouse_key(con: duckdb.DuckDBPyConnection) -> tuple[str, str]:
    """Identifies a built warehouse: its file and when it was built."""
    path = con.execute(
        "SELECT coalesce(path, database_name) FROM duckdb_databases() "
        "WHERE database_name = current_database()"
    ).fetchone()
    built = None
    if con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'meta' AND table_name = 'build'"
    ).fetchone() == (1,):
        built = con.execute("SELECT max(built_at)::VARCHAR FROM meta.build").fetchone()
    return (str(path[0]) if path else "", str(built[0]) if built else "")


def lsoa_index(con: duckdb.DuckDBPyConnection) -> LsoaIndex:
    key = warehouse_key(con)
    with _LOCK:
        if key[1] and key in _CACHE:
            return _CACHE[key]
        index = _build_index(con)
        if key[1]:
            _CACHE.clear()
            _CACHE[key] = index
        return index


def _build_index(con: duckdb.DuckDBPyConnection) -> LsoaIndex:
    names = dict(con.execute("SELECT code, name FROM core.area WHERE type = 'lsoa21'").fetchall())
    polygons = con.execute(
        "SELECT lsoa_code, geometry FROM core.lsoa_boundary WHERE vintage = '2021' "
        "ORDER BY lsoa_code"
    ).fetchall()
    centroids = con.execute(
        """
        SELECT c.lsoa_code, c.easting, c.northing, p.parent_code
        FROM core.lsoa_centroid c
        LEFT JOIN core.area_parent p ON p.child_code = c.lsoa_code AND p.child_type = 'lsoa21'
             AND p.parent_type = 'lad'
        ORDER BY c.lsoa_code
        """
    ).fetchall()
    codes = np.array([r[0] for r in centroids], dtype=object)
    xy = np.array([[r[1], r[2]] for r in centroids], dtype=float).reshape(-1, 2)
    lads = pd.Series([r[3] or "" for r in centroids])
    by_district = {
        str(lad): np.asarray(rows) for lad, rows in lads.groupby(lads).indices.items() if lad
    }
    return LsoaIndex(
        names=names,
        polygon_codes=[r[0] for r in polygons],
        polygons=shapely.STRtree(shapely.from_geojson([r[1] for r in polygons])),
        centroid_codes=codes,
        centroid_xy=xy,
        centroids=shapely.STRtree(shapely.points(xy[:, 0], xy[:, 1])),
        by_district=by_district,
    )

"""Areas (LSOAs, wards, districts, combined authorities, regions, countries) and their hierarchy.

Reads the ``core`` tables written by :mod:`greatjobs.geography.build`.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from greatjobs.errors import NotFoundError
from greatjobs.text import close_matches

AREA_TYPES = ("lsoa21", "lsoa11", "ward", "lad", "cauth", "rgn", "ctry")
"""Area types from the smallest to the largest."""

AREA_TYPE_LABELS = {
    "lsoa21": "LSOA (2021)",
    "lsoa11": "LSOA (2011)",
    "ward": "electoral ward",
    "lad": "local authority district",
    "cauth": "combined authority",
    "rgn": "region",
    "ctry": "country",
}

PSEUDO_DISTRICTS = {"L99999999": "Channel Islands", "M99999999": "Isle of Man"}
"""ONS pseudo-codes used for postcodes outside the UK's local authority districts."""


@dataclass(frozen=True)
class Area:
    """One statistical or administrative area, identified by its ONS GSS code."""

    code: str
    name: str
    type: str


@dataclass(frozen=True)
class DistrictChange:
    """A former district code and the current district that now holds its area."""

    old_code: str
    old_name: str
    current: Area
    renamed_only: bool
    """True when only the code changed (a small boundary change); false when districts merged."""


def get_area(con: duckdb.DuckDBPyConnection, code: str, type: str | None = None) -> Area:
    """The area with this code (the latest vintage if it exists in several); raises if unknown."""
    code = code.strip().upper()
    row = con.execute(
        """
        SELECT code, name, type FROM core.area
        WHERE code = ? AND (? IS NULL OR type = ?)
        ORDER BY list_position(?, type), vintage = 'former', vintage DESC
        LIMIT 1
        """,
        [code, type, type, list(AREA_TYPES)],
    ).fetchone()
    if row is None:
        if code in PSEUDO_DISTRICTS and type in (None, "lad"):
            return Area(code, PSEUDO_DISTRICTS[code], "lad")
        label = AREA_TYPE_LABELS.get(type or "", "area")
        raise NotFoundError(f"No {label} with code {code!r}.", _similar_codes(con, code, type))
    return Area(row[0], row[1], row[2])


def _similar_codes(con: duckdb.DuckDBPyConnection, code: str, type: str | None) -> list[str]:
    rows = con.execute(
        "SELECT DISTINCT code FROM core.area WHERE left(code, 5) = left(?, 5) "
        "AND (? IS NULL OR type = ?) ORDER BY code",
        [code, type, type],
    ).fetchall()
    return close_matches(code, [r[0] for r in rows])


def area_parents(con: duckdb.DuckDBPyConnection, code: str, type: str) -> list[Area]:
    """Every area containing this one, smallest first (e.g. an LSOA's ward, district, combined
    authority, region and country). Ward links of LSOAs are best fit, not exact nesting."""
    rows = con.execute(
        """
        SELECT p.parent_code, min(a.name), p.parent_type FROM core.area_parent p
        JOIN core.area a ON a.code = p.parent_code AND a.type = p.parent_type
        WHERE p.child_code = ? AND p.child_type = ?
        GROUP BY p.parent_code, p.parent_type
        ORDER BY list_position(?, p.parent_type), p.parent_code
        """,
        [code, type, list(AREA_TYPES)],
    ).fetchall()
    return [Area(r[0], r[1], r[2]) for r in rows]


def area_children(
    con: duckdb.DuckDBPyConnection, code: str, child_type: str, parent_type: str | None = None
) -> list[Area]:
    """Areas of ``child_type`` inside this one (e.g. the 2021 LSOAs of a district)."""
    rows = con.execute(
        """
        SELECT DISTINCT p.child_code, a.name, p.child_type FROM core.area_parent p
        JOIN core.area a ON a.code = p.child_code AND a.type = p.child_type
        WHERE p.parent_code = ? AND p.child_type = ? AND (? IS NULL OR p.parent_type = ?)
        ORDER BY p.child_code
        """,
        [code, child_type, parent_type, parent_type],
    ).fetchall()
    return [Area(r[0], r[1], r[2]) for r in rows]


def current_district(con: duckdb.DuckDBPyConnection, code: str) -> DistrictChange | None:
    """How a district code maps to today's districts: ``None`` if the code is unknown."""
    row = con.execute(
        "SELECT old_code, old_name, current_code, current_name, renamed_only "
        "FROM core.lad_successor WHERE old_code = ?",
        [code.strip().upper()],
    ).fetchone()
    if row is None:
        return None
    return DistrictChange(row[0], row[1], Area(row[2], row[3], "lad"), bool(row[4]))


def district_codes_all_vintages(con: duckdb.DuckDBPyConnection, lad_code: str) -> list[str]:
    """Every district code (current and former) whose area is now in this current district:
    for matching statistics published on older codes (e.g. Barnsley E08000016 -> E08000038)."""
    rows = con.execute(
        "SELECT old_code FROM core.lad_successor WHERE current_code = ? ORDER BY old_code = ?, "
        "old_code",
        [lad_code, lad_code],
    ).fetchall()
    return [r[0] for r in rows] or [lad_code]

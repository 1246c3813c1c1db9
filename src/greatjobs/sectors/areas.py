"""Which published areas stand for a place in the sector data, and how well.

Employment by industry is published for NUTS 2016 level-2 areas (bundled BRES; ITL2 2021 codes
are the same with ``TL`` for ``UK``) and, when refreshed live, for districts, combined authorities,
regions and countries; GVA by industry for ITL3 areas. A place (whole current districts) is
matched to the smallest set of published areas that contains it: exact when those areas hold
exactly its districts (Liverpool City Region = NUTS2 UKD7 Merseyside = ITL3 TLD71 + TLD72 +
TLD73 + TLD74), otherwise approximate, naming the districts that come with it.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from greatjobs.errors import DataError, GreatjobsError
from greatjobs.geography import Place
from greatjobs.sectors.build import BRES_LIVE, BRES_NUTS2

AGAINST = ("region", "england")
ENGLAND_CODE = "E92000001"


@dataclass(frozen=True)
class DataArea:
    """The published areas whose figures are summed to stand for a place or its benchmark."""

    name: str
    codes: tuple[str, ...]
    level: str
    """``sector_employment.area_level`` (``nuts2``, ``lad``, ...) or ``itl3`` for GVA."""
    dataset_id: str
    exact: bool
    note: str = ""


def _in(values: list[str]) -> str:
    return ", ".join("?" for _ in values)


def _live_years(con: duckdb.DuckDBPyConnection) -> list[int]:
    rows = con.execute(
        "SELECT DISTINCT year FROM core.sector_employment WHERE dataset_id = ? ORDER BY year",
        [BRES_LIVE],
    ).fetchall()
    return [r[0] for r in rows]


def _live_codes(con: duckdb.DuckDBPyConnection, year: int) -> dict[str, str]:
    rows = con.execute(
        "SELECT DISTINCT area_code, area_name FROM core.sector_employment "
        "WHERE dataset_id = ? AND year = ?",
        [BRES_LIVE, year],
    ).fetchall()
    return dict(rows)


def place_region(con: duckdb.DuckDBPyConnection, place: Place) -> tuple[str, str] | None:
    """The English region (code, name) holding all of a place's districts, if there is one."""
    rows = con.execute(
        f"""
        SELECT DISTINCT p.parent_code, a.name FROM core.area_parent p
        JOIN core.area a ON a.code = p.parent_code AND a.type = 'rgn'
        WHERE p.child_type = 'lad' AND p.parent_type = 'rgn'
          AND p.child_code IN ({_in(place.district_codes)})
        """,  # noqa: S608
        place.district_codes,
    ).fetchall()
    return (rows[0][0], rows[0][1]) if len(rows) == 1 else None


def live_areas(
    con: duckdb.DuckDBPyConnection, place: Place, against: str, year: int | None
) -> tuple[DataArea, DataArea, int] | None:
    """Place and benchmark in live (refreshed) BRES, if it is present for that year."""
    years = _live_years(con)
    if not years or (year is not None and year not in years):
        return None
    year = year if year is not None else years[-1]
    codes = _live_codes(con, year)
    if place.code in codes:
        area = DataArea(codes[place.code], (place.code,), "live", BRES_LIVE, True)
    elif all(c in codes for c in place.district_codes):
        area = DataArea(place.name, tuple(place.district_codes), "live", BRES_LIVE, True)
    else:
        return None
    bench = _benchmark_code(con, place, against)
    if bench is None or bench[0] not in codes:
        return None
    benchmark = DataArea(codes[bench[0]], (bench[0],), "live", BRES_LIVE, True, bench[2])
    return area, benchmark, year


def _benchmark_code(
    con: duckdb.DuckDBPyConnection, place: Place, against: str
) -> tuple[str, str, str] | None:
    if place.code == ENGLAND_CODE:
        return None
    if against == "region" and place.kind != "region":
        region = place_region(con, place)
        if region is None:
            return None
        return region[0], region[1], ""
    note = "A region is compared with England." if against == "region" else ""
    return ENGLAND_CODE, "England", note


def bundled_areas(
    con: duckdb.DuckDBPyConnection, place: Place, against: str
) -> tuple[DataArea, DataArea]:
    """Place and benchmark as NUTS2 areas of the bundled BRES (2015-2021)."""
    area = covering_area(con, place, "nuts2", BRES_NUTS2)
    if place.code == ENGLAND_CODE:
        rows = con.execute(
            "SELECT DISTINCT area_code FROM core.sector_employment WHERE dataset_id = ? ORDER BY 1",
            [BRES_NUTS2],
        ).fetchall()
        codes = tuple(r[0] for r in rows)
        note = "England is compared with Great Britain (all 40 NUTS2 areas)."
        return area, DataArea("Great Britain", codes, "nuts2", BRES_NUTS2, True, note)
    note = ""
    if against == "region" and place.kind != "region":
        nuts1 = con.execute(
            f"""
            SELECT DISTINCT area_code, area_name FROM core.sector_area_district
            WHERE area_level = 'nuts1' AND lad_code IN ({_in(place.district_codes)})
            """,  # noqa: S608
            place.district_codes,
        ).fetchall()
        if len(nuts1) == 1:
            rows = con.execute(
                """
                SELECT DISTINCT n2.area_code FROM core.sector_area_district n1
                JOIN core.sector_area_district n2 ON n2.lad_code = n1.lad_code
                WHERE n1.area_level = 'nuts1' AND n1.area_code = ? AND n2.area_level = 'nuts2'
                ORDER BY 1
                """,
                [nuts1[0][0]],
            ).fetchall()
            name = f"{nuts1[0][1]} (NUTS1 {nuts1[0][0]})"
            return area, DataArea(name, tuple(r[0] for r in rows), "nuts2", BRES_NUTS2, True)
        note = "The place spans more than one region, so it is compared with England."
    elif against == "region":
        note = "A region is compared with England."
    rows = con.execute(
        "SELECT DISTINCT area_code FROM core.sector_area_district WHERE area_level = 'nuts2' "
        "ORDER BY 1"
    ).fetchall()
    england = DataArea("England", tuple(r[0] for r in rows), "nuts2", BRES_NUTS2, True, note)
    return area, england


def covering_area(
    con: duckdb.DuckDBPyConnection, place: Place, level: str, dataset_id: str
) -> DataArea:
    """The areas of one level (``nuts2``, ``itl3``) that together contain the place."""
    rows = con.execute(
        f"""
        SELECT area_code, any_value(area_name), list(lad_code ORDER BY lad_code)
        FROM core.sector_area_district
        WHERE area_level = ? AND area_code IN (
            SELECT area_code FROM core.sector_area_district
            WHERE area_level = ? AND lad_code IN ({_in(place.district_codes)}))
        GROUP BY area_code ORDER BY area_code
        """,  # noqa: S608
        [level, level, *place.district_codes],
    ).fetchall()
    if not rows:
        raise DataError(f"No {level.upper()} area holds the districts of {place.name}.")
    codes = tuple(r[0] for r in rows)
    label = " + ".join(f"{r[1]} ({r[0]})" for r in rows)
    if len(rows) > 3:
        label = f"{place.name}: {len(rows)} {level.upper()} areas ({', '.join(codes)})"
    covered = {lad for r in rows for lad in r[2]}
    extra = sorted(covered - set(place.district_codes))
    if not extra:
        return DataArea(label, codes, level, dataset_id, True)
    names = dict(
        con.execute(
            "SELECT code, name FROM core.area WHERE type = 'lad' AND vintage = 'current' "  # noqa: S608
            f"AND code IN ({_in(extra)})",
            extra,
        ).fetchall()
    )
    extra_names = ", ".join(names.get(c, c) for c in extra)
    note = (
        f"Approximate: {place.name} is not published alone at {level.upper()} level; the figures "
        f"are for {label}, which also holds {extra_names}."
    )
    return DataArea(label, codes, level, dataset_id, False, note)


def check_against(against: str) -> None:
    if against not in AGAINST:
        raise GreatjobsError(f"--against must be one of {', '.join(AGAINST)}, not {against!r}.")

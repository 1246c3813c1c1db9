"""Provision against the place's priorities: priority sectors and employers' demand.

Each sector subject area maps to SIC 2007 divisions (``data/ssa_sectors.toml``, greatjobs's own
assignment). A course serves a priority sector when its divisions overlap the sector group's (the
visitor economy first, as defined in ``greatjobs/sectors/definitions.toml``). Demand is
employment growth in those divisions in the place, from the warehouse's ``core.sector_employment``
(BRES; NUTS2 areas 2015-2021 offline, districts when refreshed live).
"""

from __future__ import annotations

import duckdb
import pandas as pd

from greatjobs.errors import DataError
from greatjobs.geography import Place
from greatjobs.sectors.areas import covering_area
from greatjobs.sectors.build import BRES_NUTS2
from greatjobs.skills.records import ssa_table

PRIORITY_GROUPS = ("visitor-economy", "manufacturing")


def ssa_divisions(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """SSA name -> SIC divisions (section letters expanded to their divisions)."""
    section = dict(con.execute("SELECT division, section FROM core.sic_division").fetchall())
    out = {}
    for entry in ssa_table():
        divisions: list[str] = []
        for code in entry["divisions"]:
            if code.isalpha():
                divisions += sorted(d for d, s in section.items() if s == code)
            else:
                divisions.append(code)
        out[entry["name"]] = divisions
    return out


def group_divisions(con: duckdb.DuckDBPyConnection, group_id: str) -> tuple[str, list[str]]:
    rows = con.execute(
        "SELECT g.group_name, list(DISTINCT c.division ORDER BY c.division) "
        "FROM core.sector_group g JOIN core.sector_group_code c USING (group_id) "
        "WHERE g.group_id = ? AND c.measured GROUP BY g.group_name",
        [group_id],
    ).fetchall()
    if not rows:
        raise DataError(f"Sector group {group_id!r} is not in the warehouse; rebuild it.")
    return rows[0][0], list(rows[0][1])


def employment_growth(
    con: duckdb.DuckDBPyConnection, place: Place, divisions: list[str]
) -> tuple[float, float, int, int, str]:
    """Employment in ``divisions`` in the first and latest year, the years, and the area used."""
    area = covering_area(con, place, "nuts2", BRES_NUTS2)
    if not divisions:
        return (float("nan"), float("nan"), 0, 0, area.name)
    codes, divs = list(area.codes), list(divisions)
    row = con.execute(
        f"""
        WITH e AS (SELECT year, sum(employment) AS jobs FROM core.sector_employment
                   WHERE dataset_id = ? AND area_code IN ({", ".join("?" for _ in codes)})
                     AND sic_level = 'division' AND sic_code IN ({", ".join("?" for _ in divs)})
                   GROUP BY year)
        SELECT (SELECT jobs FROM e ORDER BY year LIMIT 1), (SELECT jobs FROM e ORDER BY year DESC
                LIMIT 1), min(year), max(year) FROM e
        """,  # noqa: S608
        [BRES_NUTS2, *codes, *divs],
    ).fetchone()
    if row is None or row[2] is None:
        return (float("nan"), float("nan"), 0, 0, area.name)
    label = area.name + ("" if area.exact else f" ({area.note})")
    return (float(row[0]), float(row[1]), int(row[2]), int(row[3]), label)


def provision_alignment(
    con: duckdb.DuckDBPyConnection, place: Place, records: pd.DataFrame
) -> pd.DataFrame:
    """Per sector subject area: provision, the priority sectors it serves, and demand growth."""
    mapping = ssa_divisions(con)
    groups = {g: group_divisions(con, g) for g in PRIORITY_GROUPS}
    rows = []
    totals = records.groupby("sector_subject_area", as_index=False)[
        ["starts", "achievements", "sustained_work", "funding"]
    ].sum()
    for rec in totals.to_dict("records"):
        ssa = rec["sector_subject_area"]
        divisions = mapping.get(ssa, [])
        serves = [name for name, divs in groups.values() if set(divs) & set(divisions)]
        first, latest, y0, y1, area = employment_growth(con, place, divisions)
        rows.append(
            {
                "sector_subject_area": ssa,
                "starts": rec["starts"],
                "achievements": rec["achievements"],
                "sustained_work": rec["sustained_work"],
                "funding": rec["funding"],
                "sic_divisions": ", ".join(divisions) if divisions else "cross-sector",
                "priority_sectors": ", ".join(serves),
                "visitor_economy": groups["visitor-economy"][0] in serves,
                "employment_first": first,
                "employment_latest": latest,
                "years": f"{y0}-{y1}" if y0 else "",
                "employment_growth_pct": 100 * (latest - first) / first if first else float("nan"),
                "demand_area": area,
            }
        )
    frame = pd.DataFrame(rows)
    if frame.empty:
        return frame
    return frame.sort_values(["visitor_economy", "starts"], ascending=[False, False]).reset_index(
        drop=True
    )

"""Pockets of deprivation and the change from IoD2019 to IoD2025.

* A **pocket** is a cluster of neighbouring LSOAs all in the most deprived decile nationally:
  the connected components of the graph whose edges join LSOAs whose boundary polygons touch
  (they intersect once each is widened by :data:`TOUCH_TOLERANCE_DEGREES`, about 2 m). Boundaries
  are bundled for Liverpool City Region only, so other places have no pockets to show.
* The **change** maps the 2019 deciles (2011 LSOAs) onto the 2021 LSOAs with the ONS change
  codes: an unchanged (U) or split (S) 2021 LSOA inherits its 2011 parent's decile; one made from
  several 2011 LSOAs (M merged, or X irregular) takes the decile of its parents' mean 2019 rank,
  weighted by their estimated populations (``core.lsoa_weight``), and is flagged. Both editions
  rank LSOAs against each other, so a move between deciles is a change in *relative* position,
  not an absolute change in deprivation.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd
from shapely import STRtree
from shapely.geometry import shape

from greatjobs.diagnose.deprivation import check_edition
from greatjobs.geography import Place

TOUCH_TOLERANCE_DEGREES = 0.00002
"""Half the gap allowed between two polygons that count as neighbours (about 1.3-2.2 m)."""

CHANGE_METHOD = (
    "2019 deciles (2011 LSOAs) mapped onto 2021 LSOAs with the ONS LSOA 2011-2021 lookup: "
    "unchanged (U) and split (S) LSOAs inherit the 2011 LSOA's decile; merged (M) and irregular "
    "(X) LSOAs take the decile of their 2011 parents' mean 2019 rank weighted by estimated "
    "population (flagged). Ranks are relative: a move is a change of position among England's "
    "LSOAs, not an absolute change in deprivation."
)


@dataclass(frozen=True)
class Pocket:
    """A cluster of neighbouring LSOAs in the most deprived decile."""

    number: int
    name: str
    lsoa_codes: tuple[str, ...]
    district_codes: tuple[str, ...]
    district_names: tuple[str, ...]
    population_share: float
    """Share of the place's estimated population (``core.lsoa_weight``) living in the pocket."""
    largest_lsoa: str

    @property
    def n_lsoas(self) -> int:
        return len(self.lsoa_codes)


def _components(n: int, edges: list[tuple[int, int]]) -> list[list[int]]:
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(find(i), []).append(i)
    return list(groups.values())


def deprivation_pockets(
    con: duckdb.DuckDBPyConnection, place: Place, edition: int = 2025, decile: int = 1
) -> list[Pocket]:
    """The pockets of a place, largest first (by LSOAs, then population). LSOAs in deciles
    ``1..decile`` count (1: the most deprived 10% in England). Empty where no boundaries are
    bundled (outside Liverpool City Region)."""
    vintage = check_edition(edition)
    rows = con.execute(
        """
        SELECT b.lsoa_code, b.lad_code, d.name AS lad_name, b.geometry, w.weight,
               (SELECT any_value(wa.name) FROM core.area_parent p
                JOIN core.area wa ON wa.code = p.parent_code AND wa.type = 'ward'
                WHERE p.child_code = b.lsoa_code AND p.child_type = ? AND p.parent_type = 'ward')
                   AS ward
        FROM core.lsoa_boundary b
        JOIN core.imd_lsoa i ON i.lsoa_code = b.lsoa_code AND i.edition = ?
        LEFT JOIN core.lsoa_weight w ON w.lsoa_code = b.lsoa_code AND w.edition = ?
        LEFT JOIN core.area d ON d.code = b.lad_code AND d.type = 'lad' AND d.vintage = 'current'
        WHERE b.vintage = ? AND list_contains(?, b.lad_code) AND i.imd_decile <= ?
        ORDER BY b.lsoa_code
        """,
        ["lsoa" + vintage[2:], edition, edition, vintage, place.district_codes, decile],
    ).fetchall()
    total = con.execute(
        "SELECT sum(weight) FROM core.lsoa_weight WHERE edition = ? AND list_contains(?, lad_code)",
        [edition, place.district_codes],
    ).fetchone()
    place_weight = float(total[0]) if total and total[0] else float("nan")
    if not rows:
        return []
    shapes = [shape(json.loads(r[3])).buffer(TOUCH_TOLERANCE_DEGREES) for r in rows]
    tree = STRtree(shapes)
    left, right = tree.query(shapes, predicate="intersects")
    edges = [(int(a), int(b)) for a, b in zip(left, right, strict=True) if a < b]
    pockets = []
    for members in _components(len(rows), edges):
        weights = np.array([rows[i][4] or 0.0 for i in members])
        biggest = rows[members[int(np.argmax(weights))]]
        districts = sorted({(rows[i][1], rows[i][2]) for i in members})
        order = [biggest[2]] + [n for _, n in districts if n != biggest[2]]
        where = order[0] if len(order) == 1 else ", ".join(order[:-1]) + " and " + order[-1]
        name = f"{biggest[5] or biggest[0]} ({where})"
        pockets.append(
            Pocket(
                0, name, tuple(sorted(rows[i][0] for i in members)),
                tuple(c for c, _ in districts), tuple(n for _, n in districts),
                float(weights.sum() / place_weight), biggest[0],
            )
        )  # fmt: skip
    pockets.sort(key=lambda p: (-p.n_lsoas, -p.population_share, p.lsoa_codes[0]))
    shared = Counter(p.name for p in pockets)
    return [
        Pocket(n, _unique_name(p, shared[p.name] > 1), p.lsoa_codes, p.district_codes,
               p.district_names, p.population_share, p.largest_lsoa)
        for n, p in enumerate(pockets, start=1)
    ]  # fmt: skip


def _unique_name(pocket: Pocket, shared: bool) -> str:
    """A pocket named like another (two pockets in one ward) also gets its largest LSOA's code:
    'Belle Vale (Liverpool, E01006769)'."""
    if not shared:
        return pocket.name
    return f"{pocket.name[:-1]}, {pocket.largest_lsoa})"


def pockets_frame(pockets: list[Pocket]) -> pd.DataFrame:
    """One row per pocket, for tables and exports."""
    return pd.DataFrame(
        [
            {
                "pocket": p.number, "name": p.name, "lsoas": p.n_lsoas,
                "population_share": round(p.population_share, 4),
                "districts": "; ".join(p.district_names), "largest_lsoa": p.largest_lsoa,
                "lsoa_codes": " ".join(p.lsoa_codes),
            }
            for p in pockets
        ],
        columns=["pocket", "name", "lsoas", "population_share", "districts", "largest_lsoa",
                 "lsoa_codes"],
    )  # fmt: skip


def lsoa_decile_change(con: duckdb.DuckDBPyConnection, place: Place) -> pd.DataFrame:
    """Every 2021 LSOA of the place with its IoD2025 decile and its 2019 decile mapped across
    the boundary change (``decile_2019``), the ONS change codes and how it was mapped."""
    n19 = con.execute("SELECT count(*) FROM core.imd_lsoa WHERE edition = 2019").fetchone()
    assert n19 is not None
    return con.execute(
        """
        WITH mine AS (
            SELECT i.lsoa_code, p.parent_code AS lad_code, i.imd_decile AS decile_2025
            FROM core.imd_lsoa i
            JOIN core.area_parent p ON p.child_code = i.lsoa_code AND p.child_type = 'lsoa21'
                 AND p.parent_type = 'lad'
            WHERE i.edition = 2025 AND list_contains(?, p.parent_code)
        ), parents AS (
            SELECT m.lsoa_code, m.lad_code, m.decile_2025, l.change_code, l.lsoa11_code,
                   i.imd_rank, i.imd_decile, w.weight
            FROM mine m
            JOIN core.lsoa11_lsoa21 l ON l.lsoa21_code = m.lsoa_code
            JOIN core.imd_lsoa i ON i.edition = 2019 AND i.lsoa_code = l.lsoa11_code
            LEFT JOIN core.lsoa_weight w ON w.edition = 2019 AND w.lsoa_code = l.lsoa11_code
        )
        SELECT lsoa_code, lad_code, any_value(decile_2025) AS decile_2025,
               CASE WHEN count(*) = 1 THEN any_value(imd_decile)
                    ELSE CAST(ceil(sum(weight * imd_rank) / sum(weight) * 10 / ?) AS INTEGER)
               END AS decile_2019,
               string_agg(DISTINCT change_code, '' ORDER BY change_code) AS change_codes,
               list(lsoa11_code ORDER BY lsoa11_code) AS lsoa11_codes,
               CASE WHEN count(*) = 1 AND any_value(change_code) IN ('U', 'S')
                    THEN 'inherited' ELSE 'weighted mean rank of 2011 parents' END AS mapping,
               count(*) > 1 OR bool_or(change_code = 'X') AS flagged
        FROM parents GROUP BY lsoa_code, lad_code ORDER BY lsoa_code
        """,
        [place.district_codes, int(n19[0])],
    ).df()


def decile_1_change(con: duckdb.DuckDBPyConnection, place: Place) -> pd.DataFrame:
    """Per district (and the place, if it has several): 2021 LSOAs in the most deprived decile
    in 2019 (mapped) and 2025, how many moved in and out, and the 2019 count on 2011 LSOAs."""
    lsoas = lsoa_decile_change(con, place)
    names = dict(
        con.execute(
            "SELECT code, name FROM core.area WHERE type = 'lad' AND vintage = 'current'"
        ).fetchall()
    )
    n2011 = dict(
        con.execute(
            "SELECT area_code, n_most_deprived_10 FROM core.deprivation_la WHERE edition = 2019"
        ).fetchall()
    )
    groups = [(c, names.get(c, c), lsoas[lsoas["lad_code"] == c]) for c in place.district_codes]
    if len(place.district_codes) > 1:
        groups.append((place.code, place.name, lsoas))
    rows = []
    for code, name, g in groups:
        in19, in25 = g["decile_2019"] == 1, g["decile_2025"] == 1
        codes = [code] if code in n2011 else place.district_codes
        rows.append(
            {
                "area_code": code, "area_name": name, "lsoas_2021": len(g),
                "decile_1_2019_on_2011_lsoas": int(sum(n2011.get(c, 0) for c in codes)),
                "decile_1_2019_mapped": int(in19.sum()), "decile_1_2025": int(in25.sum()),
                "moved_in": int((~in19 & in25).sum()), "moved_out": int((in19 & ~in25).sum()),
                "stayed": int((in19 & in25).sum()), "flagged_lsoas": int(g["flagged"].sum()),
            }
        )  # fmt: skip
    return pd.DataFrame(rows)

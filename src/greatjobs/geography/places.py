"""Named places: the areas people choose to look at, each made of whole current districts.

A place is an English combined authority (the December 2023 set), an English district, a region,
England, or a custom list of districts. Liverpool City Region is the default.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import duckdb

from greatjobs.errors import DataError, NotFoundError
from greatjobs.geography.areas import Area, current_district, district_codes_all_vintages
from greatjobs.provenance import Provenance
from greatjobs.text import close_matches, normalise_name

DEFAULT_PLACE = "Liverpool City Region"
DEFAULT_PLACE_CODE = "E47000004"

PLACE_KINDS = ("combined-authority", "district", "region", "country", "custom")
"""Kinds of place, in the order they are listed and preferred when two share a name."""

_KIND_QUALIFIERS = {
    "combined authority": "combined-authority",
    "ca": "combined-authority",
    "city region": "combined-authority",
    "district": "district",
    "council": "district",
    "borough": "district",
    "borough council": "district",
    "city council": "district",
    "metropolitan borough": "district",
    "region": "region",
    "country": "country",
}
"""A trailing word that says which kind of place is meant: 'West Midlands region'."""

_CODE = re.compile(r"^[EWSNK]\d{8}$")
IMD_EDITIONS = {2019: "2011", 2025: "2021"}
"""Each edition of the English Indices of Deprivation and the LSOA vintage it is published on."""


@dataclass(frozen=True)
class Place:
    """A named place made of whole current districts (``districts``, type ``lad``)."""

    code: str
    name: str
    kind: str
    districts: tuple[Area, ...]
    notes: tuple[str, ...] = ()
    """What was assumed to resolve the place (old codes mapped, a name shared by two places)."""

    @property
    def district_codes(self) -> list[str]:
        return [d.code for d in self.districts]


def list_places(con: duckdb.DuckDBPyConnection, kind: str | None = None) -> list[Place]:
    """Every named place, or those of one ``kind``: combined authorities first, then districts,
    regions and England, each by name. Custom places are not stored, so never listed."""
    if kind is not None and kind not in PLACE_KINDS:
        raise NotFoundError(f"No kind of place {kind!r}.", close_matches(kind, list(PLACE_KINDS)))
    rows = con.execute(
        """
        SELECT p.code, p.name, p.kind, list(a.code ORDER BY a.code), list(a.name ORDER BY a.code)
        FROM core.place p
        JOIN core.place_district d ON d.place_code = p.code
        JOIN core.area a ON a.code = d.lad_code AND a.type = 'lad' AND a.vintage = 'current'
        WHERE ? IS NULL OR p.kind = ?
        GROUP BY p.code, p.name, p.kind
        ORDER BY list_position(?, p.kind), p.name
        """,
        [kind, kind, list(PLACE_KINDS)],
    ).fetchall()
    return [
        Place(code, name, k, tuple(Area(c, n, "lad") for c, n in zip(codes, names, strict=True)))
        for code, name, k, codes, names in rows
    ]


def _place(con: duckdb.DuckDBPyConnection, code: str, notes: tuple[str, ...] = ()) -> Place | None:
    row = con.execute("SELECT code, name, kind FROM core.place WHERE code = ?", [code]).fetchone()
    if row is None:
        return None
    districts = con.execute(
        """
        SELECT a.code, a.name FROM core.place_district d
        JOIN core.area a ON a.code = d.lad_code AND a.type = 'lad' AND a.vintage = 'current'
        WHERE d.place_code = ? ORDER BY a.code
        """,
        [code],
    ).fetchall()
    return Place(row[0], row[1], row[2], tuple(Area(c, n, "lad") for c, n in districts), notes)


def place_with_districts(con: duckdb.DuckDBPyConnection, codes: list[str]) -> Place | None:
    """The named place made of exactly these current districts (a combined authority before a
    region or a district), or None: a custom place's twin, whose published figures are its own."""
    row = con.execute(
        """
        SELECT p.code FROM core.place p JOIN core.place_district d ON d.place_code = p.code
        GROUP BY p.code, p.kind
        HAVING list_sort(list(d.lad_code)) = list_sort(?::VARCHAR[])
        ORDER BY list_position(?, p.kind), p.code LIMIT 1
        """,
        [codes, list(PLACE_KINDS)],
    ).fetchone()
    return None if row is None else _place(con, str(row[0]))


def default_place(con: duckdb.DuckDBPyConnection) -> Place:
    return resolve_place(con, DEFAULT_PLACE_CODE)


def resolve_place(con: duckdb.DuckDBPyConnection, name_or_code: str) -> Place:
    """The place with this code or name (any case or punctuation; 'Bristol' for 'Bristol, City
    of'; 'West Midlands region' to pick the region over the combined authority of that name).

    A former district code that only changed (Barnsley E08000016) resolves to the current
    district, with a note; one that merged into a new district is an error naming its successor.
    """
    text = name_or_code.strip()
    if not text:
        raise NotFoundError("No place given.", [DEFAULT_PLACE])
    if _CODE.match(text.upper()):
        return _resolve_code(con, text.upper())
    if text.lower().startswith("custom:"):
        raise NotFoundError(
            f"{_quoted(text)} is a custom place; custom places are made from a list of districts "
            "(custom_place / --district) and are not stored."
        )
    index = _name_index(con)
    target = normalise_name(text)
    matches = index.get(target, [])
    if not matches:
        for qualifier, kind in sorted(_KIND_QUALIFIERS.items(), key=lambda q: -len(q[0])):
            if target.endswith(" " + qualifier):
                stem = target[: -len(qualifier) - 1]
                matches = [m for m in index.get(stem, []) if m[1] == kind]
                if matches:
                    break
    if matches:
        matches = sorted(set(matches), key=lambda m: PLACE_KINDS.index(m[1]))
        code, kind = matches[0]
        notes = tuple(
            f"{text!r} is also the name of a {other_kind.replace('-', ' ')} ({other_code}); "
            f"showing the {kind.replace('-', ' ')}."
            for other_code, other_kind in matches[1:]
        )
        place = _place(con, code, notes)
        assert place is not None
        return place
    for old_code, old_name in con.execute(
        "SELECT old_code, old_name FROM core.lad_successor WHERE old_code <> current_code "
        "ORDER BY old_code"
    ).fetchall():
        if normalise_name(old_name) == target:
            return _resolve_code(con, old_code)
    names = [n for n, _ in _display_names(con)]
    raise NotFoundError(f"No place called {_quoted(text)}.", close_matches(text, names))


def _quoted(text: str, limit: int = 60) -> str:
    """What was asked for, quoted for a message: control and direction characters shown as
    escapes (Python's repr), and a long text cut short."""
    shown = text if len(text) <= limit else text[:limit] + "…"
    return repr(shown)


def _resolve_code(con: duckdb.DuckDBPyConnection, code: str) -> Place:
    place = _place(con, code)
    if place is not None:
        return place
    change = current_district(con, code)
    if change is not None and change.old_code != change.current.code:
        successor = _place(con, change.current.code)
        if change.renamed_only and successor is not None:
            note = (
                f"{code} is the former code of {change.old_name}; using the current district "
                f"{successor.name} ({successor.code})."
            )
            return Place(
                successor.code, successor.name, successor.kind, successor.districts, (note,)
            )
        raise NotFoundError(
            f"{code} ({change.old_name}) is a former district, now part of "
            f"{change.current.name} ({change.current.code}).",
            [change.current.name],
        )
    if change is not None:
        raise NotFoundError(
            f"{code} ({change.old_name}) is not an English district; greatjobs places cover "
            "England."
        )
    raise NotFoundError(f"No place with code {code!r}.", _similar_codes(con, code))


def _similar_codes(con: duckdb.DuckDBPyConnection, code: str, n: int = 5) -> list[str]:
    """Place codes of the same type (first three characters) that look or count like ``code``."""
    rows = con.execute(
        "SELECT code FROM core.place WHERE left(code, 3) = left(?, 3) ORDER BY code", [code]
    ).fetchall()
    codes = [r[0] for r in rows]
    found = close_matches(code, codes, n=n)
    if not found and codes:
        number = int(code[3:])
        found = sorted(codes, key=lambda c: (abs(int(c[3:]) - number), c))[:n]
    return found


def _display_names(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    return [
        (r[0], r[1])
        for r in con.execute(
            "SELECT name, code FROM core.place ORDER BY list_position(?, kind), name",
            [list(PLACE_KINDS)],
        ).fetchall()
    ]


def _name_index(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[str, str]]]:
    """Normalised name or alias -> [(place code, kind)]."""
    rows = con.execute(
        "SELECT name, code, kind FROM core.place UNION ALL "
        "SELECT a.alias, p.code, p.kind FROM core.place_alias a "
        "JOIN core.place p ON p.code = a.place_code"
    ).fetchall()
    index: dict[str, list[tuple[str, str]]] = {}
    for name, code, kind in rows:
        index.setdefault(normalise_name(name), []).append((code, kind))
    return index


def custom_place(con: duckdb.DuckDBPyConnection, name: str, districts: list[str]) -> Place:
    """A place made of the given districts (current or former codes, or names).

    Former codes and names are replaced by the current district that holds them, with a note
    in ``Place.notes``, for the caller to show.
    """
    name = name.strip()
    if not name or not normalise_name(name):
        raise DataError("A custom place needs a name (letters or digits).")
    if not [d for d in districts if d.strip()]:
        raise DataError(f"Custom place {name!r} needs at least one district (a code or name).")
    found: dict[str, Area] = {}
    notes: list[str] = []
    for entry in districts:
        if not entry.strip():
            continue
        area, note = _district(con, entry.strip())
        found.setdefault(area.code, area)
        if note:
            notes.append(note)
    slug = normalise_name(name).replace(" ", "-")
    return Place(
        f"custom:{slug}", name, "custom", tuple(sorted(found.values(), key=lambda a: a.code)),
        tuple(notes),
    )  # fmt: skip


def _district(con: duckdb.DuckDBPyConnection, entry: str) -> tuple[Area, str | None]:
    """A current district from a code or name, and a note if a former one was replaced."""
    rows = con.execute(
        """
        SELECT s.old_code, s.old_name, s.current_code, s.current_name, s.old_code = s.current_code
        FROM core.lad_successor s
        """
    ).fetchall()
    key = entry.upper() if _CODE.match(entry.upper()) else normalise_name(entry)
    aliases = {
        normalise_name(alias): code
        for alias, code in con.execute(
            "SELECT a.alias, a.place_code FROM core.place_alias a "
            "JOIN core.place p ON p.code = a.place_code WHERE p.kind = 'district'"
        ).fetchall()
    }
    key = aliases.get(key, key)
    matched = [r for r in rows if key in (r[0], normalise_name(r[1]))]
    # Prefer a current district over a former one of the same name (Northumberland, Barnsley).
    matched.sort(key=lambda r: (not r[4], r[0]))
    if not matched:
        names = sorted({r[3] for r in rows} | {r[1] for r in rows})
        raise NotFoundError(f"No local authority district {entry!r}.", close_matches(entry, names))
    old_code, old_name, code, current_name, is_current = matched[0]
    area = Area(code, current_name, "lad")
    if is_current:
        return area, None
    return area, (
        f"{entry!r} is the former district {old_name} ({old_code}); used {current_name} "
        f"({code}), the current district that holds it."
    )


def place_lad_codes(
    con: duckdb.DuckDBPyConnection, place: Place, include_former: bool = True
) -> list[str]:
    """The place's district codes, with (by default) every former code of those districts,
    for matching statistics published on older codes."""
    if not include_former:
        return place.district_codes
    codes: list[str] = []
    for code in place.district_codes:
        codes.extend(c for c in district_codes_all_vintages(con, code) if c not in codes)
    return codes


def place_lsoa_map(
    con: duckdb.DuckDBPyConnection, place: Place, edition: int = 2025
) -> list[dict[str, Any]]:
    """The place's LSOAs with their IMD decile and boundary, for a map: one dict per LSOA with
    ``code``, ``name``, ``lad_code``, ``decile`` (1 = most deprived 10% in England; ``None`` if
    not published) and ``geometry`` (a GeoJSON geometry dict, CRS84).

    ``edition`` 2025 uses 2021 LSOAs, 2019 uses 2011 LSOAs. Boundaries are bundled for Liverpool
    City Region only. A map is whole or not at all: if any of the place's districts has no
    bundled boundaries (e.g. England, which contains the city region), the list is empty.
    """
    if edition not in IMD_EDITIONS:
        raise NotFoundError(
            f"No Indices of Deprivation edition {edition}.", [str(e) for e in IMD_EDITIONS]
        )
    rows = con.execute(
        """
        SELECT b.lsoa_code, b.name, b.lad_code, i.imd_decile, b.geometry
        FROM core.lsoa_boundary b
        LEFT JOIN core.imd_lsoa i ON i.lsoa_code = b.lsoa_code AND i.edition = ?
        WHERE b.vintage = ? AND list_contains(?, b.lad_code)
        ORDER BY b.lsoa_code
        """,
        [edition, IMD_EDITIONS[edition], place.district_codes],
    ).fetchall()
    if {lad for _, _, lad, _, _ in rows} != set(place.district_codes):
        return []
    return [
        {
            "code": code,
            "name": name,
            "lad_code": lad,
            "decile": None if decile is None else int(decile),
            "geometry": json.loads(geometry),
        }
        for code, name, lad, decile, geometry in rows
    ]


DISTRICT_BOUNDARY_DATASET = "ons_subnational_la_topology"
"""Where ``core.lad_boundary`` comes from (for the provenance of a map of districts)."""


def england_district_boundaries(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Every current English district with its boundary, for a map: dicts with ``code``,
    ``name`` and ``geometry`` (a GeoJSON geometry dict in longitude/latitude, simplified),
    by code. Districts made in 2023 from several others have their predecessors' polygons."""
    rows = con.execute(
        """
        SELECT p.code, p.name, b.geometry
        FROM core.place p JOIN core.lad_boundary b ON b.lad_code = p.code
        WHERE p.kind = 'district' ORDER BY p.code
        """
    ).fetchall()
    return [{"code": c, "name": n, "geometry": json.loads(g)} for c, n, g in rows]


CUSTOM_PLACE_DATASET = "drkane_la_all_codes"
"""The districts a custom place may be made of (current districts)."""


def place_source(con: duckdb.DuckDBPyConnection, place: Place) -> Provenance:
    """Where the place and its districts come from, as the warehouse records the dataset."""
    if place.kind == "custom":
        return Provenance.of_held(
            con, [CUSTOM_PLACE_DATASET], method="docs/methods/geography.md",
            notes=["Custom place: districts chosen by the user (current districts)."],
        )  # fmt: skip
    row = con.execute("SELECT source FROM core.place WHERE code = ?", [place.code]).fetchone()
    if row is None or row[0] is None:
        return Provenance()
    return Provenance.of_held(con, [row[0]], method="docs/methods/geography.md")

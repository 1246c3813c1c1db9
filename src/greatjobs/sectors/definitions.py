"""Sector definitions as data: SIC 2007 sections and divisions, and named sector groups.

* Sections and divisions come from the bundled ONS/Nomis SIC 2007 lookups
  (``raw."sic2007_lookup_5digit_to_section"``, which lists all 88 divisions, with names from
  ``raw."sic2007_2digit_with_sections"`` where it has them).
* Named groups (manufacturing, the visitor economy) are listed in ``definitions.toml`` beside this
  module, each with its SIC codes and the source of the definition; the Industrial Strategy 2025
  growth sectors are read from ``raw."industrialstrategy2025_sector_sic_definitions"``.

Employment by place is published by division, so a group is measured by the divisions it names (a
section counts as all its divisions). Codes finer than a division (``303``, ``3316``, ``62011``)
cannot be measured with division data: they are kept in ``core.sector_group_code`` with
``measured = false`` and reported with every figure for the group. A code inside another code of
the same group (``303`` inside ``30``) is dropped so nothing is counted twice.

Tables written by :func:`build_definition_tables`:

* ``core.sic_section(section, section_name)``
* ``core.sic_division(division, division_name, section)``
* ``core.sector_group(group_id, group_name, source, caveats, unmeasured_subsectors)``
* ``core.sector_group_code(group_id, sic_code, sic_level, division, measured)``: one row per
  division a measured code covers (``division`` set), or one row per unmeasurable code.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import duckdb

from greatjobs.errors import DataError
from greatjobs.store.duckdb_store import quote_identifier

SIC_LEVELS = {1: "section", 2: "division", 3: "group", 4: "class", 5: "subclass"}
"""SIC 2007 levels by code length (a section is one letter)."""


@dataclass(frozen=True)
class GroupSpec:
    """A named sector group: SIC 2007 codes at any level, and where the definition comes from."""

    id: str
    name: str
    sic_codes: tuple[str, ...]
    source: str
    caveats: str = ""
    unmeasured_subsectors: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class GroupDatasetSpec:
    """Groups read from a bundled dataset (one group per ``sector_name``)."""

    id_prefix: str
    dataset: str
    source: str


def sic_level(code: str) -> str:
    """The SIC 2007 level of a code: a letter is a section, then by the number of digits."""
    if re.fullmatch(r"[A-U]", code):
        return "section"
    if re.fullmatch(r"\d{2,5}", code):
        return SIC_LEVELS[len(code)]
    raise DataError(f"{code!r} is not a SIC 2007 code (a section letter or 2 to 5 digits).")


def load_definitions() -> tuple[list[GroupSpec], list[GroupDatasetSpec]]:
    """The groups and group datasets listed in ``definitions.toml``."""
    text = resources.files("greatjobs.sectors").joinpath("definitions.toml").read_text("utf-8")
    data: dict[str, Any] = tomllib.loads(text)
    groups = []
    for entry in data.get("group", []):
        codes = tuple(str(c) for c in entry["sic_codes"])
        for code in codes:
            sic_level(code)
        groups.append(
            GroupSpec(entry["id"], entry["name"], codes, entry["source"], entry.get("caveats", ""))
        )
    datasets = [
        GroupDatasetSpec(e["id_prefix"], e["dataset"], e["source"])
        for e in data.get("group_dataset", [])
    ]
    ids = [g.id for g in groups]
    if len(set(ids)) != len(ids):
        raise DataError("definitions.toml: two sector groups share an id.")
    return groups, datasets


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def dataset_groups(con: duckdb.DuckDBPyConnection, spec: GroupDatasetSpec) -> list[GroupSpec]:
    """One group per ``sector_name`` of an Industrial Strategy definitions dataset."""
    table = f"raw.{quote_identifier(spec.dataset)}"
    rows = con.execute(
        f"SELECT sector_name, sic_code, frontier_subsector_ifnotSIC FROM {table}"  # noqa: S608
    ).fetchall()
    codes: dict[str, list[str]] = {}
    unmeasured: dict[str, list[str]] = {}
    for sector, code, subsector in rows:
        codes.setdefault(sector, [])
        unmeasured.setdefault(sector, [])
        code = (code or "").strip()
        if code and code != "NA":
            codes[sector].append(code)
        elif subsector and subsector != "NA" and subsector not in unmeasured[sector]:
            unmeasured[sector].append(subsector)
    return [
        GroupSpec(
            f"{spec.id_prefix}-{slug(sector)}",
            sector,
            tuple(dict.fromkeys(codes[sector])),
            spec.source,
            "Frontier sub-sectors with no SIC code cannot be measured from SIC data."
            if unmeasured[sector]
            else "",
            tuple(unmeasured[sector]),
        )
        for sector in sorted(codes)
    ]


def distinct_codes(codes: tuple[str, ...], section_of: dict[str, str]) -> list[str]:
    """The codes of a group without those inside another of its codes (``303`` inside ``30``,
    a division inside a listed section)."""
    sections = {c for c in codes if sic_level(c) == "section"}
    numeric = [c for c in codes if c not in sections]
    kept = sorted(sections)
    for code in numeric:
        if section_of.get(code[:2]) in sections:
            continue
        if any(other != code and code.startswith(other) for other in numeric):
            continue
        kept.append(code)
    return list(dict.fromkeys(kept))


def build_definition_tables(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        """
        CREATE TABLE core.sic_division AS
        SELECT l.SIC_2DIGIT_CODE AS division,
               regexp_replace(coalesce(any_value(t.SIC_2DIGIT_NAME), any_value(l.SIC_2DIGIT_NAME)),
                              '^[0-9]+ : ', '') AS division_name,
               any_value(l.SIC_SECTION_LETTER) AS section
        FROM raw."sic2007_lookup_5digit_to_section" l
        LEFT JOIN raw."sic2007_2digit_with_sections" t ON t.SIC_2DIGIT_CODE = l.SIC_2DIGIT_CODE
        GROUP BY l.SIC_2DIGIT_CODE ORDER BY division
        """
    )
    con.execute(
        """
        CREATE TABLE core.sic_section AS
        SELECT SIC_SECTION_LETTER AS section, any_value(SIC_SECTION_NAME) AS section_name
        FROM raw."sic2007_lookup_5digit_to_section" GROUP BY 1 ORDER BY 1
        """
    )
    section_of = dict(con.execute("SELECT division, section FROM core.sic_division").fetchall())
    divisions_of: dict[str, list[str]] = {}
    for division, section in sorted(section_of.items()):
        divisions_of.setdefault(section, []).append(division)

    groups, group_datasets = load_definitions()
    for spec in group_datasets:
        groups.extend(dataset_groups(con, spec))
    con.execute(
        "CREATE TABLE core.sector_group (group_id VARCHAR PRIMARY KEY, group_name VARCHAR, "
        "source VARCHAR, caveats VARCHAR, unmeasured_subsectors VARCHAR[])"
    )
    con.execute(
        "CREATE TABLE core.sector_group_code (group_id VARCHAR, sic_code VARCHAR, "
        "sic_level VARCHAR, division VARCHAR, measured BOOLEAN)"
    )
    for group in groups:
        con.execute(
            "INSERT INTO core.sector_group VALUES (?, ?, ?, ?, ?)",
            [group.id, group.name, group.source, group.caveats, list(group.unmeasured_subsectors)],
        )
        for code in distinct_codes(group.sic_codes, section_of):
            level = sic_level(code)
            if level == "section":
                covered = divisions_of.get(code, [])
            elif level == "division":
                covered = [code] if code in section_of else []
            else:
                covered = []
            if level in ("section", "division") and not covered:
                raise DataError(f"Sector group {group.id!r}: {code} is not a SIC 2007 {level}.")
            rows: list[tuple[str, str, str, str | None, bool]] = [
                (group.id, code, level, d, True) for d in covered
            ] or [(group.id, code, level, None, False)]
            con.executemany("INSERT INTO core.sector_group_code VALUES (?, ?, ?, ?, ?)", rows)


@dataclass(frozen=True)
class SectorGroup:
    """A named group as built into the warehouse."""

    id: str
    name: str
    source: str
    caveats: str
    divisions: tuple[str, ...]
    """The divisions measured."""
    unmeasured_codes: tuple[str, ...]
    """SIC codes finer than a division, which division data cannot measure."""
    unmeasured_subsectors: tuple[str, ...]


def sector_groups(con: duckdb.DuckDBPyConnection) -> list[SectorGroup]:
    """Every named sector group, in the order built (toml groups first), with its divisions."""
    rows = con.execute(
        """
        SELECT g.group_id, g.group_name, g.source, g.caveats, g.unmeasured_subsectors,
               list(DISTINCT c.division ORDER BY c.division) FILTER (WHERE c.measured),
               list(DISTINCT c.sic_code ORDER BY c.sic_code) FILTER (WHERE NOT c.measured)
        FROM core.sector_group g LEFT JOIN core.sector_group_code c USING (group_id)
        GROUP BY ALL ORDER BY min(g.rowid)
        """
    ).fetchall()
    return [
        SectorGroup(gid, name, source, caveats or "", tuple(divs or ()), tuple(fine or ()),
                    tuple(subs or ()))
        for gid, name, source, caveats, subs, divs, fine in rows
    ]  # fmt: skip


def sic_sections(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """The SIC 2007 sections, letter to name, in letter order."""
    rows = con.execute("SELECT section, section_name FROM core.sic_section ORDER BY section")
    return dict(rows.fetchall())

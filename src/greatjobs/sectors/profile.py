"""The sector profile of a place: employment, shares, location quotients, shift-share and
specialisation against its region or England, with sources and method notes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import duckdb
import pandas as pd

from greatjobs.errors import GreatjobsError, NotFoundError
from greatjobs.geography import Place
from greatjobs.provenance import Provenance
from greatjobs.sectors import structure
from greatjobs.sectors.areas import DataArea, bundled_areas, check_against, live_areas
from greatjobs.sectors.build import BRES_NUTS2
from greatjobs.sectors.definitions import sector_groups, sic_sections

LEVELS = ("section", "division", "group")
METHOD_REFERENCE = "docs/methods/sectors.md"

METHOD_NOTES = (
    "Employment: ONS Business Register and Employment Survey (BRES), workplace employment "
    "(employees plus working owners), rounded by ONS in open-access tables.",
    "LQ = (e_i/e)/(E_i/E): the sector's share of the place's employment over its share of the "
    "benchmark's (Isard 1960).",
    "Shift-share (Dunn 1960): change = national share e0_i*G + industry mix e0_i*(G_i-G) + "
    "competitive e0_i*(g_i-G_i); Esteban-Marquillas (1972) splits competitive into "
    "e*_i*(g_i-G_i) with homothetic e*_i = e0*E0_i/E0, and allocation (e0_i-e*_i)*(g_i-G_i).",
    "Specialisation: Hoover = 1/2*sum|s_i-S_i| (Hoover 1936); Krugman = sum|s_i-S_i|, 0-2 "
    "(Krugman 1991); locational Gini of the LQs (Farhauer and Kroell 2013); Herfindahl = "
    "sum s_i^2.",
)


@dataclass
class SectorProfile:
    place: Place
    level: str
    year: int
    base_year: int | None
    area: DataArea
    benchmark: DataArea
    sectors: pd.DataFrame
    specialisation: dict[str, float]
    specialisation_level: str
    shift_share_totals: dict[str, float] | None
    provenance: Provenance
    """The BRES dataset and the SIC lookups used; its notes are the profile's notes."""

    @property
    def notes(self) -> list[str]:
        return list(self.provenance.notes)

    def as_dict(self) -> dict[str, Any]:
        return {
            "place": {"code": self.place.code, "name": self.place.name, "kind": self.place.kind},
            "level": self.level,
            "year": self.year,
            "base_year": self.base_year,
            "area": {"name": self.area.name, "codes": list(self.area.codes),
                     "exact": self.area.exact},
            "benchmark": {"name": self.benchmark.name, "codes": list(self.benchmark.codes)},
            "sectors": self.sectors.astype(object).where(self.sectors.notna(), None)
            .to_dict(orient="records"),
            "specialisation": {**self.specialisation, "over": self.specialisation_level},
            "shift_share_totals": self.shift_share_totals,
            "provenance": self.provenance.as_dict(),
            "notes": self.notes,
        }  # fmt: skip


def division_employment(
    con: duckdb.DuckDBPyConnection, area: DataArea, year: int
) -> tuple[pd.Series, int]:
    """Employment by division (all 88, zero where not published) summed over the area's codes,
    and how many published cells were missing (suppressed)."""
    codes = list(area.codes)
    marks = ", ".join("?" for _ in codes)
    frame = con.execute(
        f"""
        SELECT d.division, sum(e.employment) AS employment,
               count(e.sic_code) FILTER (WHERE e.employment IS NULL) AS missing
        FROM core.sic_division d
        LEFT JOIN core.sector_employment e ON e.sic_code = d.division AND e.sic_level = 'division'
             AND e.dataset_id = ? AND e.year = ? AND e.area_code IN ({marks})
        GROUP BY d.division ORDER BY d.division
        """,  # noqa: S608
        [area.dataset_id, year, *codes],
    ).df()
    series = frame.set_index("division")["employment"].fillna(0.0).astype(float)
    return series, int(frame["missing"].sum())


def _years(con: duckdb.DuckDBPyConnection, dataset_id: str) -> list[int]:
    rows = con.execute(
        "SELECT DISTINCT year FROM core.sector_employment WHERE dataset_id = ? ORDER BY 1",
        [dataset_id],
    ).fetchall()
    return [r[0] for r in rows]


def _aggregate(
    con: duckdb.DuckDBPyConnection, divisions: pd.Series, level: str
) -> tuple[pd.Series, dict[str, str]]:
    """Divisions to sections or named groups; returns the values and each code's name."""
    if level == "division":
        names = dict(
            con.execute("SELECT division, division_name FROM core.sic_division").fetchall()
        )
        return divisions, names
    if level == "section":
        section_of = dict(con.execute("SELECT division, section FROM core.sic_division").fetchall())
        names = sic_sections(con)
        return divisions.groupby(divisions.index.map(section_of)).sum(), names
    values, names = {}, {}
    for group in sector_groups(con):
        names[group.id] = group.name
        values[group.id] = (
            float(divisions.reindex(list(group.divisions)).sum()) if group.divisions else None
        )
    return pd.Series(values, dtype=float), names


def sector_profile(
    con: duckdb.DuckDBPyConnection,
    place: Place,
    level: str = "section",
    against: str = "region",
    year: int | None = None,
    base_year: int | None = None,
) -> SectorProfile:
    """Employment by sector for a place and its benchmark, with LQs, shift-share from
    ``base_year`` (default: the earliest year of the same data) and specialisation."""
    if level not in LEVELS:
        raise GreatjobsError(f"--level must be one of {', '.join(LEVELS)}, not {level!r}.")
    check_against(against)
    notes: list[str] = list(place.notes)
    live = live_areas(con, place, against, year)
    if live is not None:
        area, benchmark, year = live
        years = [year]
    else:
        area, benchmark = bundled_areas(con, place, against)
        years = _years(con, BRES_NUTS2)
        year = year if year is not None else years[-1]
        if year not in years:
            raise NotFoundError(
                f"No sector employment for {year}; years available: "
                f"{', '.join(str(y) for y in years)}.",
                [str(years[-1])],
            )
    notes += [n for n in (area.note, benchmark.note) if n]
    e1, missing = division_employment(con, area, year)
    b1, _ = division_employment(con, benchmark, year)
    if missing:
        notes.append(f"{missing} published cells for the place are suppressed (counted as 0).")
    if e1.sum() == 0:
        raise NotFoundError(f"No sector employment for {place.name} in {year}.")
    values, names = _aggregate(con, e1, level)
    bench_values, _ = _aggregate(con, b1, level)
    partition = e1 if level == "group" else values
    partition_bench = b1 if level == "group" else bench_values
    total, bench_total = float(e1.sum()), float(b1.sum())
    frame = pd.DataFrame(
        {
            "code": values.index,
            "name": [names.get(c, c) for c in values.index],
            "employment": values.to_numpy(),
            "share_pct": (values / total * 100).to_numpy(),
            "benchmark_employment": bench_values.reindex(values.index).to_numpy(),
            "benchmark_share_pct": (bench_values / bench_total * 100).reindex(values.index)
            .to_numpy(),
        }
    )  # fmt: skip
    frame["lq"] = frame["share_pct"] / frame["benchmark_share_pct"].where(
        frame["benchmark_share_pct"] != 0
    )
    totals = None
    earlier = [y for y in years if y < year]
    if base_year is None and earlier:
        base_year = earlier[0]
    if base_year is not None:
        if base_year not in years or base_year >= year:
            raise NotFoundError(
                f"No base year {base_year} before {year} in the same data; years: "
                f"{', '.join(str(y) for y in years)}.",
                [str(y) for y in earlier[:1]],
            )
        e0, _ = division_employment(con, area, base_year)
        b0, _ = division_employment(con, benchmark, base_year)
        v0, _ = _aggregate(con, e0, level)
        bv0, _ = _aggregate(con, b0, level)
        if level == "group":
            shifts = _group_shifts(
                v0, values, bv0, bench_values, (e0.sum(), total), (b0.sum(), bench_total)
            )
        else:
            shifts = structure.shift_share(v0, values, bv0, bench_values)
            totals = {str(k): float(v) for k, v in shifts.drop(columns="homothetic").sum().items()}
        frame = frame.merge(
            shifts.drop(columns="end").rename(columns={"base": "base_employment"}),
            left_on="code", right_index=True, how="left",
        )  # fmt: skip
    else:
        notes.append(
            "No shift-share: the data hold one year (live BRES); use --year 2015 to 2021 for the "
            "bundled series."
            if live is not None
            else f"No shift-share: {year} is the first year of the data."
        )
    spec = structure.specialisation(partition, partition_bench)
    spec_level = "divisions" if level == "group" else f"{level}s"
    if level == "group":
        notes += _group_notes(con)
    notes += list(METHOD_NOTES)
    datasets = [area.dataset_id, "sic2007_lookup_5digit_to_section"]
    if level == "group":
        datasets.append("industrialstrategy2025_sector_sic_definitions")
    provenance = Provenance.of(con, datasets, method=METHOD_REFERENCE, notes=notes)
    return SectorProfile(place, level, year, base_year, area, benchmark, frame, spec, spec_level,
                         totals, provenance)  # fmt: skip


def _group_shifts(
    v0: pd.Series,
    v1: pd.Series,
    bv0: pd.Series,
    bv1: pd.Series,
    totals: tuple[float, float],
    bench_totals: tuple[float, float],
) -> pd.DataFrame:
    """Shift-share for each named group on its own, as the group against the rest of the
    economy (groups overlap, so their components are not added up across groups)."""
    rows = {}
    for code in v1.index:
        if pd.isna(v1[code]):
            continue
        one = structure.shift_share(
            pd.Series([v0[code], totals[0] - v0[code]]),
            pd.Series([v1[code], totals[1] - v1[code]]),
            pd.Series([bv0[code], bench_totals[0] - bv0[code]]),
            pd.Series([bv1[code], bench_totals[1] - bv1[code]]),
        )
        rows[code] = one.iloc[0]
    return pd.DataFrame(rows).T


def _group_notes(con: duckdb.DuckDBPyConnection) -> list[str]:
    notes = [
        "Named groups may overlap (a division can be in two groups), so their employment and "
        "shift-share components are not added up; specialisation is over divisions."
    ]
    for group in sector_groups(con):
        parts = []
        if not group.divisions:
            parts.append("no SIC division in its definition, so it is not measured")
        if group.unmeasured_codes:
            parts.append(
                "not measurable with division data: SIC " + ", ".join(group.unmeasured_codes)
            )
        if group.unmeasured_subsectors:
            parts.append("sub-sectors with no SIC code: " + ", ".join(group.unmeasured_subsectors))
        if parts:
            notes.append(f"{group.name}: " + "; ".join(parts) + ".")
    return notes

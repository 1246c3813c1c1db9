"""GVA per job by industry: ONS regional GVA (ITL3) over BRES employment (NUTS2), 2015-2021.

``GVA per job_i = GVA_i (current prices, GBP) / BRES employment_i`` for the industries ONS
publishes regional GVA for, each matched to the SIC divisions it covers. Both must describe the
same districts: computed where the place's ITL3 and NUTS2 areas hold the same districts (Liverpool
City Region, regions, England), not for a district inside a larger NUTS2 area.

Caveats: BRES employment excludes the self-employed who are not registered for VAT or PAYE and HM
Forces, so it is not the ONS "filled jobs" denominator of its official GVA per filled job (for
Merseyside in 2021 BRES counts 686,425 against 693,655 filled jobs); real estate (L) is shown
without owner-occupiers' imputed rental, which has no jobs. Pay by industry is not in the bundled
data (ASHE by industry and place is not vendored), so it is not shown.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from greatjobs.errors import GreatjobsError, NotFoundError
from greatjobs.geography import Place
from greatjobs.provenance import Provenance
from greatjobs.sectors.areas import DataArea, bundled_areas, check_against, covering_area
from greatjobs.sectors.build import BRES_NUTS2, GVA_TABLES
from greatjobs.sectors.profile import METHOD_REFERENCE, division_employment

PARTITIONS = {"section": "section_partition", "detailed": "detailed_partition"}


@dataclass
class Productivity:
    place: Place
    year: int
    gva_area: DataArea
    employment_area: DataArea
    benchmark: DataArea
    industries: pd.DataFrame
    provenance: Provenance
    """Regional GVA and BRES; its notes are the result's notes."""

    @property
    def notes(self) -> list[str]:
        return list(self.provenance.notes)


def _gva_by_industry(
    con: duckdb.DuckDBPyConnection, codes: tuple[str, ...], year: int, level: str
) -> pd.DataFrame:
    """GVA (GBP m, current prices) summed over ITL3 areas, for the industries of one level
    (``section``: L without imputed rental, that is code 68) and the total."""
    marks = ", ".join("?" for _ in codes)
    frame = con.execute(
        f"""
        SELECT i.sic_code AS code, i.sic_name AS name, i.divisions, i.section_partition,
               i.detailed_partition, sum(g.gva_millions) AS gva
        FROM core.gva_industry i
        JOIN core.sector_gva g ON g.sic_code = i.sic_code AND g.prices = 'current'
             AND g.year = ? AND g.area_code IN ({marks})
        GROUP BY ALL ORDER BY min(g.rowid)
        """,  # noqa: S608
        [year, *codes],
    ).df()
    keep = frame[PARTITIONS[level]] | (frame["code"] == "Total")
    if level == "section":
        keep = (keep & (frame["code"] != "L")) | (frame["code"] == "68")
    keep &= frame["code"] != "68IMP"
    return frame[keep].drop(columns=["section_partition", "detailed_partition"])


def _itl3_for(con: duckdb.DuckDBPyConnection, nuts2: tuple[str, ...]) -> tuple[str, ...]:
    marks = ", ".join("?" for _ in nuts2)
    rows = con.execute(
        f"""
        SELECT DISTINCT i.area_code FROM core.sector_area_district n
        JOIN core.sector_area_district i ON i.lad_code = n.lad_code AND i.area_level = 'itl3'
        WHERE n.area_level = 'nuts2' AND n.area_code IN ({marks}) ORDER BY 1
        """,  # noqa: S608
        list(nuts2),
    ).fetchall()
    return tuple(r[0] for r in rows)


def _nuts2_with_districts(con: duckdb.DuckDBPyConnection) -> list[str]:
    rows = con.execute(
        "SELECT DISTINCT area_code FROM core.sector_area_district WHERE area_level = 'nuts2'"
    ).fetchall()
    return [r[0] for r in rows]


def gva_per_job(
    con: duckdb.DuckDBPyConnection,
    place: Place,
    year: int = 2021,
    level: str = "section",
    against: str = "england",
) -> Productivity:
    """GVA per job (GBP, current prices) by GVA industry for a place and its benchmark."""
    if level not in PARTITIONS:
        raise GreatjobsError(f"level must be one of {', '.join(PARTITIONS)}, not {level!r}.")
    check_against(against)
    if not 2015 <= year <= 2021:
        raise NotFoundError(
            f"No GVA per job for {year}: BRES by industry is bundled for 2015 to 2021.", ["2021"]
        )
    gva_area = covering_area(con, place, "itl3", GVA_TABLES["current"])
    employment_area, benchmark = bundled_areas(con, place, against)
    if set(_itl3_for(con, employment_area.codes)) != set(gva_area.codes):
        raise GreatjobsError(
            f"GVA per job needs GVA and employment for the same area: {place.name}'s GVA is for "
            f"{gva_area.name} but its employment for {employment_area.name}. Try its combined "
            "authority or region."
        )
    known = set(_nuts2_with_districts(con))
    if not set(benchmark.codes) <= known:
        raise GreatjobsError(
            f"GVA per job for {place.name} needs a benchmark inside England; "
            f"{benchmark.name} is not."
        )
    frames = []
    for area in (employment_area, benchmark):
        jobs, _ = division_employment(con, area, year)
        gva = _gva_by_industry(con, _itl3_for(con, area.codes), year, level)
        gva["employment"] = [
            float(jobs.sum()) if code == "Total" else float(jobs.reindex(list(divs)).sum())
            for code, divs in zip(gva["code"], gva["divisions"], strict=True)
        ]
        gva["gva_per_job"] = gva["gva"] * 1e6 / gva["employment"].where(gva["employment"] > 0)
        frames.append(gva.drop(columns="divisions").set_index("code"))
    place_frame, bench_frame = frames
    out = place_frame.rename(columns={"gva": "gva_millions"}).reset_index()
    out["benchmark_gva_per_job"] = bench_frame["gva_per_job"].reindex(out["code"]).to_numpy()
    out["index_benchmark_100"] = out["gva_per_job"] / out["benchmark_gva_per_job"] * 100
    notes = [
        n for n in (gva_area.note, employment_area.note, benchmark.note) if n
    ] + [
        "GVA: ONS regional GVA (balanced) by industry, current prices. Jobs: BRES employment "
        "(employees plus working owners), not ONS filled jobs.",
        "Real estate (68) excludes owner-occupiers' imputed rental (no jobs); the total includes "
        "it, as ONS's GVA per filled job does.",
        "Pay by industry is not in the bundled data, so it is not shown.",
    ]  # fmt: skip
    provenance = Provenance.of(
        con, (GVA_TABLES["current"], BRES_NUTS2), method=METHOD_REFERENCE, notes=notes
    )
    return Productivity(place, year, gva_area, employment_area, benchmark, out, provenance)

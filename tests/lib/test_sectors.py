"""Sector structure: the measures against hand-worked and published values, the typed tables
against published totals, and the profile of a place against its invariants."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import numpy as np
import openpyxl
import pandas as pd
import pytest

from greatjobs.errors import GreatjobsError, NotFoundError
from greatjobs.geography import resolve_place
from greatjobs.home import Home
from greatjobs.sectors import structure
from greatjobs.sectors.areas import covering_area
from greatjobs.sectors.build import BRES_LIVE, build_tables
from greatjobs.sectors.productivity import gva_per_job
from greatjobs.sectors.profile import sector_profile
from greatjobs.sources.catalogue import Catalogue
from greatjobs.sources.http import FetchedTable
from greatjobs.sources.nomis import parse_nomis_csv
from greatjobs.sources.update import write_dataset
from greatjobs.warehouse import build_warehouse, default_steps, open_warehouse


def S(values: list[float]) -> pd.Series:
    return pd.Series(values, dtype=float)


@pytest.fixture()
def con(built_home: Home) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = open_warehouse(built_home)
    yield connection
    connection.close()


# --- the measures -------------------------------------------------------------------------

# Farhauer and Kroell (2013), region A, as in REAT's shift() documentation; worked by hand:
# G = 1265/1100 - 1 = 0.15; G_i = 0.1, 0.4, -0.1, 0.2; g_i = 1/9, 1, 0, -1/12.
REGION_0, REGION_1 = S([90, 20, 10, 60]), S([100, 40, 10, 55])
NATION_0, NATION_1 = S([400, 150, 150, 400]), S([440, 210, 135, 480])


def test_dunn_shift_share_matches_the_hand_worked_example() -> None:
    shifts = structure.shift_share(REGION_0, REGION_1, NATION_0, NATION_1)
    assert shifts["national_share"].sum() == pytest.approx(27.0, abs=1e-12)  # 180 * 0.15
    # mix: 90(-.05) + 20(.25) + 10(-.25) + 60(.05) = 1
    assert shifts["industry_mix"].sum() == pytest.approx(1.0, abs=1e-12)
    # competitive: 90(1/9-.1) + 20(1-.4) + 10(0+.1) + 60(-1/12-.2) = 1 + 12 + 1 - 17 = -3
    assert shifts["competitive"].tolist() == pytest.approx([1.0, 12.0, 1.0, -17.0], abs=1e-12)
    assert shifts["change"].sum() == 25.0


def test_esteban_marquillas_matches_the_hand_worked_example() -> None:
    shifts = structure.shift_share(REGION_0, REGION_1, NATION_0, NATION_1)
    # homothetic e* = 180 * (400, 150, 150, 400) / 1100
    assert shifts["homothetic"].tolist() == pytest.approx([720 / 11, 270 / 11, 270 / 11, 720 / 11])
    # competitive effect e*(g_i - G_i): 8/11 + 162/11 + 27/11 - 204/11 = -7/11
    assert shifts["em_competitive"].sum() == pytest.approx(-7 / 11, abs=1e-12)
    # allocation (e - e*)(g_i - G_i): 3/11 - 30/11 - 16/11 + 17/11 = -26/11
    assert shifts["allocation"].sum() == pytest.approx(-26 / 11, abs=1e-12)


@pytest.mark.parametrize("seed", range(20))
def test_shift_share_components_add_up_to_the_change(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 90))
    e0 = S(list(rng.integers(0, 5000, n)))
    e0[0] = 0.0  # an industry that appears: growth rate undefined
    e1 = S(list(rng.integers(0, 5000, n)))
    bench0 = e0 + S(list(rng.integers(1, 90000, n)))
    bench1 = e1 + S(list(rng.integers(1, 90000, n)))
    s = structure.shift_share(e0, e1, bench0, bench1)
    dunn = s["national_share"] + s["industry_mix"] + s["competitive"]
    assert np.allclose(dunn, s["change"], rtol=0, atol=1e-9)
    assert np.allclose(s["em_competitive"] + s["allocation"], s["competitive"], rtol=0, atol=1e-9)
    assert s["homothetic"].sum() == pytest.approx(e0.sum())
    lq = structure.location_quotients(e1, bench1)
    assert (lq * bench1 / bench1.sum()).sum() == pytest.approx(1.0, abs=1e-12)
    assert structure.krugman(e1, bench1) == pytest.approx(2 * structure.hoover(e1, bench1))
    assert 0 <= structure.krugman(e1, bench1) <= 2


def test_reat_documented_examples_are_reproduced() -> None:
    # REAT locq(1714, 79006, 879213, 15593224) = 0.3847623
    lq = structure.location_quotients(S([1714, 79006 - 1714]), S([879213, 15593224 - 879213]))
    assert lq[0] == pytest.approx(0.3847623, abs=5e-8)
    # gini.spec(c(700,600,500,10000,40000), c(30000,15000,10000,60000,50000)) = 0.6222222
    gini = structure.locational_gini(S([700, 600, 500, 10000, 40000]),
                                     S([30000, 15000, 10000, 60000, 50000]))  # fmt: skip
    assert gini == pytest.approx(0.6222222, abs=5e-8)
    # krugman.spec(c(20,10,70,0,0), c(0,0,0,60,40)) = 2 (no industry in common)
    assert structure.krugman(S([20, 10, 70, 0, 0]), S([0, 0, 0, 60, 40])) == 2.0
    # herf(c(20,50,20,10)) = 0.34; coefnorm = 0.12
    assert structure.herfindahl(S([20, 50, 20, 10])) == pytest.approx(0.34)
    assert structure.herfindahl_normalised(S([20, 50, 20, 10])) == pytest.approx(0.12)


def test_identical_structures_are_not_specialised() -> None:
    spec = structure.specialisation(S([10, 20, 30]), S([100, 200, 300]))
    assert spec["hoover"] == spec["krugman"] == 0
    assert spec["locational_gini"] == pytest.approx(0)
    assert spec["herfindahl"] == pytest.approx(spec["herfindahl_benchmark"])


# --- the typed tables against published figures ------------------------------------------


def test_gb_bres_2021_employment_is_the_nomis_total(con: duckdb.DuckDBPyConnection) -> None:
    (published,) = con.execute(  # the file as Nomis publishes it
        'SELECT sum(CAST(OBS_VALUE AS DOUBLE)) FROM raw."nomis_bres2021_gb_by_sic_ioat_levels" '
        "WHERE EMPLOYMENT_STATUS_NAME = 'Employment'"
    ).fetchone()
    (divisions, n) = con.execute(
        "SELECT sum(employment), count(*) FROM core.sector_employment "
        "WHERE area_code = 'K03000001' AND sic_level = 'division' AND year = 2021"
    ).fetchone()
    assert published == divisions == 31_362_500
    assert n == 86  # 73 published divisions + 13 summed from their groups/classes (no 98, 99)
    (regions,) = con.execute(
        "SELECT sum(employment) FROM core.sector_employment WHERE area_level = 'nuts2' "
        "AND year = 2021"
    ).fetchone()
    assert regions == 31_341_585  # the 40 NUTS2 areas, each cell rounded by ONS
    assert abs(regions / divisions - 1) < 0.001


def _productivity_sheet(name: str) -> dict[str, dict[int, float]]:
    catalogue = Catalogue.load()
    path = Path(catalogue.directory) / catalogue.get("ons_itlproductivity").file
    sheet = openpyxl.load_workbook(path, read_only=True, data_only=True)[name]
    rows = list(sheet.iter_rows(values_only=True))
    years = {i: v for i, v in enumerate(rows[3]) if isinstance(v, int)}
    return {r[1]: {y: r[i] for i, y in years.items()} for r in rows[5:] if r[1]}


@pytest.mark.parametrize(("code", "prefix"), [("TLD7", "TLD7"), ("UKX", "TL"), ("TLC", "TLC")])
def test_itl3_gva_adds_up_to_the_published_itl2_and_uk_totals(
    con: duckdb.DuckDBPyConnection, code: str, prefix: str
) -> None:
    """ONS publishes GVA per filled job and filled jobs for ITL2/ITL1/UK: their product is the
    area's GVA, which the ITL3 rows must add up to (each ITL3 value is rounded to GBP 1m)."""
    per_job, jobs = _productivity_sheet("B4"), _productivity_sheet("Productivity Jobs")
    for year in (2002, 2015, 2021):
        total, n = con.execute(
            "SELECT sum(gva_millions), count(*) FROM core.sector_gva WHERE prices = 'current' "
            "AND sic_code = 'Total' AND year = ? AND starts_with(area_code, ?)",
            [year, prefix],
        ).fetchone()
        published = per_job[code][year] * jobs[code][year] / 1e6
        assert abs(total - published) <= 0.5 * n + 1e-6, (code, year, total, published)
    assert n == (179 if prefix == "TL" else 4 if code == "TLD7" else 7)


def test_gva_industries_add_up_to_the_total_in_every_area_and_year(
    con: duckdb.DuckDBPyConnection,
) -> None:
    worst = con.execute(
        """
        WITH parts AS (
            SELECT g.area_code, g.year, sum(g.gva_millions) FILTER (WHERE i.section_partition) AS s,
                   count(*) FILTER (WHERE i.section_partition) AS ns,
                   sum(g.gva_millions) FILTER (WHERE i.detailed_partition) AS d,
                   count(*) FILTER (WHERE i.detailed_partition) AS nd,
                   sum(g.gva_millions) FILTER (WHERE g.sic_code = 'Total') AS total
            FROM core.sector_gva g JOIN core.gva_industry i USING (sic_code)
            WHERE g.prices = 'current' GROUP BY ALL)
        SELECT max(abs(s - total) / (0.5 * ns)), max(abs(d - total) / (0.5 * nd)), count(*)
        FROM parts
        """
    ).fetchone()
    assert worst[0] <= 1 and worst[1] <= 1 and worst[2] == 179 * 24


def test_liverpool_city_region_is_merseyside_exactly(con: duckdb.DuckDBPyConnection) -> None:
    lcr = resolve_place(con, "Liverpool City Region")
    bres = covering_area(con, lcr, "nuts2", "x")
    assert bres.codes == ("UKD7",) and bres.exact
    gva = covering_area(con, lcr, "itl3", "x")
    assert gva.codes == ("TLD71", "TLD72", "TLD73", "TLD74") and gva.exact


def test_a_district_is_approximated_by_its_areas_and_says_so(
    con: duckdb.DuckDBPyConnection,
) -> None:
    halton = covering_area(con, resolve_place(con, "Halton"), "itl3", "x")
    assert halton.codes == ("TLD71",) and not halton.exact
    assert "Knowsley" in halton.note and "St. Helens" in halton.note
    liverpool = covering_area(con, resolve_place(con, "Liverpool"), "itl3", "x")
    assert liverpool.exact  # TLD72 Liverpool is one district
    cumberland = covering_area(con, resolve_place(con, "Cumberland"), "itl3", "x")
    assert cumberland.codes == ("TLD11", "TLD12") and not cumberland.exact
    dorset = covering_area(con, resolve_place(con, "Dorset"), "itl3", "x")
    assert dorset.codes == ("TLK25",) and dorset.exact  # ITL 2021, not NUTS 2016 UKK22


# --- the profile of a place ---------------------------------------------------------------


def test_lcr_profile_against_the_north_west(con: duckdb.DuckDBPyConnection) -> None:
    lcr = resolve_place(con, "Liverpool City Region")
    profile = sector_profile(con, lcr, "division", "region")
    assert (profile.year, profile.base_year) == (2021, 2015)
    assert profile.benchmark.codes == ("UKD1", "UKD3", "UKD4", "UKD6", "UKD7")
    frame = profile.sectors.set_index("code")
    (merseyside,) = con.execute(  # our own typed table: the profile must add up to it
        "SELECT sum(employment) FROM core.sector_employment WHERE area_code = 'UKD7' "
        "AND year = 2021"
    ).fetchone()
    assert frame["employment"].sum() == merseyside
    assert (
        frame.loc["56", "employment"]
        == con.execute(
            "SELECT employment FROM core.sector_employment WHERE area_code = 'UKD7' "
            "AND year = 2021 AND sic_code = '56'"
        ).fetchone()[0]
    )
    weights = frame["benchmark_share_pct"] / 100
    assert (frame["lq"] * weights).sum() == pytest.approx(1.0, abs=1e-12)
    totals = profile.shift_share_totals
    assert totals is not None
    assert totals["change"] == frame["employment"].sum() - frame["base_employment"].sum()
    parts = totals["national_share"] + totals["industry_mix"] + totals["competitive"]
    assert parts == pytest.approx(totals["change"], abs=1e-6)
    assert totals["em_competitive"] + totals["allocation"] == pytest.approx(
        totals["competitive"], abs=1e-6
    )
    spec = profile.specialisation
    assert spec["krugman"] == pytest.approx(2 * spec["hoover"])
    assert profile.provenance.dataset_ids[0] == "bres_itl2_nuts2016_employment_2digit_sic_2015_2021"


def test_sections_add_up_to_divisions(con: duckdb.DuckDBPyConnection) -> None:
    lcr = resolve_place(con, "Liverpool City Region")
    by_section = sector_profile(con, lcr, "section", "england", 2019, 2016)
    by_division = sector_profile(con, lcr, "division", "england", 2019, 2016)
    assert by_section.sectors["employment"].sum() == by_division.sectors["employment"].sum()
    manufacturing = by_section.sectors.set_index("code").loc["C"]
    assert manufacturing["change"] == pytest.approx(
        by_division.sectors.set_index("code").loc[[str(d) for d in range(10, 34)], "change"].sum()
    )


def test_groups_report_what_division_data_cannot_measure(
    con: duckdb.DuckDBPyConnection,
) -> None:
    profile = sector_profile(con, resolve_place(con, "Liverpool City Region"), "group")
    frame = profile.sectors.set_index("code")
    divisions = sector_profile(con, resolve_place(con, "Liverpool City Region"), "division")
    by_division = divisions.sectors.set_index("code")["employment"]
    visitor = ["55", "56", "79", "90", "91", "93"]
    assert frame.loc["visitor-economy", "employment"] == by_division[visitor].sum()
    assert pd.isna(frame.loc["is2025-clean-energy", "employment"])
    assert any(n.startswith("Creative Industries: not measurable") for n in profile.notes)
    one = frame.loc["manufacturing"]
    assert one["national_share"] + one["industry_mix"] + one["competitive"] == pytest.approx(
        one["change"]
    )


def test_a_region_is_compared_with_england_and_england_with_great_britain(
    con: duckdb.DuckDBPyConnection,
) -> None:
    north_west = sector_profile(con, resolve_place(con, "North West"), against="region")
    assert north_west.benchmark.name == "England" and len(north_west.benchmark.codes) == 33
    england = sector_profile(con, resolve_place(con, "England"))
    assert england.benchmark.name == "Great Britain" and len(england.benchmark.codes) == 40


def test_bad_years_and_options_are_errors(con: duckdb.DuckDBPyConnection) -> None:
    lcr = resolve_place(con, "Liverpool City Region")
    with pytest.raises(NotFoundError, match="2015, 2016"):
        sector_profile(con, lcr, year=2030)
    with pytest.raises(NotFoundError, match="base year 2021"):
        sector_profile(con, lcr, year=2019, base_year=2021)
    with pytest.raises(GreatjobsError, match="--level"):
        sector_profile(con, lcr, level="class")


def _live_bres(header: list[str], rows: list[tuple[str, str, str, str]]) -> FetchedTable:
    records = []
    for code, name, division, value in rows:
        record: list[str | None] = [None] * len(header)
        fields = {"DATE": "2024", "GEOGRAPHY_CODE": code, "GEOGRAPHY_NAME": name,
                  "INDUSTRY_CODE": division, "EMPLOYMENT_STATUS": "4", "MEASURES": "20100",
                  "OBS_VALUE": value}  # fmt: skip
        for column, text in fields.items():
            record[header.index(column)] = text
        records.append(record)
    return FetchedTable(BRES_LIVE, "BRES (test)", "ONS", "2024", "", "", header, records, "0")


def test_live_bres_is_used_for_districts(tmp_path: Path, fixtures_dir: Path) -> None:
    text = (fixtures_dir / "nomis" / "NM_189_1.offset0.csv").read_text(encoding="utf-8")
    header, _ = parse_nomis_csv(text, "fixture")
    home = Home(tmp_path).ensure()
    rows = []
    for code, name, scale in [("E08000012", "Liverpool", 1), ("E12000002", "North West", 10)]:
        rows += [(code, name, "55", str(500 * scale)), (code, name, "86", str(4000 * scale * 2)),
                 (code, name, "10", str(1000 * scale))]  # fmt: skip
    rows.append(("E92000001", "England", "55", "9000"))
    write_dataset(_live_bres(header, rows), home.updates, "2026-01-01T00:00:00Z")
    steps = default_steps()
    if "sectors" not in dict(steps):
        steps.append(("sectors", build_tables))
    build_warehouse(home, steps=steps)
    with open_warehouse(home) as con:
        liverpool = resolve_place(con, "Liverpool")
        profile = sector_profile(con, liverpool, "division")
        assert profile.year == 2024 and profile.area.exact and profile.base_year is None
        assert profile.area.codes == ("E08000012",) and profile.benchmark.codes == ("E12000002",)
        frame = profile.sectors.set_index("code")
        assert frame.loc["55", "employment"] == 500
        # Liverpool 500/9500 of its jobs in 55; the North West 5000/95000: LQ 1
        assert frame.loc["55", "lq"] == pytest.approx(1.0)
        assert any("No shift-share" in n for n in profile.notes)
        assert profile.provenance.dataset_ids[0] == BRES_LIVE
        bundled = sector_profile(con, liverpool, "division", year=2021)
        assert bundled.area.codes == ("UKD7",) and not bundled.area.exact


# --- GVA per job ----------------------------------------------------------------------------


def test_lcr_gva_per_job_is_close_to_the_ons_gva_per_filled_job(
    con: duckdb.DuckDBPyConnection,
) -> None:
    result = gva_per_job(con, resolve_place(con, "Liverpool City Region"), 2021)
    frame = result.industries.set_index("code")
    assert result.gva_area.codes == ("TLD71", "TLD72", "TLD73", "TLD74")
    assert frame.loc["Total", "gva_millions"] == 35_345
    assert frame.loc["Total", "employment"] == 686_425
    assert frame.loc["Total", "gva_per_job"] == pytest.approx(35_345e6 / 686_425)
    # ONS GVA per filled job, Merseyside 2021: 50,955 (filled jobs 693,655 > BRES 686,425)
    published = _productivity_sheet("B4")["TLD7"][2021]
    assert round(published) == 50_955
    assert abs(frame.loc["Total", "gva_per_job"] / published - 1) < 0.02
    parts = frame.drop(index="Total")
    assert set(parts.index) >= {"AB", "C", "DE", "68", "Q", "T"} and "L" not in parts.index
    assert parts["employment"].sum() == frame.loc["Total", "employment"]
    (imputed,) = con.execute(
        "SELECT sum(gva_millions) FROM core.sector_gva WHERE sic_code = '68IMP' AND year = 2021 "
        "AND prices = 'current' AND area_code LIKE 'TLD7%'"
    ).fetchone()
    assert abs(parts["gva_millions"].sum() + imputed - 35_345) <= 0.5 * (len(parts) + 1)


def test_gva_per_job_refuses_mismatched_areas(con: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(GreatjobsError, match="same area"):
        gva_per_job(con, resolve_place(con, "Liverpool"))
    with pytest.raises(NotFoundError):
        gva_per_job(con, resolve_place(con, "Liverpool City Region"), 2022)


def test_the_first_year_has_no_shift_share_and_says_why(con: duckdb.DuckDBPyConnection) -> None:
    profile = sector_profile(con, resolve_place(con, "Sefton"), year=2015)
    assert profile.base_year is None and profile.shift_share_totals is None
    assert "No shift-share: 2015 is the first year of the data." in profile.notes
    assert "base_employment" not in profile.sectors.columns

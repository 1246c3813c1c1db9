"""Location quotients and FLQ regionalisation, with BRES employment, against hand calculations
and against the data they are built from."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from greatjobs.errors import DataError
from greatjobs.geography import list_places, resolve_place
from greatjobs.home import Home
from greatjobs.impact import leontief as leo
from greatjobs.impact import multipliers as mult
from greatjobs.impact import regional as reg
from greatjobs.impact.ioat import read_ioat
from greatjobs.sectors.build import BRES_LIVE, BRES_NUTS2
from greatjobs.sources.http import FetchedTable
from greatjobs.sources.nomis import parse_nomis_csv
from greatjobs.sources.update import write_dataset
from greatjobs.warehouse import build_warehouse, default_steps, open_warehouse


@pytest.fixture(scope="module")
def tables(built_home: Home):
    with open_warehouse(built_home) as con:
        return read_ioat(con)


def test_slq_cilq_flq_by_hand():
    regional = np.array([30.0, 10.0, 0.0])
    national = np.array([300.0, 500.0, 200.0])
    s = reg.slq(regional, national)
    np.testing.assert_allclose(s, [(30 / 40) / 0.3, (10 / 40) / 0.5, 0.0])
    c = reg.cilq(s)
    assert c[0, 1] == pytest.approx(s[0] / s[1])
    assert c[1, 0] == pytest.approx(s[1] / s[0])
    np.testing.assert_allclose(np.diag(c), s)  # diagonal = SLQ_i
    np.testing.assert_allclose(c[:, 2], s)  # absent buyer: falls back to SLQ_i, not inf/nan
    size = 40 / 1000
    lam = np.log2(1 + size) ** 0.3
    assert reg.flegg_lambda(size, 0.3) == pytest.approx(lam)
    np.testing.assert_allclose(reg.flq(s, size, 0.3), c * lam)


def test_industry_without_national_employment_gets_slq_one():
    np.testing.assert_allclose(reg.slq(np.array([5.0, 0.0]), np.array([50.0, 0.0])), [1.0, 1.0])


def test_regionalised_coefficients_never_exceed_national():
    A = np.array([[0.2, 0.1], [0.3, 0.25]])
    q = np.array([[2.0, 0.5], [0.1, 1.0]])
    np.testing.assert_allclose(reg.regionalise(A, q), [[0.2, 0.05], [0.03, 0.25]])


@pytest.mark.parametrize("delta", [-0.1, 1.0])
def test_delta_outside_zero_to_one_is_refused(delta):
    with pytest.raises(DataError, match="δ"):
        reg.flegg_lambda(0.02, delta)


def test_lcr_is_merseyside_ukd7_whole_and_reconciles_with_bres(warehouse, tables):
    place = resolve_place(warehouse, "Liverpool City Region")
    (emp,) = reg.place_employment(warehouse, tables, [place])
    assert "UKD7 whole" in emp.geography
    published = warehouse.execute(
        f"""SELECT sum(CAST("COUNT" AS DOUBLE)) FROM raw.{BRES_NUTS2}
        WHERE GEOGRAPHY_CODE = 'UKD7' AND DATE = '2021' AND INDUSTRY_CODE NOT IN ('98', '99')"""
    ).fetchone()[0]
    assert emp.regional.sum() == pytest.approx(published)
    gb = warehouse.execute(
        f"""SELECT sum(CAST("COUNT" AS DOUBLE)) FROM raw.{BRES_NUTS2}
        WHERE DATE = '2021' AND INDUSTRY_CODE NOT IN ('98', '99')"""
    ).fetchone()[0]
    assert emp.national.sum() == pytest.approx(gb)
    assert 0.015 < emp.size < 0.03


def test_national_employment_by_ioat_matches_the_gb_release(warehouse, tables):
    by_ioat = reg.national_employment(warehouse, tables)
    assert by_ioat[tables.index_of("L68A")] == 0  # imputed rent: no employees
    assert by_ioat[tables.index_of("G47")] == 2_879_000
    assert by_ioat[tables.index_of("F41, F42 & F43")] == 514_000 + 195_000 + 860_000
    assert by_ioat.sum() == pytest.approx(31_362_500)


def test_a_district_is_apportioned_from_its_region_and_says_so(warehouse, tables):
    lcr, liverpool = (resolve_place(warehouse, n) for n in ("Liverpool City Region", "Liverpool"))
    e_lcr, e_liv = reg.place_employment(warehouse, tables, [lcr, liverpool])
    assert "of UKD7 (LSOA share)" in e_liv.geography
    share = e_liv.regional.sum() / e_lcr.regional.sum()
    assert share == pytest.approx(302 / 1005, rel=0.05)  # Liverpool's 2021 LSOAs of LCR's
    np.testing.assert_allclose(reg.slq(e_liv.regional, e_liv.national),
                               reg.slq(e_lcr.regional, e_lcr.national))  # fmt: skip


def test_every_english_district_has_regional_employment(warehouse, tables):
    districts = [p for p in list_places(warehouse, "district") if p.code.startswith("E")]
    assert len(districts) == 296
    found = reg.place_employment(warehouse, tables, districts)
    assert all(e.regional.sum() > 0 for e in found)


def test_regional_multipliers_lie_between_one_and_national(warehouse, tables):
    place = resolve_place(warehouse, "Liverpool City Region")
    frames = {}
    for delta in (0.1, 0.3, 0.4):
        frames[delta], _ = mult.place_multipliers(warehouse, tables, place, "I", "flq", delta)
    national, _ = mult.place_multipliers(warehouse, tables, None, "I")
    m = {d: f["output_multiplier"].to_numpy() for d, f in frames.items()}
    assert np.all(m[0.3] >= 1 - 1e-12)
    assert np.all(m[0.3] <= national["output_multiplier"].to_numpy() + 1e-12)
    # a larger δ shrinks λ*, so more imports from outside the place and smaller multipliers
    assert np.all(m[0.4] <= m[0.3] + 1e-12) and np.all(m[0.3] <= m[0.1] + 1e-12)
    f = frames[0.3]
    assert np.all((f["output_multiplier_low"] <= f["output_multiplier"])
                  & (f["output_multiplier"] <= f["output_multiplier_high"]))  # fmt: skip


def test_type_ii_exceeds_type_i_for_a_place(warehouse, tables):
    place = resolve_place(warehouse, "Liverpool City Region")
    one, _ = mult.place_multipliers(warehouse, tables, place, "I")
    two, _ = mult.place_multipliers(warehouse, tables, place, "II")
    assert np.all(two["jobs_per_m"] >= one["jobs_per_m"] - 1e-12)
    assert np.all(two["output_multiplier"] > one["output_multiplier"] - 1e-12)


@pytest.mark.parametrize("method", ["slq", "cilq"])
def test_slq_and_cilq_variants_regionalise_too(warehouse, tables, method):
    place = resolve_place(warehouse, "Liverpool City Region")
    frame, _ = mult.place_multipliers(warehouse, tables, place, "I", method)
    national = leo.output_multipliers(leo.calc_L(leo.calc_A(tables.Z, tables.output)))
    assert np.all(frame["output_multiplier"].to_numpy() <= national + 1e-12)
    assert np.all(frame["output_multiplier_low"] == frame["output_multiplier"])


def test_unknown_method_is_refused(warehouse, tables):
    place = resolve_place(warehouse, "Halton")
    with pytest.raises(DataError, match="No regionalisation method"):
        mult.place_multipliers(warehouse, tables, place, "I", "glq")


def test_live_district_bres_replaces_the_apportionment(tmp_path: Path, fixtures_dir: Path):
    """With district-level BRES fetched from Nomis (and built into the warehouse), a district is
    summed from it (GB comparator from the same release) instead of taking a share of its
    region."""
    header, _ = parse_nomis_csv(
        (fixtures_dir / "nomis" / "NM_189_1.offset0.csv").read_text(encoding="utf-8"), "fixture"
    )
    # a tiny live extract: Liverpool (two divisions) and one other district (Manchester)
    rows = [("E08000012", "Liverpool", "47", "4", "30000"),
            ("E08000012", "Liverpool", "86", "4", "40000"),
            ("E08000012", "Liverpool", "86", "1", "39000"),  # employees: not 'employment'
            ("E08000003", "Manchester", "47", "4", "50000"),
            ("E08000003", "Manchester", "62", "4", "80000")]  # fmt: skip
    records = []
    for code, name, division, status, value in rows:
        record: list[str | None] = [None] * len(header)
        fields = {"DATE": "2024", "GEOGRAPHY_CODE": code, "GEOGRAPHY_NAME": name,
                  "INDUSTRY_CODE": division, "EMPLOYMENT_STATUS": status, "MEASURES": "20100",
                  "OBS_VALUE": value}  # fmt: skip
        for column, text in fields.items():
            record[header.index(column)] = text
        records.append(record)
    home = Home(tmp_path).ensure()
    fetched = FetchedTable(BRES_LIVE, "BRES (test)", "ONS", "2024", "", "", header, records, "0")
    write_dataset(fetched, home.updates, "2026-01-01T00:00:00Z")
    needed = {"geography", "sectors", "impact"}
    build_warehouse(home, steps=[s for s in default_steps() if s[0] in needed])
    with open_warehouse(home) as con:
        tables = read_ioat(con)
        liverpool, wirral = (resolve_place(con, n) for n in ("Liverpool", "Wirral"))
        live, apportioned = reg.place_employment(con, tables, [liverpool, wirral])
    assert "BRES 2024 by district (live Nomis" in live.geography
    assert live.regional.sum() == 70_000 and live.national.sum() == 200_000
    assert live.regional[tables.index_of("G47")] == 30_000
    assert live.regional[tables.index_of("Q86")] == 40_000
    assert "of UKD7 (LSOA share)" in apportioned.geography  # Wirral is not in the extract
    q = reg.quotients([live, apportioned], "flq")
    assert np.isfinite(q).all()

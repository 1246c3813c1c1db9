"""Deprivation measures, pockets and 2019 -> 2025 change, checked against the published figures."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import duckdb
import numpy as np
import pytest
from shapely.geometry import shape
from shapely.ops import unary_union

from greatjobs.diagnose import build as diagnose_build
from greatjobs.diagnose import deprivation as dep
from greatjobs.diagnose import deprivation_places as places
from greatjobs.diagnose import deprivation_pockets as pockets
from greatjobs.errors import NotFoundError
from greatjobs.geography import custom_place, resolve_place
from greatjobs.home import Home
from greatjobs.warehouse import build_warehouse, default_steps, open_warehouse

DOCS = Path(__file__).parents[2] / "docs" / "methods" / "deprivation.md"
LCR = ("E06000006", "E08000011", "E08000012", "E08000013", "E08000014", "E08000015")


def diagnose_steps() -> list:
    steps = default_steps()
    if any(name in ("diagnose", "deprivation") for name, _ in steps):
        return steps
    return [*steps, ("diagnose", diagnose_build.build_tables)]


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    home = Home(tmp_path_factory.mktemp("deprivation-home"))
    build_warehouse(home, steps=diagnose_steps())
    connection = open_warehouse(home)
    yield connection
    connection.close()


# ---- the formulas -----------------------------------------------------------------------------


def test_extent_weights_follow_the_iod_sliding_scale() -> None:
    ranks = np.array([1, 100, 101, 110, 200, 300, 301, 1000])
    weights = dep.extent_weights(ranks, 1000)
    assert weights.tolist() == pytest.approx([1, 1, 0.95, 0.95, 0.95 - 9 * 0.9 / 19, 0.05, 0, 0])


def test_local_concentration_takes_exactly_ten_percent_of_the_population() -> None:
    ranks = np.arange(1, 21)  # 20 equal LSOAs: the most deprived 2 hold 10%
    assert dep.local_concentration(ranks, np.ones(20), 100) == pytest.approx(100 + 1 - 1.5)
    # LSOA ranked 1 holds 5% of the people, rank 2 holds 10%: rank 2 counts for half its weight
    weights = np.array([1.0, 2.0] + [17 / 18] * 18)
    assert dep.local_concentration(ranks, weights, 100) == pytest.approx((1 * 100 + 1 * 99) / 2)


def test_calibration_matches_targets_and_keeps_the_total() -> None:
    rng = np.random.default_rng(1)
    base = rng.uniform(1, 2, 50)
    values = rng.normal(size=(50, 2))
    targets = np.array([0.2, -0.1])
    w = dep.calibrate(base, targets, values)
    assert (w @ values) / w.sum() == pytest.approx(targets, abs=1e-9)
    assert w.sum() == pytest.approx(base.sum())


def test_unknown_edition_lists_the_editions(con: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(NotFoundError, match="2019, 2025"):
        places.place_deprivation(con, resolve_place(con, "Liverpool"), 2018)


# ---- district table against the published files ------------------------------------------------


def test_every_district_has_both_editions(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute(
        "SELECT edition, count(*), count(average_score), count(extent), "
        "count(local_concentration) FROM core.deprivation_la GROUP BY 1 ORDER BY 1"
    ).fetchall()
    assert rows == [(2019, 296, 296, 296, 296), (2025, 296, 296, 296, 296)]


def test_proportion_in_decile_1_reproduces_the_published_2025_values(
    con: duckdb.DuckDBPyConnection,
) -> None:
    published = dict(
        con.execute(
            "SELECT s.current_code, CAST(imd_proportion_of_lso_as_in_most_deprived_10_percent"
            "_nationally AS DOUBLE) FROM raw.iod2025_england_ltla24 r "
            "JOIN core.lad_successor s ON s.old_code = r.ltla24_code"
        ).fetchall()
    )
    table = places.district_table(con, 2025)
    assert len(table) == 296
    for row in table.itertuples():
        assert round(row.n_most_deprived_10 / row.n_lsoas, 4) == published[row.area_code]
    counts = table.set_index("area_code")[["n_most_deprived_10", "n_lsoas"]]
    assert counts.loc["E08000012"].tolist() == [111, 302]  # 0.3675
    assert counts.loc["E08000011"].tolist() == [40, 100]  # 0.40
    assert counts.loc["E06000006"].tolist() == [25, 80]  # 0.3125


def test_2019_counts_match_the_district_file_where_districts_are_unchanged(
    con: duckdb.DuckDBPyConnection,
) -> None:
    rows = con.execute(
        """
        SELECT d.area_code, d.proportion_most_deprived_10, CAST(r.Proportion AS DOUBLE)
        FROM core.deprivation_la d JOIN raw.imd2019_england_ltla22 r ON r.ltla22_code = d.area_code
        WHERE d.edition = 2019
        """
    ).fetchall()
    assert len(rows) >= 280
    assert all(abs(ours - theirs) < 1e-12 for _, ours, theirs in rows)
    liverpool = next(r for r in rows if r[0] == "E08000012")
    assert liverpool[1] == pytest.approx(145 / 298)


# Regression pins, not published figures: the errors of our estimates against MHCLG's published
# district values, as measured on the bundled snapshot (docs/methods/deprivation.md states them).
MEASURED_2025 = {
    ("equal", "average_score"): (0.3038, 2.156),
    ("equal", "extent"): (0.005970, 0.05517),
    ("equal", "local_concentration"): (155.2, 1023.6),
    ("households", "average_score"): (0.2884, 2.345),
    ("households", "average_rank"): (193.6, 1111.7),
    ("households", "extent"): (0.005626, 0.05987),
    ("households", "local_concentration"): (140.6, 771.0),
    ("calibrated", "extent"): (0.001326, 0.01207),
    ("calibrated", "local_concentration"): (46.36, 466.8),
}
MEASURED_2019 = {
    ("equal", "extent"): (0.005200, 0.02697),
    ("households", "extent"): (0.005213, 0.04722),
    ("calibrated", "extent"): (0.004445, 0.02713),
}


@pytest.mark.parametrize(("edition", "measured"), [(2025, MEASURED_2025), (2019, MEASURED_2019)])
def test_estimates_error_against_published_values(
    con: duckdb.DuckDBPyConnection, edition: int, measured: dict
) -> None:
    errors = places.measure_method_error(con, edition).set_index(["weighting", "measure"])
    assert (errors["districts"] == 296).all()
    for key, (mean, worst) in measured.items():
        assert errors.loc[key, "mean_abs_error"] == pytest.approx(mean, rel=0.002), key
        assert errors.loc[key, "max_abs_error"] == pytest.approx(worst, rel=0.002), key
    if edition == 2025:  # calibration reproduces what it is calibrated to, and helps the rest
        for measure in ("average_score", "average_rank"):
            assert errors.loc[("calibrated", measure), "max_abs_error"] < 1e-6
        for measure in ("extent", "local_concentration"):
            calibrated = errors.loc[("calibrated", measure), "mean_abs_error"]
            assert calibrated < errors.loc[("households", measure), "mean_abs_error"] / 2
        assert errors.loc[("equal", "proportion_most_deprived_10"), "max_abs_error"] < 5e-5


def test_methods_page_states_the_measured_errors() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for mean, worst in [*MEASURED_2025.values(), *MEASURED_2019.values()]:
        for figure in (mean, worst):
            shown = f"{figure:.4g}" if figure < 1 else f"{figure:,.1f}"
            assert shown in text, shown


# ---- places -------------------------------------------------------------------------------------


def test_a_district_place_gives_the_published_row(con: duckdb.DuckDBPyConnection) -> None:
    summary = places.place_deprivation(con, resolve_place(con, "Liverpool"), 2025)
    assert (summary.average_score, summary.extent) == (37.11, 0.5402)
    assert summary.proportion_most_deprived_10 == 0.3675
    assert summary.method.startswith("published")


def test_custom_place_of_the_six_districts_equals_the_city_region(
    con: duckdb.DuckDBPyConnection,
) -> None:
    lcr = places.place_deprivation(con, resolve_place(con, "LCR"), 2025)
    custom = places.place_deprivation(con, custom_place(con, "six", list(LCR)), 2025)
    assert (lcr.n_most_deprived_10, lcr.n_lsoas) == (289, 1003)
    for field in ("average_score", "average_rank", "extent", "local_concentration"):
        assert getattr(custom, field) == pytest.approx(getattr(lcr, field))
    districts = places.district_table(con, 2025, list(LCR))
    for field in ("average_score", "extent", "average_rank"):
        assert districts[field].min() < getattr(lcr, field) < districts[field].max()
    # Regression pins of our estimates (MHCLG publishes no combined-authority summary).
    assert lcr.average_score == pytest.approx(31.33, abs=0.01)
    assert lcr.extent == pytest.approx(0.4126, abs=1e-4)


def test_2019_place_has_a_score_from_the_district_figures(con: duckdb.DuckDBPyConnection) -> None:
    lcr = places.place_deprivation(con, resolve_place(con, "LCR"), 2019)
    assert (lcr.n_most_deprived_10, lcr.n_lsoas) == (335, 989)
    # A regression pin of our estimate from the published district scores.
    assert lcr.average_score == pytest.approx(34.82, abs=0.01)


# ---- pockets ------------------------------------------------------------------------------------


def test_pockets_partition_the_most_deprived_lsoas_into_separate_clusters(
    con: duckdb.DuckDBPyConnection,
) -> None:
    found = pockets.deprivation_pockets(con, resolve_place(con, "LCR"), 2025)
    codes = [c for p in found for c in p.lsoa_codes]
    assert len(codes) == len(set(codes)) == 289
    assert len(found) == 38
    assert found[0].n_lsoas == 91 and found[0].district_names == ("Liverpool", "Sefton")
    assert [p.number for p in found] == list(range(1, 39))
    geometry = dict(
        con.execute(
            "SELECT lsoa_code, geometry FROM core.lsoa_boundary WHERE vintage = '2021'"
        ).fetchall()
    )
    shapes = [unary_union([shape(json.loads(geometry[c])) for c in p.lsoa_codes]) for p in found]
    for i, a in enumerate(shapes):  # each pocket is one piece; no two pockets touch
        assert a.buffer(pockets.TOUCH_TOLERANCE_DEGREES).geom_type == "Polygon"
        for b in shapes[i + 1 :]:
            assert a.distance(b) > 2 * pockets.TOUCH_TOLERANCE_DEGREES
    assert sum(p.population_share for p in found) == pytest.approx(
        con.execute(
            "SELECT sum(w.weight) FILTER (WHERE i.imd_decile = 1) / sum(w.weight) "
            "FROM core.lsoa_weight w JOIN core.imd_lsoa i USING (edition, lsoa_code) "
            "WHERE w.edition = 2025 AND list_contains(?, w.lad_code)",
            [list(LCR)],
        ).fetchone()[0]
    )


def test_no_two_pockets_share_a_name(con: duckdb.DuckDBPyConnection) -> None:
    for edition in (2025, 2019):
        found = pockets.deprivation_pockets(con, resolve_place(con, "LCR"), edition)
        names = [p.name for p in found]
        assert len(set(names)) == len(names), edition
    # two pockets in Belle Vale ward: each is told apart by its largest LSOA
    belle_vale = [p for p in pockets.deprivation_pockets(con, resolve_place(con, "LCR"))
                  if p.name.startswith("Belle Vale (Liverpool")]  # fmt: skip
    assert len(belle_vale) == 2
    assert all(p.name == f"Belle Vale (Liverpool, {p.largest_lsoa})" for p in belle_vale)


def test_no_pockets_where_no_boundaries_are_bundled(con: duckdb.DuckDBPyConnection) -> None:
    assert pockets.deprivation_pockets(con, resolve_place(con, "Leeds")) == []


def test_2019_pockets_use_2011_lsoas(con: duckdb.DuckDBPyConnection) -> None:
    found = pockets.deprivation_pockets(con, resolve_place(con, "LCR"), 2019)
    assert sum(p.n_lsoas for p in found) == 335
    assert all(re.match(r"^E01\d{6}$", c) for p in found for c in p.lsoa_codes)


# ---- change 2019 -> 2025 ------------------------------------------------------------------------


def test_change_maps_2019_deciles_across_the_boundary_change(
    con: duckdb.DuckDBPyConnection,
) -> None:
    place = resolve_place(con, "LCR")
    lsoas = pockets.lsoa_decile_change(con, place).set_index("lsoa_code")
    assert len(lsoas) == 1003
    deciles_2019 = dict(
        con.execute(
            "SELECT lsoa_code, imd_decile FROM core.imd_lsoa WHERE edition = 2019"
        ).fetchall()
    )
    unchanged = lsoas[lsoas["change_codes"] == "U"]
    assert len(unchanged) == 967
    assert all(deciles_2019[c] == d for c, d in unchanged["decile_2019"].items())
    assert lsoas["flagged"].sum() == 3 and set(lsoas[lsoas["flagged"]]["change_codes"]) == {"M"}
    table = pockets.decile_1_change(con, place).set_index("area_code")
    total = table.loc["E47000004"]
    assert (total["decile_1_2025"], total["moved_in"], total["moved_out"]) == (289, 3, 57)
    assert total["decile_1_2019_on_2011_lsoas"] == 335
    liverpool = table.loc["E08000012"]
    assert liverpool["decile_1_2019_mapped"] - liverpool["moved_out"] + liverpool["moved_in"] == 111
    assert table.drop(index="E47000004")["moved_out"].sum() == 57

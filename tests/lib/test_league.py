"""League tables: published figures, sums of counts for custom places, rank intervals and
significance, checked against figures ONS publishes."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pytest

from greatjobs.diagnose import league
from greatjobs.diagnose.catalogue import get_indicator
from greatjobs.diagnose.league import (
    UNRELIABLE,
    UNRELIABLE_VERDICT,
    CustomPlaceSpec,
    LeagueTableSpec,
    compute_league_table,
    cv_band,
    rank_intervals,
    rank_labels,
    ranks_of,
    significance,
)
from greatjobs.diagnose.league_data import AreaValue, prefer_published, published_decimals
from greatjobs.errors import DataError, NotFoundError
from greatjobs.home import Home
from greatjobs.warehouse import open_warehouse

LCR = "E47000004"
SIX = ["Halton", "Knowsley", "Liverpool", "St Helens", "Sefton", "Wirral"]


@pytest.fixture()
def con(built_home: Home) -> duckdb.DuckDBPyConnection:
    connection = open_warehouse(built_home)
    yield connection
    connection.close()


def row(table, code):
    found = table.frame[table.frame["area_code"] == code]
    assert len(found) == 1, f"{code} not in the table"
    return found.iloc[0]


# --- published figures -------------------------------------------------------------------------


def test_lcr_employment_rate_2023_is_the_published_figure(con):
    table = compute_league_table(con, LeagueTableSpec("employment-rate", period="2023"))
    lcr = row(table, LCR)
    assert (lcr["value"], lcr["lci"], lcr["uci"]) == (72.0, 69.8, 74.2)
    assert "Published by ONS" in lcr["source"]
    assert table.england is not None and table.england.value == 76.0
    assert lcr["significance"] == "lower"  # 72.0 (69.8-74.2) vs England 76.0 (75.6-76.4)
    assert "Open Government Licence" in " ".join(table.provenance.lines())


def test_a_custom_place_of_the_six_districts_reproduces_workless_households_2022(con):
    # ONS household APS 2022: Merseyside 83,153 of 436,480 households + Halton 5,310 of 38,939
    # -> 88,463 / 475,419 = 18.6%.
    spec = LeagueTableSpec(
        "workless-households", period="2022", custom=[CustomPlaceSpec("Six districts", SIX)]
    )
    table = compute_league_table(con, spec)
    custom = row(table, "custom:six-districts")
    assert custom["value"] == pytest.approx(100 * 88_463 / 475_419)
    assert round(custom["value"], 1) == 18.6
    assert custom["value"] == pytest.approx(row(table, LCR)["value"])
    assert "Aggregated by greatjobs" in custom["source"]
    assert custom["lci"] < custom["value"] < custom["uci"]
    merseyside = con.execute(
        "SELECT numerator, denominator FROM core.indicator_series WHERE period = '2022' AND "
        "indicator_id = 'workless-households' AND area_code IN ('E06000006') "
    ).fetchone()
    assert merseyside == (5310, 38939)


def test_level_4_qualifications_sum_census_counts_and_match_published_england(con):
    spec = LeagueTableSpec("level-4-qualifications", custom=[CustomPlaceSpec("Six", SIX)])
    table = compute_league_table(con, spec)
    custom = row(table, "custom:six")
    # Census 2021 counts: 371,453 of 1,276,350 residents 16+ in the six districts.
    assert custom["value"] == pytest.approx(100 * 371_453 / 1_276_350)
    assert custom["value"] == pytest.approx(row(table, LCR)["value"])
    # ONS publishes England (Census 2021): 33.9% level 4+, 18.1% no qualifications.
    assert round(table.england.value, 1) == 33.9
    noqual = compute_league_table(con, LeagueTableSpec("no-qualifications"))
    assert round(noqual.england.value, 1) == 18.1


def test_gva_per_hour_for_lcr_is_the_published_merseyside_figure_every_year(con):
    # LCR = ITL2 Merseyside (TLD7), which ONS publishes (Table A4): its figure is used as it is,
    # not a sum of rounded ITL3 rates (which gives 30.1 for 2017 and 30.4 for 2019 where ONS
    # publishes 30.0 and 30.5).
    for year in [str(y) for y in range(2004, 2022)]:
        table = compute_league_table(con, LeagueTableSpec("gva-per-hour", period=year))
        published = con.execute(
            f'SELECT CAST("{year}" AS DOUBLE) FROM raw.ons_itl_gva_per_hour_worked_tableA4_2004_2021 '  # noqa: E501
            "WHERE \"ITL code\" = 'TLD7'"
        ).fetchone()[0]
        lcr = row(table, LCR)
        assert lcr["value"] == published, year
        assert "Merseyside (TLD7)" in lcr["source"]
    table = compute_league_table(con, LeagueTableSpec("gva-per-hour", period="2019"))
    assert row(table, LCR)["value"] == 30.5
    assert "Aggregated by greatjobs" in row(table, "E47000006")["source"]  # Tees Valley: no ITL2


def test_a_custom_place_uses_the_publishers_figure_only_for_identical_districts(con):
    spec = LeagueTableSpec(
        "employment-rate", among=["Greater Manchester"], period="2023",
        custom=[CustomPlaceSpec("Six", SIX)],
    )  # fmt: skip
    table = compute_league_table(con, spec)
    assert row(table, "custom:six")["value"] == 72.0
    assert any("exactly those of Liverpool City Region" in n for n in table.notes)
    five = LeagueTableSpec("employment-rate", custom=[CustomPlaceSpec("Five", SIX[1:])])
    with pytest.raises(DataError, match="Averaging the districts' rates would be wrong"):
        compute_league_table(con, five)


def test_mixed_code_vintages_in_a_custom_place_are_mapped_with_a_note(con):
    # Barnsley and Sheffield by their pre-2024 codes, Doncaster and Rotherham by name.
    spec = LeagueTableSpec(
        "workless-households", among=["South Yorkshire"], period="2022",
        custom=[CustomPlaceSpec("SY", ["E08000016", "Doncaster", "Rotherham", "E08000019"])],
    )  # fmt: skip
    table = compute_league_table(con, spec)
    assert row(table, "custom:sy")["value"] == pytest.approx(row(table, "E47000002")["value"])
    assert any("E08000016" in n for n in table.notes)


# --- the league tables ----------------------------------------------------------------


@pytest.mark.parametrize(
    "indicator", ["youth-unemployment", "workless-households", "level-4-qualifications"]
)
def test_lcr_rank_among_combined_authorities_with_intervals(con, indicator):
    table = compute_league_table(con, LeagueTableSpec(indicator))
    lcr = row(table, LCR)
    assert lcr["rank_low"] <= lcr["rank"] <= lcr["rank_high"]
    assert len(table.frame) >= 10
    assert table.frame["rank"].is_monotonic_increasing


@pytest.mark.parametrize(
    ("indicator", "among"),
    [("employment-rate", "combined-authorities"), ("workless-households", "combined-authorities"),
     ("unemployment-rate", "districts"), ("median-weekly-pay", "regions")],
)  # fmt: skip
def test_rank_intervals_contain_the_point_rank(con, indicator, among):
    frame = compute_league_table(con, LeagueTableSpec(indicator, among=among)).frame
    # A place published without an interval is held fixed while the others move, so its point
    # rank can fall outside its simulated interval; the invariant holds for places with one.
    with_ci = frame[frame["lci"].notna()]
    assert len(with_ci) > len(frame) / 2
    inside = (with_ci["rank_low"] <= with_ci["rank"]) & (with_ci["rank"] <= with_ci["rank_high"])
    assert inside.all()
    if indicator == "workless-households":
        assert (frame["rank_high"] > frame["rank_low"]).any()  # survey figures: real uncertainty


def test_districts_are_english_current_districts_and_change_is_computed(con):
    table = compute_league_table(
        con, LeagueTableSpec("employment-rate", among="districts", period="2023",
                             compare_period="2022", highlight="E08000012"),
    )  # fmt: skip
    assert table.frame["area_code"].str[:3].isin(["E06", "E07", "E08", "E09"]).all()
    liverpool = row(table, "E08000012")
    earlier = compute_league_table(
        con, LeagueTableSpec("employment-rate", among=["Liverpool"], period="2022")
    )
    assert liverpool["change"] == pytest.approx(
        liverpool["value"] - row(earlier, "E08000012")["value"]
    )


def test_unknown_indicator_period_and_place_list_what_exists(con):
    with pytest.raises(NotFoundError, match="diagnose indicators"):
        compute_league_table(con, LeagueTableSpec("employment-rates"))
    with pytest.raises(NotFoundError, match="periods held: 2004"):
        compute_league_table(con, LeagueTableSpec("employment-rate", period="1999"))
    with pytest.raises(NotFoundError, match="No place called"):
        compute_league_table(con, LeagueTableSpec("employment-rate", among=["Atlantis"]))


# --- the statistics, on synthetic data ---------------------------------------------------------


def test_significance_uses_both_standard_errors():
    assert significance(10.0, 1.0, 5.0, 1.0) == "higher"  # z = 5 / 1.414 = 3.5
    assert significance(2.0, 1.0, 5.0, 1.0) == "lower"
    assert significance(7.5, 1.0, 5.0, 1.0) == "not significant"  # z = 1.77
    assert significance(7.5, 1.0, 5.0, 0.0) == "higher"  # z = 2.5 with an exact reference
    assert significance(7.5, 1.0, 5.0, None) == "higher"
    assert significance(7.5, None, 5.0, 1.0) == "no interval"
    assert significance(7.5, 1.0, None, None) == "no interval"


def test_ranks_follow_polarity_and_share_ties():
    values = np.array([3.0, 9.0, 5.0, 9.0])
    assert ranks_of(values, True).tolist() == [4, 1, 3, 1]
    assert ranks_of(values, False).tolist() == [1, 3, 2, 3]
    matrix = np.array([[1.0, 2.0, 3.0], [30.0, 20.0, 10.0]])
    assert ranks_of(matrix, True).tolist() == [[3, 2, 1], [1, 2, 3]]


def test_rank_intervals_reflect_the_uncertainty():
    values = np.array([10.0, 20.0, 30.0, 30.5])
    exact_low, exact_high = rank_intervals(values, np.zeros(4), True, 500, 1)
    assert exact_low.tolist() == exact_high.tolist() == [4, 3, 2, 1]
    low, high = rank_intervals(values, np.array([0.1, 0.1, 2.0, 2.0]), True, 4000, 1)
    assert (low[:2].tolist(), high[:2].tolist()) == ([4, 3], [4, 3])  # far apart: certain
    assert (low[2], high[2], low[3], high[3]) == (1, 2, 1, 2)  # overlapping: either order
    again = rank_intervals(values, np.array([0.1, 0.1, 2.0, 2.0]), True, 4000, 1)
    assert [a.tolist() for a in again] == [low.tolist(), high.tolist()]  # seeded


def test_spec_round_trips_to_json():
    spec = LeagueTableSpec(
        "workless-households", among=["Liverpool City Region", "E47000001"], period="2022",
        compare_period="2019", custom=[CustomPlaceSpec("Six", SIX)], draws=500, seed=7,
    )  # fmt: skip
    assert LeagueTableSpec.from_json(spec.to_json()) == spec


# --- deprivation (values from core.deprivation_la) ---------------------------------------------


def test_imd_most_deprived_share_sums_lsoa_counts_for_larger_places(con):
    table = compute_league_table(
        con,
        LeagueTableSpec(
            "imd-most-deprived-share", period="2025", custom=[CustomPlaceSpec("Six", SIX)]
        ),
    )
    # IoD2025 published: Liverpool 0.3675 = 111 of 302 LSOAs in the most deprived decile.
    districts = compute_league_table(
        con, LeagueTableSpec("imd-most-deprived-share", among=["Liverpool"], period="2025")
    )
    assert row(districts, "E08000012")["value"] == pytest.approx(111 / 302, abs=5e-5)
    assert row(table, "custom:six")["value"] == pytest.approx(row(table, LCR)["value"])
    assert table.england.value == pytest.approx(0.1, abs=0.001)  # a decile: 10% by definition


def test_population_weighted_deprivation_refuses_custom_places_here(con):
    with pytest.raises(NotFoundError, match="figures for lad only"):
        compute_league_table(con, LeagueTableSpec("imd-extent"))
    spec = LeagueTableSpec("imd-extent", among=["Liverpool"], custom=[CustomPlaceSpec("Six", SIX)])
    with pytest.raises(DataError, match="diagnose deprivation"):
        compute_league_table(con, spec)


# --- digital inclusion and skills supply (ONS Explore Local Statistics, as published) ----------
# The publisher's own figures, read from the ELS files: two districts, the city region, England.
DIGITAL_AND_SKILLS = [
    # Ofcom Connected Nations, January 2026 (% of premises / % of area)
    ("gigabit-broadband", "2026", {"E08000011": 97.0, "E08000013": 96.9}, 93.5, 88.4),
    ("premises-below-30-mbits", "2026", {"E08000011": 0.6, "E08000013": 1.1}, 1.2, 1.9),
    ("4g-coverage", "2026", {"E06000052": 99.28, "E06000057": 96.59}, 100.0, 99.03),
    ("5g-coverage", "2026", {"E06000052": 72.95, "E06000057": 66.11}, 99.84, 87.63),
    # DfE further education and skills, 2024/25 (per 100,000 people)
    ("apprenticeship-starts", "2024/25", {"E08000011": 1228, "E08000013": 1181}, 995, 959),
    ("apprenticeship-achievements", "2024/25", {"E08000011": 635, "E08000013": 650}, 542, 538),
    ("adult-fe-participation", "2024/25", {"E08000011": 7102, "E08000013": 5424}, 6297, 5174),
    ("adult-fe-achievements", "2024/25", {"E08000011": 5108, "E08000013": 3487}, 4533, 3554),
]  # fmt: skip


@pytest.mark.parametrize(("indicator", "period", "districts", "city_region", "england"),
                         DIGITAL_AND_SKILLS)  # fmt: skip
def test_digital_and_skills_leagues_reproduce_the_published_figures(
    con, indicator, period, districts, city_region, england
):
    by_district = compute_league_table(con, LeagueTableSpec(indicator, among="districts"))
    assert by_district.period == period  # the latest, by default
    for code, published in districts.items():
        assert row(by_district, code)["value"] == published, code
    authorities = compute_league_table(con, LeagueTableSpec(indicator))
    assert row(authorities, LCR)["value"] == city_region
    assert authorities.england is not None and authorities.england.value == england
    assert "Published by ONS" in row(authorities, LCR)["source"]
    assert "Open Government Licence" in " ".join(authorities.provenance.lines())


def test_productivity_ties_where_the_published_figures_tie(con):
    # ONS subregional productivity Table A4, 2021: Merseyside (TLD7, = LCR) 34.0 and Greater
    # Manchester (TLD3) 34.0 per hour. The sums of their ITL3 areas (34.006 and 33.982) are
    # rounded to the 0.1 ONS publishes before ranking, so they tie: "=3", not 3rd and 4th.
    published = dict(
        con.execute(
            'SELECT "ITL code", CAST("2021" AS DOUBLE) FROM '
            "raw.ons_itl_gva_per_hour_worked_tableA4_2004_2021 "
            "WHERE \"ITL code\" IN ('TLD3', 'TLD7')"
        ).fetchall()
    )
    assert published == {"TLD3": 34.0, "TLD7": 34.0}
    table = compute_league_table(con, LeagueTableSpec("gva-per-hour", period="2021"))
    lcr, gm = row(table, LCR), row(table, "E47000001")
    assert (lcr["value"], gm["value"]) == (34.0, 34.0)
    assert (lcr["rank"], gm["rank"]) == (3, 3)
    assert (lcr["rank_label"], gm["rank_label"]) == ("=3", "=3")
    assert row(table, "E47000003")["rank_label"] == "5"  # West Yorkshire: 33.2, after the tie
    assert all(v == round(v, 1) for v in table.frame["value"])
    assert any("rounded to the precision the publisher gives" in n for n in table.notes)


def test_the_publishers_figure_replaces_a_sum_for_the_same_place_and_period():
    summed = "Aggregated by greatjobs: sum of numerators / sum of denominators over 4 areas"
    values = pd.DataFrame(
        {
            "area_code": [LCR, LCR, LCR, "E47000001"],
            "period": ["2021", "2021", "2020", "2021"],
            "value": [34.006, 34.0, 34.09, 33.982],
            "method": [summed, "Published by ONS (ITL2 Merseyside)", summed, summed],
        }
    )
    kept = prefer_published(values)
    assert kept["value"].tolist() == [34.0, 34.09, 33.982]
    assert published_decimals([34.1, 30.4, 51.5]) == 1
    assert published_decimals([36.71, 34.6]) == 2
    assert published_decimals([13.365080294144624]) is None  # given to full precision


def test_ties_are_written_with_an_equals_sign():
    assert rank_labels(np.array([1, 2, 3, 3, 5])) == ["1", "2", "=3", "=3", "5"]


def test_cv_bands_follow_ons():
    assert [cv_band(x) for x in (1.2, 5.0, 9.9, 10.0, 20.0, 20.1, None)] == [
        "precise", "reasonably precise", "reasonably precise", "acceptable, use with caution",
        "acceptable, use with caution", UNRELIABLE, "no interval",
    ]  # fmt: skip


def test_workless_households_2022_flags_unreliable_district_estimates(con):
    table = compute_league_table(
        con, LeagueTableSpec("workless-households", among="districts", period="2022")
    )
    frame = table.frame
    assert len(frame) == 283
    unreliable = frame[frame["reliability"] == UNRELIABLE]
    assert len(unreliable) == 214  # CV over 20% (ONS: "considered to be unreliable")
    assert set(unreliable["significance"]) == {UNRELIABLE_VERDICT}
    reliable = frame[frame["reliability"] != UNRELIABLE]
    assert UNRELIABLE_VERDICT not in set(reliable["significance"])
    # ONS Table A1 2022: Horsham 3.1% workless, CV 87.8; 95% CI 3.1 ± 1.96 x 2.74 = -2.2 to 8.5.
    horsham = row(table, "E07000227")
    assert horsham["cv"] == pytest.approx(87.7968, abs=1e-3)
    assert (horsham["lci"], round(horsham["uci"], 1)) == (0.0, 8.5)
    assert frame["lci"].min() == 0.0
    assert any(n.startswith("32 95% confidence intervals") for n in table.notes)
    assert any("214 of 283 estimates" in n for n in table.notes)
    # Liverpool City Region (summed): CV 7.6%, reasonably precise, significantly higher.
    lcr = row(compute_league_table(con, LeagueTableSpec("workless-households", period="2022")), LCR)
    assert (lcr["reliability"], lcr["significance"]) == ("reasonably precise", "higher")


def test_an_upper_bound_above_100_percent_is_cut_and_noted():
    entries = [
        AreaValue("A", "A", 98.0, 94.0, 102.0, None, "Published"),
        AreaValue("B", "B", 50.0, 45.0, 55.0, None, "Published"),
    ]
    frame, notes = league._frame(
        entries, get_indicator("employment-rate"), None, LeagueTableSpec("employment-rate")
    )
    assert frame["uci"].max() == 100.0
    assert any("an upper bound above 100%" in n and "A (102.0%)" in n for n in notes)


def test_a_custom_place_stands_beside_the_league_without_moving_its_ranks(con):
    plain = compute_league_table(con, LeagueTableSpec("workless-households", period="2022"))
    spec = LeagueTableSpec(
        "workless-households", period="2022",
        custom=[CustomPlaceSpec("Three", ["Halton", "Knowsley", "Liverpool"])],
    )  # fmt: skip
    table = compute_league_table(con, spec)
    official = table.official.set_index("area_code")
    before = plain.frame.set_index("area_code")
    assert table.size == 10 == len(plain.frame)
    assert official["rank"].to_dict() == before["rank"].to_dict()
    assert official["rank_low"].to_dict() == before["rank_low"].to_dict()
    three = row(table, "custom:three")
    assert bool(three["custom"]) and three["rank_label"] == "would rank 7"
    assert row(table, LCR)["rank"] == 7  # the custom place (18.2%) did not push LCR to 8th
    assert "custom place" in table.place_set


def test_each_league_states_its_set_of_places_and_vintage(con):
    els = compute_league_table(con, LeagueTableSpec("employment-rate", period="2023"))
    assert els.place_set.startswith("15 combined authorities as published by ONS Explore Local")
    assert any("replaced by the North East Mayoral Combined Authority" in n for n in els.notes)
    summed = compute_league_table(con, LeagueTableSpec("workless-households", period="2022"))
    assert summed.place_set.startswith(
        "10 of the 10 combined authorities of the December 2023 ONS lookup"
    )
    for t in (els, summed):
        assert f"Places ranked: {t.place_set}." in t.provenance.notes
        assert any("95% confidence interval" in n for n in t.provenance.notes)

"""Low pay (real Living Wage), the pay distribution (ASHE Table 8.7a) and 16-17 NEET rates:
the publishers' figures reproduced for districts, and the city region summed from counts."""

from __future__ import annotations

import duckdb
import pytest

from greatjobs.diagnose import series
from greatjobs.diagnose.catalogue import get_indicator
from greatjobs.diagnose.league import CustomPlaceSpec, LeagueTableSpec, compute_league_table
from greatjobs.home import Home
from greatjobs.warehouse import open_warehouse

LCR = "E47000004"
SIX = {
    "E06000006": "Halton",
    "E08000011": "Knowsley",
    "E08000012": "Liverpool",
    "E08000013": "St Helens",
    "E08000014": "Sefton",
    "E08000015": "Wirral",
}
MERSEYSIDE = ["E08000011", "E08000012", "E08000013", "E08000014", "E08000015"]


@pytest.fixture()
def con(built_home: Home) -> duckdb.DuckDBPyConnection:
    connection = open_warehouse(built_home)
    yield connection
    connection.close()


def series_row(con, indicator, code, period):
    found = con.execute(
        "SELECT value, lci, uci, numerator, denominator, method FROM core.indicator_series "
        "WHERE indicator_id = ? AND area_code = ? AND period = ?",
        [indicator, code, period],
    ).fetchall()
    assert len(found) <= 1
    return found[0] if found else None


def league_row(table, code):
    found = table.frame[table.frame["area_code"] == code]
    assert len(found) == 1, f"{code} not in the table"
    return found.iloc[0]


# --- low pay: jobs below the real Living Wage, by workplace (ASHE April 2022, provisional) ------

# ONS Table 7 LWF.1a, "All" sheet, columns "Jobs (thousand)" and "Per cent" (row by code), and
# Table 7 LWF.1b (CV), "All" sheet, column "Per cent".
LIVING_WAGE_PUBLISHED = {
    # code: (jobs below the rate, thousands; per cent; CV of the per cent)
    "E06000006": (7, 13.4, 15.0),  # Halton UA
    "E08000011": (8, 13.1, 15.0),  # Knowsley
    "E08000012": (24, 11.1, 8.3),  # Liverpool
    "E08000013": (7, 14.6, 15.0),  # St. Helens
    "E08000014": (12, 14.0, 11.0),  # Sefton
    "E08000015": (10, 13.1, 13.0),  # Wirral
    "E08000003": (36, 9.7, 7.0),  # Manchester
}


@pytest.mark.parametrize("code", ["E08000012", "E06000006", "E08000003"])
def test_low_pay_reproduces_the_published_district_figures(con, code):
    jobs, pct, cv = LIVING_WAGE_PUBLISHED[code]
    value, lci, uci, numerator, denominator, method = series_row(
        con, "low-pay-living-wage", code, "2022"
    )
    assert value == pytest.approx(pct)
    assert numerator == jobs * 1000
    assert denominator == pytest.approx(jobs * 1000 / (pct / 100))  # derived: below / per cent
    assert uci - value == pytest.approx(1.959964 * cv / 100 * pct, rel=1e-4)
    assert value - lci == pytest.approx(uci - value)
    assert "LWF.1a" in method and "'x'" in method


def test_low_pay_for_the_city_region_is_summed_from_the_six_districts_counts(con):
    below = sum(1000 * LIVING_WAGE_PUBLISHED[c][0] for c in SIX)
    all_jobs = sum(
        1000 * LIVING_WAGE_PUBLISHED[c][0] / (LIVING_WAGE_PUBLISHED[c][1] / 100) for c in SIX
    )
    value, lci, uci, numerator, denominator, method = series_row(
        con, "low-pay-living-wage", LCR, "2022"
    )
    assert numerator == below == 68_000
    assert denominator == pytest.approx(all_jobs)
    assert value == pytest.approx(100 * below / all_jobs)
    assert round(value, 1) == 12.6
    assert method.startswith("Aggregated by greatjobs") and "Halton" in method
    assert lci < value < uci
    # The league table gives the city region this sum, and a custom place of the six the same.
    spec = LeagueTableSpec("low-pay-living-wage", custom=[CustomPlaceSpec("Six", list(SIX))])
    table = compute_league_table(con, spec)
    # (the league may show a sum to the publisher's precision, 0.1 of a percentage point)
    assert league_row(table, LCR)["value"] == pytest.approx(value, abs=0.05)
    assert league_row(table, "custom:six")["value"] == pytest.approx(value, abs=0.05)
    assert table.england is not None and table.england.value == 12.5  # published, LWF.1a row E92


def test_low_pay_summed_for_merseyside_matches_the_published_metropolitan_county(con):
    # ONS Table 7 LWF.1a, "All" sheet, row "Merseyside Met County" (E11000002): 62 thousand jobs,
    # 12.5%. ONS makes it from the survey; greatjobs from the five districts' rounded counts.
    rows = con.execute(
        "SELECT area_code, numerator, denominator, lci, uci FROM core.indicator_series "
        "WHERE indicator_id = 'low-pay-living-wage' AND period = '2022' AND area_type = 'lad'"
    ).df()
    blocks = series.blocks_from_frame(rows)
    result = series.aggregate_counts(
        blocks, series.load_components(con), frozenset(MERSEYSIDE), 100.0
    )
    assert not isinstance(result, str)
    assert result.numerator == 61_000  # 8 + 24 + 7 + 12 + 10 thousand (published: 62, rounded)
    assert round(result.value, 1) == 12.5


# --- the pay distribution by residence (ASHE 2025 provisional, Table 8.7a, all employee jobs) ---

# ONS Table 8.7a, "All" sheet, percentile columns "10" and "90" (rows by code).
PAY_PUBLISHED = {
    "E08000012": (10_196, 59_516),  # Liverpool
    "E08000003": (9_453, 62_628),  # Manchester
    "E92000001": (11_440, 70_943),  # England
}


@pytest.mark.parametrize("code", list(PAY_PUBLISHED))
def test_pay_percentiles_and_the_90_10_ratio_reproduce_table_8_7a(con, code):
    p10, p90 = PAY_PUBLISHED[code]
    assert series_row(con, "annual-pay-p10", code, "2025")[0] == p10
    ratio = series_row(con, "annual-pay-90-10", code, "2025")
    assert ratio[0] == pytest.approx(p90 / p10)
    assert ratio[3] is None and ratio[4] is None  # percentiles have no counts to sum
    assert ratio[5].startswith("Computed by greatjobs")


def test_pay_cells_marked_x_are_missing_never_zero(con):
    # Table 8.7a: Knowsley's 90th percentile is "x" (CV > 20%), its 10th is 13,427.
    assert series_row(con, "annual-pay-p10", "E08000011", "2025")[0] == 13_427
    assert series_row(con, "annual-pay-90-10", "E08000011", "2025") is None
    # Redcar and Cleveland UA: 10th percentile "x".
    assert series_row(con, "annual-pay-p10", "E06000003", "2025") is None
    # Percentiles are never summed: no combined authority gets a figure.
    assert (
        con.execute(
            "SELECT count(*) FROM core.indicator_series WHERE indicator_id LIKE 'annual-pay-%' "
            "AND area_type = 'cauth'"
        ).fetchone()[0]
        == 0
    )
    assert get_indicator("annual-pay-90-10").aggregation == "publisher-only"


# --- 16-17 NEET and activity not known (DfE, Dec 2021-Feb 2022 average) -------------------------

NEET_PERIOD = "Dec 2021-Feb 2022"
# DfE ud_neet_characteristics.csv, time_period 2022, Age 16-17, Characteristic Total: avgcohort,
# avgNEETNK, avgNEET (three-month averages, so thirds). The percentages are those of the
# scorecard file ud_neetnk_la_dashboard_2022_final.csv, columns NEET_not_known_percent and
# NEET_percent.
NEET_PUBLISHED = {
    # code: (cohort, NEET or not known, NEET, NEET_not_known_percent, NEET_percent)
    "E06000006": (9367 / 3, 308 / 3, 278 / 3, 3.3, 3.0),  # Halton
    "E08000011": (10823 / 3, 213, 548 / 3, 5.9, 5.1),  # Knowsley
    "E08000012": (29770 / 3, 2257 / 3, 1315 / 3, 7.6, 4.4),  # Liverpool
    "E08000013": (12221 / 3, 523 / 3, 138, 4.3, 3.4),  # St. Helens
    "E08000014": (16850 / 3, 173, 427 / 3, 3.1, 2.5),  # Sefton
    "E08000015": (7427, 919 / 3, 243, 4.1, 3.3),  # Wirral
}


@pytest.mark.parametrize("code", ["E08000012", "E06000006", "E08000011"])
def test_neet_rates_reproduce_the_published_local_authority_figures(con, code):
    cohort, neet_nk, neet, neet_nk_pct, neet_pct = NEET_PUBLISHED[code]
    both = series_row(con, "neet-or-not-known-16-17", code, NEET_PERIOD)
    alone = series_row(con, "neet-16-17", code, NEET_PERIOD)
    assert both[3:5] == pytest.approx((neet_nk, cohort))
    assert alone[3:5] == pytest.approx((neet, cohort))
    assert round(both[0], 1) == neet_nk_pct
    assert round(alone[0], 1) == neet_pct


def test_neet_for_the_city_region_is_summed_from_its_six_authorities(con):
    cohort = sum(v[0] for v in NEET_PUBLISHED.values())
    neet_nk = sum(v[1] for v in NEET_PUBLISHED.values())
    value, _lci, _uci, numerator, denominator, method = series_row(
        con, "neet-or-not-known-16-17", LCR, NEET_PERIOD
    )
    assert (numerator, denominator) == pytest.approx((neet_nk, cohort))
    assert value == pytest.approx(100 * neet_nk / cohort)
    assert round(value, 1) == 5.1
    assert method.startswith("Aggregated by greatjobs")
    for name in SIX.values():
        assert name.replace("St Helens", "St. Helens") in method
    table = compute_league_table(con, LeagueTableSpec("neet-or-not-known-16-17"))
    assert table.period == NEET_PERIOD
    assert league_row(table, LCR)["value"] == pytest.approx(value, abs=0.05)
    # England as DfE publishes it (ud_neet_characteristics.csv, National, NEETNKprop 4.7).
    assert table.england is not None and table.england.value == 4.7


def test_neet_counties_stay_counties_and_earlier_years_are_held(con):
    kinds = dict(
        con.execute(
            "SELECT area_code, area_type FROM core.indicator_series "
            "WHERE indicator_id = 'neet-16-17' AND period = ?",
            [NEET_PERIOD],
        ).fetchall()
    )
    assert kinds["E10000006"] == "cty"  # Cumbria county council
    assert kinds["E08000012"] == "lad" and kinds["E06000006"] == "lad"
    periods = [
        r[0]
        for r in con.execute(
            "SELECT DISTINCT period, period_start FROM core.indicator_series "
            "WHERE indicator_id = 'neet-16-17' ORDER BY period_start"
        ).fetchall()
    ]
    assert periods == [f"Dec {y - 1}-Feb {y}" for y in range(2019, 2023)]


# --- the youth-unemployment stand-in says what it is --------------------------------------------


def test_youth_unemployment_offline_is_titled_as_a_stand_in():
    indicator = get_indicator("youth-unemployment")
    assert "stand-in" in indicator.title and "16+" in indicator.title
    assert not indicator.title.startswith("Youth unemployment rate, aged 16-24")
    assert "21 March 2021" in indicator.method and "furlough" in indicator.method


def test_youth_unemployment_stand_in_rows_carry_the_lockdown_warning(con):
    methods = {
        r[0]
        for r in con.execute(
            "SELECT DISTINCT method FROM core.indicator_series "
            "WHERE indicator_id = 'youth-unemployment' AND period = '2021'"
        ).fetchall()
    }
    assert methods and all("STAND-IN" in m and "furlough" in m for m in methods)
    table = compute_league_table(con, LeagueTableSpec("youth-unemployment", period="2021"))
    assert any("stand-in" in note for note in table.notes)

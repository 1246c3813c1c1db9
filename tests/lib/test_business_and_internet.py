"""The business base (UK Business Counts), business demography and internet use: the publishers'
figures reproduced for districts (or ITL3 areas), and the city region summed from counts."""

from __future__ import annotations

import duckdb
import pytest

from greatjobs.diagnose.series_business import (
    UBC_DATASET,
    match_nomis_districts,
    read_nomis_size_bands,
)
from greatjobs.errors import DataError
from greatjobs.home import Home
from greatjobs.sources.catalogue import Catalogue
from greatjobs.warehouse import open_warehouse

LCR = "E47000004"
SIX = ["E06000006", "E08000011", "E08000012", "E08000013", "E08000014", "E08000015"]


@pytest.fixture()
def con(built_home: Home) -> duckdb.DuckDBPyConnection:
    connection = open_warehouse(built_home)
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def nomis():
    catalogue = Catalogue.load()
    return read_nomis_size_bands(catalogue.path(catalogue.get(UBC_DATASET)))


def series_row(con, indicator, code, period):
    found = con.execute(
        "SELECT value, lci, uci, numerator, denominator, method FROM core.indicator_series "
        "WHERE indicator_id = ? AND area_code = ? AND period = ?",
        [indicator, code, period],
    ).fetchall()
    assert len(found) <= 1
    return found[0] if found else None


# --- UK Business Counts (Nomis), sheet "Data", March 2022 block -------------------------------

UBC_2022 = {
    # code: (Total, Micro, Small, Medium-sized, Large) as published
    "E06000006": (3650, 3115, 415, 90, 25),  # Halton: row 1970, cells B1970:F1970
    "E08000012": (14725, 12955, 1420, 275, 80),  # Liverpool: row 2001, cells B2001:F2001
}


@pytest.mark.parametrize("code", sorted(UBC_2022))
def test_business_size_shares_reproduce_the_nomis_counts(con, code):
    total, micro, small, medium, _large = UBC_2022[code]
    value, lci, _uci, numerator, denominator, method = series_row(
        con, "enterprises-10-to-249-share", code, "2022"
    )
    assert (numerator, denominator) == (small + medium, total)
    assert value == pytest.approx(100 * (small + medium) / total)
    assert lci is None and "nearest 5" in method
    value, *_ = series_row(con, "enterprises-micro-share", code, "2022")
    assert value == pytest.approx(100 * micro / total)


def test_every_nomis_district_is_matched_and_merged_districts_are_summed(con, nomis):
    names = sorted(set(nomis.loc[nomis["kind"] == "ladu", "name"]))
    lad21 = dict(con.execute("SELECT LAD21CD, LAD21NM FROM raw.ons_lad21_centroids_uk").fetchall())
    assert len(names) == 374
    assert len(match_nomis_districts(names, lad21)) == 374  # all UK districts of LAD 2021
    # 374 districts on LAD 2021 codes = 361 today: Cumbria's six became two, North
    # Yorkshire's seven one, Somerset's four one; each is summed from its parts' counts.
    held = con.execute(
        "SELECT count(DISTINCT area_code) FROM core.indicator_series "
        "WHERE indicator_id = 'enterprises-10-to-249-share' AND area_type = 'lad' "
        "AND period = '2022'"
    ).fetchone()[0]
    assert held == 361
    cumberland = series_row(con, "enterprises-10-to-249-share", "E06000063", "2022")
    assert "former districts" in cumberland[5]


def test_an_unknown_nomis_district_name_stops_the_build():
    with pytest.raises(DataError, match="Atlantis"):
        match_nomis_districts(["Halton", "Atlantis"], {"E06000006": "Halton"})


def test_the_city_region_summed_from_districts_matches_the_nomis_mca_row(con, nomis):
    mca = nomis[nomis["name"].str.startswith("Liverpool City Region-MCA")]
    # Sheet "Data": March 2018 row 33 (B33:F33 = 42,470; 37,430; 4,110; 755; 175) and
    # March 2022 row 1929 (B1929:F1929 = 43,615; 38,445; 4,190; 790; 190).
    published = dict(zip(mca["year"], mca["Total"], strict=True))
    assert (published[2018], published[2022]) == (42470, 43615)
    for _, row in mca.iterrows():
        year = str(row["year"])
        _value, _lci, _uci, num, den, method = series_row(
            con, "enterprises-10-to-249-share", LCR, year
        )
        assert "Aggregated by greatjobs" in method
        # Nomis rounds each count to the nearest 5, so six districts may differ by up to 15.
        assert abs(den - row["Total"]) <= 15
        assert abs(num - (row["Small (10 to 49)"] + row["Medium-sized (50 to 249)"])) <= 15
    assert series_row(con, "enterprises-10-to-249-share", LCR, "2018")[4] == 42470  # equal
    assert series_row(con, "enterprises-10-to-249-share", LCR, "2022")[3] == 4985  # Nomis 4,980


# --- Business demography 2024 ----------------------------------------------------------------

BIRTHS_2024 = {
    # code: (births, Table 1.1d column C; active enterprises, Table 3.1d column C)
    "E06000006": (450, 3865),  # Halton: C29 in both sheets
    "E08000012": (2345, 16425),  # Liverpool: C58 in both sheets
}
SURVIVAL_2021 = {
    # code: (births 2021, C; still active after 3 years, H; ONS per cent, I) in Table 5.1c
    "E06000006": (545, 270, 49.541284),  # Halton: row 28
    "E08000012": (2735, 1290, 47.166362),  # Liverpool: row 63
}


@pytest.mark.parametrize("code", sorted(BIRTHS_2024))
def test_enterprise_birth_rate_is_births_over_active_enterprises(con, code):
    births, active = BIRTHS_2024[code]
    value, _lci, _uci, num, den, method = series_row(con, "enterprise-birth-rate", code, "2024")
    assert (num, den) == (births, active)
    assert value == pytest.approx(100 * births / active)
    assert "Table 1.1" in method and "Table 3.1" in method


@pytest.mark.parametrize("code", sorted(SURVIVAL_2021))
def test_three_year_survival_is_the_published_percentage(con, code):
    births, survivors, per_cent = SURVIVAL_2021[code]
    value, _lci, _uci, num, den, method = series_row(
        con, "enterprise-survival-3-year", code, "2021"
    )
    assert (num, den) == (survivors, births)
    assert value == pytest.approx(per_cent, abs=1e-6)
    assert "Table 5.1c" in method


def test_business_demography_for_the_city_region_sums_the_six_districts(con):
    for indicator, period in (
        ("enterprise-birth-rate", "2024"),
        ("enterprise-survival-3-year", "2021"),
    ):
        rows = [series_row(con, indicator, code, period) for code in SIX]
        value, _lci, _uci, num, den, method = series_row(con, indicator, LCR, period)
        assert num == sum(r[3] for r in rows) and den == sum(r[4] for r in rows)
        assert value == pytest.approx(100 * num / den)
        assert "Aggregated by greatjobs" in method


# --- Internet users 2020 (ITL3) ----------------------------------------------------------------

INTERNET_2020 = {
    # ITL3 code: (6B R = %; 9B C, E = 95% limits; 6A J + R = adults, R = not recent, thousands)
    "TLD71": (11.7, 7.1, 16.3, 318 + 42, 42),  # East Merseyside: 6A/6B row 43, 9B row 34
    "TLD72": (15.8, 10.6, 20.9, 334 + 62, 62),  # Liverpool: 6A/6B row 44, 9B row 35
}


@pytest.mark.parametrize("code", sorted(INTERNET_2020))
def test_internet_non_users_reproduce_tables_6b_and_9b(con, code):
    pct, low, high, adults, not_recent = INTERNET_2020[code]
    value, lci, uci, num, den, method = series_row(con, "internet-non-users", code, "2020")
    assert (value, lci, uci) == (pct, low, high)
    assert den == 1000 * adults
    assert num == pytest.approx(pct / 100 * den)  # Table 6A: not_recent thousands, rounded
    assert abs(num - 1000 * not_recent) <= 500 + 0.0005 * den
    assert "Table 9B" in method


def test_a_lower_limit_written_as_a_dash_is_restored_symmetrically(con):
    # Table 9B, Brighton and Hove (UKJ21, row 34, columns I:K): '-', 2.3, 4.9.
    value, lci, uci, *_ = series_row(con, "internet-non-users", "TLJ21", "2020")
    assert (value, uci) == (2.3, 4.9)
    assert lci == pytest.approx(-0.3)


def test_internet_use_for_the_city_region_sums_its_four_itl3_areas(con):
    value, lci, uci, num, den, method = series_row(con, "internet-non-users", LCR, "2020")
    # Adults (6A, thousands): 360 + 396 + 225 + 254; percentages (6B): 11.7, 15.8, 8.0, 11.0.
    den_expected = 1000 * (360 + 396 + 225 + 254)
    num_expected = 10 * (11.7 * 360 + 15.8 * 396 + 8.0 * 225 + 11.0 * 254)
    assert den == den_expected and num == pytest.approx(num_expected)
    assert value == pytest.approx(100 * num_expected / den_expected)  # 12.2%
    assert lci < value < uci
    assert "TLD71" in method and "TLD74" in method
    # ONS's North West (Table 6B row 17: 8.9, 9B: 8.0-9.8) is as published, not summed.
    assert series_row(con, "internet-non-users", "E12000002", "2020")[:3] == (8.9, 8.0, 9.8)
    # No district figures: the survey is published by ITL3 area only.
    assert series_row(con, "internet-non-users", "E08000012", "2020") is None

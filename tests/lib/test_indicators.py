"""Headline indicators and deprivation tables, checked against figures the publishers give."""

from __future__ import annotations

import duckdb

from greatjobs.diagnose.published import latest_value, lsoa_deciles
from greatjobs.geography import resolve_place
from greatjobs.sectors.definitions import sic_sections


def test_lcr_employment_rate_2023_is_the_published_figure(
    warehouse: duckdb.DuckDBPyConnection,
) -> None:
    # ONS Explore Local Statistics: Liverpool City Region employment rate 2023 72.0% (69.8-74.2).
    row = warehouse.execute(
        "SELECT value, lci_95, uci_95 FROM core.indicator_value WHERE area_code = 'E47000004'"
        " AND indicator = 'Employment rate' AND period_start = DATE '2023-01-01'"
    ).fetchone()
    assert row is not None
    value, lci, uci = row
    assert value == 72.0 and round(lci, 1) == 69.8 and round(uci, 1) == 74.2


def test_latest_value_picks_the_most_recent_period(warehouse: duckdb.DuckDBPyConnection) -> None:
    latest = latest_value(warehouse, "Employment rate", "E47000004")
    assert latest is not None
    (newest,) = warehouse.execute(
        "SELECT max(period_start) FROM core.indicator_value WHERE area_code = 'E47000004'"
        " AND indicator = 'Employment rate' AND value IS NOT NULL"
    ).fetchone()
    assert latest[0].startswith(newest.isoformat())
    assert latest_value(warehouse, "Employment rate", "E99999999") is None


def test_iod2025_share_of_liverpool_lsoas_in_most_deprived_decile_matches_published(
    warehouse: duckdb.DuckDBPyConnection,
) -> None:
    # IoD2025 local authority summary: Liverpool 0.3675 = 111 of 302 LSOAs in decile 1.
    deciles, in_first = warehouse.execute(
        """
        SELECT count(*), count(*) FILTER (WHERE i.imd_decile = 1)
        FROM core.imd_lsoa i
        WHERE i.edition = 2025 AND i.lsoa_code IN (
            SELECT lsoa21_code FROM raw.ons_lsoa11_lsoa21_ltla22_lookup_ew
            WHERE ltla22_code = 'E08000012')
        """
    ).fetchone()
    assert in_first == 111
    assert deciles == 302
    published = warehouse.execute(
        "SELECT imd_proportion_of_lso_as_in_most_deprived_10_percent_nationally"
        " FROM raw.iod2025_england_ltla24 WHERE ltla24_code = 'E08000012'"
    ).fetchone()
    assert published is not None and abs(float(published[0]) - 0.3675) < 1e-4


def test_deciles_cover_each_tenth_of_england(warehouse: duckdb.DuckDBPyConnection) -> None:
    rows = warehouse.execute(
        "SELECT edition, imd_decile, count(*) FROM core.imd_lsoa GROUP BY ALL ORDER BY ALL"
    ).fetchall()
    for edition, expected_total in ((2019, 32844), (2025, 33755)):
        counts = [c for e, _, c in rows if e == edition]
        assert len(counts) == 10 and sum(counts) == expected_total
        assert max(counts) - min(counts) <= 1


def test_lsoa_deciles_of_a_place_reproduce_the_published_share(
    warehouse: duckdb.DuckDBPyConnection,
) -> None:
    # IoD2025 local authority summary: Liverpool 111 of 302 LSOAs in the most deprived decile.
    deciles = lsoa_deciles(warehouse, resolve_place(warehouse, "Liverpool"))
    assert (len(deciles), deciles.count(1)) == (302, 111)


def test_sic_sections_are_the_21_sections_in_letter_order(
    warehouse: duckdb.DuckDBPyConnection,
) -> None:
    sections = sic_sections(warehouse)
    assert list(sections)[:3] == ["A", "B", "C"] and len(sections) == 21
    assert sections["C"] == "Manufacturing"

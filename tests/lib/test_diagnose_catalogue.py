"""The indicator catalogue (catalogue.toml) and the series it describes in the warehouse."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import duckdb
import pytest

from greatjobs.diagnose import published, series
from greatjobs.diagnose.catalogue import get_indicator, list_indicators, parse_catalogue
from greatjobs.diagnose.series_sources import SUBNATIONAL_DATASET
from greatjobs.errors import DataError, NotFoundError
from greatjobs.home import Home
from greatjobs.sources.catalogue import Catalogue
from greatjobs.warehouse import BuildContext, open_warehouse

REQUIRED = [
    "employment-rate", "unemployment-rate", "economic-inactivity", "claimant-count",
    "youth-unemployment", "workless-households", "level-3-qualifications",
    "level-4-qualifications", "no-qualifications", "gva-per-hour", "median-weekly-pay",
    "gdhi-per-head", "children-in-poverty", "imd-average-score", "imd-extent",
    "imd-most-deprived-share", "low-pay-living-wage", "annual-pay-p10", "annual-pay-90-10",
    "neet-or-not-known-16-17", "neet-16-17",
]  # fmt: skip
GOOD_ENTRY = """
[[indicator]]
id = "{id}"
title = "A rate"
unit = "%"
higher_is_better = true
datasets = ["x"]
reader = "els"
publisher_name = "A rate"
periods = ["2020", "2021"]
geographies = ["lad"]
aggregation = "{aggregation}"
has_ci = false
table = "core.indicator_series"
method = "How."
"""


@pytest.fixture()
def con(built_home: Home) -> duckdb.DuckDBPyConnection:
    connection = open_warehouse(built_home)
    yield connection
    connection.close()


def architecture_example() -> str:
    """The catalogue entry of ARCHITECTURE.md's worked example, as written there."""
    text = (Path(__file__).parents[2] / "ARCHITECTURE.md").read_text("utf-8")
    section = text.split("## Adding an indicator", 1)[1]
    block = section.split("```toml", 1)[1].split("```", 1)[0]
    return textwrap.dedent(block)


def test_the_worked_example_adds_an_indicator_with_a_catalogue_entry_alone(
    built_home: Home, tmp_path: Path
) -> None:
    # ARCHITECTURE.md's example, built into a copy of the warehouse with no code changed.
    extended = [*list_indicators(), *parse_catalogue(architecture_example())]
    copy = tmp_path / "warehouse.duckdb"
    shutil.copyfile(built_home.warehouse, copy)
    with duckdb.connect(str(copy)) as rw:
        for table in ("indicator_value", "imd_lsoa", "series_component", "indicator_series"):
            rw.execute(f"DROP TABLE core.{table}")
        build = BuildContext(rw, Catalogue.load())
        published.build_tables(build, extended)
        series.build_tables(build, extended)
        rows = rw.execute(
            "SELECT s.period, s.value, v.value FROM core.indicator_series s "
            "JOIN core.indicator_value v ON v.area_code = s.area_code "
            " AND v.indicator = 'Children in relative poverty after housing costs' "
            " AND v.period_start = s.period_start AND v.value IS NOT NULL "
            "WHERE s.indicator_id = 'children-in-poverty-ahc' AND s.area_code = 'E47000004'"
        ).fetchall()
        periods = rw.execute(
            "SELECT min(period), max(period), list(DISTINCT area_type ORDER BY area_type) "
            "FROM core.indicator_series WHERE indicator_id = 'children-in-poverty-ahc'"
        ).fetchone()
    example = extended[-1]
    assert rows and all(ours == theirs for _, ours, theirs in rows)  # the publisher's figures
    assert periods is not None and (periods[0], periods[1]) == example.periods
    assert set(periods[2]) <= set(example.geographies)


def test_the_catalogue_has_every_indicator_the_issue_asks_for():
    ids = [i.id for i in list_indicators()]
    assert [r for r in REQUIRED if r not in ids] == []
    assert "healthy-life-expectancy-female" in ids and "healthy-life-expectancy-male" in ids


def test_no_indicator_averages_percentages_and_datasets_exist():
    snapshot = Catalogue.load()
    for indicator in list_indicators():
        assert indicator.aggregation in ("counts", "publisher-only") or (
            indicator.aggregation.startswith("weighted:") and indicator.population_weight
        ), indicator.id
        for dataset in indicator.datasets:
            snapshot.get(dataset)  # raises if the catalogue names a dataset that is not there
        if indicator.reader == "subnational":
            assert indicator.datasets == (SUBNATIONAL_DATASET,), indicator.id


def test_get_indicator_normalises_and_suggests_close_matches():
    assert get_indicator("Youth_Unemployment").id == "youth-unemployment"
    with pytest.raises(NotFoundError) as err:
        get_indicator("youth-unemployement")
    assert "youth-unemployment" in err.value.suggestions
    with pytest.raises(NotFoundError) as err:
        get_indicator("healthy-life-expectancy")
    assert "healthy-life-expectancy-female" in err.value.suggestions


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (GOOD_ENTRY.format(id="gva", aggregation="average"), "aggregation 'average'"),
        (GOOD_ENTRY.format(id="Youth Rate", aggregation="counts"), "kebab-case"),
        (GOOD_ENTRY.format(id="a", aggregation="counts") * 2, "more than once"),
        (GOOD_ENTRY.format(id="a", aggregation="weighted:"), "aggregation"),
        (
            GOOD_ENTRY.format(id="a", aggregation="counts").replace(
                'table = "core.indicator_series"\n', ""
            ),
            "malformed",
        ),
        (GOOD_ENTRY.format(id="a", aggregation="counts").replace('"els"', '"csv"'), "reader"),
        (
            GOOD_ENTRY.format(id="a", aggregation="counts").replace('"els"', '"productivity"'),
            "publisher_name is needed",
        ),
    ],
)
def test_a_malformed_catalogue_is_refused_with_the_reason(text, message):
    with pytest.raises(DataError, match=message):
        parse_catalogue(text)
    assert parse_catalogue(GOOD_ENTRY.format(id="a-rate", aggregation="weighted:population"))


def test_catalogue_periods_and_geographies_match_the_warehouse(con):
    for indicator in list_indicators():
        if indicator.table != "core.indicator_series":
            continue
        rows = con.execute(
            "SELECT period, area_type FROM core.indicator_series WHERE indicator_id = ? "
            "ORDER BY period_start, period",
            [indicator.id],
        ).fetchall()
        assert rows, indicator.id
        assert (rows[0][0], rows[-1][0]) == indicator.periods, indicator.id
        assert {r[1] for r in rows} <= set(indicator.geographies), indicator.id


def test_every_summed_figure_is_its_counts_ratio(con):
    bad = con.execute(
        """
        SELECT indicator_id, area_code, period, value, numerator, denominator
        FROM core.indicator_series
        WHERE numerator IS NOT NULL AND abs(value - numerator / denominator *
              CASE WHEN indicator_id = 'gva-per-hour' THEN 1 ELSE 100 END) > 1e-6
        """
    ).fetchall()
    assert bad == []
    methods = con.execute(
        "SELECT DISTINCT indicator_id FROM core.indicator_series WHERE method LIKE 'Aggregated%'"
    ).fetchall()
    counts = {i.id for i in list_indicators() if i.aggregation == "counts"}
    assert {m[0] for m in methods} <= counts


def test_workless_households_read_from_every_workbook_year(con):
    periods = [
        r[0]
        for r in con.execute(
            "SELECT DISTINCT period FROM core.indicator_series "
            "WHERE indicator_id = 'workless-households' AND area_code = 'E92000001' ORDER BY 1"
        ).fetchall()
    ]
    assert periods == [str(y) for y in range(2006, 2023)]
    # Published: Halton 2022, 5,310 workless of 38,939 households (21,691 + 11,938 + 5,310).
    row = con.execute(
        "SELECT numerator, denominator, round(value, 1) FROM core.indicator_series "
        "WHERE indicator_id = 'workless-households' AND area_code = 'E06000006' AND period = '2022'"
    ).fetchone()
    assert row == (5310, 38939, 13.6)


def test_live_aps_youth_rate_sums_16_19_and_20_24_counts():
    from greatjobs.diagnose.series_sources import read_aps_youth_live

    db = duckdb.connect()
    db.execute("CREATE SCHEMA raw")
    db.execute(
        "CREATE TABLE raw.nomis_aps_labour_market_rates_la_ca (GEOGRAPHY_CODE VARCHAR, "
        "GEOGRAPHY_NAME VARCHAR, DATE_CODE VARCHAR, DATE_NAME VARCHAR, VARIABLE VARCHAR, "
        "MEASURES VARCHAR, OBS_VALUE VARCHAR)"
    )
    rows = []
    published = {"E47000004": (10, 100, 5, 30, 300, 3), "E08000012": (4, 40, 9, None, None, None)}
    for code, values in published.items():
        for variable, offset in (("85", 0), ("86", 3)):
            for measure, k in (("21001", 0), ("21002", 1), ("21003", 2)):
                value = values[offset + k]
                rows.append((code, code, "2025-06", "Jul 2024-Jun 2025", variable, measure,
                             None if value is None else str(value)))  # fmt: skip
    db.executemany(
        "INSERT INTO raw.nomis_aps_labour_market_rates_la_ca VALUES (?,?,?,?,?,?,?)", rows
    )
    out = read_aps_youth_live(db)
    assert list(out["area_code"]) == ["E47000004"]  # Liverpool's 20-24 figure is suppressed
    lcr = out.iloc[0]
    assert lcr["value"] == pytest.approx(100 * 40 / 400)
    assert (lcr["area_type"], lcr["period"], str(lcr["period_start"])) == (
        "cauth",
        "Jul 2024-Jun 2025",
        "2024-07-01",
    )
    se = ((100 / 400 * 5 / 1.959964) ** 2 + (300 / 400 * 3 / 1.959964) ** 2) ** 0.5
    assert lcr["uci"] - lcr["value"] == pytest.approx(1.959964 * se, rel=1e-5)


def test_summing_counts_uses_whole_blocks_and_refuses_partial_cover():
    parts = {
        "D1": frozenset({"D1"}), "D2": frozenset({"D2"}), "D3": frozenset({"D3"}),
        "C": frozenset({"D2", "D3"}),
    }  # fmt: skip
    blocks = [
        ("D1", 10.0, 100.0, None, None),
        ("D2", 5.0, 50.0, None, None),
        ("C", 20.0, 150.0, None, None),
    ]  # fmt: skip  (D3 suppressed; county C covers it)
    result = series.aggregate_counts(blocks, parts, frozenset({"D1", "D2", "D3"}), 100.0)
    assert not isinstance(result, str)
    assert (result.value, result.blocks) == (100 * 30 / 250, ("C", "D1"))
    refused = series.aggregate_counts(blocks, parts, frozenset({"D1", "D3"}), 100.0)
    assert isinstance(refused, str) and "D3" in refused
    with_ci = [("D1", 10.0, 100.0, 10 - 1.96, 10 + 1.96), ("D2", 5.0, 50.0, 10 - 3.92, 10 + 3.92)]
    summed = series.aggregate_counts(with_ci, parts, frozenset({"D1", "D2"}), 100.0)
    # se of the sum's rate: sqrt((0.01 x 100)^2 + (0.02 x 50)^2) / 150 = 0.943 points
    assert summed.uci - summed.value == pytest.approx(1.959964 * 100 * (2**0.5) / 150, rel=1e-3)

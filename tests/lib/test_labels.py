"""Labels that say what the figures are: a dataset's title names the financial years it holds."""

from __future__ import annotations

import re

import duckdb


def test_financial_years_in_dataset_titles_match_the_periods_held(
    warehouse: duckdb.DuckDBPyConnection,
) -> None:
    # The financial year ending (FYE) 2022 runs from April 2021 to March 2022: ELS writes it as
    # the period 2021-04-01/P1Y and greatjobs labels it "2021/22".
    titled = warehouse.execute(
        "SELECT id, title FROM meta.dataset WHERE title LIKE '%FYE %'"
    ).fetchall()
    assert titled
    for dataset_id, title in titled:
        first, last = map(int, re.search(r"FYE (\d{4})\s*[–-]\s*(\d{4})", title).groups())
        held = warehouse.execute(
            "SELECT min(year(period_start)) + 1, max(year(period_start)) + 1 "
            "FROM core.indicator_value WHERE dataset_id = ? AND month(period_start) = 4",
            [dataset_id],
        ).fetchone()
        assert (first, last) == held, (dataset_id, title, held)

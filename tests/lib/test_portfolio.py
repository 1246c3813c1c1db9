"""Portfolio appraisal: bad rows reported (row, column, reason), good rows appraised, totals
reconcile, Real Living Wage by date and place, and an exact choice under a budget."""

from __future__ import annotations

import datetime as dt
import itertools

import numpy as np
import pytest

from greatjobs.errors import DataError
from greatjobs.impact import additionality as add
from greatjobs.impact.ioat import read_ioat
from greatjobs.impact.portfolio import (
    appraise_portfolio,
    choose_under_budget,
    living_wage,
    read_portfolio,
)

AUTUMN_2025 = dt.date(2025, 11, 1)


@pytest.fixture()
def tables(warehouse):
    return read_ioat(warehouse)


@pytest.fixture()
def appraise(warehouse, tables, fixtures_dir):
    def run(name: str, **kwargs):
        frame = read_portfolio(fixtures_dir / "portfolio" / name)
        kwargs.setdefault("on", AUTUMN_2025)
        kwargs.setdefault("draws", 2000)
        return appraise_portfolio(warehouse, tables, frame, **kwargs)

    return run


def test_bad_rows_are_reported_and_good_rows_still_appraised(appraise):
    result = appraise("with_bad_rows.csv")
    found = {(i.row, i.column) for i in result.issues}
    assert found == {
        (3, "industry"), (4, "amount"), (5, "postcode"), (6, "gross_jobs"), (8, "postcode"),
        (9, "wage"),
    }  # fmt: skip
    reasons = {(i.row, i.column): i.reason for i in result.issues}
    assert "No IOAT industry 'ZZ99'" in reasons[(3, "industry")]
    assert "positive" in reasons[(4, "amount")]
    assert "not a postcode" in reasons[(5, "postcode")]
    assert "not in the ONS Postcode Directory" in reasons[(8, "postcode")]
    assert "missing value" in reasons[(6, "gross_jobs")]
    assert "per hour" in reasons[(9, "wage")]
    assert list(result.projects["row"]) == [2, 7]
    t = result.totals
    assert t["rows_appraised"] + t["rows_rejected"] == t["rows_in_file"] == 8


def test_totals_reconcile_with_the_rows(appraise):
    result = appraise("programme.csv")
    p, t = result.projects, result.totals
    assert result.issues == []
    assert t["amount"] == pytest.approx(p["amount"].sum()) == pytest.approx(8_550_000)
    assert t["gross_jobs"] == 270
    assert t["net_jobs"].central == pytest.approx(p["net_jobs"].sum())
    assert t["net_gva"].central == pytest.approx(p["net_gva"].sum())
    assert t["cost_per_net_job"].central == pytest.approx(t["amount"] / t["net_jobs"].central)
    assert t["net_jobs"].low < t["net_jobs"].central < t["net_jobs"].high
    ratio = add.AdditionalitySpec.build().ratio()
    np.testing.assert_allclose(p["net_jobs"], p["gross_jobs"] * ratio)


def test_industries_given_as_sic_codes_are_mapped(appraise):
    p = appraise("programme.csv").projects.set_index("name")
    assert p.loc["Life sciences scale-up", "ioat_code"] == "C21"  # SIC division 21
    assert p.loc["Hotel refurbishment", "ioat_code"] == "I55"  # SIC subclass 55101
    assert p.loc["Retrofit co-operative", "ioat_code"] == "F41, F42 & F43"


def test_real_living_wage_depends_on_date_and_london():
    assert living_wage(dt.date(2025, 6, 1), london=False)[0] == 12.60
    assert living_wage(dt.date(2025, 6, 1), london=True)[0] == 13.85
    assert living_wage(AUTUMN_2025, london=False)[0] == 13.45
    assert living_wage(AUTUMN_2025, london=True)[0] == 14.80
    with pytest.raises(DataError):
        living_wage(dt.date(2020, 1, 1), london=False)


def test_share_of_jobs_paying_the_living_wage(appraise):
    before = appraise("programme.csv", on=dt.date(2025, 6, 1))
    after = appraise("programme.csv", on=AUTUMN_2025)
    # £13.10 clears £12.60 but not £13.45; £12.80 clears £12.60 only
    assert before.totals["share_of_jobs_paying_rlw"] == pytest.approx(240 / 240)
    assert after.totals["share_of_jobs_paying_rlw"] == pytest.approx((60 + 40 + 35) / 240)
    hotel = after.projects.set_index("name").loc["Hotel refurbishment"]
    assert hotel["pays_rlw"] is None and hotel["net_good_jobs"] == 0


def test_choice_under_budget_maximises_net_good_jobs(appraise):
    result = appraise("programme.csv", budget=5_000_000)
    chosen = result.projects[result.projects["selected"]]
    assert chosen["amount"].sum() <= 5_000_000
    assert set(chosen["name"]) == {"Advanced manufacturing hub", "Life sciences scale-up",
                                   "Retrofit co-operative"}  # fmt: skip
    curve = result.curve
    assert curve["cumulative_cost"].is_monotonic_increasing
    assert curve["cumulative_net_good_jobs"].iloc[-1] == pytest.approx(
        result.totals["net_good_jobs"]
    )


def test_knapsack_is_exact_on_small_random_problems():
    rng = np.random.default_rng(7)
    for _ in range(25):
        cost = rng.integers(1, 50, 8).astype(float) * 1000
        value = rng.uniform(0, 10, 8)
        budget = float(rng.integers(20, 200)) * 1000
        chosen = choose_under_budget(cost, value, budget)
        best = max(
            (value[list(s)].sum() for r in range(9) for s in itertools.combinations(range(8), r)
             if cost[list(s)].sum() <= budget),
            default=0.0,
        )  # fmt: skip
        assert cost[chosen].sum() <= budget
        assert value[chosen].sum() == pytest.approx(best)


def test_missing_required_column_names_it(fixtures_dir):
    with pytest.raises(DataError, match=r"lacks column.*gross_jobs"):
        read_portfolio(fixtures_dir / "portfolio" / "missing_column.csv")


def test_project_intervals_are_the_2_5th_and_97_5th_percentiles_of_the_draws(appraise):
    result = appraise("programme.csv", draws=4000)
    p = result.projects
    ratio = add.AdditionalitySpec.build().sample_ratio(4000, add.DEFAULT_SEED)
    low, high = np.percentile(ratio, [2.5, 97.5])  # a 95% interval of the shared factors
    np.testing.assert_allclose(p["net_jobs_low"], p["gross_jobs"] * low)
    np.testing.assert_allclose(p["net_jobs_high"], p["gross_jobs"] * high)
    assert any("intervals are 95% (2.5th to 97.5th percentile)" in n for n in result.notes)

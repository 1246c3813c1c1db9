"""Scorecard measures, Wilson intervals, value per public pound and explainable flags."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from greatjobs.errors import DataError
from greatjobs.skills import (
    build_scorecard,
    illustrative_records_path,
    import_records,
    parse_rules,
    provider_summary,
    value_parameters,
    wilson_interval,
)
from greatjobs.skills.value import course_value


def test_wilson_interval_matches_the_formula_and_edge_cases():
    # Hand-computed: 20 of 48 -> centre 0.42285, half 0.13434.
    low, high = wilson_interval(20, 48)
    assert low == pytest.approx(0.2885, abs=1e-4) and high == pytest.approx(0.5572, abs=1e-4)
    assert wilson_interval(0, 10)[0] == 0 and wilson_interval(0, 10)[1] == pytest.approx(
        0.2775, abs=1e-4
    )
    assert wilson_interval(10, 10)[1] == pytest.approx(1.0)
    assert all(math.isnan(v) for v in wilson_interval(0, 0))
    with pytest.raises(ValueError):
        wilson_interval(11, 10)


RECORD = {
    "provider": "P",
    "course": "C",
    "sector_subject_area": "Travel and Tourism",
    "level": 2,
    "funding": 150000.0,
    "starts": 48,
    "completions": 30,
    "achievements": 20,
    "sustained_destinations": 5,
    "sustained_work": 4,
    "earnings_before": None,
    "earnings_after": None,
    "fee_per_learner": 250.0,
    "unpaid_placement_weeks": 8.0,
}


def card_for(**changes) -> pd.Series:
    return build_scorecard(pd.DataFrame([{**RECORD, **changes}])).iloc[0]


def test_costs_per_outcome_and_rates():
    row = card_for()
    assert row["cost_per_start"] == pytest.approx(3125.0)
    assert row["cost_per_achievement"] == pytest.approx(7500.0)
    assert row["cost_per_sustained_job"] == pytest.approx(37500.0)
    assert row["achievement_rate"] == pytest.approx(20 / 48)
    assert row["sustained_rate"] == pytest.approx(5 / 20)
    # The interval of the cost comes from the interval of the rate.
    assert row["cost_per_achievement_low"] == pytest.approx(150000 / (48 * 0.5572), rel=1e-3)
    assert "no earnings data" in row["warnings"]


def test_flags_cite_the_numbers_behind_them():
    row = card_for()
    assert row["flag_count"] == 4
    reasons = row["flag_reasons"]
    assert "achievement rate (upper 95% bound) 56% is below 60%" in reasons
    assert "cost per achievement £7,500 is above £6,000" in reasons
    assert "fee per learner £250 is above £0; level 2 is at most 2" in reasons
    assert "unpaid placement weeks 8 is above 4" in reasons


def test_low_level_rules_skip_higher_levels_and_small_cohorts_are_not_flagged_on_noise():
    assert card_for(level=3)["flag_count"] == 2  # fees and placement rules are for level <= 2
    small = card_for(
        starts=8,
        completions=5,
        achievements=3,
        sustained_destinations=1,
        sustained_work=1,
        funding=30000.0,
        fee_per_learner=0.0,
        unpaid_placement_weeks=0.0,
    )
    assert small["flag_count"] == 0  # 3 of 8 achieve, but the interval reaches 75%
    assert "small cohort: 8 starts" in small["warnings"]


def test_value_per_public_pound_follows_the_stated_formula():
    params = value_parameters()
    value = course_value(100000.0, 50, 25, 12000.0, 18000.0, 0.0, params)
    factor = sum(0.9 ** (t - 1) / 1.035**t for t in range(1, 11))
    pv = 6000 * 25 * 0.75 * factor
    assert value.pv_earnings_gain == pytest.approx(pv)
    assert value.uplift_per_public_pound == pytest.approx(pv / 100000)
    assert value.npv_per_public_pound == pytest.approx((pv * 1.35 - 100000) / 100000)
    row = card_for(earnings_before=12000.0, earnings_after=18000.0)
    assert (
        row["uplift_per_public_pound_low"]
        < row["uplift_per_public_pound"]
        < row["uplift_per_public_pound_high"]
    )


def test_the_commission_can_change_the_thresholds():
    rules = parse_rules(
        '[[rule]]\nid = "x"\ntitle = "Costly"\n'
        'conditions = [{ metric = "cost_per_start", above = 3000.0 }]\n'
    )
    card = build_scorecard(pd.DataFrame([RECORD]), rules=rules)
    assert card.iloc[0]["flags"] == "Costly"
    with pytest.raises(DataError, match="bad condition"):
        parse_rules(
            '[[rule]]\nid = "x"\ntitle = "t"\nconditions = [{ metric = "vibes", above = 1 }]'
        )


def test_provider_summary_uses_summed_counts_not_averages():
    records = import_records(illustrative_records_path()).records
    summary = provider_summary(records).set_index("provider")
    wirral = summary.loc["Wirral Visitor Economy Academy"]
    assert wirral["starts"] == 48 + 18 and wirral["achievements"] == 20 + 14
    assert wirral["achievement_rate"] == pytest.approx(34 / 66)
    card = build_scorecard(records)
    flagged = card[card["flag_count"] > 0]
    assert set(flagged["course"]) == {
        "Visitor Experience Assistant",
        "Bricklayer",
        "Customer Service Skills",
    }

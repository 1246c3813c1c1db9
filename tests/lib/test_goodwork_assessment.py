"""The tier decision and the pay and security facts it checks."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from greatjobs.errors import DataError
from greatjobs.goodwork import PayFacts, decide_tier, get_framework
from greatjobs.goodwork.facts import (
    COUNTS,
    DERIVED_LABELS,
    FACT_LABELS,
    MAX_STAFF,
    count_problem,
)
from greatjobs.goodwork.frameworks import FACT_NAMES

LCR = get_framework("lcr-fec")
GOOD = PayFacts(
    staff_total=40,
    staff_paid_rlw=40,
    zero_hours_staff=0,
    guaranteed_hours_staff=40,
    agency_workers=2,
    recognised_union=True,
    sick_pay_day_one=True,
    assessed_on=dt.date(2025, 11, 1),
)


def all_yes(**no: bool) -> dict[str, bool]:
    answers = {q.id: True for q in LCR.questions if q.fact is None}
    answers.update(no)
    return answers


def test_everything_met_is_the_top_tier_with_drivers_and_no_blockers():
    d = decide_tier(LCR, all_yes(), GOOD)
    assert d.tier_id == "accredited" and d.next_tier is None and not d.blockers
    assert d.drivers[0].startswith("Every section scores at least 75%")
    assert any(
        "share of staff paid at least the Real Living Wage is 100.0% (needs at least 100.0%)" in x
        for x in d.drivers
    )


def test_a_required_answer_for_the_top_tier_drops_to_aspiring_and_says_why():
    d = decide_tier(LCR, all_yes(**{"healthy-wellbeing": False}), GOOD)
    assert d.tier_name == "Aspiring" and d.next_tier == "Accredited"
    assert any("mental health support" in b and "answered no" in b for b in d.blockers)
    healthy = next(s for s in d.sections if s.id == "healthy")
    assert healthy.share == pytest.approx(2 / 3)


def test_a_missing_aspiring_requirement_means_no_tier():
    d = decide_tier(LCR, all_yes(**{"inclusive-equality-policy": False}), GOOD)
    assert d.tier_id is None and d.tier_name == "No tier yet" and d.next_tier == "Aspiring"
    assert any("equality policy" in b for b in d.blockers)


def test_section_threshold_alone_can_block_a_tier():
    # Fair: RLW, zero hours and guaranteed hours facts fail; plan and agency still met -> 2/5.
    facts = PayFacts(
        staff_total=10,
        staff_paid_rlw=5,
        zero_hours_staff=6,
        guaranteed_hours_staff=4,
        recognised_union=True,
    )
    d = decide_tier(LCR, all_yes(), facts)
    assert d.tier_id is None
    assert "Fair scores 40% (the Aspiring tier needs 50%)" in d.blockers


def test_assessor_rejection_counts_as_not_met():
    d = decide_tier(LCR, all_yes(), GOOD, rejected=["just-young-people"], verified=True)
    assert d.tier_name == "Aspiring" and d.verified and d.rejected == ("just-young-people",)
    assert any("evidence not accepted by the assessor" in b for b in d.blockers)


def test_unanswered_questions_are_not_met():
    d = decide_tier(LCR, {}, GOOD)
    assert d.tier_id is None
    assert any(r.why == "not answered" for r in d.results)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"staff_paid_rlw": 41},
            "staff_paid_rlw",
            "Staff paid at least the Real Living Wage (41) cannot be more than the number of "
            "staff (40).",
        ),
        (
            {"staff_total": 10, "staff_paid_rlw": 500, "guaranteed_hours_staff": 10},
            "staff_paid_rlw",
            "Staff paid at least the Real Living Wage (500) cannot be more than the number of "
            "staff (10).",
        ),
        (
            {"zero_hours_staff": 41},
            "zero_hours_staff",
            "Staff on zero-hours contracts (41) cannot be more than the number of staff (40).",
        ),
        (
            {"guaranteed_hours_staff": 41},
            "guaranteed_hours_staff",
            "Staff with guaranteed hours (41) cannot be more than the number of staff (40).",
        ),
        ({"zero_hours_staff": 5}, "zero_hours_staff", "a zero-hours contract guarantees no hours"),
        ({"agency_workers": -1}, "agency_workers", "Agency workers used cannot be negative"),
        (
            {"staff_total": 0, "staff_paid_rlw": 0, "guaranteed_hours_staff": 0},
            "staff_total",
            "Number of staff must be at least 1.",
        ),
        (
            {"staff_total": 9_999_999_999},
            "staff_total",
            "Number of staff is 9,999,999,999: more than any UK employer has (at most "
            "1,000,000 is accepted).",
        ),
        (
            {"staff_total": 1_000_001},
            "staff_total",
            "Number of staff is 1,000,001: more than any UK employer has",
        ),
        ({"agency_workers": 2_000_000}, "agency_workers", "more than any UK employer has"),
        ({"staff_total": 40.5}, "staff_total", "Number of staff must be a whole number."),
        ({"staff_paid_rlw": "40"}, "staff_paid_rlw", "must be a whole number"),
        ({"lowest_hourly_pay": 1500.0}, "lowest_hourly_pay", "(£1,500.00) is not an hourly rate"),
        (
            {"lowest_hourly_pay": 12.00},
            "lowest_hourly_pay",
            "below the Real Living Wage (2025-26 UK: £13.45)",
        ),
        (
            {"lowest_hourly_pay": 14.0, "staff_paid_rlw": 39},
            "lowest_hourly_pay",
            "so all 40 staff are paid it",
        ),
    ],
)
def test_impossible_facts_are_refused_naming_each_fact_by_its_label(changes, field, message):
    facts = PayFacts(**{**GOOD.as_dict(), "assessed_on": GOOD.assessed_on, **changes})
    assert any(f == field and message in m for f, m in facts.field_problems()), (
        facts.field_problems()
    )
    with pytest.raises(DataError, match=re.escape(message)):
        facts.check()
    for problem in facts.problems():
        assert not any(name in problem for name in FACT_LABELS), problem


def test_a_count_larger_than_the_total_is_not_compared_with_an_impossible_total():
    """One message for an impossible total, not one for every count it cannot hold."""
    facts = PayFacts(staff_total=0, staff_paid_rlw=5, zero_hours_staff=5, guaranteed_hours_staff=5)
    assert facts.problems() == ["Number of staff must be at least 1."]


def test_every_count_has_one_ceiling_and_a_label_the_web_form_shows():
    assert MAX_STAFF == 1_000_000
    assert set(COUNTS) <= set(FACT_LABELS)
    assert count_problem("staff_paid_rlw", MAX_STAFF) is None
    assert count_problem("staff_paid_rlw", MAX_STAFF + 1) is not None
    assert count_problem("agency_workers", 0) is None
    assert count_problem("staff_total", 0) == "Number of staff must be at least 1."


def test_the_reasons_behind_fact_questions_name_the_facts_in_words():
    assert set(DERIVED_LABELS) == set(FACT_NAMES)
    d = decide_tier(LCR, all_yes(), GOOD)
    fact_reasons = [r.why for r in d.results if r.question.fact is not None]
    assert "sick pay from the first day of absence: yes (needs yes)" in fact_reasons
    assert "share of staff on zero-hours contracts is 0.0% (needs at most 5.0%)" in fact_reasons
    for why in fact_reasons:
        assert "_" not in why, why


def test_the_rlw_rate_is_the_one_in_force_on_the_date():
    assert PayFacts(**{**GOOD.__dict__, "assessed_on": dt.date(2025, 1, 1)}).rlw_rate() == (
        12.60,
        "2024-25 UK",
    )
    assert PayFacts(**{**GOOD.__dict__, "london": True}).rlw_rate() == (14.80, "2025-26 London")
    ok = PayFacts(**{**GOOD.__dict__, "lowest_hourly_pay": 13.45})
    assert ok.check() is ok  # exactly the rate counts as paying it


def test_derived_shares_and_round_trip():
    d = GOOD.derived()
    assert d["agency_share"] == pytest.approx(2 / 42) and d["employee_voice"]
    assert PayFacts.from_dict(GOOD.as_dict()) == GOOD

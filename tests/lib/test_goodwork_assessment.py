"""The tier decision and the pay and security facts it checks."""

from __future__ import annotations

import datetime as dt

import pytest

from greatjobs.errors import DataError
from greatjobs.goodwork import PayFacts, decide_tier, get_framework

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
    assert any("rlw share is 100.0% (needs at least 100.0%)" in x for x in d.drivers)


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
    ("changes", "message"),
    [
        ({"staff_paid_rlw": 41}, "staff_paid_rlw (41) is more than staff_total (40)"),
        ({"zero_hours_staff": 41}, "zero_hours_staff (41) is more than staff_total"),
        ({"zero_hours_staff": 5}, "a zero-hours contract guarantees no hours"),
        ({"agency_workers": -1}, "cannot be negative"),
        ({"staff_total": 0, "staff_paid_rlw": 0, "guaranteed_hours_staff": 0}, "at least 1"),
        ({"lowest_hourly_pay": 12.00}, "below the Real Living Wage (2025-26 UK: £13.45)"),
        ({"lowest_hourly_pay": 14.0, "staff_paid_rlw": 39}, "so all 40 staff are paid it"),
    ],
)
def test_impossible_facts_are_refused(changes, message):
    facts = PayFacts(**{**GOOD.as_dict(), "assessed_on": GOOD.assessed_on, **changes})
    with pytest.raises(DataError, match=message.replace("(", r"\(").replace(")", r"\)")):
        facts.check()


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

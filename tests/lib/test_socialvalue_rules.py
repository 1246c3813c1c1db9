"""Measures library, weighting rule, bid scoring, double counting and delivery checks."""

from __future__ import annotations

from datetime import date

import pytest

from greatjobs.errors import DataError, NotFoundError
from greatjobs.socialvalue import (
    BidInput,
    Hire,
    WeightingError,
    Weights,
    check_return,
    committed_value,
    dedupe_disadvantaged_hires,
    delivery_statuses,
    evaluate_bids,
    load_library,
    overdue_periods,
)
from greatjobs.socialvalue.measures import measure_from_dict


def test_library_has_versioned_measures_with_sources_and_honest_ppn002_mapping():
    library = load_library()
    assert library.version
    assert len(library.measures) >= 8
    for measure in library.measures:
        assert measure.theme and measure.unit and measure.evidence
        assert (
            measure.ppn002_metric
            or "not confirmed" in measure.ppn002_note.lower()
            or ("context" in measure.ppn002_note.lower())
        )
        if measure.proxy:
            assert measure.proxy.source
    sources = " ".join(m.proxy.source for m in library.measures if m.proxy)
    assert "TOMs" not in sources and "HACT" not in sources


def test_wellby_proxy_uses_13000_per_wellby_in_2019_prices_and_uprates_with_the_deflator():
    library = load_library()
    assert library.unit_value("GJ-EMP-02", 2019) == pytest.approx(0.5 * 13000)
    factor = library.deflator.index[2024] / library.deflator.index[2019]
    assert library.unit_value("GJ-EMP-02", 2024) == pytest.approx(0.5 * 13000 * factor)


def test_local_jobs_proxy_is_a_years_local_median_pay():
    assert load_library().unit_value("GJ-EMP-01", 2024, weekly_pay=650.0) == pytest.approx(33800)


def test_uprating_to_a_year_without_a_deflator_is_refused():
    with pytest.raises(DataError, match="No GDP deflator for 1990"):
        load_library().unit_value("GJ-EMP-02", 1990)


def test_unknown_measure_suggests_close_ids():
    with pytest.raises(NotFoundError, match="GJ-EMP-01"):
        load_library().get("GJ-EMP-1")


def test_local_measures_join_the_library_but_cannot_reuse_an_id():
    library = load_library()
    local = measure_from_dict(
        {
            "id": "LCR-01",
            "title": "Care leavers hired",
            "outcome": "Care leavers in work",
            "theme": "Equal opportunity",
            "ppn0620_outcome": "Tackle workforce inequality",
            "unit": "people",
            "evidence": "Referral",
            "evidence_required": True,
            "disadvantaged": True,
            "proxy": {
                "kind": "fixed",
                "source": "Council unit cost",
                "value": 100.0,
                "price_year": 2022,
            },
        },
        local=True,
    )
    extended = library.with_local([local])
    assert extended.get("LCR-01").local
    assert extended.unit_value("LCR-01", 2022) == pytest.approx(100.0)
    with pytest.raises(DataError, match="clash"):
        extended.with_local([local])


@pytest.mark.parametrize("weight", [0, 5, 9.99])
def test_social_value_weighting_under_ten_percent_is_refused_citing_the_rule(weight):
    with pytest.raises(WeightingError, match=r"at least 10%.*PPN 06/20.*PPN 002"):
        Weights(price=60, quality=40 - weight + weight, social_value=weight)


def test_weights_must_add_up_to_100():
    with pytest.raises(WeightingError, match="add up to 100"):
        Weights(price=50, quality=30, social_value=10)


def test_bids_are_scored_normalised_and_ranked_with_an_explanation_of_every_number():
    weights = Weights(price=50, quality=30, social_value=20, method="both", max_score=5)
    bids = [
        BidInput(
            "Cheap Ltd",
            price=100_000,
            quality_score=3,
            method_statement_score=2,
            committed_value=5_000,
        ),
        BidInput(
            "Good Ltd",
            price=125_000,
            quality_score=5,
            method_statement_score=5,
            committed_value=20_000,
        ),
    ]
    results = evaluate_bids(bids, weights)
    good = next(r for r in results if r.bidder == "Good Ltd")
    cheap = next(r for r in results if r.bidder == "Cheap Ltd")
    assert cheap.price_score == pytest.approx(50.0)
    assert good.price_score == pytest.approx(40.0)  # 100k / 125k x 50
    assert good.quality_score == pytest.approx(30.0)
    assert cheap.social_value_score == pytest.approx(20 * (2 / 5 + 5_000 / 20_000) / 2)  # 6.5
    assert good.total == pytest.approx(90.0)
    assert [r.bidder for r in results] == ["Good Ltd", "Cheap Ltd"]
    assert good.rank == 1 and cheap.rank == 2
    assert good.committed_share_of_price == pytest.approx(0.16)
    assert any("100,000 / this price £125,000" in line for line in good.explanation)


def test_committed_value_counts_unvalued_measures_without_pricing_them():
    total, notes = committed_value(
        {"GJ-EMP-02": {1: 2, 2: 3}, "GJ-SKL-02": {1: 100}}, {"GJ-EMP-02": 6500.0, "GJ-SKL-02": None}
    )
    assert total == pytest.approx(5 * 6500)
    assert any("not valued" in n for n in notes)


def test_the_same_person_under_two_disadvantaged_measures_counts_once():
    hires = [
        Hire("P1", "GJ-EMP-02", 2025),
        Hire("P1", "GJ-EMP-03", 2025),
        Hire("P2", "GJ-EMP-03", 2025),
    ]
    kept, excluded = dedupe_disadvantaged_hires(hires, {"GJ-EMP-02", "GJ-EMP-03"})
    assert [(h.person, h.measure) for h in kept] == [("P1", "GJ-EMP-02"), ("P2", "GJ-EMP-03")]
    assert "one disadvantaged measure only" in excluded[0].reason


def test_a_disadvantaged_hire_counts_in_the_first_year_only():
    hires = [Hire("P1", "GJ-EMP-02", 2026), Hire("P1", "GJ-EMP-02", 2025)]
    kept, excluded = dedupe_disadvantaged_hires(hires, {"GJ-EMP-02"})
    assert [h.year for h in kept] == [2025]
    assert "first year only" in excluded[0].reason


def test_impossible_returns_are_refused_with_clear_messages():
    library = load_library()
    problems = check_return(
        {"GJ-SKL-02": -5, "GJ-EMP-04": 10, "GJ-EMP-01": 12, "GJ-EMP-02": 1},
        {"GJ-EMP-01": True},
        library,
    )
    assert "cannot be negative" in problems["GJ-SKL-02"][0]
    assert "cannot be more than the employees" in problems["GJ-EMP-01"][0]
    assert "Attach evidence" in problems["GJ-EMP-02"][0]
    assert check_return({"GJ-EMP-04": 10, "GJ-EMP-01": 4}, {"GJ-EMP-01": True}, library) == {}


def test_delivery_status_per_measure_and_overdue_returns():
    statuses = {
        s.measure: s.status
        for s in delivery_statuses(
            {"a": 10, "b": 10, "c": 10, "d": 10},
            {"a": 10, "b": 10, "c": 6, "d": 2},
            {"a": 10, "b": 4},
            0.5,
        )
    }
    assert statuses == {
        "a": "Met",
        "b": "Delivered, awaiting verification",
        "c": "On track",
        "d": "Behind",
    }
    due = {
        "2025-Q1": date(2025, 4, 30),
        "2025-Q2": date(2025, 7, 31),
        "2025-Q3": date(2025, 10, 31),
    }
    assert overdue_periods(due, {"2025-Q1"}, date(2025, 9, 1)) == ["2025-Q2"]


def test_local_jobs_pay_comes_from_the_warehouse_for_the_valuation_year(warehouse):
    from greatjobs.socialvalue.measures import local_weekly_pay

    pay, year = local_weekly_pay(warehouse, "E47000004", up_to_year=2024)
    assert year == 2024
    assert pay == pytest.approx(585.0)  # ASHE 2024, Liverpool City Region, by residence
    latest, latest_year = local_weekly_pay(warehouse, "E47000004")
    assert latest_year >= 2025 and latest > 0

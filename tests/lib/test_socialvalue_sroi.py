"""SROI valuation: impact, drop-off, discounting, PV/NPV/ratio, sensitivity and Monte Carlo."""

from __future__ import annotations

import json

import pytest

from greatjobs.errors import DataError
from greatjobs.socialvalue import (
    Outcome,
    SroiSpec,
    impact_map_toml,
    monte_carlo,
    read_impact_map,
    sensitivity,
    value_sroi,
)


@pytest.fixture()
def worked(fixtures_dir) -> SroiSpec:
    return read_impact_map(fixtures_dir / "socialvalue" / "worked_example.toml")


def test_impact_takes_off_deadweight_displacement_and_attribution():
    outcome = Outcome("jobs", quantity=10, proxy=1000, deadweight=0.2, attribution=0.1)
    assert outcome.impact == pytest.approx(10 * 1000 * 0.8 * 0.9)  # 7,200


def test_drop_off_is_taken_from_the_remaining_value_each_year_after_the_first():
    outcome = Outcome("jobs", quantity=1, proxy=1000, duration=3, drop_off=0.1)
    assert outcome.values_by_year() == pytest.approx([1000, 900, 810])


def test_hand_checked_example_gives_the_hand_worked_pv_npv_and_ratio(worked):
    # Outcome 1: 10 x 1,000 x 0.8 x 0.9 = 7,200; 3,600; 1,800 discounted at 3.5% from year 1
    #   = 6,956.52 + 3,360.64 + 1,623.49 = 11,940.66
    # Outcome 2: 5 x 2,000 x 0.5 x 0.75 = 3,750 / 1.035 = 3,623.19
    result = value_sroi(worked)
    assert result.present_value == pytest.approx(15563.85, abs=0.01)
    assert result.net_present_value == pytest.approx(5563.85, abs=0.01)
    assert result.ratio == pytest.approx(1.5564, abs=0.0001)
    assert len(result.years) == 4  # 3 years + 1 year of working, one row each


def test_no_discounting_no_drop_off_is_plain_arithmetic():
    spec = SroiSpec(
        "plain", 100.0, (Outcome("x", quantity=2, proxy=100, duration=2),), discount_rate=0.0
    )
    assert value_sroi(spec).ratio == pytest.approx(4.0)


def test_a_share_given_as_a_percentage_is_refused_with_a_clear_message(fixtures_dir):
    with pytest.raises(DataError, match="deadweight must be between 0 and 1"):
        read_impact_map(fixtures_dir / "socialvalue" / "bad_share.toml")


def test_a_range_that_misses_the_central_value_is_refused():
    with pytest.raises(DataError, match="must contain"):
        Outcome("x", quantity=1, proxy=1, deadweight=0.5, ranges={"deadweight": (0.0, 0.2)})


def test_spec_round_trips_through_json(worked):
    again = SroiSpec.from_dict(json.loads(worked.to_json()))
    assert again == worked


def test_sensitivity_ranks_the_assumption_that_moves_the_ratio_most_first(worked):
    table = sensitivity(worked)
    assert table["assumption"].iloc[0] == "Participants move into work: quantity"
    row = table.iloc[0]
    # quantity 8 and 12 scale outcome 1 (PV 11,940.66) by 0.8 and 1.2
    assert row["ratio_at_low"] == pytest.approx((11940.66 * 0.8 + 3623.19) / 10000, abs=1e-4)
    assert row["ratio_at_high"] == pytest.approx((11940.66 * 1.2 + 3623.19) / 10000, abs=1e-4)
    assert (table["swing"].diff().dropna() <= 0).all()


def test_monte_carlo_interval_contains_the_central_ratio_and_is_reproducible(worked):
    first = monte_carlo(worked, draws=400, seed=7)
    second = monte_carlo(worked, draws=400, seed=7)
    assert first.ratio == second.ratio
    assert first.ratio.low < value_sroi(worked).ratio < first.ratio.high
    assert first.net_present_value.median == pytest.approx(first.present_value.median - 10000)
    # the small outcome's attribution moves the PV least
    assert first.influence.iloc[-1]["assumption"] == "Families report less stress: attribution"


def test_monte_carlo_without_ranges_has_no_spread():
    spec = SroiSpec("fixed", 10.0, (Outcome("x", quantity=1, proxy=100),))
    result = monte_carlo(spec, draws=50)
    assert result.ratio.low == pytest.approx(result.ratio.high)


def test_the_default_95_percent_interval_is_wider_than_a_90_percent_one(worked):
    default = monte_carlo(worked, draws=400, seed=7)
    narrow = monte_carlo(worked, draws=400, seed=7, percentiles=(5, 50, 95))
    assert default.percentiles == (2.5, 50.0, 97.5)
    assert default.ratio.low <= narrow.ratio.low and default.ratio.high >= narrow.ratio.high
    assert default.ratio.median == narrow.ratio.median


def test_an_impact_map_written_as_toml_reads_back_to_the_same_spec(worked, tmp_path):
    quoted = SroiSpec(
        'A "quoted" title\nover two lines',
        1234.5,
        (*worked.outcomes, Outcome("Caf\u00e9 jobs", quantity=1 / 3, proxy=0.1 + 0.2)),
        notes="Values in 2024 prices.",
        price_year=2024,
    )
    for spec in (worked, quoted):
        path = tmp_path / "map.toml"
        path.write_text(impact_map_toml(spec), "utf-8")
        assert read_impact_map(path) == spec
        assert value_sroi(read_impact_map(path)).ratio == value_sroi(spec).ratio

"""HCA additionality: the gross-to-net formula, presets held as data, Monte Carlo intervals."""

from __future__ import annotations

import numpy as np
import pytest

from greatjobs.errors import DataError
from greatjobs.impact import additionality as add


def fixed(**values: float) -> add.AdditionalitySpec:
    base = {"deadweight": 0.0, "leakage": 0.0, "displacement": 0.0, "substitution": 0.0,
            "multiplier": 1.0}  # fmt: skip
    return add.AdditionalitySpec.build(**(base | values))


def test_net_additional_by_hand():
    spec = fixed(leakage=0.1, displacement=0.25, substitution=0.1, multiplier=1.5, deadweight=0.2)
    est = add.net_additional(100, spec)
    expected = 100 * 0.9 * 0.75 * 0.9 * 1.5 * 0.8  # = 72.9
    assert est.central == pytest.approx(72.9) == pytest.approx(expected)
    assert est.low == pytest.approx(72.9) and est.high == pytest.approx(72.9)  # no uncertainty


def test_presets_come_from_the_data_file_with_their_source():
    data = add.presets()
    assert data["displacement"]["medium"][1] == 0.5
    assert data["deadweight"]["low"][1] == 0.10
    assert data["multiplier"]["high"][1] == 1.7
    assert "Additionality Guide" in add.guide_citation() and "2014" in add.guide_citation()
    spec = add.AdditionalitySpec.build(displacement="high")
    assert spec.displacement.central == 0.75 and spec.displacement.kind == "triangular"


def test_ranges_become_distributions_and_every_answer_has_an_interval():
    spec = add.AdditionalitySpec.build()  # defaults: ranges around each preset
    est = add.net_additional(1000, spec)
    assert est.low < est.central < est.high
    again = add.net_additional(1000, spec)
    assert again == est  # fixed seed: reproducible


def test_uniform_and_triangular_user_values():
    u = add.make_factor("leakage", (0.1, 0.3))
    assert (u.kind, u.low, u.central, u.high) == ("uniform", 0.1, 0.2, 0.3)
    t = add.make_factor("deadweight", (0.1, 0.2, 0.5))
    assert t.kind == "triangular"
    draws = t.sample(np.random.default_rng(1), 200_000)
    assert draws.min() >= 0.1 and draws.max() <= 0.5
    assert draws.mean() == pytest.approx((0.1 + 0.2 + 0.5) / 3, abs=2e-3)


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("displacement", 1.2, r"must lie in \[0, 1\]"),
        ("multiplier", 0.8, r"must lie in \[1, inf\]"),
        ("deadweight", (0.5, 0.2, 0.3), "low ≤ central ≤ high"),
        ("leakage", "enormous", "No leakage preset"),
        ("crowding_out", 0.1, "No additionality factor"),
    ],
)
def test_bad_factor_values_are_refused(name, value, message):
    with pytest.raises(DataError, match=message):
        add.make_factor(name, value)


def test_cost_per_net_job_and_benchmarks():
    spec = fixed(multiplier=1.0, deadweight=0.5)
    draws = 10 * spec.sample_ratio(1000)
    cost = add.cost_per_net_job(165_000, 10 * spec.ratio(), draws)
    assert cost.central == pytest.approx(33_000)
    nao = {b.id: b for b in add.benchmarks()}["nao-2012-rgf"]
    assert nao.value == 33_000 and nao.publisher == "National Audit Office"
    assert nao.url.startswith("https://www.nao.org.uk/")
    verdicts = {c["value"]: c["verdict"] for c in add.compare_with_benchmarks(cost)}
    assert verdicts[33_000] == "in line with"
    assert verdicts[37_400] == "cheaper than"


def test_no_net_jobs_means_infinite_cost():
    cost = add.cost_per_net_job(1e6, 0.0, np.zeros(100))
    assert cost.central == float("inf")


def test_spec_round_trips_as_data():
    spec = add.AdditionalitySpec.build(leakage=(0.1, 0.2))
    rebuilt = add.AdditionalitySpec(**{k: add.Factor(**v) for k, v in spec.as_dict().items()})
    assert rebuilt == spec


def test_every_interval_is_95_percent_the_2_5th_to_97_5th_percentile():
    # net/gross = 1 − leakage with leakage ~ Uniform(0, 1): 1 − U is Uniform(0, 1) too, so its
    # 2.5th and 97.5th percentiles are 0.025 and 0.975 (a 90% interval would give 0.05 and 0.95).
    spec = fixed(leakage=(0.0, 1.0))
    est = add.net_additional(1000, spec, draws=100_000)
    assert est.central == pytest.approx(500)
    assert est.low == pytest.approx(25, abs=3) and est.high == pytest.approx(975, abs=3)
    assert add.INTERVAL == (2.5, 97.5) and add.INTERVAL_LEVEL == "95%"
    draws = np.arange(1001.0)  # percentiles of 0..1000 are exact: 25 and 975
    assert add.Estimate.from_draws(500, draws) == add.Estimate(500, 25, 975)
    assert est.format() == f"{est.central:,.0f} (95% interval {est.low:,.0f}–{est.high:,.0f})"

"""The inclusive-growth index: normalisation, weighting, aggregation, Monte Carlo, sensitivity."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace

import duckdb
import numpy as np
import pandas as pd
import pytest

from greatjobs.diagnose import build as diagnose_build
from greatjobs.diagnose import index as ix
from greatjobs.diagnose.catalogue import get_indicator
from greatjobs.errors import DataError
from greatjobs.geography import list_places
from greatjobs.home import Home
from greatjobs.warehouse import build_warehouse, default_steps, open_warehouse

SPEC = ix.IndexSpec(dimensions={"prosperity": ("pay", "jobs"), "inclusion": ("poverty",)})
POLARITY = {"pay": True, "jobs": True, "poverty": False}


def tidy(values: dict[str, list[float]], half_width: float = 0.0) -> pd.DataFrame:
    """A frame of places P0, P1, ... with the given values per indicator."""
    rows = []
    for indicator, column in values.items():
        for n, v in enumerate(column):
            rows.append(
                {"area_code": f"P{n}", "area_name": f"Place {n}", "indicator_id": indicator,
                 "value": v, "lci": v - half_width, "uci": v + half_width}
            )  # fmt: skip
    return pd.DataFrame(rows)


def test_spec_round_trips_to_json_and_refuses_bad_choices() -> None:
    spec = replace(SPEC, weighting="custom", weights={"pay": 2.0, "jobs": 1.0}, vary=("values",))
    assert ix.IndexSpec.from_json(spec.to_json()) == spec
    with pytest.raises(DataError, match="normalisation must be one of"):
        replace(SPEC, normalisation="log")
    with pytest.raises(DataError, match="custom weighting needs weights"):
        replace(SPEC, weighting="custom")
    with pytest.raises(DataError, match="not valid JSON"):
        ix.IndexSpec.from_json('{"dimensions": 3}')


def test_normalisations() -> None:
    x = np.array([[1.0, 10.0], [2.0, 10.0], [4.0, 10.0]])
    assert ix.normalise(x, "min-max")[:, 0].tolist() == pytest.approx([0, 1 / 3, 1])
    z = ix.normalise(x, "z-score")[:, 0]
    assert (z.mean(), z.std()) == pytest.approx((0, 1))
    assert ix.normalise(x, "rank")[:, 0].tolist() == [0, 0.5, 1]
    assert ix.normalise(x, "min-max")[:, 1].tolist() == [0, 0, 0]  # constant: no information


def test_weights_by_scheme() -> None:
    ids = ["pay", "jobs", "poverty"]
    assert ix.weight_vector(SPEC, "equal", ids) == pytest.approx([1 / 3] * 3)
    assert ix.weight_vector(SPEC, "equal-by-dimension", ids) == pytest.approx([0.25, 0.25, 0.5])
    custom = replace(SPEC, weighting="custom", weights={"pay": 3, "poverty": 1})
    assert ix.weight_vector(custom, "custom", ids) == pytest.approx([0.75, 0, 0.25])


def test_geometric_mean_penalises_unbalanced_places() -> None:
    x = np.array([[0.0, 1.0], [0.5, 0.5], [1.0, 0.0]])  # same arithmetic mean
    w = np.array([0.5, 0.5])
    assert np.ptp(ix.aggregate(x, w, "arithmetic")) == pytest.approx(0)
    geometric = ix.aggregate(x, w, "geometric")
    assert geometric[1] > geometric[0] == pytest.approx(geometric[2])


def test_polarity_a_place_best_on_everything_ranks_first_under_every_choice() -> None:
    frame = tidy({"pay": [600, 500, 400, 450], "jobs": [80, 70, 60, 75],
                  "poverty": [10, 20, 30, 25]}, half_width=1.0)  # fmt: skip
    result = ix.run_index(frame, SPEC, POLARITY)
    best = result.places.iloc[0]
    assert (best["area_code"], best["rank"], best["rank_low"], best["rank_high"]) == ("P0", 1, 1, 1)
    assert result.places.iloc[-1]["area_code"] == "P2"


def test_monte_carlo_is_seeded_and_intervals_follow_the_uncertainty() -> None:
    rng = np.random.default_rng(5)
    values = {k: rng.normal(50, 5, 12).tolist() for k in POLARITY}
    narrow = ix.run_index(tidy(values, 0.01), SPEC, POLARITY).places
    again = ix.run_index(tidy(values, 0.01), SPEC, POLARITY).places
    pd.testing.assert_frame_equal(narrow, again)
    wide = ix.run_index(tidy(values, 30.0), replace(SPEC, vary=("values",)), POLARITY).places
    width = (wide["rank_high"] - wide["rank_low"]).mean()
    fixed = ix.run_index(tidy(values, 0.01), replace(SPEC, vary=("values",)), POLARITY).places
    assert (fixed["rank_high"] - fixed["rank_low"]).max() == 0
    assert (fixed["rank"] == fixed["median_rank"]).all()
    assert width > 3
    assert (wide["rank_low"] <= wide["median_rank"]).all()
    assert (wide["median_rank"] <= wide["rank_high"]).all()


def test_rank_intervals_are_95_percent_the_2_5th_to_97_5th_percentile_of_the_ranks() -> None:
    # A is drawn from Normal(0, 1) (its 95% CI is ±1.96), B is fixed at -1.78: A ranks 2nd in
    # P(Z < -1.78) = 3.75% of draws, more than 2.5% and less than 5%. So its 95% interval (2.5th to
    # 97.5th percentile) is 1 to 2; a 90% interval (5th to 95th) would have been 1 to 1.
    z = 1.959963984540054
    frame = pd.DataFrame(
        [{"area_code": "A", "area_name": "A", "indicator_id": "pay", "value": 0.0, "lci": -z,
          "uci": z},
         {"area_code": "B", "area_name": "B", "indicator_id": "pay", "value": -1.78,
          "lci": -1.78, "uci": -1.78}]
    )  # fmt: skip
    spec = ix.IndexSpec(dimensions={"prosperity": ("pay",)}, vary=("values",), draws=20_000)
    assert spec.interval == 0.95
    result = ix.run_index(frame, spec, {"pay": True})
    a = result.places.set_index("area_code").loc["A"]
    assert (a["rank"], a["rank_low"], a["rank_high"]) == (1, 1, 2)
    assert any("rank interval 95%" in note for note in result.notes)


def test_sensitivity_names_the_choice_that_moves_ranks() -> None:
    # one extreme outlier on "pay": min-max and z-score squash everyone else, rank does not
    # (P0 is 5th of 6 under min-max and z-score, 6th under rank)
    frame = tidy({"pay": [1000, 51, 52, 53, 54, 55], "jobs": [1, 6, 5, 4, 3, 2],
                  "poverty": [6, 1, 2, 3, 4, 5]})  # fmt: skip
    ranks = {
        m: ix.run_index(frame, replace(SPEC, normalisation=m, vary=()), POLARITY).places.set_index(
            "area_code"
        )["rank"]["P0"]
        for m in ix.NORMALISATIONS
    }
    assert ranks == {"min-max": 5, "z-score": 5, "rank": 6}
    only = ix.run_index(frame, replace(SPEC, vary=("normalisation",)), POLARITY).sensitivity
    assert only.loc[0, "factor"] == "normalisation"
    assert only.loc[0, "first_order_index"] == pytest.approx(1.0)  # the only source of variance
    # enumerated: P0 and P5 swap under one of the three normalisations -> 2 shifts / (3 x 6)
    assert only.loc[0, "mean_abs_rank_shift"] == pytest.approx(2 / 18)
    agreeing = tidy({"pay": [6, 5, 4, 3, 2, 1], "jobs": [6, 5, 4, 3, 2, 1],
                     "poverty": [1, 2, 3, 4, 5, 6]})  # fmt: skip
    calm = ix.run_index(agreeing, SPEC, POLARITY).sensitivity
    assert (calm["mean_abs_rank_shift"] == 0).all()


def test_missing_values_are_imputed_or_the_place_left_out() -> None:
    frame = tidy({"pay": [600, 500, 400, np.nan], "jobs": [80, np.nan, 60, np.nan],
                  "poverty": [10, 20, 30, 25]})  # fmt: skip
    result = ix.run_index(frame, SPEC, POLARITY)
    assert "P3" not in set(result.places["area_code"])
    assert result.places.set_index("area_code").loc["P1", "imputed"] == 1
    assert any("Place 3" in n for n in result.notes)


def test_thousand_draws_for_three_hundred_places_take_seconds() -> None:
    rng = np.random.default_rng(2)
    spec = ix.IndexSpec(draws=1000)
    ids = spec.indicators
    values = {i: rng.normal(50, 10, 300).tolist() for i in ids}
    frame = tidy(values, 2.0)
    polarity = {i: get_indicator(i).higher_is_better for i in ids}
    start = time.perf_counter()
    result = ix.run_index(frame, spec, polarity)
    assert time.perf_counter() - start < 3.0
    assert len(result.places) == 300


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    steps = default_steps()
    if not any(name == "diagnose" for name, _ in steps):
        steps = [*steps, ("diagnose", diagnose_build.build_tables)]
    home = Home(tmp_path_factory.mktemp("index-home"))
    build_warehouse(home, steps=steps)
    connection = open_warehouse(home)
    yield connection
    connection.close()


def test_combined_authority_index_from_the_warehouse(con: duckdb.DuckDBPyConnection) -> None:
    spec = ix.IndexSpec()
    codes = [p.code for p in list_places(con, "combined-authority")]
    inputs = ix.load_inputs(con, spec, codes)
    assert set(inputs["area_code"]) <= set(codes)
    assert inputs.groupby("indicator_id")["period"].nunique().max() == 1
    result = ix.run_index(
        inputs, spec, {i: get_indicator(i).higher_is_better for i in spec.indicators}
    )
    places = result.places.set_index("area_code")
    assert "E47000004" in places.index and len(places) >= 8
    lcr = places.loc["E47000004"]
    assert lcr["rank_low"] <= lcr["median_rank"] <= lcr["rank_high"]
    assert set(result.sensitivity["factor"]) == set(ix.FACTORS)

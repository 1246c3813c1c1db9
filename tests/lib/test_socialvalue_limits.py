"""The bounds of a contract, a bid, a return and a local measure, and merging local measures into
the library without ever failing on a bad one."""

from __future__ import annotations

import datetime as dt

import pytest

from greatjobs.socialvalue import check_return, load_library
from greatjobs.socialvalue.limits import (
    contract_value_problem,
    price_problem,
    price_year_problem,
    proxy_problem,
    quantity_problem,
    start_date_problem,
    term_problem,
)
from greatjobs.socialvalue.measures import Measure, Proxy, local_code_problem


def _local(code: str, proxy: Proxy | None = None, retired: bool = False) -> Measure:
    return Measure(
        id=code,
        title=f"Local {code}",
        outcome="Care leavers in work",
        theme="Equal opportunity",
        ppn0620_outcome="",
        unit="people",
        evidence="Referral",
        evidence_required=True,
        disadvantaged=True,
        proxy=proxy,
        local=True,
        retired=retired,
    )


def _fixed(value: float, year: int) -> Proxy:
    return Proxy(kind="fixed", source="Council unit cost", value=value, price_year=year)


@pytest.mark.parametrize(
    ("disadvantaged", "expected"),
    [({"GJ-EMP-02": 8, "GJ-EMP-03": 8}, "Disadvantaged hires in all"), ({"GJ-EMP-02": 16}, "(16)")],
)
def test_more_disadvantaged_hires_than_employees_is_refused(disadvantaged, expected):
    evidence = dict.fromkeys(disadvantaged, True)
    problems = check_return({"GJ-EMP-04": 10, **disadvantaged}, evidence, load_library())
    messages = " ".join(m for ms in problems.values() for m in ms)
    assert expected in messages
    assert "cannot be more than the employees working on the contract (10)" in messages


def test_more_staff_on_the_real_living_wage_than_employees_is_refused():
    problems = check_return({"GJ-EMP-04": 10, "GJ-FAIR-01": 500}, {}, load_library())
    assert problems["GJ-FAIR-01"] == [
        "Employees paid at least the real Living Wage (500) cannot be more than the employees "
        "working on the contract (10)."
    ]
    assert check_return({"GJ-EMP-04": 10, "GJ-FAIR-01": 10}, {}, load_library()) == {}


def test_a_local_disadvantaged_measure_counts_hires_against_employees():
    library = load_library().merge_local([_local("LCR-CARE-01")])
    problems = check_return({"GJ-EMP-04": 3, "LCR-CARE-01": 4}, {"LCR-CARE-01": True}, library)
    assert "cannot be more than the employees" in problems["LCR-CARE-01"][0]


def test_impossible_workforce_and_quantities_are_refused():
    problems = check_return(
        {"GJ-EMP-04": 9_999_999_999, "GJ-SKL-02": 5_000_000}, {}, load_library()
    )
    assert "cannot be more than 1,000,000" in problems["GJ-EMP-04"][0]
    assert problems["GJ-SKL-02"] == [
        "Hours of accredited training for employees cannot be more than 1,000,000 "
        "(you entered 5,000,000)."
    ]


@pytest.mark.parametrize(
    ("check", "value", "message"),
    [
        (contract_value_problem, -1, "more than £0"),
        (contract_value_problem, 0, "more than £0"),
        (contract_value_problem, 10_000_000_001, "cannot be more than £10,000,000,000"),
        (term_problem, 0, "from 1 to 120 months"),
        (term_problem, 100_000, "for 10 years at most"),
        (price_problem, 0, "more than £0"),
        (price_problem, 10**13, "cannot be more than"),
        (proxy_problem, -500, "more than £0"),
        (proxy_problem, 9_999_999_999.99, "cannot be more than £1,000,000"),
        (start_date_problem, dt.date(9999, 12, 1), "from 2000 to 2099"),
    ],
)
def test_impossible_figures_are_refused_with_a_message(check, value, message):
    assert message in check(value)


def test_possible_figures_pass():
    assert contract_value_problem(500_000) is None
    assert term_problem(1) is None and term_problem(120) is None
    assert price_problem(0.01) is None
    assert proxy_problem(1_000_000) is None
    assert quantity_problem("Training hours", 0) is None
    assert start_date_problem(dt.date(2026, 4, 1)) is None


@pytest.mark.parametrize("year", [1, 1999, 3000])
def test_a_proxy_price_year_is_from_2000_to_this_year(year):
    assert price_year_problem(year, this_year=2026) == "The price year must be from 2000 to 2026."
    assert price_year_problem(2026, this_year=2026) is None


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("GJ-EMP-02", "is the code of the library measure GJ-EMP-02"),
        ("gj-emp-02", "is the code of the library measure GJ-EMP-02"),
        (" Gj-Emp-02 ", "is the code of the library measure GJ-EMP-02"),
        ("GJ-NEW-01", "Codes starting GJ- are kept for the greatjobs measures library"),
        ("lcr-care-01", "There is already a local measure LCR-CARE-01"),
        ("LCR CARE", "letters and numbers in groups joined by hyphens"),
        ("LCR--01", "letters and numbers in groups joined by hyphens"),
        ("A" * 21, "up to 20"),
    ],
)
def test_a_local_code_never_clashes_ignoring_case(code, message):
    assert message in local_code_problem(code, load_library(), taken=["LCR-CARE-01"])


def test_a_new_local_code_is_accepted():
    assert local_code_problem("lcr-care-02", load_library(), taken=["LCR-CARE-01"]) is None


def test_merging_leaves_out_clashing_local_measures_with_a_note_and_never_fails():
    library = load_library().merge_local(
        [
            _local("GJ-EMP-02"),
            _local("gj-emp-03"),
            _local("LCR-CARE-01"),
            _local("lcr-care-01"),
            _local("gj-skl-02", retired=True),
        ]
    )
    assert library.get("GJ-EMP-02").local is False  # the library's own measure stands
    assert library.get("LCR-CARE-01").local
    assert [m.id for m in library.measures if m.local] == ["LCR-CARE-01"]
    assert library.skipped == ("GJ-EMP-02", "gj-emp-03", "lcr-care-01", "gj-skl-02")
    assert len(library.notes) == 3  # a retired measure that clashes needs no note
    assert "Local measure gj-emp-03 (Local gj-emp-03) is left out" in library.notes[1]
    assert "already used by GJ-EMP-03 (codes are compared ignoring case)" in library.notes[1]


@pytest.mark.parametrize(
    ("proxy", "reason"),
    [
        (_fixed(-500, 2022), "a financial proxy must be more than £0 per unit."),
        (_fixed(9_999_999_999.99, 2022), "cannot be more than £1,000,000 per unit."),
        (_fixed(100, 1), "the price year must be from 2000 to"),
        (_fixed(100, 3000), "the price year must be from 2000 to"),
    ],
)
def test_a_local_measure_with_a_proxy_out_of_bounds_is_kept_but_not_valued(proxy, reason):
    library = load_library().merge_local([_local("LCR-CARE-01", proxy)])
    assert library.get("LCR-CARE-01").proxy is None
    assert library.unit_value("LCR-CARE-01", 2024) is None
    assert library.notes[0].startswith("Local measure LCR-CARE-01 is not valued: ")
    assert reason in library.notes[0]


def test_retired_measures_are_kept_but_not_offered():
    library = load_library().merge_local(
        [_local("LCR-CARE-01", retired=True), _local("LCR-CARE-02")]
    )
    assert library.get("LCR-CARE-01").retired
    offered = {m.id for m in library.offered}
    assert "LCR-CARE-02" in offered and "LCR-CARE-01" not in offered
    assert "GJ-EMP-02" in offered

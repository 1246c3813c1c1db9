"""Sector definitions are data: SIC sections and divisions from the bundled lookups, named groups
from definitions.toml and the Industrial Strategy 2025 dataset."""

from __future__ import annotations

from collections.abc import Iterator

import duckdb
import pytest

from greatjobs.errors import DataError
from greatjobs.home import Home
from greatjobs.sectors.definitions import (
    distinct_codes,
    load_definitions,
    sector_groups,
    sic_level,
)
from greatjobs.warehouse import open_warehouse


@pytest.fixture()
def con(built_home: Home) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = open_warehouse(built_home)
    yield connection
    connection.close()


def test_all_88_divisions_and_21_sections_of_sic_2007(con: duckdb.DuckDBPyConnection) -> None:
    sections = con.execute("SELECT section FROM core.sic_section ORDER BY 1").fetchall()
    assert [s[0] for s in sections] == [chr(c) for c in range(ord("A"), ord("U") + 1)]
    divisions = dict(con.execute("SELECT division, section FROM core.sic_division").fetchall())
    assert len(divisions) == 88
    assert divisions["07"] == "B" and divisions["99"] == "U" and divisions["33"] == "C"
    assert not any(v is None for v in divisions.values())


def test_manufacturing_is_section_c_divisions_10_to_33(con: duckdb.DuckDBPyConnection) -> None:
    groups = {g.id: g for g in sector_groups(con)}
    assert groups["manufacturing"].divisions == tuple(str(d) for d in range(10, 34))


def test_visitor_economy_is_the_strategys_six_divisions(con: duckdb.DuckDBPyConnection) -> None:
    visitor = {g.id: g for g in sector_groups(con)}["visitor-economy"]
    assert visitor.divisions == ("55", "56", "79", "90", "91", "93")
    assert "issue 4" in visitor.source and visitor.caveats


def test_industrial_strategy_sectors_come_from_the_dataset(
    con: duckdb.DuckDBPyConnection,
) -> None:
    groups = {g.id: g for g in sector_groups(con)}
    is8 = [g for g in groups if g.startswith("is2025-")]
    assert len(is8) == 9  # the IS-8 and the foundational industries
    advanced = groups["is2025-advanced-manufacturing"]
    assert advanced.divisions == ("20", "26", "27", "28", "29", "30")
    assert advanced.unmeasured_codes == ("3316",)  # 303, 283, 272 sit inside listed divisions
    clean = groups["is2025-clean-energy"]
    assert clean.divisions == () and len(clean.unmeasured_subsectors) == 6
    assert groups["is2025-financial-services"].divisions == ("64", "65", "66")


def test_nested_codes_are_counted_once() -> None:
    section_of = {"30": "C", "33": "C", "55": "I"}
    assert distinct_codes(("30", "303", "3316", "331"), section_of) == ["30", "331"]
    assert distinct_codes(("C", "30", "55"), section_of) == ["C", "55"]


@pytest.mark.parametrize(
    ("code", "level"),
    [("C", "section"), ("55", "division"), ("303", "group"), ("3316", "class"),
     ("62011", "subclass")],
)  # fmt: skip
def test_sic_levels(code: str, level: str) -> None:
    assert sic_level(code) == level


@pytest.mark.parametrize("code", ["", "5", "Z", "123456", "C1"])
def test_a_bad_sic_code_is_a_data_error(code: str) -> None:
    with pytest.raises(DataError):
        sic_level(code)


def test_definitions_file_names_a_source_for_every_group() -> None:
    groups, datasets = load_definitions()
    assert {g.id for g in groups} == {"manufacturing", "visitor-economy"}
    assert all(g.source for g in groups)
    assert datasets[0].dataset == "industrialstrategy2025_sector_sic_definitions"

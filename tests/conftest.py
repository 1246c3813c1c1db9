"""Fixtures shared by every layer of tests.

``built_home`` builds the real warehouse from the bundled snapshot once per test session into a
temporary GREATJOBS_HOME; tests that only read it share it. Tests that change data build their own.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from greatjobs.home import Home
from greatjobs.warehouse import build_warehouse, open_warehouse

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def built_home(tmp_path_factory: pytest.TempPathFactory) -> Home:
    home = Home(tmp_path_factory.mktemp("greatjobs-home"))
    build_warehouse(home)
    return home


@pytest.fixture()
def warehouse(built_home: Home) -> duckdb.DuckDBPyConnection:
    con = open_warehouse(built_home)
    yield con
    con.close()


@pytest.fixture()
def fixtures_dir() -> Path:
    return FIXTURES

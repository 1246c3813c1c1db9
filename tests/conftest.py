"""Fixtures shared by every layer of tests.

``built_home`` builds the real warehouse from the bundled snapshot once per test session into a
temporary GREATJOBS_HOME; tests that only read it share it. Tests that change data build their own.
``demo_home`` is a home on that warehouse with the demo data loaded once by ``greatjobs demo``.
``spark_session`` is the one local Spark session (JVM start-up is slow), shared by every Spark test.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pytest

from greatjobs.home import Home
from greatjobs.warehouse import build_warehouse, open_warehouse

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def django_db_modify_db_settings(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The web app's SQLite test database in a file, as in use: a live server's threads then
    share it through SQLite's own locking (an in-memory database shares a cache instead, with
    table locks that no timeout waits for)."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("TEST", {})["NAME"] = str(
            tmp_path_factory.mktemp("app-db") / "test.sqlite3"
        )


@pytest.fixture(scope="session")
def built_home(tmp_path_factory: pytest.TempPathFactory) -> Home:
    home = Home(tmp_path_factory.mktemp("greatjobs-home"))
    build_warehouse(home)
    return home


@dataclass(frozen=True)
class DemoRun:
    home: Home
    exit_code: int
    output: str
    """What the first ``greatjobs demo`` printed."""


@pytest.fixture(scope="session")
def demo_home(built_home: Home, tmp_path_factory: pytest.TempPathFactory) -> DemoRun:
    """The session's warehouse with the demo data loaded (once) into its own ledger; read only."""
    from click.testing import CliRunner

    from greatjobs.cli.main import cli

    home = Home(tmp_path_factory.mktemp("greatjobs-demo-home"))
    home.warehouse.symlink_to(built_home.warehouse)
    result = CliRunner().invoke(cli, ["--home", str(home.root), "demo"])
    return DemoRun(home, result.exit_code, result.output)


@pytest.fixture()
def own_home(built_home: Home, tmp_path: Path) -> Home:
    """A home of the test's own (its own spend ledger and uploads) on the session's warehouse."""
    home = Home(tmp_path / "own-home").ensure()
    home.warehouse.symlink_to(built_home.warehouse)
    return home


@pytest.fixture()
def warehouse(built_home: Home) -> duckdb.DuckDBPyConnection:
    con = open_warehouse(built_home)
    yield con
    con.close()


@pytest.fixture()
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def spark_session() -> Any:
    pytest.importorskip("pyspark")
    if shutil.which("java") is None:
        # Skipped on a developer machine without Java; CI has Java 17, so there it must run.
        (pytest.fail if os.environ.get("CI") else pytest.skip)("Spark needs Java 17")
    from greatjobs.store.spark_store import local_spark_session

    session = local_spark_session(cores=2, memory="1g")
    yield session
    session.stop()

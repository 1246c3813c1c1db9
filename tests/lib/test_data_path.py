"""One path for data: only build steps read ``raw.*`` or the snapshot's files; everything else
(analyses, the CLI, the web app) reads ``core.*`` and ``meta.dataset``.

A scan of the source tree: SQL that names the ``raw`` schema, and calls that load the catalogue or
open its files, may appear only in the modules allowed here.
"""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

import greatjobs
from greatjobs.warehouse import default_steps

SRC = Path(greatjobs.__file__).parent

BUILD_STEPS = {
    "geography/build.py",
    "diagnose/published.py",
    "sectors/build.py",
    "sectors/definitions.py",
    "impact/build.py",
    "diagnose/build.py",
    "diagnose/series.py",
    "diagnose/series_sources.py",
    "diagnose/series_workless.py",
    "diagnose/series_pay_youth.py",
    "diagnose/series_business.py",
    "diagnose/deprivation.py",
    "goodwork/build.py",
    "spend/suppliers/build.py",
}
"""The modules of the steps in ``default_steps()`` and the build-time parts they call."""
DATA_LAYER = {"warehouse.py", "cli/data.py", "demo.py"}
"""The build itself, ``greatjobs data`` (which lists the catalogue) and the demo (which imports the
bundled spend files as a user would). Everything under ``sources/`` is allowed too."""

RAW_SQL = re.compile(r"(?<![\w.])raw\.(?=[\w\"{]|$)|schema_name\s*=\s*'raw'", re.IGNORECASE)
SNAPSHOT = re.compile(r"\bCatalogue\.load\(|\bcatalogue\.(?:path|verify)\(|default_snapshot_dir\(")


def _allowed(module: str) -> bool:
    return module.startswith("sources/") or module in BUILD_STEPS | DATA_LAYER


def _docstrings(tree: ast.Module) -> set[int]:
    kinds = ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef
    nodes = [tree, *(n for n in ast.walk(tree) if isinstance(n, kinds))]
    return {
        id(node.body[0].value)
        for node in nodes
        if node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }


def raw_reads(source: str) -> list[int]:
    """Lines of string literals (not docstrings) naming the ``raw`` schema."""
    tree = ast.parse(source)
    docstrings = _docstrings(tree)
    return sorted(
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and RAW_SQL.search(node.value)
    )


def snapshot_reads(source: str) -> list[int]:
    """Lines that load the catalogue or open its files."""
    return [n for n, line in enumerate(source.splitlines(), start=1) if SNAPSHOT.search(line)]


def _modules() -> dict[str, str]:
    return {
        path.relative_to(SRC).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(SRC.rglob("*.py"))
    }


def test_only_build_steps_read_raw_tables_or_the_snapshot() -> None:
    found = [
        f"{module}:{line} ({what})"
        for module, source in _modules().items()
        if not _allowed(module)
        for what, lines in (("raw.*", raw_reads(source)), ("snapshot", snapshot_reads(source)))
        for line in lines
    ]
    assert not found, (
        "Only build steps may read raw.* or the snapshot; analyses read core.* and meta.dataset. "
        "Give the area a build step (greatjobs.warehouse.default_steps) that writes what it "
        "needs to core: " + "; ".join(found)
    )


def test_the_scan_finds_raw_reads_and_snapshot_reads() -> None:
    sql = 'def f(con):\n    """Reads raw.x."""\n    return con.execute(f"SELECT * FROM raw.{t}")\n'
    assert raw_reads(sql) == [3]
    assert raw_reads("q = \"SELECT 1 FROM duckdb_tables() WHERE schema_name = 'raw'\"") == [1]
    assert raw_reads('SQL = """\n  SELECT a FROM core.b JOIN raw."c" USING (a)\n"""') == [1]
    assert raw_reads('"""Module: reads raw.x."""\nx = row.raw\n') == []
    assert snapshot_reads("c = Catalogue.load()\np = catalogue.path(d)\n") == [1, 2]


def test_the_allow_list_names_real_modules_and_every_step() -> None:
    modules = _modules()
    assert not (BUILD_STEPS | DATA_LAYER) - set(modules)
    for name, step in default_steps():
        module = inspect.getsourcefile(step)
        assert module is not None
        assert Path(module).relative_to(SRC).as_posix() in BUILD_STEPS, name

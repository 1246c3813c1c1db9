"""Build the analytics warehouse from the open-data snapshot (and any refreshed datasets).

Layers in the DuckDB file:

* ``raw.<dataset id>``: each tabular dataset exactly as vendored (all columns text);
* ``meta.dataset``: the provenance of every dataset (one row each); ``meta.build``: when and
  from what;
* ``core.*``: typed, tidy tables built by each area of work's ``build_tables`` step (geography,
  deprivation, headline indicators...). A step is given a :class:`BuildContext`: the new file's
  connection and the build's catalogue. Steps are the only code that reads ``raw.*`` or a snapshot
  file; analyses read ``core.*`` and ``meta.dataset``.

A build checks every file's SHA-256 before writing anything, builds into a new file and swaps it in
atomically, so a missing or corrupt file leaves the previous warehouse untouched. Building twice
from the same inputs gives the same tables: each build starts from an empty file.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from greatjobs import __version__
from greatjobs.errors import DataError
from greatjobs.home import Home
from greatjobs.sources.catalogue import Catalogue, Dataset, file_sha256
from greatjobs.store.duckdb_store import open_read_only, quote_identifier, replacing


@dataclass(frozen=True)
class BuildContext:
    """What a build step is given: the warehouse being built and the catalogue it is built from."""

    con: duckdb.DuckDBPyConnection
    """Read-write connection to the new file: ``raw.*`` and ``meta.dataset`` are loaded, and the
    ``core.*`` tables of the steps before this one are written."""
    catalogue: Catalogue

    def file(self, dataset_id: str) -> Path:
        """A snapshot file that is not a table in ``raw`` (a workbook), already checked."""
        return self.catalogue.path(self.catalogue.get(dataset_id))


BuildStep = Callable[[BuildContext], None]
Progress = Callable[[str, int, int], None]
"""Called as ``progress(label, done, total)`` while a long task runs."""


BUILD_MEMORY_LIMIT = "512MB"
"""DuckDB's memory during a build; the bundled snapshot builds well within it."""


def _no_progress(label: str, done: int, total: int) -> None:
    return None


def default_steps() -> list[tuple[str, BuildStep]]:
    """The ``core`` build steps, in order (a step may read the ``core`` tables of those before
    it). Each area of work owns its step."""
    from greatjobs.diagnose.build import build_tables as diagnose_tables
    from greatjobs.geography.build import build_tables as geography_tables
    from greatjobs.goodwork.build import build_tables as goodwork_tables
    from greatjobs.impact.build import build_tables as impact_tables
    from greatjobs.sectors.build import build_tables as sector_tables
    from greatjobs.spend.suppliers.build import build_tables as register_tables

    return [
        ("geography", geography_tables),
        ("sectors", sector_tables),
        ("impact", impact_tables),
        ("diagnose", diagnose_tables),
        ("goodwork", goodwork_tables),
        ("registers", register_tables),
    ]


@dataclass(frozen=True)
class Refresh:
    """A dataset refreshed from a publisher's API, stored under ``home.updates``."""

    dataset: Dataset
    path: Path
    retrieved_at: str

    def checked_path(self) -> Path:
        """The refreshed file, once it is found to match the SHA-256 in its record."""
        if not self.path.is_file() or file_sha256(self.path) != self.dataset.sha256:
            raise DataError(
                f"{self.path}: refreshed dataset {self.dataset.id!r} is missing or corrupt; "
                "run `greatjobs data update` again or delete it to use the bundled snapshot."
            )
        return self.path


def read_refreshes(updates_dir: Path) -> list[Refresh]:
    """Refreshed datasets: ``<id>.parquet`` beside ``<id>.json`` holding its provenance."""
    return [read_refresh(meta_path) for meta_path in sorted(updates_dir.glob("*.json"))]


def read_refresh(meta_path: Path) -> Refresh:
    """One refreshed dataset, from its ``<id>.json`` provenance record."""
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        retrieved_at = meta.pop("retrieved_at")
        meta["columns"] = tuple(meta.get("columns", ()))
        meta["transformations"] = tuple(meta.get("transformations", ()))
        dataset = Dataset(**meta)
    except (ValueError, KeyError, TypeError) as exc:
        raise DataError(f"{meta_path}: refreshed dataset record is malformed ({exc}).") from exc
    return Refresh(dataset, meta_path.parent / dataset.file, retrieved_at)


@dataclass
class BuildReport:
    path: Path
    datasets: int = 0
    refreshed: list[str] = field(default_factory=list)
    tables: dict[str, int] = field(default_factory=dict)


def build_warehouse(
    home: Home,
    catalogue: Catalogue | None = None,
    steps: Sequence[tuple[str, BuildStep]] | None = None,
    progress: Progress = _no_progress,
) -> BuildReport:
    catalogue = catalogue or Catalogue.load()
    steps = default_steps() if steps is None else steps
    home.ensure()
    refreshes = {r.dataset.id: r for r in read_refreshes(home.updates)}

    # 1. Verify every input before touching anything.
    sources: list[tuple[Dataset, Path, str | None]] = []
    total = len(catalogue.datasets) + len(refreshes)
    for n, dataset in enumerate(catalogue.datasets, start=1):
        progress("Checking files", n, total)
        path = catalogue.verify(dataset)
        if dataset.id not in refreshes:
            sources.append((dataset, path, None))
    for n, refresh in enumerate(refreshes.values(), start=len(catalogue.datasets) + 1):
        progress("Checking files", n, total)
        sources.append((refresh.dataset, refresh.checked_path(), refresh.retrieved_at))

    report = BuildReport(home.warehouse, datasets=len(sources), refreshed=sorted(refreshes))
    with replacing(home.warehouse) as con:
        # Bounded memory: tables beyond it spill to disk (a refreshed Companies House register is
        # 5 million rows; unbounded, DuckDB held them all until the checkpoint, 1.6 GB at peak).
        con.execute(f"SET memory_limit = '{BUILD_MEMORY_LIMIT}'")
        con.execute("CREATE SCHEMA raw; CREATE SCHEMA meta; CREATE SCHEMA core;")
        _create_meta(con, sources)
        tables = [(d, p) for d, p, _ in sources if d.is_table]
        for n, (dataset, path) in enumerate(tables, start=1):
            progress("Loading datasets", n, len(tables))
            table = f"raw.{quote_identifier(dataset.id)}"
            con.execute(f"CREATE TABLE {table} AS SELECT * FROM read_parquet(?)", [str(path)])  # noqa: S608
        build = BuildContext(con, catalogue)
        for n, (name, step) in enumerate(steps, start=1):
            progress(f"Building {name}", n, len(steps))
            step(build)
        con.execute(
            "CREATE TABLE meta.build AS SELECT ?::TIMESTAMPTZ AS built_at, ? AS greatjobs_version,"
            " ? AS snapshot_dir",
            [datetime.now(UTC), __version__, str(catalogue.directory)],
        )
        for schema, table, rows in con.execute(
            "SELECT schema_name, table_name, estimated_size FROM duckdb_tables()"
            " WHERE NOT temporary ORDER BY schema_name, table_name"
        ).fetchall():
            report.tables[f"{schema}.{table}"] = int(rows)
    return report


def _create_meta(
    con: duckdb.DuckDBPyConnection, sources: list[tuple[Dataset, Path, str | None]]
) -> None:
    con.execute(
        """
        CREATE TABLE meta.dataset (
            id VARCHAR PRIMARY KEY, file VARCHAR, format VARCHAR, publisher VARCHAR,
            title VARCHAR, vintage VARCHAR, licence VARCHAR, licence_url VARCHAR,
            attribution VARCHAR, url VARCHAR, origin VARCHAR, sha256 VARCHAR, rows BIGINT,
            caveats VARCHAR, transformations VARCHAR[], retrieved_at VARCHAR
        )
        """
    )
    for dataset, _path, retrieved_at in sources:
        d = dataset
        con.execute(
            "INSERT INTO meta.dataset VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                d.id, d.file, d.format, d.publisher, d.title, d.vintage, d.licence,
                d.licence_url, d.attribution, d.url, d.origin, d.sha256, d.rows, d.caveats,
                list(d.transformations), retrieved_at,
            ],
        )  # fmt: skip


def open_warehouse(home: Home) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the built warehouse (raises if it has not been built)."""
    return open_read_only(home.warehouse)


def dataset_provenance(con: duckdb.DuckDBPyConnection, dataset_id: str) -> Dataset:
    """The provenance record of a dataset as built into the warehouse."""
    row = con.execute(
        "SELECT id, file, format, publisher, title, vintage, licence, licence_url, attribution,"
        " url, origin, sha256, caveats, rows, transformations FROM meta.dataset WHERE id = ?",
        [dataset_id],
    ).fetchone()
    if row is None:
        raise DataError(f"Dataset {dataset_id!r} is not in the warehouse; rebuild it.")
    base = Dataset(*row[:13])
    return replace(base, rows=row[13], transformations=tuple(row[14] or ()))

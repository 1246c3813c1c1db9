"""``greatjobs data update``: refresh datasets from the publishers' live APIs, all or nothing.

Everything requested is fetched first, into a temporary directory. If any request fails, a
:class:`~greatjobs.errors.NetworkError` is raised and nothing is changed: not the warehouse, not the
refreshed datasets already in ``home.updates``. When every fetch succeeded, each dataset is written
to ``home.updates`` as ``<id>.parquet`` (all columns text, zstd) beside ``<id>.json`` (its full
provenance record plus ``retrieved_at``), and the warehouse is rebuilt, which swaps the new file in
atomically. If that rebuild fails, the previous refreshed files are put back.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import requests

from greatjobs.errors import NetworkError, NotFoundError
from greatjobs.home import Home
from greatjobs.sources.bulk import ParquetRows
from greatjobs.sources.catalogue import Catalogue, Dataset, file_sha256
from greatjobs.sources.geoportal import GEOPORTAL_SPECS
from greatjobs.sources.http import FetchedTable, new_session
from greatjobs.sources.nomis import NOMIS_SPECS
from greatjobs.sources.ons import ONS_SPECS
from greatjobs.sources.registers import REGISTER_SPECS
from greatjobs.text import close_matches
from greatjobs.warehouse import BuildReport, BuildStep, build_warehouse

Progress = Callable[[str, int, int], None]
LICENCE = "Open Government Licence v3.0"
LICENCE_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
ATTRIBUTION = "Contains public sector information licensed under the Open Government Licence v3.0."


class LiveSource(Protocol):
    """What every live source spec offers (see :mod:`.nomis`, :mod:`.geoportal` and :mod:`.ons`)."""

    @property
    def name(self) -> str: ...
    @property
    def dataset_id(self) -> str: ...
    @property
    def description(self) -> str: ...
    @property
    def refreshes(self) -> str | None: ...
    @property
    def publisher(self) -> str: ...
    @property
    def api(self) -> str: ...
    def fetch(self, session: requests.Session) -> FetchedTable: ...


def live_sources() -> list[LiveSource]:
    """Every source ``greatjobs data update`` can refresh, in the order it fetches them."""
    return [*NOMIS_SPECS, *GEOPORTAL_SPECS, *ONS_SPECS, *REGISTER_SPECS]


def live_source_table() -> pd.DataFrame:
    """One row per live source: its name, the table it fills, publisher, API, what it refreshes."""
    return pd.DataFrame(
        [
            {
                "source": s.name,
                "dataset": s.dataset_id,
                "publisher": s.publisher,
                "api": s.api,
                "fetches": s.description,
                "refreshes": f"replaces bundled {s.refreshes}"
                if s.refreshes
                else "new table (no bundled equivalent)",
            }
            for s in live_sources()
        ]
    )


def select_sources(names: Sequence[str] | None) -> list[LiveSource]:
    """The sources named (by source name or dataset id), or all of them."""
    sources = live_sources()
    if not names:  # bulk registers (hundreds of MB) are fetched only when named
        return [s for s in sources if not getattr(s, "only_when_named", False)]
    by_name = {s.name: s for s in sources} | {s.dataset_id: s for s in sources}
    chosen: list[LiveSource] = []
    for name in names:
        source = by_name.get(name.strip())
        if source is None:
            raise NotFoundError(
                f"No live source {name!r} (see `greatjobs data sources`).",
                close_matches(name, [s.name for s in sources] + [s.dataset_id for s in sources]),
            )
        if source not in chosen:
            chosen.append(source)
    return chosen


@dataclass(frozen=True)
class UpdatedDataset:
    source: str
    dataset_id: str
    rows: int
    vintage: str
    refreshes: str | None


@dataclass(frozen=True)
class UpdateResult:
    updates_dir: Path
    retrieved_at: str
    datasets: list[UpdatedDataset]
    build: BuildReport

    def summary_lines(self) -> list[str]:
        lines = [
            f"Refreshed {len(self.datasets)} dataset(s) from publishers' APIs at "
            f"{self.retrieved_at} into {self.updates_dir}:"
        ]
        for d in self.datasets:
            what = f"replaces bundled {d.refreshes}" if d.refreshes else "new table"
            lines.append(f"  {d.source}: raw.{d.dataset_id}, {d.rows:,} rows, {d.vintage} ({what})")
        lines.append(
            f"Rebuilt {self.build.path} from {self.build.datasets} datasets "
            f"({len(self.build.refreshed)} refreshed from APIs)."
        )
        return lines


def _no_progress(label: str, done: int, total: int) -> None:
    return None


def update_sources(
    home: Home,
    sources: list[str] | None = None,
    progress: Progress = _no_progress,
    session: requests.Session | None = None,
    *,
    catalogue: Catalogue | None = None,
    steps: Sequence[tuple[str, BuildStep]] | None = None,
) -> UpdateResult:
    """Fetch the named live sources (default: all), store them, and rebuild the warehouse.

    ``catalogue`` and ``steps`` are passed to :func:`~greatjobs.warehouse.build_warehouse`.
    """
    selected = select_sources(sources)
    own_session = session is None
    http = session or new_session()
    retrieved_at = datetime.now(UTC).isoformat(timespec="seconds")
    try:
        with tempfile.TemporaryDirectory(prefix="greatjobs-update-") as tmp:
            staged: list[tuple[LiveSource, Dataset]] = []
            for n, source in enumerate(selected):
                progress("Fetching from APIs", n, len(selected))
                try:
                    table = source.fetch(http)
                except NetworkError as exc:
                    raise NetworkError(
                        f"{exc} Nothing was changed: the warehouse and refreshed data are as "
                        "they were."
                    ) from exc
                staged.append((source, write_dataset(table, Path(tmp), retrieved_at)))
            progress("Fetching from APIs", len(selected), len(selected))
            home.ensure()
            undo = _install(Path(tmp), [d for _, d in staged], home.updates)
            try:
                report = build_warehouse(home, catalogue, steps, progress=progress)
            except BaseException:
                undo(True)
                raise
            undo(False)
    finally:
        if own_session:
            http.close()
    return UpdateResult(
        home.updates,
        retrieved_at,
        [UpdatedDataset(s.name, d.id, d.rows or 0, d.vintage, s.refreshes) for s, d in staged],
        report,
    )


def write_dataset(table: FetchedTable, directory: Path, retrieved_at: str) -> Dataset:
    """Write ``<id>.parquet`` and ``<id>.json`` (its provenance) into ``directory``."""
    path = directory / f"{table.dataset_id}.parquet"
    columns = _unique(table.columns)
    rows = _write_rows(table, columns, path)
    renamed = [
        f"duplicate column {a!r} renamed {b!r}"
        for a, b in zip(table.columns, columns, strict=True)
        if a != b
    ]
    dataset = Dataset(
        id=table.dataset_id,
        file=path.name,
        format="parquet",
        publisher=table.publisher,
        title=table.title,
        vintage=table.vintage,
        licence=LICENCE,
        licence_url=LICENCE_URL,
        attribution=ATTRIBUTION,
        url=table.url,
        origin=table.origin,
        sha256=file_sha256(path),
        caveats=table.caveats,
        source_sha256=table.source_sha256,
        rows=rows,
        columns=tuple(columns),
        transformations=(*table.transformations, *renamed),
    )
    record = {**dataset.as_dict(), "retrieved_at": retrieved_at}
    (directory / f"{table.dataset_id}.json").write_text(
        json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return dataset


def _write_rows(table: FetchedTable, columns: list[str], path: Path) -> int:
    """Write the table's rows to ``path`` (Parquet, every column text); return how many.
    Rows a bulk source already wrote to disk are moved there, not read."""
    if isinstance(table.rows, ParquetRows):
        if table.rows.columns != columns:
            raise ValueError(
                f"{table.dataset_id}: rows written with columns {table.rows.columns}, "
                f"expected {columns}."
            )
        return table.rows.save_as(path)
    rows = list(table.rows)
    arrays = {
        name: pa.array([row[i] for row in rows], type=pa.string()) for i, name in enumerate(columns)
    }
    pq.write_table(pa.table(arrays), path, compression="zstd", compression_level=9)
    return len(rows)


def _install(staging: Path, datasets: list[Dataset], updates: Path) -> Callable[[bool], None]:
    """Move the staged files into ``updates``; return ``finish(rollback)``.

    Files are first copied beside their destination then renamed over it (atomic on POSIX); the
    ones they replace are kept in a backup folder until ``finish`` restores or discards them.
    """
    backup = Path(tempfile.mkdtemp(prefix=".previous-", dir=updates))
    installed: list[Path] = []
    try:
        for dataset in datasets:
            for name in (dataset.file, f"{dataset.id}.json"):
                target = updates / name
                incoming = updates / f".{name}.incoming"
                shutil.copyfile(staging / name, incoming)
                if target.exists():
                    os.replace(target, backup / name)
                os.replace(incoming, target)
                installed.append(target)
    except BaseException:
        _rollback(installed, backup, updates)
        raise

    def finish(rollback: bool) -> None:
        if rollback:
            _rollback(installed, backup, updates)
        else:
            shutil.rmtree(backup, ignore_errors=True)

    return finish


def _rollback(installed: list[Path], backup: Path, updates: Path) -> None:
    for path in installed:
        path.unlink(missing_ok=True)
    for saved in backup.iterdir():
        os.replace(saved, updates / saved.name)
    shutil.rmtree(backup, ignore_errors=True)
    for leftover in updates.glob(".*.incoming"):
        leftover.unlink(missing_ok=True)


def _unique(columns: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for name in columns:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name}_{seen[name]}")
    return out

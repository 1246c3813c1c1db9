"""The warehouse build: checksums, reconciliation with the catalogue, idempotency, atomic swap."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from greatjobs.errors import DataError, WarehouseMissingError
from greatjobs.home import Home
from greatjobs.sources.catalogue import Catalogue, file_sha256
from greatjobs.warehouse import BuildContext, build_warehouse, open_warehouse


def snapshot_copy(tmp_path: Path) -> Path:
    """A copy of the bundled snapshot made of symlinks, so one file can be broken cheaply."""
    source = Catalogue.load().directory
    target = tmp_path / "snapshot"
    for path in source.rglob("*"):
        if path.is_file():
            link = target / path.relative_to(source)
            link.parent.mkdir(parents=True, exist_ok=True)
            link.symlink_to(path)
    return target


def break_file(snapshot: Path, relative: str, content: bytes | None) -> None:
    path = snapshot / relative
    path.unlink()
    if content is not None:
        path.write_bytes(content)


def test_every_vendored_file_matches_its_recorded_checksum() -> None:
    catalogue = Catalogue.load()
    assert len(catalogue.datasets) > 50
    for dataset in catalogue.datasets:
        catalogue.verify(dataset)


def test_vendored_snapshot_stays_under_64_megabytes() -> None:
    # About 37 MB of it are the city region's anchors' spend files, kept as their publishers
    # released them (CSV and Excel) so that the demo imports real layouts; the statistics are
    # Parquet.
    directory = Catalogue.load().directory
    total = sum(p.stat().st_size for p in directory.rglob("*") if p.is_file())
    assert total < 64_000_000


def test_every_dataset_records_licence_attribution_and_origin() -> None:
    for dataset in Catalogue.load().datasets:
        assert dataset.publisher and dataset.title and dataset.licence, dataset.id
        assert dataset.attribution and dataset.origin, dataset.id
        assert dataset.transformations, dataset.id


def test_raw_tables_reconcile_with_catalogue_row_counts(
    warehouse: duckdb.DuckDBPyConnection,
) -> None:
    catalogue = Catalogue.load()
    for dataset in catalogue.datasets:
        if not dataset.is_table:
            continue
        (rows,) = warehouse.execute(f'SELECT count(*) FROM raw."{dataset.id}"').fetchone()
        assert rows == dataset.rows, dataset.id
        columns = [r[0] for r in warehouse.execute(f'DESCRIBE raw."{dataset.id}"').fetchall()]
        assert columns == list(dataset.columns), dataset.id


def test_provenance_of_every_dataset_is_in_the_warehouse(
    warehouse: duckdb.DuckDBPyConnection,
) -> None:
    ids = {r[0] for r in warehouse.execute("SELECT id FROM meta.dataset").fetchall()}
    assert ids == {d.id for d in Catalogue.load().datasets}


def test_building_twice_gives_the_same_tables_without_duplicates(tmp_path: Path) -> None:
    home = Home(tmp_path / "home")
    first = build_warehouse(home)
    second = build_warehouse(home)
    assert first.tables == second.tables
    con = open_warehouse(home)
    (dupes,) = con.execute(
        "SELECT count(*) FROM (SELECT id FROM meta.dataset GROUP BY id HAVING count(*) > 1)"
    ).fetchone()
    assert dupes == 0
    assert sorted(p.name for p in home.root.iterdir() if "building" in p.name) == []


@pytest.mark.parametrize("content", [b"not parquet at all", None], ids=["corrupt", "missing"])
def test_bad_data_file_is_named_and_previous_warehouse_is_left_intact(
    tmp_path: Path, content: bytes | None
) -> None:
    home = Home(tmp_path / "home")
    build_warehouse(home, steps=[])
    before = file_sha256(home.warehouse)
    snapshot = snapshot_copy(tmp_path)
    relative = "deprivation/iod2025_england_lsoa21.parquet"
    break_file(snapshot, relative, content)
    with pytest.raises(DataError) as raised:
        build_warehouse(home, catalogue=Catalogue.load(snapshot), steps=[])
    message = str(raised.value)
    assert relative in message and "iod2025_england_lsoa21" in message
    assert ("corrupt" if content else "missing") in message
    assert file_sha256(home.warehouse) == before


def test_a_failing_build_step_leaves_the_previous_warehouse_and_no_partial_file(
    tmp_path: Path,
) -> None:
    home = Home(tmp_path / "home")
    build_warehouse(home, steps=[])
    before = file_sha256(home.warehouse)

    def broken_step(build: BuildContext) -> None:
        build.con.execute("CREATE TABLE core.half_done AS SELECT 1 AS x")
        raise RuntimeError("step failed midway")

    with pytest.raises(RuntimeError):
        build_warehouse(home, steps=[("broken", broken_step)])
    assert file_sha256(home.warehouse) == before
    assert [p.name for p in home.root.iterdir() if "building" in p.name] == []


def test_each_step_is_given_the_builds_connection_and_catalogue(tmp_path: Path) -> None:
    catalogue = Catalogue.load(snapshot_copy(tmp_path))
    seen: list[BuildContext] = []

    def step(build: BuildContext) -> None:
        seen.append(build)
        build.con.execute(
            "CREATE OR REPLACE TABLE core.seen AS SELECT count(*) AS n FROM meta.dataset"
        )

    home = Home(tmp_path / "home")
    build_warehouse(home, catalogue=catalogue, steps=[("one", step), ("two", step)])
    assert [b.catalogue for b in seen] == [catalogue, catalogue]
    workbook = seen[0].file("ons_uk_ioat_2019_nasu1719in")
    assert workbook.is_relative_to(catalogue.directory) and workbook.is_file()
    with open_warehouse(home) as con:
        assert con.execute("SELECT n FROM core.seen").fetchone() == (len(catalogue.datasets),)


def test_the_default_steps_read_the_snapshot_only_through_the_builds_catalogue(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalogue = Catalogue.load(snapshot_copy(tmp_path))

    def no_other_catalogue(*args: object, **kwargs: object) -> Catalogue:
        raise AssertionError("a build step loaded a catalogue of its own")

    monkeypatch.setattr(Catalogue, "load", no_other_catalogue)
    monkeypatch.setattr("greatjobs.sources.catalogue.default_snapshot_dir", no_other_catalogue)
    report = build_warehouse(Home(tmp_path / "home"), catalogue=catalogue)
    assert report.tables["core.ioat_matrix"] > 0 and report.tables["core.indicator_series"] > 0


def test_opening_a_warehouse_that_was_never_built_says_how_to_build_it(tmp_path: Path) -> None:
    with pytest.raises(WarehouseMissingError, match="greatjobs data build"):
        open_warehouse(Home(tmp_path / "nowhere"))


def test_malformed_catalogue_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "sources.toml").write_text("[[dataset]]\nid = 'x'\nunexpected = 1\n")
    with pytest.raises(DataError, match="dataset entry 1 is malformed"):
        Catalogue.load(tmp_path)


def test_snapshot_copy_helper_really_copies(tmp_path: Path) -> None:
    snapshot = snapshot_copy(tmp_path)
    assert (snapshot / "sources.toml").exists()
    shutil.rmtree(snapshot)

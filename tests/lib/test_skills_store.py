"""The skills store: every import kept with who made it, the latest one's records current, and
imports at once all kept (one writer at a time)."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest

from greatjobs.errors import DataError
from greatjobs.home import Home
from greatjobs.skills import ImportResult, illustrative_records_path, import_records
from greatjobs.skills.store import (
    get_import,
    latest_import,
    list_imports,
    load_import,
    save_import,
    store_demo_import,
)
from greatjobs.store.duckdb_store import exclusive_lock


@pytest.fixture()
def home(tmp_path) -> Home:
    return Home(tmp_path / "home")


@pytest.fixture()
def with_errors(fixtures_dir):
    return import_records(fixtures_dir / "skills" / "providers_with_errors.csv")


@pytest.fixture()
def demo():
    return import_records(illustrative_records_path())


def test_a_new_home_has_no_imports(home):
    assert latest_import(home) is None and list_imports(home) == []
    with pytest.raises(DataError, match="greatjobs skills import"):
        load_import(home)
    assert home.skills_store.is_file()  # published empty, like the spend ledger


def test_an_import_is_kept_whole_with_who_and_when(home, with_errors):
    before = datetime.now(UTC)
    import_id = save_import(home, with_errors, "providers_with_errors.csv", "cli:root")
    stored = get_import(home, import_id)
    assert stored is not None
    assert (stored.source, stored.imported_by) == ("providers_with_errors.csv", "cli:root")
    assert (stored.read, stored.loaded, stored.rejected) == (10, 1, 9)
    assert before <= stored.imported_at <= datetime.now(UTC)
    pd.testing.assert_frame_equal(stored.records, with_errors.records)
    pd.testing.assert_frame_equal(stored.errors, with_errors.errors_frame(), check_dtype=False)


def test_the_latest_import_is_current_and_every_import_stays_listed(home, with_errors, demo):
    first = save_import(home, demo, "illustrative_providers.csv", "web:alan")
    records, meta = load_import(home)
    pd.testing.assert_frame_equal(records, demo.records)
    assert meta == {
        "source": "illustrative_providers.csv",
        "read": 11,
        "loaded": 11,
        "rejected": 0,
        "notes": demo.notes,
    }
    assert latest_import(home).illustrative

    second = save_import(home, with_errors, "providers_with_errors.csv", "cli:root")
    assert latest_import(home).import_id == second
    assert len(load_import(home)[0]) == 1

    # An import whose every row was rejected is kept, but leaves the current records as they are.
    all_rejected = ImportResult(with_errors.records.iloc[0:0], with_errors.errors, read=10)
    third = save_import(home, all_rejected, "all_wrong.csv", "web:cora")
    assert latest_import(home).import_id == second
    assert [i.import_id for i in list_imports(home)] == [third, second, first]
    assert len(get_import(home, third).errors) == 9 and get_import(home, third).records.empty


def test_an_import_kept_elsewhere_first_takes_its_place_by_time(home, with_errors, demo):
    save_import(home, with_errors, "now.csv", "cli:root")
    earlier = datetime.now(UTC) - timedelta(days=30)
    old = save_import(home, demo, "old.csv", "web:alan", imported_at=earlier)
    assert latest_import(home).source == "now.csv"
    assert list_imports(home)[-1].import_id == old
    assert abs(get_import(home, old).imported_at - earlier) < timedelta(milliseconds=1)


@pytest.mark.parametrize("import_id", [0, -1, 999, 10**30])
def test_no_such_import(home, with_errors, import_id):
    save_import(home, with_errors, "f.csv", "cli:root")
    assert get_import(home, import_id) is None


def test_two_imports_at_once_are_both_kept(home, with_errors, demo):
    """Both wait for the writer's lock (held here) and then take turns: neither is lost."""
    started = threading.Barrier(3)

    def save(args: tuple) -> int:
        started.wait()
        return save_import(home, *args)

    with ThreadPoolExecutor(2) as pool:
        with exclusive_lock(home.skills_store):
            futures = [
                pool.submit(save, (with_errors, "a.csv", "cli:root")),
                pool.submit(save, (demo, "b.csv", "web:alan")),
            ]
            started.wait()
            time.sleep(0.3)  # both are now waiting for the lock
            assert not any(f.done() for f in futures)
        ids = sorted(f.result() for f in futures)
    assert ids == [1, 2]
    kept = {i.source: i for i in list_imports(home)}
    assert set(kept) == {"a.csv", "b.csv"}
    assert len(get_import(home, kept["a.csv"].import_id).records) == 1
    assert len(get_import(home, kept["b.csv"].import_id).records) == 11


def test_the_demo_file_is_stored_once_and_never_over_another_import(home, with_errors):
    stored, now = store_demo_import(home, "cli:greatjobs demo")
    assert now and stored.source == "illustrative_providers.csv" and stored.loaded == 11
    again, now = store_demo_import(home, "web:analyst")
    assert not now and again == stored
    assert len(list_imports(home)) == 1

    other = Home(home.root.with_name("other"))
    save_import(other, with_errors, "ours.csv", "web:cora")
    kept, now = store_demo_import(other, "web:analyst")
    assert not now and kept.source == "ours.csv"

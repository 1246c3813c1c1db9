"""Many readers, one writer: the spend ledger under concurrent use.

Readers never wait for a writer and never see half an import; writers take turns; a failed
write leaves the published ledger as it was.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from greatjobs.home import Home
from greatjobs.spend.ingest import import_file
from greatjobs.spend.ledger import read_ledger, write_ledger

SPEND = Path(__file__).parents[1] / "fixtures" / "spend"


def _payments(home: Home) -> int:
    con = read_ledger(home)
    try:
        return con.execute("SELECT count(*) FROM spend.payment").fetchone()[0]
    finally:
        con.close()


def test_a_new_home_reads_an_empty_ledger_with_every_table(tmp_path):
    home = Home(tmp_path)
    con = read_ledger(home)
    tables = {
        r[0]
        for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'spend'"
        ).fetchall()
    }
    con.close()
    assert {"payment", "source_file", "quarantine", "supplier_profile", "link_decision"} <= tables
    assert _payments(home) == 0


def test_readers_keep_reading_while_an_import_is_written(tmp_path):
    home = Home(tmp_path)
    reader = read_ledger(home)
    with write_ledger(home) as con:
        result = import_file(con, SPEND / "two_years.csv", "Example Hospital")
        # Inside the import nothing is published yet: a reader sees the ledger as it was.
        assert _payments(home) == 0
        assert reader.execute("SELECT count(*) FROM spend.payment").fetchone()[0] == 0
    # The reader that was open all along still answers (on the ledger as it was) ...
    assert reader.execute("SELECT count(*) FROM spend.payment").fetchone()[0] == 0
    reader.close()
    # ... and every reader opened afterwards sees the whole import.
    assert _payments(home) == result.rows_loaded > 0


def test_a_failed_write_publishes_nothing(tmp_path):
    home = Home(tmp_path)
    with pytest.raises(RuntimeError), write_ledger(home) as con:
        import_file(con, SPEND / "two_years.csv", "Example Hospital")
        raise RuntimeError("the server stopped half way")
    assert _payments(home) == 0
    assert not list(tmp_path.glob("*.writing-*")), "the private copy is cleaned up"


def test_writers_take_turns_and_no_import_is_lost(tmp_path):
    """Four threads import at once: each waits its turn, every import lands."""
    home = Home(tmp_path)
    inside = 0
    most_inside = 0
    lock = threading.Lock()

    def write(n: int) -> int:
        nonlocal inside, most_inside
        with write_ledger(home) as con:
            with lock:
                inside += 1
                most_inside = max(most_inside, inside)
            con.execute(
                "INSERT INTO spend.source_file VALUES (?, 'Body', 'f.csv', ?, 'm', 'utf-8', "
                "0, 0, 0, 0, 0, 0, current_timestamp)",
                [n, f"sha-{n}"],
            )
            with lock:
                inside -= 1
        return n

    with ThreadPoolExecutor(4) as pool:
        assert sorted(pool.map(write, range(8))) == list(range(8))
    assert most_inside == 1
    con = read_ledger(home)
    assert con.execute("SELECT count(*) FROM spend.source_file").fetchone()[0] == 8
    con.close()


def test_many_readers_at_once_with_a_writer(tmp_path):
    """The failure seen on the web: concurrent dashboards clashed over the ledger file."""
    home = Home(tmp_path)
    with write_ledger(home) as con:
        import_file(con, SPEND / "two_years.csv", "Example Hospital")
    expected = _payments(home)
    stop = threading.Event()

    def keep_writing() -> int:
        n = 0
        while not stop.is_set():
            with write_ledger(home) as con:
                con.execute(
                    "INSERT INTO spend.source_file VALUES (?, 'Other', 'f.csv', ?, 'm', 'utf-8', "
                    "0, 0, 0, 0, 0, 0, current_timestamp)",
                    [1000 + n, f"other-{n}"],
                )
            n += 1
        return n

    def read(_: int) -> int:
        return _payments(home)

    with ThreadPoolExecutor(6) as pool:
        writer = pool.submit(keep_writing)
        counts = list(pool.map(read, range(200)))
        stop.set()
        assert writer.result() > 0
    assert set(counts) == {expected}

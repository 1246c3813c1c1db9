"""`greatjobs demo`: the city region's anchors' real files loaded and reconciled, and nothing
added twice."""

from __future__ import annotations

import json

from click.testing import CliRunner

from greatjobs.cli.main import cli
from greatjobs.home import Home
from greatjobs.skills.store import list_imports
from greatjobs.sources.catalogue import Catalogue
from greatjobs.spend.anchors import anchors
from greatjobs.spend.ledger import open_ledger

COUNTS = {
    table: f"SELECT count(*) FROM spend.{table}"
    for table in ("source_file", "payment", "quarantine", "supplier_alias", "link_candidate")
}
UNRECONCILED = """
    SELECT f.file_name FROM spend.source_file f
    LEFT JOIN (SELECT file_id, count(*) AS n, sum(amount) AS pounds FROM spend.payment
               GROUP BY 1) p USING (file_id)
    LEFT JOIN (SELECT file_id, count(*) AS n FROM spend.quarantine GROUP BY 1) q USING (file_id)
    WHERE f.rows_read <> f.rows_loaded + f.rows_quarantined
       OR f.amount_read <> f.amount_loaded + f.amount_quarantined
       OR coalesce(p.n, 0) <> f.rows_loaded OR coalesce(p.pounds, 0) <> f.amount_loaded
       OR coalesce(q.n, 0) <> f.rows_quarantined
"""
"""Files whose rows or pounds read are not loaded + quarantined, or not the ledger's rows."""


def run(home: Home, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--home", str(home.root), *args])
    return result.exit_code, result.output


def counts(home: Home) -> dict[str, int]:
    ledger = open_ledger(home, read_only=True)
    try:
        return {table: ledger.execute(sql).fetchone()[0] for table, sql in COUNTS.items()}
    finally:
        ledger.close()


def test_demo_loads_the_city_regions_anchors_with_every_file_reconciled(demo_home) -> None:
    assert demo_home.exit_code == 0, demo_home.output
    out = demo_home.output
    files = {a.body: 0 for a in anchors()}
    for dataset in Catalogue.load().datasets:
        if dataset.publisher in files:
            files[dataset.publisher] += 1
    assert sum(files.values()) == 82 and all(files.values())
    assert "Spend: 82 bundled spend files in the ledger, 82 added now." in out
    for body, n in files.items():
        assert f"{body}: {n} files, {n} reconciled" in out
    assert "Hyndburn" not in out and "Lambeth" not in out
    # Halton's two quarterly files hold 21,313 and 19,970 payments (their record counts).
    assert "rows read 41,283 = loaded 41,283 + quarantined 0" in out
    assert "files for 2023-04 to 2024-03" in out and "every payment (no threshold)" in out
    assert "of which £335,982,424.69 is the files' own total rows (not payments)" in out
    assert "DOES NOT RECONCILE" not in out
    assert "resolved against large-employers, mutuals, nhs-trusts, public-bodies" in out
    assert "Skills: provider records from illustrative_providers.csv (read 11, loaded 11" in out
    ledger = open_ledger(demo_home.home, read_only=True)
    try:
        loaded = ledger.execute("SELECT count(*) FROM spend.source_file").fetchone()[0]
        unreconciled = ledger.execute(UNRECONCILED).fetchall()
    finally:
        ledger.close()
    assert loaded == 82
    assert unreconciled == []


def test_a_second_run_adds_nothing_and_the_report_has_figures(demo_home) -> None:
    before = counts(demo_home.home)
    code, out = run(demo_home.home, "demo")
    assert code == 0, out
    assert "0 added now" in out and "not resolved again" in out and "already stored" in out
    [provider_import] = list_imports(demo_home.home)
    assert (provider_import.source, provider_import.imported_by) == (
        "illustrative_providers.csv",
        "cli:greatjobs demo",
    )
    assert "Halton Borough Council: 2 files, 2 reconciled" in out
    assert counts(demo_home.home) == before

    code, out = run(
        demo_home.home, "spend", "report", "--body", "Halton Borough Council", "--format", "json"
    )
    assert code == 0, out
    headline = {row["metric"]: row for row in json.loads(out)["headline"]}
    assert float(headline["In scope (procurement) spend"]["spend_gbp"]) > 1_000_000


def test_demo_needs_the_warehouse(tmp_path) -> None:
    code, out = run(Home(tmp_path), "demo")
    assert code == 6
    assert "data build" in out

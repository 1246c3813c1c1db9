"""`greatjobs demo`: both bodies' real files loaded and reconciled, and nothing added twice."""

from __future__ import annotations

import json

from click.testing import CliRunner

from greatjobs.cli.main import cli
from greatjobs.home import Home
from greatjobs.skills.store import list_imports
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


def test_demo_loads_both_bodies_with_every_file_reconciled(demo_home) -> None:
    assert demo_home.exit_code == 0, demo_home.output
    out = demo_home.output
    assert "Spend: 22 bundled spend files in the ledger, 22 added now." in out
    assert "Hyndburn Borough Council: 6 files, 6 reconciled" in out
    assert "Lambeth Council: 16 files, 16 reconciled" in out
    assert "rows read 3,266 = loaded 3,168 + quarantined 98" in out
    assert "money read £7,346,964.06 = loaded £7,346,964.06 + quarantined £0.00" in out
    assert "DOES NOT RECONCILE" not in out
    assert "resolved against mutuals, public-bodies" in out
    assert "Skills: provider records from illustrative_providers.csv (read 11, loaded 11" in out
    ledger = open_ledger(demo_home.home, read_only=True)
    try:
        files = ledger.execute("SELECT count(*) FROM spend.source_file").fetchone()[0]
        unreconciled = ledger.execute(UNRECONCILED).fetchall()
    finally:
        ledger.close()
    assert files == 22
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
    assert "Hyndburn Borough Council: 6 files, 6 reconciled" in out
    assert counts(demo_home.home) == before

    code, out = run(
        demo_home.home, "spend", "report", "--body", "Hyndburn Borough Council", "--format", "json"
    )
    assert code == 0, out
    headline = {row["metric"]: row for row in json.loads(out)["headline"]}
    assert float(headline["In scope (procurement) spend"]["spend_gbp"]) > 1_000_000


def test_demo_needs_the_warehouse(tmp_path) -> None:
    code, out = run(Home(tmp_path), "demo")
    assert code == 6
    assert "data build" in out

"""`greatjobs spend import|quarantine|report`: reconciled output, exit codes, formats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from greatjobs.cli.main import cli
from greatjobs.sources.catalogue import Catalogue

SPEND = Path(__file__).parents[1] / "fixtures" / "spend"


@pytest.fixture()
def run(tmp_path):
    def invoke(*args: str) -> tuple[int, str, str]:
        result = CliRunner().invoke(cli, ["--home", str(tmp_path), *args])
        return result.exit_code, result.stdout, result.stderr

    return invoke


def test_import_prints_reconciled_counts_and_reasons(run):
    catalogue = Catalogue.load()
    path = catalogue.path(catalogue.get("lambeth_2011_02_payments"))
    code, out, _ = run("spend", "import", str(path), "--body", "Lambeth")
    assert code == 0
    assert "rows read 1,139 = loaded 1,138 + quarantined 1" in out
    assert "money read £80,708,175.68 = loaded £40,354,087.84 + quarantined £40,354,087.84" in out
    assert "quarantined: 1 x total row" in out
    assert "period taken from the file name" in out
    code, out, _ = run("spend", "import", str(path), "--body", "Lambeth")
    assert code == 0 and "Already imported" in out


def test_import_exits_non_zero_only_when_nothing_could_be_read(run):
    code, out, err = run("spend", "import", str(SPEND / "unseen_format.csv"), "--body", "X")
    assert code == 3
    assert "How much" in err and "mapping file" in err
    code, out, _ = run(
        "spend",
        "import",
        str(SPEND / "unseen_format.csv"),
        "--body",
        "X",
        "--mapping",
        str(SPEND / "unseen_mapping.toml"),
    )
    assert code == 0
    assert "mapping file unseen_mapping.toml" in out
    assert "excluded as not procurement (redacted): £1,300.00" in out


def test_quarantine_and_report(run):
    run(
        "spend",
        "import",
        str(SPEND / "unseen_format.csv"),
        "--body",
        "X",
        "--mapping",
        str(SPEND / "unseen_mapping.toml"),
    )
    code, out, _ = run("spend", "quarantine", "--body", "X", "--format", "csv")
    assert code == 0
    lines = out.strip().splitlines()
    assert lines[0] == "file,row,column,reason,raw" and len(lines) == 7
    code, out, _ = run("spend", "report", "--body", "X", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert (
        data["headline"][0]["spend_gbp"] == "2225.55"
        or float(data["headline"][0]["spend_gbp"]) == 2225.55
    )
    assert data["coverage"] == 0.0
    assert data["notes"][0].startswith("No supplier register loaded: 100% of spend unresolved")
    assert {r["rule"] for r in data["exclusions"]} == {"redacted", "hmrc"}
    code, _, _err = run("spend", "report", "--body", "Nobody")
    assert code == 4

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


def test_import_exits_3_when_any_file_or_payment_row_was_not_loaded(run, tmp_path):
    code, out, err = run("spend", "import", str(SPEND / "unseen_format.csv"), "--body", "X")
    assert code == 3
    assert "How much" in err and "mapping file" in err
    # Two files, one refused: the other is imported and the command still exits 3.
    good = tmp_path / "good.csv"
    good.write_text("Supplier,Amount,Date\nA Ltd,10.00,01/02/2024\n", encoding="utf-8")
    code, out, err = run(
        "spend", "import", str(SPEND / "unseen_format.csv"), str(good), "--body", "Y"
    )
    assert code == 3 and "1 file refused" in err and "loaded 1" in out
    # A payment row that cannot be read is quarantined: the rest is loaded, exit 3.
    bad_row = tmp_path / "bad_row.csv"
    bad_row.write_text(
        "Supplier,Amount,Date\nA Ltd,10.00,01/02/2024\n\nB Ltd,oops,01/02/2024\n",
        encoding="utf-8",
    )
    code, out, err = run("spend", "import", str(bad_row), "--body", "Z")
    assert code == 3 and "1 payment row quarantined" in err
    assert "loaded 1 + quarantined 2" in out  # the blank line is quarantined but not counted
    code, out, _ = run(
        "spend",
        "import",
        str(SPEND / "unseen_format.csv"),
        "--body",
        "X",
        "--mapping",
        str(SPEND / "unseen_mapping.toml"),
    )
    assert code == 3  # loaded with the mapping; its malformed payment rows are quarantined
    assert "mapping file unseen_mapping.toml" in out
    assert "excluded as not procurement (redacted): £1,300.00" in out


def _import_example(run):
    run(
        "spend",
        "import",
        str(SPEND / "unseen_format.csv"),
        "--body",
        "X",
        "--mapping",
        str(SPEND / "unseen_mapping.toml"),
    )


def test_quarantine_and_report(run):
    _import_example(run)
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


def test_report_counts_staff_in_lm3(run):
    _import_example(run)
    code, out, _ = run(
        "spend",
        "report",
        "--body",
        "X",
        "--staff-pay",
        "£1,000",
        "--staff-pay-local",
        "600",
        "--staff-local-spend-share",
        "0.5",
        "--format",
        "json",
    )
    assert code == 0
    lm3 = json.loads(out)["lm3"]
    # No supplier register, so suppliers add nothing: R1 = 0 + 1,000; R2 = 0 + 600;
    # R3 = 0 + 600 x 0.5 = 300; LM3 = (1,000 + 600 + 300) / 1,000 = 1.9.
    assert lm3["lm3"] is None
    assert lm3["with_staff"] == {
        "r1_gbp": "1000.00",
        "r2_gbp": "600.00",
        "r3_gbp": "300.00",
        "lm3": pytest.approx(1.9),
    }
    code, out, _ = run(
        "spend",
        "report",
        "--body",
        "X",
        "--staff-pay",
        "1000",
        "--staff-pay-local",
        "600",
        "--staff-local-spend-share",
        "0.5",
    )
    assert code == 0
    assert "LM3, suppliers only: not available" in out
    assert "LM3 with staff: 1.90 (R1 £1,000.00, R2 £600.00, R3 £300.00" in out


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ["--staff-pay", "1000", "--staff-pay-local", "600"],
            3,
            "--staff-local-spend-share: Give the share of their pay that staff living in the "
            "place spend there (0 to 1), from a survey of your staff",
        ),
        (
            ["--staff-pay", "100", "--staff-pay-local", "200", "--staff-local-spend-share", "0.5"],
            3,
            "--staff-pay-local: Pay to staff living in the place (£200.00) cannot be more than "
            "the total staff pay (£100.00).",
        ),
        (
            ["--staff-pay", "100", "--staff-pay-local", "50", "--staff-local-spend-share", "1.5"],
            3,
            "must be from 0 to 1",
        ),
        (["--staff-local-spend-share", "0.5"], 3, "--staff-pay: Give the total staff pay"),
        (["--staff-pay", "lots"], 2, "'lots' is not an amount of pounds"),
    ],
)
def test_report_refuses_incomplete_or_inconsistent_staff_pay(run, args, code, message):
    _import_example(run)
    result_code, _, err = run("spend", "report", "--body", "X", *args)
    assert result_code == code
    assert message in " ".join(err.split())

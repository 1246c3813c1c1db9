"""`greatjobs skills import FILE` and `greatjobs skills scorecard`."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pandas as pd
from click.testing import CliRunner, Result

from greatjobs.cli.main import cli
from greatjobs.home import Home
from greatjobs.skills import illustrative_records_path
from greatjobs.skills.store import list_imports


def run(home: Home, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--home", str(home.root), "skills", *args])


def test_import_reports_every_rejected_row_and_exits_3(tmp_path, fixtures_dir):
    home = Home(tmp_path)
    result = run(
        home,
        "import",
        str(fixtures_dir / "skills" / "providers_with_errors.csv"),
        "--format",
        "csv",
    )
    assert result.exit_code == 3
    assert "Read 10 rows: loaded 1, rejected 9." in result.stderr
    errors = pd.read_csv(io.StringIO(result.stdout))
    assert list(errors.columns) == ["row", "column", "value", "reason"]
    assert len(errors) == 9 and 3 in set(errors["row"])
    card = run(home, "scorecard", "--format", "json")
    assert card.exit_code == 0, card.output
    data = json.loads(card.stdout)
    assert data["source"]["loaded"] == 1 and len(data["courses"]) == 1


def test_demo_scorecard_flags_explain_themselves(tmp_path):
    home = Home(tmp_path)
    imported = run(home, "import", "--demo")
    assert imported.exit_code == 0 and "ILLUSTRATIVE" in imported.stderr
    table = run(home, "scorecard", "--flagged")
    assert table.exit_code == 0, table.output
    assert "FLAG Wirral Visitor Economy Academy / Visitor Experience Assistant" in table.stdout
    assert "cost per achievement £7,500 is above £6,000" in table.stdout
    assert "Knowsley Care Training" not in table.stdout  # not flagged
    csv = pd.read_csv(io.StringIO(run(home, "scorecard", "--format", "csv").stdout))
    assert len(csv) == 11 and {"achievement_rate_low", "achievement_rate_high"} <= set(csv.columns)


def test_commission_rules_file_changes_the_flags(tmp_path):
    home = Home(tmp_path)
    run(home, "import", "--demo")
    rules = tmp_path / "rules.toml"
    rules.write_text(
        '[[rule]]\nid = "dear"\ntitle = "Dear"\n'
        'conditions = [{ metric = "cost_per_start", above = 9000.0 }]\n'
    )
    out = json.loads(
        run(home, "scorecard", "--flagged", "--rules", str(rules), "--format", "json").stdout
    )
    assert [c["course"] for c in out["courses"]] == ["Engineering Technician"]


def test_scorecard_before_any_import_says_what_to_do(tmp_path):
    result = run(Home(tmp_path), "scorecard")
    assert result.exit_code == 3 and "greatjobs skills import" in result.output


def test_import_needs_a_file_or_demo(tmp_path):
    assert run(Home(tmp_path), "import").exit_code == 2


def test_two_imports_at_once_from_two_commands_are_both_kept(tmp_path, fixtures_dir):
    """Two `greatjobs skills import` processes at once: the writer's lock makes them take turns,
    and both imports are kept (the later one's records are current)."""
    home = Home(tmp_path)
    files = [fixtures_dir / "skills" / "providers_with_errors.csv", illustrative_records_path()]
    command = [sys.executable, "-m", "greatjobs", "--home", str(home.root), "skills", "import"]
    commands = [
        subprocess.Popen(
            [*command, str(path)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for path in files
    ]
    assert sorted(command.wait(timeout=120) for command in commands) == [0, 3]
    imports = list_imports(home)
    assert sorted(i.source for i in imports) == sorted(path.name for path in files)
    assert sorted(i.import_id for i in imports) == [1, 2]
    assert all(i.imported_by.startswith("cli:") for i in imports)
    card = json.loads(run(home, "scorecard", "--format", "json").stdout)
    assert card["source"]["source"] == imports[0].source


def test_imports_lists_every_import_whichever_face_made_it(tmp_path, fixtures_dir):
    from greatjobs.skills import import_records
    from greatjobs.skills.store import save_import

    home = Home(tmp_path)
    empty = run(home, "imports")
    assert empty.exit_code == 0 and "No imports yet" in empty.output
    demo = illustrative_records_path()
    save_import(home, import_records(demo), demo.name, "web:alan")  # as the web page saves it
    bad = fixtures_dir / "skills" / "providers_with_errors.csv"
    assert run(home, "import", str(bad)).exit_code == 3
    listed = pd.read_csv(io.StringIO(run(home, "imports", "--format", "csv").stdout))
    assert listed["file"].tolist() == [bad.name, demo.name]  # latest first
    assert listed["imported_by"].tolist()[1] == "web:alan"
    assert listed["imported_by"].tolist()[0].startswith("cli:")
    assert (listed["loaded"] + listed["rejected"] == listed["read"]).all()

"""`greatjobs goodwork frameworks` and `greatjobs goodwork insecure-work`."""

from __future__ import annotations

import io
import json

import pandas as pd
from click.testing import CliRunner

from greatjobs.cli.main import cli


def test_frameworks_as_json_list_both_charters_and_their_questions():
    result = CliRunner().invoke(cli, ["goodwork", "frameworks", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [f["id"] for f in data] == ["lcr-fec", "gm-gec"]
    lcr = data[0]
    assert lcr["default"] and [t["name"] for t in lcr["tiers"]] == ["Accredited", "Aspiring"]
    rlw = next(q for q in lcr["questions"] if q["question"] == "fair-rlw")
    assert rlw["answered_by"] == "rlw_share at least 1" and rlw["evidence"]


def test_frameworks_table_and_csv():
    table = CliRunner().invoke(cli, ["goodwork", "frameworks", "--framework", "gm-gec"])
    assert table.exit_code == 0 and "Greater Manchester Good Employment Charter" in table.output
    csv = CliRunner().invoke(cli, ["goodwork", "frameworks", "--format", "csv"])
    frame = pd.read_csv(io.StringIO(csv.stdout))
    assert set(frame["framework"]) == {"lcr-fec", "gm-gec"}


def test_unknown_framework_exits_4():
    result = CliRunner().invoke(cli, ["goodwork", "frameworks", "--framework", "nope"])
    assert result.exit_code == 4 and "lcr-fec" in result.output


def test_insecure_work_for_a_place(built_home):
    result = CliRunner().invoke(
        cli, ["--home", str(built_home.root), "goodwork", "insecure-work", "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(io.StringIO(result.stdout))
    assert len(frame) == 7 and frame.iloc[-1]["district"] == "Liverpool City Region"

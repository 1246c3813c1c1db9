"""`greatjobs report`: writes the HTML evidence report, refuses unknown places, explains a
missing Chromium."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from greatjobs.cli.main import cli
from greatjobs.home import Home


@pytest.fixture()
def run(built_home):
    def invoke(*args: str, env: dict[str, str] | None = None):
        return CliRunner().invoke(cli, ["--home", str(built_home.root), "report", *args], env=env)

    return invoke


def test_report_writes_a_self_contained_html_file(run, tmp_path):
    out = tmp_path / "lcr.html"
    result = run("--place", "Liverpool City Region", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert f"Wrote {out} in" in result.output
    html = out.read_text(encoding="utf-8")
    assert "<h1>State of the city region: Liverpool City Region</h1>" in html
    assert "<script" not in html


def test_without_a_ledger_the_anchor_spend_section_says_why(built_home, tmp_path):
    home = Home(tmp_path / "home")  # a home of its own: no spend ledger
    home.root.mkdir()
    home.warehouse.symlink_to(built_home.warehouse)
    out = tmp_path / "lcr.html"
    result = CliRunner().invoke(cli, ["--home", str(home.root), "report", "--out", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert '<h2 id="anchor-spend">Anchor spend</h2>' in html
    assert "No spend ledger is loaded, so this section is left out" in html


def test_the_anchor_spend_section_from_the_demo_ledger(demo_home, tmp_path):
    out = tmp_path / "lcr.html"
    result = CliRunner().invoke(
        cli, ["--home", str(demo_home.home.root), "report", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    section = html.split('<h2 id="anchor-spend">')[1].split("<h2 ")[0]
    # All 82 files of the eight anchors (the police serve the whole city region).
    assert "82 published spend files of 8 bodies" in section
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th>', section.split("</table>")[0])
    assert rows[-1] == "All anchors together" and len(rows) == 9
    assert "Merseyside Police" in rows and "Halton Borough Council" in rows
    assert "a share of resolved spend is never a share of all spend" in section
    assert 'data-testid="anchor-spend-shared"' in section
    liverpool = tmp_path / "liverpool.html"
    CliRunner().invoke(
        cli,
        ["--home", str(demo_home.home.root), "report", "--place", "Liverpool", "--out",
         str(liverpool)],
    )  # fmt: skip
    # Liverpool's own anchor only: the police serve the whole city region, not Liverpool alone.
    assert "12 published spend files of 1 body" in liverpool.read_text(encoding="utf-8")


def test_unknown_place_is_refused_with_exit_code_4(run, tmp_path):
    result = run("--place", "Atlantis", "--out", str(tmp_path / "x.html"))
    assert result.exit_code == 4
    assert not (tmp_path / "x.html").exists()


def test_pdf_without_chromium_says_how_to_get_it(run, tmp_path):
    out = tmp_path / "halton.html"
    result = run("--place", "Halton", "--out", str(out), "--pdf",
                 env={"CHROMIUM": str(tmp_path / "no-chromium")})  # fmt: skip
    assert result.exit_code == 3
    assert "needs Chromium" in result.output and "CHROMIUM" in result.output
    assert out.is_file()  # the HTML is written first


def test_report_for_a_custom_place_ranks_it_from_its_districts_counts(run, tmp_path):
    out = tmp_path / "six.html"
    districts = ["Halton", "Knowsley", "Liverpool", "Sefton", "St. Helens", "Wirral"]
    args = [a for d in districts for a in ("--district", d)]
    result = run("--place", "Six districts", *args, "--out", str(out))
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "<h1>State of the city region: Six districts</h1>" in html
    assert "Six districts is a custom place" in html
    # The same six districts as the combined authority: the same workless-households figure
    # (88,463 / 475,419 households), now ranked as a place of its own.
    table = html[html.index("Table 2.") :]
    table = table[: table.index("</table>")]
    rows = {
        name: value
        for name, value in re.findall(
            r"<th[^>]*>([^<(]+?)(?: \(custom place\))?</th>\s*<td[^>]*>[^<]+</td>\s*"
            r"<td[^>]*>[^<]*</td>\s*<td[^>]*>([\d.]+%)",
            table,
        )
    }
    assert rows["Six districts"] == rows["Liverpool City Region"] == "18.6%"

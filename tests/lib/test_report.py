"""The evidence report and the SVG charts: content, provenance, accessibility, self-containment."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from greatjobs.charts import DotRow, Point, Series, line_chart, lsoa_choropleth, ranked_dot_plot
from greatjobs.geography import custom_place, place_lsoa_map, resolve_place
from greatjobs.report import build_report, html_to_pdf, render_html
from greatjobs.report.pdf import ChromiumMissingError, find_chromium
from greatjobs.warehouse import open_warehouse

LCR_DISTRICTS = ["Halton", "Knowsley", "Liverpool", "St. Helens", "Sefton", "Wirral"]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="module")
def lcr_report(built_home):
    con = open_warehouse(built_home)
    try:
        report = build_report(con, resolve_place(con, "Liverpool City Region"))
    finally:
        con.close()
    return report, render_html(report)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_report_names_the_six_districts_and_their_pockets(lcr_report):
    _, html = lcr_report
    text = _text(html)
    for district in LCR_DISTRICTS:
        assert district in text
    pockets = re.search(r'<table data-testid="pockets">.*?</table>', html, re.S).group(0)
    assert pockets.count("<tr") == 38 + 1  # 38 pockets (docs/methods/deprivation.md) + header
    assert "Everton West (Liverpool and Sefton)" in pockets


def test_report_gives_lcr_ranks_with_intervals_on_the_headline_tables(lcr_report):
    _, html = lcr_report
    text = _text(html)
    assert (
        "Liverpool City Region ranks 7th of 10 (95% rank interval 4 to 10; 1 = best) in 2022"
        in text
    )
    assert (
        "Liverpool City Region ranks 6th of 10 (95% rank interval 6; 1 = best) in 2021: 29.1%"
        in text
    )
    for indicator in ("youth-unemployment", "workless-households", "level-4-qualifications",
                      "gva-per-hour", "median-weekly-pay", "imd-most-deprived-share"):  # fmt: skip
        assert f'data-testid="league-{indicator}"' in html, indicator
        assert f'data-chart="dots-{indicator}"' in html, indicator
    assert re.search(
        r"ranks \d+(st|nd|rd|th) of 8 on the reference index \(95% rank interval", text
    )


def test_report_shows_source_vintage_licence_and_method_under_every_league_table(lcr_report):
    report, html = lcr_report
    sections = re.split(r'<h3 id="', html)[1:]
    tables = [s for s in sections if 'data-testid="league-' in s]
    assert len(tables) == len(report.summary.ranks)
    for section in tables:
        source = re.search(r'data-testid="source">(.*?)</div>', section, re.S).group(1)
        assert "Licence:" in source and "Open Government Licence v3.0" in source
        assert "Method:" in source and re.search(r"\([^()]*\d{4}[^()]*\)\. Licence", source)
    assert "Contains public sector information licensed under the Open Government Licence" in html


def test_deprivation_names_every_dataset_it_rests_on_and_marks_its_own_estimates(lcr_report):
    report, html = lcr_report
    section = html.split('<h2 id="deprivation">', 1)[1].split("<h3>", 1)[0]
    for dataset in ("IoD2025", "local authority", "IoD2019", "Census 2021"):
        assert dataset.lower() in section.lower(), dataset
    ids = set(report.summary.deprivation_provenance.dataset_ids)
    assert {"iod2025_england_ltla24", "imd2019_england_ltla22",
            "census21_ts011_household_deprivation_msoa21_ew"} <= ids  # fmt: skip
    measures = re.search(r'<table data-testid="deprivation">.*?</table>', section, re.S).group(0)
    # A combined authority's measures are greatjobs' estimates from its districts (MHCLG
    # publishes districts only), except the counts of LSOAs.
    assert "31.33 (estimate)" in measures and "(estimate)" in section.split("</table>", 1)[1]
    assert "289 (estimate)" not in measures


def test_a_district_marks_only_the_measures_mhclg_does_not_publish(built_home):
    con = open_warehouse(built_home)
    try:
        summary = build_report(con, resolve_place(con, "Liverpool")).summary
    finally:
        con.close()
    assert summary.deprivation[2025].estimated == ()
    assert summary.deprivation[2019].estimated == ("average_rank", "local_concentration")


def test_index_section_names_its_indicators_periods_and_imputations(lcr_report):
    report, html = lcr_report
    index = report.summary.index
    assert index is not None
    used = re.search(r'<table data-testid="index-indicators">.*?</table>', html, re.S).group(0)
    assert used.count("<tr") == len(index.spec.indicators) + 1  # every indicator, and a header
    assert "Gross value added per hour worked" in used or "GVA" in used
    imputed = index.places[index.places["imputed"] > 0]
    if not imputed.empty:  # each imputed value is named: the place and the indicator
        note = next(n for n in index.notes if "imputed" in n)
        for name in imputed["area_name"]:
            assert name in note


def test_report_is_self_contained(lcr_report):
    _, html = lcr_report
    assert "<script" not in html and "<link" not in html and "<img" not in html
    assert "<iframe" not in html and "@import" not in html
    assert not re.search(r"""\b(src|srcset|data)\s*=\s*["']?https?:""", html)
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", html)
    assert re.search(r'<a href="https://www\.ons\.gov\.uk/', html)  # links are fine
    assert "<style>" in html and 'data-chart="deprivation-map"' in html


def test_report_builds_quickly(lcr_report):
    report, _ = lcr_report
    assert sum(report.timings.values()) < 60  # target < 20 s: benchmarks/bench_report.py


def test_library_imports_neither_django_nor_click():
    code = (
        "import sys, greatjobs.report, greatjobs.charts; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('django', 'click')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_dot_plot_is_an_accessible_image_that_marks_the_place_without_colour_alone():
    rows = [DotRow("A", 10.0, 8.0, 12.0, 1, 1, 2), DotRow("B <&>", 12.0, 11.0, 13.0, 2, 1, 2, True)]
    svg = ranked_dot_plot(rows, chart_id="t", title="Title", unit="%", reference=("England", 11.0))
    assert 'role="img"' in svg and 'aria-labelledby="t-title t-desc"' in svg
    assert '<desc id="t-desc">' in svg and "B &lt;&amp;&gt;: 12.0%" in svg
    assert "▶ B &lt;&amp;&gt;" in svg and 'font-weight="700"' in svg  # text cue, not just colour
    assert svg.count("<circle") == 1 and "England 11.0%" in svg  # the highlighted one is a diamond


def test_line_chart_labels_each_series_and_bands_the_interval():
    place = Series("Here", (Point("2020", 10.0, 9.0, 11.0), Point("2021", 9.0, 8.0, 10.0)))
    england = Series("England", (Point("2020", 8.0), Point("2021", 8.5)))
    svg = line_chart([place, england], chart_id="trend", title="T", unit="%")
    assert 'role="img"' in svg and "Here: 10.0% in 2020, 9.0% in 2021" in svg
    assert 'stroke-dasharray="6 4"' in svg and ">England</text>" in svg and ">Here</text>" in svg


def test_choropleth_hatches_the_most_deprived_decile(warehouse):
    place = resolve_place(warehouse, "Halton")
    lsoas = place_lsoa_map(warehouse, place)
    svg = lsoa_choropleth(lsoas, chart_id="m", title="Map", description="Halton")
    assert svg.count("<path ") == len(lsoas) and 'fill="url(#m-hatch)"' in svg
    assert "Key: IMD decile" in svg


def test_missing_chromium_is_a_clear_error(tmp_path):
    with pytest.raises(ChromiumMissingError, match="needs Chromium"):
        find_chromium(str(tmp_path / "no-chromium"))


@pytest.mark.skipif(  # never skipped in CI, which installs Chromium
    not Path(CHROMIUM).is_file() and not os.environ.get("CI"), reason="Chromium not installed"
)
def test_pdf_is_printed_with_headless_chromium(lcr_report, tmp_path):
    _, html = lcr_report
    page = tmp_path / "report.html"
    page.write_text(html, encoding="utf-8")
    pdf = html_to_pdf(page, tmp_path / "report.pdf", CHROMIUM)
    assert pdf.read_bytes()[:5] == b"%PDF-" and pdf.stat().st_size > 50_000


def test_report_has_good_jobs_and_digital_inclusion_sections(lcr_report):
    _, html = lcr_report
    good = html.split('<h2 id="good-jobs">', 1)[1].split('<h2 id="digital-inclusion">', 1)[0]
    digital = html.split('<h2 id="digital-inclusion">', 1)[1].split('<h2 id="deprivation">', 1)[0]
    for theme in ("pay", "skills"):
        assert f'data-testid="theme-{theme}"' in good, theme
    assert "insecure work" in good  # the theme without a local measure says so
    assert 'data-testid="theme-digital"' in digital
    # Ofcom Connected Nations via ONS: the city region 93.5% gigabit-capable, England 88.4%.
    assert "93.5%" in digital and "88.4%" in digital and "Ofcom" in digital
    assert '<a href="#good-jobs">' in html and '<a href="#digital-inclusion">' in html


def test_report_ties_flags_reliability_and_states_each_leagues_places(lcr_report):
    _, html = lcr_report
    text = _text(html)
    # ONS Table A4 2021: Merseyside (= LCR) and Greater Manchester both £34.0 per hour.
    assert "Liverpool City Region ranks joint 3rd of 7" in text
    assert "tied with Greater Manchester" in text
    gva = re.search(r'<table data-testid="league-gva-per-hour">.*?</table>', html, re.S).group(0)
    assert gva.count(">=3<") == 2
    workless = re.search(
        r'<table data-testid="league-workless-households">.*?</table>', html, re.S
    ).group(0)
    assert "Reliability" in workless and "reasonably precise (CV 7.6%)" in workless
    assert "10 of the 10 combined authorities of the December 2023 ONS lookup" in workless
    assert "Places ranked: 15 combined authorities as published by ONS Explore Local" in text
    assert "equal figures share a rank, written =3" in text


def test_a_custom_place_stands_beside_the_report_leagues(built_home):
    con = open_warehouse(built_home)
    try:
        place = custom_place(con, "Three", ["Halton", "Knowsley", "Liverpool"])
        report = build_report(con, place, indicators=("workless-households",), draws=500)
    finally:
        con.close()
    text = _text(render_html(report))
    assert "Three would rank 7th of 10 (a custom place" in text
    assert "would rank 7 of 10" in text  # at a glance
    assert "Three (custom place)" in text

"""An analyst checks where Liverpool City Region stands on the mayor's three league tables,
downloads one, and reads the city region's diagnosis; axe checks every page."""

from __future__ import annotations

import re

import pytest

from greatjobs.web.accounts.provisioning import create_demo_users

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore:No directory at"),
]

RANKS = {
    "youth-unemployment": "ranks 4th of 10 (95% rank interval 4; 1 = best) in 2021",
    "workless-households": "ranks 7th of 10 (95% rank interval 4 to 10; 1 = best) in 2022",
    "level-4-qualifications": "ranks 6th of 10 (95% rank interval 6; 1 = best) in 2021",
}


def test_analyst_reads_lcr_league_tables_downloads_one_and_reads_its_diagnosis(site, tmp_path):
    create_demo_users()
    site.sign_in("analyst")

    page = site.visit("/diagnose/")
    page.get_by_role("link", name=re.compile("^Workless households")).first.click()
    page.wait_for_load_state()
    site.check_accessibility()
    for indicator, rank in RANKS.items():
        page = site.visit(f"/diagnose/indicators/{indicator}/")
        sentence = page.get_by_test_id("rank").inner_text()
        assert f"Liverpool City Region {rank}" in sentence, sentence
        assert page.locator('svg[role="img"][data-chart="league-dots"]').is_visible()
        assert "▶ Liverpool City Region" in page.get_by_test_id("league-table").inner_text()

    with page.expect_download() as caught:
        page.get_by_test_id("downloads").first.get_by_role("link", name="CSV").click()
    saved = tmp_path / caught.value.suggested_filename
    caught.value.save_as(saved)
    assert saved.name == "level-4-qualifications-2021-league.csv"
    assert "E47000004" in saved.read_text(encoding="utf-8")

    page.get_by_label("Compare").select_option("regions")
    page.get_by_role("button", name="Show league table").click()
    page.wait_for_load_state()
    site.check_accessibility()
    assert "among=regions" in page.url

    page = site.visit("/diagnose/places/liverpool-city-region/")
    assert page.get_by_role("heading", level=1).inner_text() == "Liverpool City Region"
    assert "7 of 10" in page.get_by_test_id("ranks").inner_text()
    site.visit("/diagnose/indicators/not-an-indicator/")

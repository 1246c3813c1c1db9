"""The good-jobs profile: themes as data, each indicator ranked with its source."""

from __future__ import annotations

import pytest

from greatjobs.diagnose.catalogue import get_indicator
from greatjobs.errors import DataError
from greatjobs.geography import custom_place, resolve_place
from greatjobs.report.good_jobs import good_jobs_profile, parse_themes, profile_frame, themes

SIX = ["Halton", "Knowsley", "Liverpool", "St Helens", "Sefton", "Wirral"]


def test_every_theme_names_catalogue_indicators_and_a_section():
    found = themes()
    assert [t.id for t in found] == ["pay", "security", "skills", "business", "digital"]
    for theme in found:
        for indicator in theme.indicators:
            get_indicator(indicator)
    assert {t.section for t in found} == {"good-jobs", "digital-inclusion"}
    security = next(t for t in found if t.id == "security")
    assert not security.indicators and "insecure work" in security.note


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[theme]]\nid = "x"\ntitle = "X"\nsection = "good-jobs"\nindicators = ["nope"]',
         "No indicator 'nope'"),
        ('[[theme]]\nid = "x"\ntitle = "X"\nsection = "elsewhere"\nindicators = []', "section"),
        ('[[theme]]\nid = "x"\nsection = "good-jobs"\nindicators = []', "has no title"),
    ],
)  # fmt: skip
def test_a_wrong_theme_is_refused_with_the_reason(text, message):
    with pytest.raises(DataError, match=message):
        parse_themes(text)


def test_the_city_region_profile_gives_published_figures_with_ranks_and_sources(warehouse):
    place = resolve_place(warehouse, "Liverpool City Region")
    frame = profile_frame(good_jobs_profile(warehouse, place, draws=200), place.code)
    by_id = frame.set_index("indicator")
    # ONS Explore Local Statistics: gigabit-capable broadband, January 2026, LCR 93.5%,
    # England 88.4%; apprenticeship starts 2024/25, LCR 995 per 100,000.
    assert by_id.loc["gigabit-broadband", "value"] == 93.5
    assert by_id.loc["gigabit-broadband", "england"] == 88.4
    assert by_id.loc["apprenticeship-starts", "value"] == 995
    assert by_id.loc["median-weekly-pay", "period"] == "2025"
    ranked = frame.dropna(subset=["rank"])
    assert (ranked["rank_low"] <= ranked["rank"]).all()
    assert (ranked["rank"] <= ranked["rank_high"]).all()
    # ASHE percentiles are published for districts, not for combined authorities: said in words.
    assert by_id.loc["annual-pay-p10", "note"].startswith("Published for districts")
    assert "not for combined authorities" in by_id.loc["annual-pay-p10", "note"]
    assert ranked["datasets"].str.len().gt(0).all()
    assert set(frame["theme"]) == {"Pay", "Skills and training", "Business base", "Digital access"}


def test_a_custom_place_is_ranked_where_counts_allow_and_says_why_not_elsewhere(warehouse):
    place = custom_place(warehouse, "Six", SIX)
    frame = profile_frame(good_jobs_profile(warehouse, place, draws=200), place.code)
    by_id = frame.set_index("indicator")
    # Level 4 qualifications are Census counts: the six districts sum to the city region's 29.1%.
    assert round(by_id.loc["level-4-qualifications", "value"], 1) == 29.1
    assert by_id.loc["gigabit-broadband", "value"] == 93.5  # ONS's own city-region figure

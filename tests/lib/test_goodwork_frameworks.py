"""Charter frameworks held as data: both bundled charters load, and bad data is refused."""

from __future__ import annotations

import pytest

from greatjobs.errors import DataError, NotFoundError
from greatjobs.goodwork import get_framework, load_frameworks, parse_framework


def test_default_is_the_lcr_fair_employment_charter_with_its_four_pillars():
    fw = get_framework()
    assert fw.id == "lcr-fec" and fw.default
    assert [s.name for s in fw.sections] == ["Healthy", "Fair", "Inclusive", "Just"]
    assert [t.name for t in fw.tiers] == ["Accredited", "Aspiring"]
    assert "working model" in fw.working_model.lower() and "Aspiring" in fw.confirmed
    assert all(q.evidence for q in fw.questions)


def test_gm_charter_has_the_seven_characteristics():
    fw = get_framework("gm-gec")
    names = [s.name for s in fw.sections if s.id != "commitment"]
    assert names == [
        "Secure work",
        "Flexible work",
        "A real living wage",
        "Engagement and voice",
        "Recruitment",
        "People management",
        "Health and wellbeing",
    ]
    assert [t.name for t in fw.tiers] == ["Member", "Supporter"]
    assert {q.fact for q in fw.questions if q.fact} >= {"rlw_share", "sick_pay_day_one"}


def test_frameworks_list_the_default_first_and_unknown_ids_suggest():
    assert [f.id for f in load_frameworks()] == ["lcr-fec", "gm-gec"]
    with pytest.raises(NotFoundError, match="lcr-fec"):
        get_framework("lcr")


BASE = """
id = "x"
name = "X"
publisher = "P"
url = "https://example.org"
confirmed = "c"
working_model = "w"
[[tier]]
id = "t"
name = "T"
min_section_share = 0.5
[[section]]
id = "s"
name = "S"
summary = "s"
"""


@pytest.mark.parametrize(
    ("question", "message"),
    [
        ('id = "q"\nsection = "nowhere"\ntext = "?"\nevidence = "e"', "unknown section"),
        (
            'id = "q"\nsection = "s"\ntext = "?"\nevidence = "e"\nrequired_for = ["gold"]',
            "unknown tiers",
        ),
        (
            'id = "q"\nsection = "s"\ntext = "?"\nevidence = "e"\nfact = "mood"\nequals = true',
            "known fact",
        ),
        ('id = "q"\nsection = "s"\ntext = "?"\nevidence = "e"\nfact = "rlw_share"', "condition"),
        ('id = "q"\nsection = "s"\ntext = "?"', "not a valid charter framework"),
    ],
)
def test_malformed_frameworks_are_refused(question, message):
    with pytest.raises(DataError, match=message):
        parse_framework(BASE + "[[question]]\n" + question)


def test_a_valid_framework_parses():
    fw = parse_framework(BASE + '[[question]]\nid = "q"\nsection = "s"\ntext = "?"\nevidence = "e"')
    assert fw.question("q").text == "?"

"""Provider imports: every row validated, clear errors, nothing lost."""

from __future__ import annotations

import io

import pytest

from greatjobs.errors import DataError
from greatjobs.skills import illustrative_records_path, import_records
from greatjobs.skills.records import parse_level


def test_every_bad_row_is_rejected_with_line_column_and_reason(fixtures_dir):
    result = import_records(fixtures_dir / "skills" / "providers_with_errors.csv")
    assert (result.read, result.loaded, result.rejected) == (10, 1, 9)
    assert result.loaded + result.rejected == result.read
    errors = {(e.row, e.column): e.reason for e in result.errors}
    assert errors[(3, "achievements")] == "25 is more than completions (18)"
    assert "did you mean Hospitality and Catering?" in errors[(4, "sector_subject_area")]
    assert errors[(5, "level")] == "is not a level (Entry, or 1 to 8)"
    assert errors[(6, "funding")] == "is not a number"
    assert errors[(7, "provider")] == "is empty"
    assert errors[(8, "(row)")] == "has 3 cells; the header has 16"
    assert errors[(9, "fee_per_learner")] == "cannot be negative"
    assert errors[(10, "(row)")] == "repeats the course on line 2"
    assert "UKPRN" in errors[(11, "ukprn")]
    good = result.records.iloc[0]
    assert (good["funding"], good["level"], good["starts"]) == (100000.0, 2, 50)


def test_one_row_can_have_several_errors_but_counts_once():
    text = (
        "provider,course,sector_subject_area,level,funding,starts,completions,achievements,"
        "sustained_destinations,sustained_work\nP,C,Nonsense,11,-1,x,1,1,1,1\n"
    )
    result = import_records(io.StringIO(text))
    assert result.rejected == 1 and len(result.errors) >= 4 and result.loaded == 0


def test_missing_columns_are_named():
    with pytest.raises(DataError, match="missing columns funding"):
        import_records(io.StringIO("provider,course,sector_subject_area,level\n"))


def test_the_illustrative_demo_loads_cleanly_and_says_so():
    result = import_records(illustrative_records_path())
    assert result.rejected == 0 and result.loaded == result.read == 11
    assert result.notes and result.notes[0].startswith("ILLUSTRATIVE")


@pytest.mark.parametrize(
    ("text", "level"),
    [("Entry", 0), ("Level 3", 3), ("2", 2), ("E", 0), ("9", None), ("two", None)],
)
def test_levels(text, level):
    assert parse_level(text) == level

"""Where greatjobs writes, and how it suggests close matches for a mistyped name."""

from __future__ import annotations

from pathlib import Path

from greatjobs.home import Home, default_home_dir
from greatjobs.text import close_matches, normalise_name


def test_greatjobs_home_moves_everything_greatjobs_writes(tmp_path: Path) -> None:
    home = Home.from_environ({"GREATJOBS_HOME": str(tmp_path)})
    for path in (home.warehouse, home.app_database, home.uploads, home.updates):
        assert tmp_path in path.parents


def test_default_home_is_per_user() -> None:
    assert Home.from_environ({}).root == default_home_dir()
    assert Path.home() in default_home_dir().parents


def test_names_normalise_ampersands_case_and_punctuation() -> None:
    assert normalise_name("St. Helens") == "st helens"
    assert normalise_name("Brighton & Hove") == "brighton and hove"


def test_close_matches_suggests_the_intended_place() -> None:
    places = ["Liverpool City Region", "Liverpool", "Greater Manchester", "West Midlands"]
    assert close_matches("Liverpol City Region", places)[0] == "Liverpool City Region"
    assert "Greater Manchester" in close_matches("manchester", places)
    assert close_matches("zzzz", places) == []

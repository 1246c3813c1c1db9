"""The good-jobs profile of a place: pay, security of work, skills and digital access, each
indicator ranked among the place's peers with its interval and source.

The themes are data (``good_jobs.toml``); every indicator is a catalogue indicator, ranked with
the same league tables as everywhere else (:func:`greatjobs.report.summary.ranked_indicator`).
The evidence report shows the ``good-jobs`` themes in its Good jobs section and the
``digital-inclusion`` theme in its Digital inclusion section; the web has a page of its own.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

import duckdb
import pandas as pd

from greatjobs.diagnose.catalogue import get_indicator
from greatjobs.diagnose.league import CustomPlaceSpec
from greatjobs.errors import DataError, NotFoundError
from greatjobs.geography import Place
from greatjobs.provenance import Provenance
from greatjobs.report.summary import RankedIndicator, among_for, ranked_indicator

THEMES_FILE = "good_jobs.toml"
SECTIONS = ("good-jobs", "digital-inclusion")


@dataclass(frozen=True)
class Theme:
    id: str
    title: str
    section: str
    indicators: tuple[str, ...]
    note: str


@dataclass(frozen=True)
class ThemeProfile:
    """A theme's indicators, each ranked among the place's peers (or with the reason why not)."""

    theme: Theme
    ranks: tuple[RankedIndicator, ...]


def parse_themes(text: str, source: str = THEMES_FILE) -> tuple[Theme, ...]:
    """Read and check the themes; an unknown indicator or section is a :class:`DataError`."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DataError(f"{source}: not valid TOML ({exc}).") from exc
    themes = []
    for n, entry in enumerate(doc.get("theme", []), start=1):
        where = f"{source}: theme {n} ({entry.get('id', '?')!r})"
        try:
            theme = Theme(
                entry["id"], entry["title"], entry["section"], tuple(entry["indicators"]),
                entry.get("note", ""),
            )  # fmt: skip
        except KeyError as exc:
            raise DataError(f"{where} has no {exc.args[0]}.") from exc
        if theme.section not in SECTIONS:
            raise DataError(f"{where}: section must be one of {', '.join(SECTIONS)}.")
        for indicator in theme.indicators:
            try:
                get_indicator(indicator)
            except NotFoundError as exc:
                raise DataError(f"{where}: {exc}") from exc
        themes.append(theme)
    return tuple(themes)


@cache
def themes() -> tuple[Theme, ...]:
    """The bundled themes, in order."""
    text = resources.files("greatjobs.report").joinpath(THEMES_FILE).read_text("utf-8")
    return parse_themes(text)


def good_jobs_profile(
    con: duckdb.DuckDBPyConnection, place: Place, draws: int = 4000
) -> tuple[ThemeProfile, ...]:
    """Every theme's indicators ranked for ``place`` among its peers (a custom place beside the
    combined authorities, from its districts' counts where the indicator allows)."""
    among = among_for(place)
    custom = (
        [CustomPlaceSpec(place.name, [d.code for d in place.districts])]
        if place.kind == "custom"
        else []
    )
    profiles = []
    for theme in themes():
        ranks = [
            _explained(ranked_indicator(con, indicator, among, place.code, draws, custom), among)
            for indicator in theme.indicators
        ]
        profiles.append(ThemeProfile(theme, tuple(ranks)))
    return tuple(profiles)


AREA_WORDS = {"lad": "districts", "cty": "counties", "itl3": "ITL3 areas",
              "cauth": "combined authorities", "rgn": "regions", "ctry": "countries"}  # fmt: skip


def _explained(ranked: RankedIndicator, among: str) -> RankedIndicator:
    """A league that cannot be drawn among the place's peers because the publisher gives no
    figures for them says so in words (the league's own message speaks to the command line)."""
    if ranked.table is not None or among.replace("-", " ") in _published_for(ranked):
        return ranked
    return RankedIndicator(
        ranked.indicator,
        None,
        f"Published for {_published_for(ranked)} only, not for {among.replace('-', ' ')}.",
    )


def _published_for(ranked: RankedIndicator) -> str:
    words = [AREA_WORDS[g] for g in ranked.indicator.geographies if g in AREA_WORDS]
    return ", ".join(words[:-1]) + f" and {words[-1]}" if len(words) > 1 else "".join(words)


def theme_sources(profile: ThemeProfile) -> Provenance:
    """The datasets behind a theme's figures, each once. Each indicator's own method and notes
    stay with its league table: the theme's table gives the figures they qualify."""
    datasets = [
        d for r in profile.ranks if r.table is not None for d in r.table.provenance.datasets
    ]
    return Provenance(tuple(datasets))


def profile_frame(profile: tuple[ThemeProfile, ...], code: str) -> pd.DataFrame:
    """One row per theme and indicator: the place's figure with its interval, rank and interval,
    England's figure and the comparison, period and datasets (full precision, for downloads)."""
    rows = []
    for part in profile:
        for r in part.ranks:
            row = r.row(code) or {}
            rows.append(
                {
                    "theme": part.theme.title, "indicator": r.indicator.id,
                    "title": r.indicator.title, "unit": r.indicator.unit,
                    "period": r.table.period if r.table else None,
                    "places_ranked": r.table.size if r.table else None,
                    **{k: row.get(k) for k in ("rank", "rank_label", "rank_low", "rank_high",
                                               "value", "lci", "uci", "cv", "reliability",
                                               "england", "significance")},
                    "datasets": ", ".join(r.table.provenance.dataset_ids) if r.table else "",
                    "note": r.error or "",
                }
            )  # fmt: skip
    return pd.DataFrame(rows)

"""The indicator catalogue: every indicator greatjobs can rank, as data (``catalogue.toml``).

Each entry says what is measured, which way is better, where the values come from, which areas
have them, how a larger or custom place is aggregated (from counts, with a named population
weight, or only the publisher's own figures: never an average of percentages) and whether 95%
confidence intervals exist. See ``docs/methods/diagnose-indicators.md``.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import asdict, dataclass
from functools import cache
from importlib import resources
from typing import Any

from greatjobs.errors import DataError, NotFoundError
from greatjobs.text import close_matches

CATALOGUE_FILE = "catalogue.toml"
AREA_TYPES = ("lad", "cty", "itl3", "cauth", "rgn", "ctry")
"""Area types an indicator can exist for (district, county, ITL3 area, combined authority,
region, country)."""
TABLES = ("core.indicator_series", "core.deprivation_la")
READERS = {
    "els": "ONS Explore Local Statistics (core.indicator_value), by the publisher's name",
    "subnational": "ONS Subnational Indicators Explorer, by the publisher's name",
    "aps-youth": "APS unemployment aged 16-24 (Nomis)",
    "census-qualifications": "Census 2021 highest qualification (TS067) counts",
    "census-unemployment": "Census 2021 economic activity (TS066) counts",
    "workless-households": "ONS workless households spreadsheets (table A1)",
    "productivity": "ONS subregional productivity (GVA per hour worked, hours worked)",
    "deprivation": "English Indices of Deprivation (core.deprivation_la)",
    "living-wage": "ONS ASHE jobs paid below the Living Wage Foundation rate (Table 7 LWF.1)",
    "pay-distribution": "ONS ASHE annual pay percentiles by residence (Table 8.7a)",
    "dfe-neet": "DfE 16-17 NEET and activity not known counts by local authority",
    "business-counts": "ONS UK Business Counts via Nomis: enterprises by employment size band",
    "business-demography": "ONS Business demography: births, active enterprises, survival",
    "internet-users": "ONS Internet users: adults not using the internet, by ITL3 area (Table 6)",
}
"""How an indicator's values are read. ``els`` and ``subnational`` take any indicator of their
source by its ``publisher_name``; the others are written for one source's layout."""
BY_NAME = ("els", "subnational")
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_WEIGHTED = re.compile(r"^weighted:[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Indicator:
    """One indicator of the catalogue."""

    id: str
    title: str
    unit: str
    higher_is_better: bool
    datasets: tuple[str, ...]
    periods: tuple[str, str]
    """The first and last period held in the warehouse (inclusive)."""
    geographies: tuple[str, ...]
    aggregation: str
    """``counts``, ``publisher-only`` or ``weighted:<population weight>``."""
    has_ci: bool
    table: str
    method: str
    reader: str
    """One of :data:`READERS`."""
    publisher_name: str | None = None
    """The publisher's own name for the indicator, for the readers that take it by name."""
    live_dataset: str | None = None
    """A dataset ``greatjobs data update`` fetches that adds to or replaces the snapshot's."""

    @property
    def aggregates_from_counts(self) -> bool:
        return self.aggregation == "counts"

    @property
    def population_weight(self) -> str | None:
        """The named weight of a ``weighted:`` aggregation, else ``None``."""
        return (
            self.aggregation.split(":", 1)[1] if self.aggregation.startswith("weighted:") else None
        )

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["datasets"] = list(self.datasets)
        out["periods"] = list(self.periods)
        out["geographies"] = list(self.geographies)
        return out


def parse_catalogue(text: str, source: str = CATALOGUE_FILE) -> tuple[Indicator, ...]:
    """Read and check a catalogue; any malformed entry is a :class:`DataError` naming it."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DataError(f"{source}: not valid TOML ({exc}).") from exc
    indicators: list[Indicator] = []
    for n, entry in enumerate(doc.get("indicator", []), start=1):
        where = f"{source}: indicator {n} ({entry.get('id', '?')!r})"
        try:
            fields = dict(entry)
            fields["datasets"] = tuple(fields["datasets"])
            fields["periods"] = tuple(fields["periods"])
            fields["geographies"] = tuple(fields["geographies"])
            indicator = Indicator(**fields)
        except (TypeError, KeyError) as exc:
            raise DataError(f"{where} is malformed ({exc}).") from exc
        _check(indicator, where)
        indicators.append(indicator)
    ids = [i.id for i in indicators]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise DataError(f"{source}: indicator ids appear more than once: {', '.join(duplicates)}.")
    if not indicators:
        raise DataError(f"{source}: no indicators.")
    return tuple(indicators)


def _check(ind: Indicator, where: str) -> None:
    problems = []
    if not _ID.match(ind.id):
        problems.append("id must be kebab-case (lower-case words joined by '-')")
    if ind.aggregation not in ("counts", "publisher-only") and not _WEIGHTED.match(ind.aggregation):
        problems.append(
            f"aggregation {ind.aggregation!r} must be 'counts', 'publisher-only' or "
            "'weighted:<population weight>'"
        )
    if not isinstance(ind.higher_is_better, bool) or not isinstance(ind.has_ci, bool):
        problems.append("higher_is_better and has_ci must be true or false")
    if len(ind.periods) != 2:
        problems.append("periods must be [first, last]")
    unknown = [g for g in ind.geographies if g not in AREA_TYPES]
    if unknown or not ind.geographies:
        problems.append(f"geographies must be some of {', '.join(AREA_TYPES)}")
    if ind.table not in TABLES:
        problems.append(f"table must be one of {', '.join(TABLES)}")
    if not ind.datasets:
        problems.append("datasets must name at least one dataset")
    if ind.reader not in READERS:
        problems.append(f"reader must be one of {', '.join(READERS)}")
    elif (ind.reader in BY_NAME) != bool(ind.publisher_name):
        problems.append(
            f"publisher_name is needed by the {', '.join(BY_NAME)} readers and only by them"
        )
    if not ind.title.strip() or not ind.method.strip() or not ind.unit.strip():
        problems.append("title, unit and method must not be empty")
    if problems:
        raise DataError(f"{where}: " + "; ".join(problems) + ".")


@cache
def _bundled() -> tuple[Indicator, ...]:
    text = resources.files("greatjobs.diagnose").joinpath(CATALOGUE_FILE).read_text("utf-8")
    return parse_catalogue(text)


def list_indicators() -> list[Indicator]:
    """Every indicator in the catalogue, in catalogue order."""
    return list(_bundled())


def publisher_names(indicators: list[Indicator], reader: str) -> dict[str, str]:
    """The indicators a by-name reader reads: the publisher's name to the indicator's id."""
    return {i.publisher_name: i.id for i in indicators if i.reader == reader and i.publisher_name}


def get_indicator(indicator_id: str) -> Indicator:
    """The indicator with this id; an unknown id is a :class:`NotFoundError` with close matches."""
    key = indicator_id.strip().lower().replace("_", "-").replace(" ", "-")
    indicators = _bundled()
    for indicator in indicators:
        if indicator.id == key:
            return indicator
    ids = [i.id for i in indicators]
    suggestions = close_matches(indicator_id, ids) or [i for i in ids if i.startswith(key)]
    raise NotFoundError(
        f"No indicator {indicator_id!r}; `greatjobs diagnose indicators` lists the "
        f"{len(ids)} there are.",
        suggestions,
    )

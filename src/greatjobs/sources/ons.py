"""ONS website time series and the live GDP deflator.

Every ONS time series has a page, ``https://www.ons.gov.uk/<topic>/timeseries/<cdid>/<dataset>``,
and the same address with ``/data`` appended answers JSON:

* ``description``: ``title``, ``cdid``, ``datasetId``, ``releaseDate`` (an ISO timestamp in UTC),
  ``nextRelease``, ``unit``, ...;
* ``years``, ``quarters``, ``months``: the observations, each ``date``, ``value`` (text), ``year``,
  ``quarter``, ``month``, ``label``, ``sourceDataset``, ``updateDate``.

Only the annual observations (``years``) are kept, with the series' ``cdid``, ``datasetId`` and
``releaseDate`` repeated on every row so that the table carries its own release. An answer without
annual observations, for another series, or with a value that is not a number is refused with the
URL and what was expected.

The one series fetched is MNF2, the calendar-year implied GDP deflator at market prices from the
Quarterly National Accounts: the series HM Treasury's "GDP deflators at market prices, and money
GDP" tables take their calendar years from. Social value proxies are uprated with it
(:func:`greatjobs.socialvalue.measures.load_library`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pyarrow.parquet as pq
import requests

from greatjobs.errors import DataError, NetworkError
from greatjobs.sources.http import FetchedTable, fetch_json, sha256_of

SITE = "https://www.ons.gov.uk"
PUBLISHER = "Office for National Statistics"
DESCRIPTION_FIELDS = ("cdid", "datasetId", "releaseDate")
"""From the series' ``description``, repeated on every row."""
OBSERVATION_FIELDS = ("date", "value", "year", "label", "sourceDataset", "updateDate")
"""From each annual observation, as published (``quarter`` and ``month`` are empty for years)."""
COLUMNS = (*DESCRIPTION_FIELDS, *OBSERVATION_FIELDS)
_YEAR = re.compile(r"\d{4}")


@dataclass(frozen=True)
class OnsTimeSeriesSpec:
    """One live ONS time series (see :class:`greatjobs.sources.update.LiveSource`)."""

    name: str
    dataset_id: str
    cdid: str
    """The ONS series identifier, e.g. ``MNF2``."""
    ons_dataset: str
    """The ONS dataset the series is published in, e.g. ``QNA``."""
    topic: str
    """The path of the series' page on the ONS website, before ``/timeseries/``."""
    title: str
    description: str
    caveats: str = ""
    refreshes: str | None = None

    @property
    def publisher(self) -> str:
        return f"{PUBLISHER} (website time series)"

    @property
    def api(self) -> str:
        return f"ONS time series {self.cdid} ({self.ons_dataset}), JSON"

    @property
    def page_url(self) -> str:
        """The series' page on the ONS website, for people."""
        return f"{SITE}/{self.topic}/timeseries/{self.cdid.lower()}/{self.ons_dataset.lower()}"

    @property
    def data_url(self) -> str:
        return f"{self.page_url}/data"

    def fetch(self, session: requests.Session) -> FetchedTable:
        return fetch_timeseries(self, session)


GDP_DEFLATOR = OnsTimeSeriesSpec(
    name="gdp-deflator",
    dataset_id="ons_gdp_deflator_mnf2",
    cdid="MNF2",
    ons_dataset="QNA",
    topic="economy/grossdomesticproductgdp",
    title="ONS Quarterly National Accounts series MNF2: implied GDP deflator at market prices, "
    "calendar years",
    description="GDP deflator at market prices, calendar years (MNF2), which uprates social "
    "value proxies",
    caveats="Revised at every Quarterly National Accounts release. The index reference year is "
    "ONS's; social value uprating rebases it to 2019 = 100. HM Treasury's 'GDP deflators at "
    "market prices, and money GDP' tables take their calendar-year outturn from this series and "
    "add OBR forecasts for later years, which are not fetched.",
)
ONS_SPECS: tuple[OnsTimeSeriesSpec, ...] = (GDP_DEFLATOR,)


def fetch_timeseries(spec: OnsTimeSeriesSpec, session: requests.Session) -> FetchedTable:
    """The annual observations of one ONS time series, with its release."""
    url = spec.data_url
    answer, body = fetch_json(session, url)
    about, years = parse_timeseries(answer, url, spec.cdid)
    rows = [
        [_text(about.get(f)) for f in DESCRIPTION_FIELDS]
        + [_text(o.get(f)) for f in OBSERVATION_FIELDS]
        for o in years
    ]
    published = _text(about.get("title"))
    next_release = _text(about.get("nextRelease"))
    return FetchedTable(
        dataset_id=spec.dataset_id,
        title=spec.title + (f" (ONS title: {published})" if published else ""),
        publisher=PUBLISHER,
        vintage=f"{rows[0][3]}-{rows[-1][3]} (calendar years); ONS release of "
        f"{release_day(str(about.get('releaseDate') or 'unknown date'))}",
        url=spec.page_url,
        origin=url,
        columns=list(COLUMNS),
        rows=rows,
        source_sha256=sha256_of([body]),
        caveats=spec.caveats + (f" Next ONS release: {next_release}." if next_release else ""),
        transformations=[
            f"Fetched from the ONS website time series JSON ({spec.cdid}, {spec.ons_dataset})",
            "annual observations ('years') kept; quarters and months dropped; rows by year",
            f"description fields {', '.join(DESCRIPTION_FIELDS)} repeated on every row",
            "converted to Parquet (zstd), all columns as text as published, empty values as null",
        ],
    )


def parse_timeseries(
    answer: Any, shown: str, cdid: str
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The ``description`` and the annual observations (by year) of an ONS time series answer."""
    expected = "a JSON object with a 'description' and a 'years' list of {date, value}"
    if not isinstance(answer, dict) or not isinstance(answer.get("description"), dict):
        raise NetworkError(f"{shown}: the answer is not an ONS time series (expected {expected}).")
    about: dict[str, Any] = answer["description"]
    found = str(about.get("cdid") or "")
    if found.upper() != cdid.upper():
        raise NetworkError(f"{shown}: expected ONS series {cdid}, the answer is for {found!r}.")
    years = answer.get("years")
    if not isinstance(years, list) or not years:
        raise NetworkError(
            f"{shown}: the answer has no annual observations of {cdid} (expected {expected}; "
            f"'years' is {years!r})."
        )
    by_year: dict[int, dict[str, Any]] = {}
    for item in years:
        if not isinstance(item, dict):
            raise NetworkError(f"{shown}: an annual observation is {item!r}, not an object.")
        date = str(item.get("date", "")).strip()
        if not _YEAR.fullmatch(date):
            raise NetworkError(f"{shown}: an annual observation is dated {date!r}, not a year.")
        if _number(item.get("value")) is None:
            raise NetworkError(
                f"{shown}: the {cdid} value for {date} is {item.get('value')!r}, not a number."
            )
        if int(date) in by_year:
            raise NetworkError(f"{shown}: {cdid} has two annual observations for {date}.")
        by_year[int(date)] = item
    return about, [by_year[year] for year in sorted(by_year)]


@dataclass(frozen=True)
class AnnualSeries:
    """An ONS time series' annual values as refreshed into ``home.updates``."""

    cdid: str
    ons_dataset: str
    release_date: str
    """The UK calendar day of the ONS release (``YYYY-MM-DD``)."""
    values: dict[int, float]


def read_annual_series(path: Path) -> AnnualSeries:
    """Read back a table written by :func:`fetch_timeseries`."""
    rows = pq.read_table(path).to_pylist()
    if not rows or any(c not in rows[0] for c in COLUMNS):
        raise DataError(f"{path}: not an ONS time series table (expected columns {COLUMNS}).")
    values: dict[int, float] = {}
    for row in rows:
        value = _number(row["value"])
        if value is None or not _YEAR.fullmatch(str(row["date"])):
            raise DataError(f"{path}: the value for {row['date']!r} is {row['value']!r}.")
        values[int(row["date"])] = value
    first = rows[0]
    return AnnualSeries(
        cdid=str(first["cdid"]),
        ons_dataset=str(first["datasetId"]),
        release_date=release_day(str(first["releaseDate"])),
        values=values,
    )


def release_day(timestamp: str) -> str:
    """The UK calendar day of an ONS timestamp (given in UTC), or the text as it is."""
    try:
        moment = datetime.fromisoformat(timestamp)
    except ValueError:
        return timestamp
    if moment.tzinfo is None:
        return moment.date().isoformat()
    return moment.astimezone(ZoneInfo("Europe/London")).date().isoformat()


def _number(value: Any) -> float | None:
    try:
        number = float(str(value).strip())
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None

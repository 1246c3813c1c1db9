"""Nomis (ONS labour-market and census statistics) API client and the live Nomis datasets.

A Nomis query is ``https://www.nomisweb.co.uk/api/v01/dataset/<ID>.data.csv?<dimension>=<codes>&…``.
Each dimension of a dataset (``geography``, ``date``, ``variable``, ``sex``, ``industry``…) is a
query parameter taking comma-separated codes, ``a...b`` ranges, or ``TYPEnnn`` for every area of a
geography type; ``measures`` picks the statistic (value, numerator, confidence…). The answer is a
CSV with upper-case columns: ``DATE, DATE_NAME, …, GEOGRAPHY_NAME, GEOGRAPHY_CODE, …, MEASURES_NAME,
OBS_VALUE, OBS_STATUS, OBS_STATUS_NAME, OBS_CONF, OBS_CONF_NAME, URN, RECORD_OFFSET, RECORD_COUNT``.

Nomis silently caps an answer at 25,000 rows for unregistered users (HTTP 200, truncated), so a
query is fetched in pages with ``RecordOffset``/``RecordLimit`` until ``RECORD_COUNT`` rows (the
total, repeated on every row) have arrived.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

import requests

from greatjobs.errors import NetworkError
from greatjobs.sources.http import FetchedTable, Params, fetch_text, full_url, sha256_of

API_BASE = "https://www.nomisweb.co.uk/api/v01/dataset"
PAGE_SIZE = 25_000
"""Rows per request: the most Nomis returns to an unregistered user."""
PUBLISHER = "Office for National Statistics"

# Geography selections shared by the specs. GSS codes are accepted as they are.
LOCAL_AUTHORITIES = "TYPE424"
"""Local authorities: district / unitary (as of April 2023), i.e. current LADs, 2023 codes."""
COMBINED_AUTHORITIES = (
    "E47000001,E47000002,E47000003,E47000004,E47000006,E47000007,E47000008,E47000009"
)
"""The mayoral combined authorities whose codes are unchanged since 2019 (E47000004 = Liverpool
City Region); the North East and other authorities created from 2024 are not yet listed."""
REGIONS_AND_COUNTRIES = "TYPE480,TYPE499"
"""English regions and the countries (England, Wales, Scotland; Great Britain where published)."""


@dataclass(frozen=True)
class NomisSpec:
    """One live Nomis dataset: which table, which query, and what it is."""

    name: str
    """The name ``greatjobs data update --source`` takes."""
    dataset_id: str
    """The table it becomes in the warehouse: ``raw."<dataset_id>"``."""
    nomis_id: str
    title: str
    description: str
    params: dict[str, str]
    refreshes: str | None = None
    """A bundled dataset this one replaces (same columns), if any."""
    caveats: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)
    """What each query parameter selects, for the methods page and the provenance record."""

    @property
    def publisher(self) -> str:
        return f"{PUBLISHER} (via Nomis)"

    @property
    def api(self) -> str:
        return f"Nomis API {self.nomis_id}"

    @property
    def page_url(self) -> str:
        """The dataset's page on Nomis, for people."""
        number = self.nomis_id.split("_")[1]
        return (
            "https://www.nomisweb.co.uk/query/construct/summary.asp?mode=construct&version=0"
            f"&dataset={number}"
        )

    def fetch(self, session: requests.Session) -> FetchedTable:
        return fetch_nomis(self, session)


NOMIS_SPECS: tuple[NomisSpec, ...] = (
    NomisSpec(
        name="aps",
        dataset_id="nomis_aps_labour_market_rates_la_ca",
        nomis_id="NM_17_5",
        title="ONS Annual Population Survey (Nomis NM_17_5): employment, unemployment and "
        "economic-activity rates 16-64 and youth rates, local authorities, combined authorities, "
        "regions and countries, latest 12-month period and a year earlier",
        description="APS employment rate 16-64, unemployment rate 16-64, activity rate 16-64, "
        "youth (16-19, 20-24) employment and unemployment rates",
        params={
            "geography": f"{LOCAL_AUTHORITIES},{COMBINED_AUTHORITIES},{REGIONS_AND_COUNTRIES}",
            "date": "latestMINUS4,latest",
            "variable": "18,45,46,47,84,85,86",
            "measures": "20599,21001,21002,21003",
        },
        caveats="Survey estimates with confidence intervals (measure 'Confidence'); youth rates "
        "are often suppressed for districts (OBS_STATUS not 'A', OBS_VALUE empty). APS publishes "
        "16-19 and 20-24 rates, not a combined 16-24 rate, for local authorities.",
        notes=(
            "date latestMINUS4,latest: the latest 12-month APS period and the one a year before",
            "variable 18 activity rate 16-64; 45 employment rate 16-64; 46/47 employment rate "
            "16-19/20-24; 84 unemployment rate 16-64; 85/86 unemployment rate 16-19/20-24",
            "measures 20599 value (%); 21001 numerator; 21002 denominator; 21003 confidence (+/-)",
        ),
    ),
    NomisSpec(
        name="ashe",
        dataset_id="nomis_ashe_resident_median_weekly_pay_la",
        nomis_id="NM_30_1",
        title="ONS Annual Survey of Hours and Earnings, resident analysis (Nomis NM_30_1): "
        "median gross weekly pay, all and full-time employees, local authorities, regions and "
        "countries, latest year and the year before",
        description="ASHE median gross weekly pay by place of residence (all / full-time)",
        params={
            "geography": f"{LOCAL_AUTHORITIES},{REGIONS_AND_COUNTRIES}",
            "date": "latestMINUS1,latest",
            "sex": "7,8",
            "item": "2",
            "pay": "1",
            "measures": "20100,20701",
        },
        caveats="Latest year is provisional; ASHE for combined authorities is an ONS ad hoc "
        "release, not on Nomis; estimates with a high CV are flagged in OBS_STATUS.",
        notes=(
            "sex 7 total (all employee jobs); 8 full-time workers",
            "item 2 median; pay 1 weekly pay - gross",
            "measures 20100 value (GBP); 20701 confidence (coefficient of variation, %)",
        ),
    ),
    NomisSpec(
        name="bres",
        dataset_id="nomis_bres_employment_by_sic_division_la_ca",
        nomis_id="NM_189_1",
        title="ONS Business Register and Employment Survey, open access (Nomis NM_189_1): "
        "employees and employment by SIC 2007 division, local authorities, combined authorities, "
        "regions and countries, latest year",
        description="BRES employees and employment by SIC 2007 2-digit division",
        params={
            "geography": f"{LOCAL_AUTHORITIES},{COMBINED_AUTHORITIES},{REGIONS_AND_COUNTRIES}",
            "date": "latest",
            "industry": "146800641...146800739",
            "employment_status": "1,4",
            "measure": "1",
            "measures": "20100",
        },
        caveats="Open-access BRES is rounded (and small counts suppressed) to protect "
        "confidentiality; the latest year is provisional.",
        notes=(
            "industry 146800641...146800739: SIC 2007 divisions 01 to 99",
            "employment_status 1 employees; 4 employment (employees plus working owners)",
            "measure 1 count; measures 20100 value",
        ),
    ),
    NomisSpec(
        name="claimant-count",
        dataset_id="nomis_claimant_count_la_ca",
        nomis_id="NM_162_1",
        title="ONS/DWP Claimant Count by sex and age (Nomis NM_162_1): claimants and claimants "
        "as a proportion of residents aged 16-64, local authorities, combined authorities, regions "
        "and countries, latest month and a year earlier",
        description="Claimant count and rate (% of residents 16-64)",
        params={
            "geography": f"{LOCAL_AUTHORITIES},{COMBINED_AUTHORITIES},{REGIONS_AND_COUNTRIES}",
            "date": "latestMINUS12,latest",
            "gender": "0",
            "age": "0",
            "measure": "1,2",
            "measures": "20100",
        },
        caveats="Official statistics in development: Jobseeker's Allowance plus Universal Credit "
        "claimants required to seek work; the latest month is provisional.",
        notes=(
            "date latestMINUS12,latest: the latest month and the same month a year before",
            "gender 0 total; age 0 all ages 16+",
            "measure 1 claimant count; 2 claimants as a proportion of residents aged 16-64",
        ),
    ),
    NomisSpec(
        name="census-ts066",
        dataset_id="nomis_census2021_ts066_economic_activity_ltla23",
        nomis_id="NM_2083_1",
        title="ONS Census 2021 TS066 Economic activity status (Nomis NM_2083_1): usual residents "
        "aged 16+ in 20 categories, counts and %, local authority districts (April 2023), "
        "regions and countries",
        description="Census 2021 TS066 economic activity status (20 categories)",
        params={
            "geography": f"{LOCAL_AUTHORITIES},{REGIONS_AND_COUNTRIES}",
            "measures": "20100,20301",
        },
        caveats="Census day 21 March 2021 (during a lockdown, so furlough and student activity "
        "affect the categories); England and Wales only. Complements the bundled county/unitary "
        "table census2021_ts066_economic_activity_utla_nomis with every district.",
        notes=("measures 20100 value (count); 20301 percent",),
    ),
)


def data_url(nomis_id: str) -> str:
    return f"{API_BASE}/{nomis_id}.data.csv"


def fetch_nomis(
    spec: NomisSpec, session: requests.Session, page_size: int | None = None
) -> FetchedTable:
    """Run a spec's query, page by page, and return every row."""
    page_size = page_size or PAGE_SIZE
    url = data_url(spec.nomis_id)
    params: Params = dict(spec.params)
    origin = full_url(url, params)
    header: list[str] | None = None
    rows: list[list[str | None]] = []
    bodies: list[bytes] = []
    total: int | None = None
    while total is None or len(rows) < total:
        page: Params = {**params, "RecordOffset": len(rows), "RecordLimit": page_size}
        text, body = fetch_text(session, url, page)
        bodies.append(body)
        shown = full_url(url, page)
        page_header, page_rows = parse_nomis_csv(text, shown)
        if header is None:
            header = page_header
        elif page_header != header:
            raise NetworkError(f"{shown}: this page's columns differ from the first page's.")
        if not page_rows:
            if total is None:
                raise NetworkError(
                    f"{shown}: Nomis returned no data for this query (check its codes)."
                )
            raise NetworkError(
                f"{shown}: Nomis stopped after {len(rows):,} of the {total:,} rows it announced."
            )
        if total is None:
            total = _record_count(page_rows[0], header, shown)
        rows.extend(page_rows)
    assert header is not None
    if len(rows) != total:
        raise NetworkError(f"{origin}: Nomis sent {len(rows):,} rows but announced {total:,}.")
    pages = len(bodies)
    return FetchedTable(
        dataset_id=spec.dataset_id,
        title=spec.title,
        publisher=PUBLISHER,
        vintage=_vintage(rows, header),
        url=spec.page_url,
        origin=origin,
        columns=header,
        rows=rows,
        source_sha256=sha256_of(bodies),
        caveats=spec.caveats,
        transformations=[
            f"Fetched from the Nomis API ({spec.nomis_id}) in {pages} page(s) of up to "
            f"{page_size:,} rows (RecordOffset/RecordLimit) and concatenated in order",
            "CSV converted to Parquet (zstd), all columns as text, empty cells as null",
            *(f"query: {note}" for note in spec.notes),
        ],
    )


REQUIRED_COLUMNS = ("GEOGRAPHY_CODE", "OBS_VALUE", "RECORD_OFFSET", "RECORD_COUNT")


def parse_nomis_csv(text: str, shown_url: str) -> tuple[list[str], list[list[str | None]]]:
    """The header and rows of a Nomis ``.data.csv`` answer; anything else is a NetworkError."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise NetworkError(f"{shown_url}: the answer was empty, not a Nomis CSV.") from None
    except csv.Error as exc:
        raise NetworkError(f"{shown_url}: the answer is not valid CSV ({exc}).") from exc
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise NetworkError(
            f"{shown_url}: the answer is not a Nomis data CSV (no {', '.join(missing)} column); "
            f"it began {text[:100].strip()!r}."
        )
    rows: list[list[str | None]] = []
    try:
        for number, record in enumerate(reader, start=2):
            if not record:
                continue
            if len(record) != len(header):
                raise NetworkError(
                    f"{shown_url}: line {number} has {len(record)} fields, the header "
                    f"{len(header)} (a truncated or malformed answer)."
                )
            rows.append([value if value != "" else None for value in record])
    except csv.Error as exc:
        raise NetworkError(f"{shown_url}: the answer is not valid CSV ({exc}).") from exc
    return header, rows


def _record_count(row: list[str | None], header: list[str], shown_url: str) -> int:
    value = row[header.index("RECORD_COUNT")]
    try:
        return int(value or "")
    except ValueError:
        raise NetworkError(f"{shown_url}: RECORD_COUNT is {value!r}, not a number.") from None


def _vintage(rows: list[list[str | None]], header: list[str]) -> str:
    """The periods the data cover, as Nomis names them (``DATE_NAME``), in the order served."""
    if "DATE_NAME" not in header:
        return ""
    column = header.index("DATE_NAME")
    names = list(dict.fromkeys(row[column] for row in rows if row[column]))
    return "; ".join(str(n) for n in names)

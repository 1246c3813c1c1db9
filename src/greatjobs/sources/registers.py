"""Live registers of organisations, for supplier resolution: Companies House, charities, mutuals.

* **Companies House** "Free Company Data Product" (``BasicCompanyDataAsOneFile-YYYY-MM-01.zip``,
  published monthly on the download page): one CSV, a header line in which many names carry a
  leading space (``CompanyName, CompanyNumber,RegAddress.CareOf, ...``), about 5 million rows.
  Names are trimmed; the columns supplier resolution needs are kept.
* **Charity Commission for England and Wales** register extract (``publicextract.charity.zip``,
  rebuilt daily): one JSON array of objects with ``registered_charity_number``,
  ``linked_charity_number`` (0 for the main charity), ``charity_name``,
  ``charity_registration_status``, ``charity_contact_postcode``, ``latest_income``,
  ``charity_company_registration_number``, ``charity_is_cio``... Only main charities are kept.
* **Mutuals**: the FCA Mutuals Public Register has no bulk download we could confirm, so
  co-operatives come from Co-operatives UK's open data (the Digital Commons "standard" CSV, the
  format of the bundled ``coopsuk_open_data_2023_03_02_standard``); the live source fetches that
  edition again and replaces the bundled copy with its own provenance.

Each source is a drop-in for ``greatjobs data update --source companies-house|charities|mutuals``.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import requests

from greatjobs.errors import NetworkError
from greatjobs.sources.http import FetchedTable, fetch_bytes, fetch_text, sha256_of

COMPANIES_HOUSE_PAGE = "https://download.companieshouse.gov.uk/en_output.html"
COMPANIES_HOUSE_BASE = "https://download.companieshouse.gov.uk/"
CHARITY_EXTRACT_URL = (
    "https://ccewuksprdoneregsadata1.blob.core.windows.net/data/json/publicextract.charity.zip"
)
CHARITY_PAGE = (
    "https://register-of-charities.charitycommission.gov.uk/register/full-register-download"
)
COOPSUK_CSV_URL = (
    "https://raw.githubusercontent.com/DigitalCommons/coopsuk/"
    "a9d503385fe6100c8204763fbf97cdafe0374b26/www/2023-03-02_standard.csv"
)
COOPSUK_PAGE = "https://www.uk.coop/resources/open-data"

COMPANIES_HOUSE_DATASET = "companies_house_basic_company_data"
CHARITIES_DATASET = "charity_commission_register"
COOPSUK_DATASET = "coopsuk_open_data_2023_03_02_standard"

COMPANIES_HOUSE_COLUMNS = (
    "CompanyName",
    "CompanyNumber",
    "RegAddress.PostTown",
    "RegAddress.PostCode",
    "CompanyCategory",
    "CompanyStatus",
    "IncorporationDate",
    "Accounts.AccountCategory",
    "SICCode.SicText_1",
    "SICCode.SicText_2",
    "SICCode.SicText_3",
    "SICCode.SicText_4",
)
CHARITY_FIELDS = (
    "registered_charity_number",
    "charity_name",
    "charity_type",
    "charity_registration_status",
    "charity_contact_postcode",
    "latest_income",
    "charity_company_registration_number",
    "charity_is_cio",
    "date_of_extract",
)
_CH_FILE = re.compile(r"BasicCompanyDataAsOneFile-(\d{4}-\d{2}-\d{2})\.zip")


@dataclass(frozen=True)
class RegisterSource:
    """One register as a live source (see :class:`greatjobs.sources.update.LiveSource`)."""

    name: str
    dataset_id: str
    title: str
    description: str
    publisher: str
    api: str
    fetcher: Callable[[requests.Session], FetchedTable]
    refreshes: str | None = None
    only_when_named: bool = True
    """Bulk files: ``greatjobs data update`` without ``--source`` leaves them alone."""

    def fetch(self, session: requests.Session) -> FetchedTable:
        return self.fetcher(session)


def fetch_companies_house(session: requests.Session) -> FetchedTable:
    """Find the latest ``BasicCompanyDataAsOneFile`` on the download page and read it."""
    page, _ = fetch_text(session, COMPANIES_HOUSE_PAGE)
    found = sorted(set(_CH_FILE.findall(page)))
    if not found:
        raise NetworkError(
            f"{COMPANIES_HOUSE_PAGE}: no link to BasicCompanyDataAsOneFile-YYYY-MM-DD.zip found."
        )
    url = f"{COMPANIES_HOUSE_BASE}BasicCompanyDataAsOneFile-{found[-1]}.zip"
    body = fetch_bytes(session, url, retries=2)
    rows = list(read_companies_house_csv(_only_member(body, url, ".csv")))
    return FetchedTable(
        dataset_id=COMPANIES_HOUSE_DATASET,
        title="Companies House Free Company Data Product (BasicCompanyData), live companies",
        publisher="Companies House",
        vintage=found[-1],
        url=COMPANIES_HOUSE_PAGE,
        origin=url,
        columns=list(COMPANIES_HOUSE_COLUMNS),
        rows=rows,
        source_sha256=sha256_of([body]),
        caveats="Registered office postcode, not trading address. Dissolved companies are not in "
        "the file.",
        transformations=[
            "CSV read from the zip; header names trimmed of their leading spaces",
            f"kept columns: {', '.join(COMPANIES_HOUSE_COLUMNS)}",
            "values stripped of surrounding spaces; empty values as null",
        ],
    )


def read_companies_house_csv(text: Iterator[str] | io.TextIOBase) -> Iterator[list[str | None]]:
    """Rows of a BasicCompanyData CSV, as :data:`COMPANIES_HOUSE_COLUMNS` (header names trimmed)."""
    reader = csv.reader(text)
    header = [name.strip() for name in next(reader, [])]
    missing = [c for c in COMPANIES_HOUSE_COLUMNS if c not in header]
    if missing:
        raise NetworkError(f"Not a BasicCompanyData CSV: no columns {missing} in {header[:6]}...")
    index = [header.index(c) for c in COMPANIES_HOUSE_COLUMNS]
    for row in reader:
        if len(row) >= len(header):
            yield [_text(row[i]) for i in index]


def fetch_charities(session: requests.Session) -> FetchedTable:
    body = fetch_bytes(session, CHARITY_EXTRACT_URL, retries=2)
    rows, vintage = read_charity_extract(_only_member(body, CHARITY_EXTRACT_URL, ".json").read())
    return FetchedTable(
        dataset_id=CHARITIES_DATASET,
        title="Charity Commission for England and Wales register extract (publicextract.charity)",
        publisher="Charity Commission for England and Wales",
        vintage=vintage,
        url=CHARITY_PAGE,
        origin=CHARITY_EXTRACT_URL,
        columns=list(CHARITY_FIELDS),
        rows=rows,
        source_sha256=sha256_of([body]),
        caveats="England and Wales only; the contact postcode is the charity's correspondence "
        "address. Linked (subsidiary) charities are left out.",
        transformations=[
            "JSON read from the zip; main charities only (linked_charity_number 0)",
            f"kept fields: {', '.join(CHARITY_FIELDS)}",
        ],
    )


def read_charity_extract(text: str) -> tuple[list[list[str | None]], str]:
    """Rows (:data:`CHARITY_FIELDS`) of main charities, and the extract date as the vintage."""
    try:
        records: Any = json.loads(text.lstrip("\ufeff"))
    except json.JSONDecodeError as exc:
        raise NetworkError(f"The charity register extract is not valid JSON ({exc}).") from exc
    if not isinstance(records, list):
        raise NetworkError("The charity register extract is not a JSON array of charities.")
    rows = [
        [_text(r.get(f)) for f in CHARITY_FIELDS]
        for r in records
        if isinstance(r, dict) and str(r.get("linked_charity_number", 0)) in ("0", "None")
    ]
    dates = sorted({str(r.get("date_of_extract"))[:10] for r in records if isinstance(r, dict)})
    return rows, dates[-1] if dates else "unknown"


def fetch_mutuals(session: requests.Session) -> FetchedTable:
    text, body = fetch_text(session, COOPSUK_CSV_URL)
    reader = csv.reader(io.StringIO(text))
    columns = [c.strip() for c in next(reader, [])]
    if "Name" not in columns or "Postcode" not in columns:
        raise NetworkError(f"{COOPSUK_CSV_URL}: not a Co-operatives UK 'standard' CSV.")
    rows = [[_text(v) for v in row] for row in reader if len(row) == len(columns)]
    return FetchedTable(
        dataset_id=COOPSUK_DATASET,
        title="Co-operatives UK Open Data (standard CSV, Digital Commons)",
        publisher="Co-operatives UK",
        vintage="2023-03-02",
        url=COOPSUK_PAGE,
        origin=COOPSUK_CSV_URL,
        columns=columns,
        rows=rows,
        source_sha256=sha256_of([body]),
        caveats="Not the FCA Mutuals Public Register (no confirmed bulk download).",
        transformations=["CSV read as text; empty values as null"],
    )


def _only_member(body: bytes, url: str, suffix: str) -> io.TextIOWrapper:
    try:
        archive = zipfile.ZipFile(io.BytesIO(body))
        names = [n for n in archive.namelist() if n.lower().endswith(suffix)]
        if not names:
            raise NetworkError(f"{url}: the zip holds no {suffix} file ({archive.namelist()}).")
        return io.TextIOWrapper(archive.open(names[0]), encoding="utf-8-sig", newline="")
    except zipfile.BadZipFile as exc:
        raise NetworkError(f"{url}: the answer is not a zip file ({exc}).") from exc


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


REGISTER_SPECS: tuple[RegisterSource, ...] = (
    RegisterSource(
        name="companies-house",
        dataset_id=COMPANIES_HOUSE_DATASET,
        title="Companies House BasicCompanyData",
        description="Every live company: name, number, registered postcode, category, SIC",
        publisher="Companies House",
        api="Free Company Data Product (monthly bulk CSV)",
        fetcher=fetch_companies_house,
    ),
    RegisterSource(
        name="charities",
        dataset_id=CHARITIES_DATASET,
        title="Charity Commission register extract",
        description="Every registered charity in England and Wales: number, name, postcode",
        publisher="Charity Commission for England and Wales",
        api="Register extract (daily bulk JSON)",
        fetcher=fetch_charities,
    ),
    RegisterSource(
        name="mutuals",
        dataset_id=COOPSUK_DATASET,
        title="Co-operatives UK open data",
        description="Co-operatives and community benefit societies (Co-operatives UK)",
        publisher="Co-operatives UK",
        api="Open data CSV (Digital Commons standard format)",
        fetcher=fetch_mutuals,
        refreshes=COOPSUK_DATASET,
    ),
)

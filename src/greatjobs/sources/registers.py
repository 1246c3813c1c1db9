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

Two more registers are bundled only, with no live source: the employers that reported their
gender pay gap for 2021-22 (``gov_uk_gender_pay_gap_employers_2021_22``) and NHS trusts from the
Organisation Data Service (``nhs_ods_etr_nhs_trusts``).

Each source is a drop-in for ``greatjobs data update --source companies-house|charities|mutuals``.
The two bulk files (several GB unzipped) never sit in memory: each is downloaded and unzipped to
disk a chunk at a time and read by DuckDB, which writes the rows kept to Parquet
(:mod:`greatjobs.sources.bulk`).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import requests

from greatjobs.errors import NetworkError
from greatjobs.sources.bulk import ParquetRows, bulk_connection, text_value, unzip_member
from greatjobs.sources.http import FetchedTable, download, fetch_text, sha256_of
from greatjobs.store.duckdb_store import quote_identifier

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
GENDER_PAY_GAP_DATASET = "gov_uk_gender_pay_gap_employers_2021_22"
"""The bundled GOV.UK gender pay gap employers (2021-22): the large-employers register."""
NHS_TRUSTS_DATASET = "nhs_ods_etr_nhs_trusts"
"""The bundled NHS ODS ``etr`` file of NHS trusts: the nhs-trusts register."""

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
    """Find the latest ``BasicCompanyDataAsOneFile`` on the download page and read it, on disk."""
    page, _ = fetch_text(session, COMPANIES_HOUSE_PAGE)
    found = sorted(set(_CH_FILE.findall(page)))
    if not found:
        raise NetworkError(
            f"{COMPANIES_HOUSE_PAGE}: no link to BasicCompanyDataAsOneFile-YYYY-MM-DD.zip found."
        )
    url = f"{COMPANIES_HOUSE_BASE}BasicCompanyDataAsOneFile-{found[-1]}.zip"
    rows = ParquetRows("greatjobs-companies-house-")
    try:
        archive = rows.directory / "download.zip"
        source_sha256 = download(session, url, archive, retries=2)
        csv_path = unzip_member(archive, ".csv", url)
        archive.unlink()
        left_out = read_companies_house_csv(csv_path, rows.path)
        csv_path.unlink()
    except BaseException:
        rows.close()
        raise
    return FetchedTable(
        dataset_id=COMPANIES_HOUSE_DATASET,
        title="Companies House Free Company Data Product (BasicCompanyData), live companies",
        publisher="Companies House",
        vintage=found[-1],
        url=COMPANIES_HOUSE_PAGE,
        origin=url,
        columns=list(COMPANIES_HOUSE_COLUMNS),
        rows=rows,
        source_sha256=source_sha256,
        caveats="Registered office postcode, not trading address. Dissolved companies are not in "
        "the file.",
        transformations=[
            "CSV read from the zip; header names trimmed of their leading spaces",
            f"kept columns: {', '.join(COMPANIES_HOUSE_COLUMNS)}",
            "values stripped of surrounding spaces; empty values as null",
            *left_out,
        ],
    )


def read_companies_house_csv(csv_path: Path, parquet_path: Path) -> list[str]:
    """Write the :data:`COMPANIES_HOUSE_COLUMNS` of a BasicCompanyData CSV (header names trimmed)
    to Parquet, streaming; return a note on the rows left out for having too few or too many
    fields (none: an empty list)."""
    try:
        with csv_path.open(encoding="utf-8-sig", newline="") as text:
            header = [name.strip() for name in next(csv.reader(text), [])]
    except (UnicodeDecodeError, csv.Error) as exc:
        raise NetworkError(f"{csv_path.name}: not a BasicCompanyData CSV ({exc}).") from exc
    missing = [c for c in COMPANIES_HOUSE_COLUMNS if c not in header]
    if missing:
        raise NetworkError(f"Not a BasicCompanyData CSV: no columns {missing} in {header[:6]}...")
    fields = {f"c{i}": "VARCHAR" for i in range(len(header))}
    kept = ", ".join(
        f"{text_value(f'c{header.index(c)}')} AS {quote_identifier(c)}"
        for c in COMPANIES_HOUSE_COLUMNS
    )
    con = bulk_connection(parquet_path.parent)
    try:
        con.sql(
            f"SELECT {kept} FROM read_csv($path, header = true, auto_detect = false, "  # noqa: S608
            "columns = $fields, delim = ',', quote = '\"', escape = '\"', encoding = 'utf-8', "
            "ignore_errors = true, store_rejects = true)",
            params={"path": str(csv_path), "fields": fields},
        ).write_parquet(str(parquet_path), compression="zstd")
        rejected = con.execute(
            "SELECT count(DISTINCT line), min(line), any_value(error_message ORDER BY line) "
            "FROM reject_errors"
        ).fetchone()
    except duckdb.Error as exc:
        raise NetworkError(
            f"{csv_path.name}: the BasicCompanyData CSV could not be read ({exc})."
        ) from exc
    finally:
        con.close()
    if not rejected or not rejected[0]:
        return []
    count, line, message = rejected
    return [f"{count:,} rows left out as malformed (the first at line {line}: {message})"]


def fetch_charities(session: requests.Session) -> FetchedTable:
    """The register extract, read on disk: main charities only."""
    rows = ParquetRows("greatjobs-charities-")
    try:
        archive = rows.directory / "download.zip"
        source_sha256 = download(session, CHARITY_EXTRACT_URL, archive, retries=2)
        json_path = unzip_member(archive, ".json", CHARITY_EXTRACT_URL)
        archive.unlink()
        vintage = read_charity_extract(json_path, rows.path)
        json_path.unlink()
    except BaseException:
        rows.close()
        raise
    return FetchedTable(
        dataset_id=CHARITIES_DATASET,
        title="Charity Commission for England and Wales register extract (publicextract.charity)",
        publisher="Charity Commission for England and Wales",
        vintage=vintage,
        url=CHARITY_PAGE,
        origin=CHARITY_EXTRACT_URL,
        columns=list(CHARITY_FIELDS),
        rows=rows,
        source_sha256=source_sha256,
        caveats="England and Wales only; the contact postcode is the charity's correspondence "
        "address. Linked (subsidiary) charities are left out.",
        transformations=[
            "JSON read from the zip; main charities only (linked_charity_number 0)",
            f"kept fields: {', '.join(CHARITY_FIELDS)}",
        ],
    )


def read_charity_extract(json_path: Path, parquet_path: Path) -> str:
    """Write the :data:`CHARITY_FIELDS` of main charities in a register extract (a JSON array of
    objects) to Parquet, streaming; return the extract's date as the vintage."""
    fields = dict.fromkeys((*CHARITY_FIELDS, "linked_charity_number"), "JSON")
    kept = ", ".join(f"{_json_text(f)} AS {quote_identifier(f)}" for f in CHARITY_FIELDS)
    linked = _json_text("linked_charity_number")
    con = bulk_connection(parquet_path.parent)
    try:
        con.sql(
            f"SELECT {kept} FROM read_json($path, format = 'array', records = true, "  # noqa: S608
            f"columns = $fields) WHERE coalesce({linked}, '0') = '0'",
            params={"path": str(json_path), "fields": fields},
        ).write_parquet(str(parquet_path), compression="zstd")
        found = con.execute(
            "SELECT max(left(date_of_extract, 10)) FROM read_parquet($path)",
            {"path": str(parquet_path)},
        ).fetchone()
    except duckdb.Error as exc:
        raise NetworkError(
            f"{json_path.name}: the charity register extract is not a JSON array of charities "
            f"({exc})."
        ) from exc
    finally:
        con.close()
    return str(found[0]) if found and found[0] else "unknown"


def _json_text(field: str) -> str:
    """SQL for a JSON value as the text Python's ``str`` gives it (``True``, ``250000.0``)."""
    value = quote_identifier(field)
    return text_value(
        f"CASE json_type({value}) WHEN 'VARCHAR' THEN {value} ->> '$' "
        f"WHEN 'BOOLEAN' THEN CASE WHEN {value}::BOOLEAN THEN 'True' ELSE 'False' END "
        f"ELSE {value}::VARCHAR END"
    )


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

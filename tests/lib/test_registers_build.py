"""Registers built in batches: the refresh path streams a bulk file and gives the same rows.

A Companies House file of a few thousand companies in the real format (with repeated numbers,
names that normalise to nothing, padded values, a malformed row) goes through the path a refresh
takes: read by DuckDB to Parquet, loaded as a raw table, built into ``core.register_record`` batch
by batch, copied into the ledger batch by batch. Tiny batches give exactly the rows one batch
gives, and every row of the file is accounted for, against the old all-in-memory rules written
out in plain Python.
"""

from __future__ import annotations

import csv
import hashlib
import io
import random
import re
import zipfile
from pathlib import Path

import duckdb
import pytest
import requests

from greatjobs.errors import NetworkError
from greatjobs.home import Home
from greatjobs.sources import bulk
from greatjobs.sources.http import download
from greatjobs.sources.registers import (
    COMPANIES_HOUSE_COLUMNS,
    COMPANIES_HOUSE_DATASET,
    read_companies_house_csv,
)
from greatjobs.spend.ledger import open_ledger
from greatjobs.spend.suppliers import build
from greatjobs.spend.suppliers.build import RECORD_COLUMNS, build_registers, company_org_type
from greatjobs.spend.suppliers.normalise import normalise_supplier_name
from greatjobs.spend.suppliers.registers import refresh_registers

FIXTURES = Path(__file__).parents[1] / "fixtures" / "registers"
HEADER = next(csv.reader(io.StringIO((FIXTURES / "BasicCompanyData-sample.csv").read_text())))
COMPANIES = 3_000
CATEGORIES = [
    "Private Limited Company",
    "PLC",
    "Community Interest Company",
    "Charitable Incorporated Organisation",
    "Registered Society",
    "Limited Liability Partnership",
]
SIC = ["41201 - Construction of commercial buildings", "8110 - Old style", "None Supplied", ""]


def company_rows(n: int, seed: int = 7) -> list[list[str]]:
    """``n`` companies in BasicCompanyData's 55 columns, with the awkward cases a real file has."""
    rng = random.Random(seed)
    words = ["MERSEY", "WIRRAL", "BRIDGE", "DATA", "CARE", "& SONS", "BUILDERS", "CATERING"]
    rows = []
    for i in range(n):
        row = [""] * len(HEADER)
        name = " ".join(rng.choice(words) for _ in range(3)) + rng.choice(
            [" LIMITED", " LTD", " C.I.C.", " PLC", ", THE", ""]
        )
        values = {
            "CompanyName": name,
            "CompanyNumber": f"{i + 1:08d}",
            "RegAddress.PostTown": "LIVERPOOL",
            "RegAddress.PostCode": rng.choice(["L2 2DH", " L3 5TQ ", "\xa0CH41 5AU", ""]),
            "CompanyCategory": rng.choice(CATEGORIES),
            "CompanyStatus": "Active",
            "Accounts.AccountCategory": rng.choice(["SMALL", "FULL", "MICRO ENTITY", ""]),
            "SICCode.SicText_1": rng.choice(SIC),
            "SICCode.SicText_2": rng.choice(SIC),
        }
        if i % 97 == 5:
            values["CompanyNumber"] = f"{i:08d}"  # the number of the row before: a repeat
        if i % 211 == 3:
            values["CompanyName"] = " - "  # normalises to nothing
        if i % 307 == 4:
            values["CompanyNumber"] = "  "  # no id
        for column, value in values.items():
            row[_at(column)] = value
        rows.append(row)
    return rows


def _at(column: str) -> int:
    return [h.strip() for h in HEADER].index(column)


def write_csv(path: Path, rows: list[list[str]], malformed_at: int | None = None) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        f.write(",".join(HEADER) + "\r\n")
        for n, row in enumerate(rows):
            if n == malformed_at:
                f.write('"TOO FEW FIELDS LTD","99999999"\r\n')
            writer.writerow(row)


def expected_records(rows: list[list[str]]) -> list[tuple]:
    """The Companies House register as the old path made it, in plain Python."""
    index = [_at(c) for c in COMPANIES_HOUSE_COLUMNS]
    out, seen = [], set()
    for row in rows:
        r = dict(zip(COMPANIES_HOUSE_COLUMNS, [row[i].strip() or None for i in index], strict=True))
        name = r["CompanyName"] or ""
        number = r["CompanyNumber"]
        matching = normalise_supplier_name(name)
        if number is None or matching == "" or number in seen:
            continue
        seen.add(number)
        sics = [r[f"SICCode.SicText_{i}"] for i in range(1, 5)]
        codes = [m.group(1).zfill(5) for s in sics if s and (m := re.match(r"^\s*(\d{4,5})\b", s))]
        out.append(
            (
                "companies-house",
                number,
                name,
                matching,
                r["RegAddress.PostCode"],
                number,
                company_org_type(r["CompanyCategory"], name),
                r["CompanyCategory"],
                r["CompanyStatus"],
                r["Accounts.AccountCategory"],
                None,
                None,
                codes,
            )
        )
    return out


@pytest.fixture(scope="module")
def raw_parquet(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[list[str]]]:
    directory = tmp_path_factory.mktemp("companies")
    rows = company_rows(COMPANIES)
    write_csv(directory / "companies.csv", rows, malformed_at=1_000)
    note = read_companies_house_csv(directory / "companies.csv", directory / "rows.parquet")
    assert note == [
        "1 rows left out as malformed (the first at line 1002: Expected Number of Columns: 55 "
        "Found: 2)"
    ]
    return directory / "rows.parquet", rows


def warehouse_with(parquet: Path, batch_rows: int) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("CREATE SCHEMA raw; CREATE SCHEMA meta")
    con.execute(
        f"CREATE TABLE raw.{COMPANIES_HOUSE_DATASET} AS SELECT * FROM read_parquet(?)",
        [str(parquet)],
    )
    con.execute(
        "CREATE TABLE meta.dataset AS SELECT ? AS id, 'Companies House' AS title, "
        "'Companies House' AS publisher, '2026-11-01' AS vintage, 'OGL' AS licence",
        [COMPANIES_HOUSE_DATASET],
    )
    build_registers(con, batch_rows=batch_rows)
    return con


def core_rows(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    columns = ", ".join(RECORD_COLUMNS)
    return con.execute(f"SELECT {columns} FROM core.register_record ORDER BY rowid").fetchall()


def test_values_are_read_as_the_old_path_read_them(raw_parquet: tuple[Path, list]) -> None:
    parquet, rows = raw_parquet
    read = duckdb.sql(f"SELECT * FROM read_parquet('{parquet}')").fetchall()
    index = [_at(c) for c in COMPANIES_HOUSE_COLUMNS]
    assert read == [tuple(row[i].strip() or None for i in index) for row in rows]


def test_the_register_is_built_batch_by_batch_with_the_rows_of_one_batch(
    raw_parquet: tuple[Path, list], monkeypatch: pytest.MonkeyPatch
) -> None:
    parquet, rows = raw_parquet
    whole = warehouse_with(parquet, batch_rows=1_000_000)
    sizes: list[int] = []
    real = build.normalised
    monkeypatch.setattr(build, "normalised", lambda batch: sizes.append(len(batch)) or real(batch))
    batched = warehouse_with(parquet, batch_rows=128)
    assert len(sizes) > COMPANIES // 128 and max(sizes) <= 128, "read 128 rows at a time"
    assert core_rows(batched) == core_rows(whole)
    assert core_rows(batched) == expected_records(rows)
    (recorded,) = batched.execute("SELECT records FROM core.register").fetchone()
    assert recorded == len(expected_records(rows))


def test_every_row_of_the_file_is_accounted_for(raw_parquet: tuple[Path, list]) -> None:
    parquet, rows = raw_parquet
    con = warehouse_with(parquet, batch_rows=500)
    numbers = [r[_at("CompanyNumber")].strip() for r in rows]
    no_id = sum(1 for n in numbers if not n)
    no_name = sum(
        1 for r, n in zip(rows, numbers, strict=True) if n and not normalise_supplier_name(r[0])
    )
    repeated = len([n for n in numbers if n]) - no_name - len(core_rows(con))
    assert (no_id, no_name, repeated) == (10, 15, 30), "as the generator made them"
    assert len(rows) == len(core_rows(con)) + no_id + no_name + repeated


def test_the_ledger_copy_is_streamed_in_batches_with_the_same_rows(
    raw_parquet: tuple[Path, list], tmp_path: Path
) -> None:
    parquet, rows = raw_parquet
    warehouse = warehouse_with(parquet, batch_rows=100_000)
    columns = ", ".join(RECORD_COLUMNS)
    copies = []
    for n, batch_rows in enumerate((64, 1_000_000)):
        ledger = open_ledger(Home(tmp_path / str(n)))
        assert refresh_registers(ledger, warehouse, batch_rows=batch_rows) == ["companies-house"]
        copies.append(
            ledger.execute(f"SELECT {columns} FROM spend.register_record ORDER BY rowid").fetchall()
        )
        (records,) = ledger.execute("SELECT records FROM spend.register_load").fetchone()
        assert records == len(expected_records(rows))
        ledger.close()
    assert copies[0] == copies[1] == core_rows(warehouse)


def test_a_bulk_download_is_written_to_disk_chunk_by_chunk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = zipped("BasicCompanyData.csv", b"x" * 5_000)
    reads: list[int | None] = []

    class Socket(io.BytesIO):
        def read(self, size: int | None = -1) -> bytes:
            reads.append(size)
            return super().read(size)

    class Answer(requests.adapters.HTTPAdapter):
        def send(self, request: requests.PreparedRequest, **kwargs: object) -> requests.Response:
            assert kwargs.get("stream") is True, "the body is streamed, not read whole"
            response = requests.Response()
            response.status_code, response.url, response.request = 200, request.url, request
            response.raw = Socket(body)
            return response

    monkeypatch.setattr("greatjobs.sources.http.DOWNLOAD_CHUNK", 1_024)
    http = requests.Session()
    http.mount("https://", Answer())
    digest = download(http, "https://example.org/bulk.zip", tmp_path / "bulk.zip")
    assert (tmp_path / "bulk.zip").read_bytes() == body
    assert digest == hashlib.sha256(body).hexdigest()
    assert len(reads) > 1 and set(reads) == {1_024}
    member = bulk.unzip_member(tmp_path / "bulk.zip", ".csv", "https://example.org/bulk.zip")
    assert member.read_bytes() == b"x" * 5_000


def test_an_answer_that_is_not_a_zip_is_a_network_error(tmp_path: Path) -> None:
    (tmp_path / "page.zip").write_bytes(b"<html>maintenance</html>")
    with pytest.raises(NetworkError, match=r"https://example\.org/x\.zip: the answer is not a zip"):
        bulk.unzip_member(tmp_path / "page.zip", ".csv", "https://example.org/x.zip")


def test_rows_kept_on_disk_are_moved_and_their_scratch_directory_removed(tmp_path: Path) -> None:
    rows = bulk.ParquetRows("greatjobs-test-")
    duckdb.sql("SELECT 'a' AS x UNION ALL SELECT NULL").write_parquet(str(rows.path))
    assert len(rows) == 2 and list(rows) == [["a"], [None]] and rows.columns == ["x"]
    assert rows.save_as(tmp_path / "x.parquet") == 2
    assert (tmp_path / "x.parquet").is_file() and not rows.directory.exists()


def test_values_are_trimmed_of_exactly_what_python_strips() -> None:
    import sys

    python_strips = "".join(c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace())
    assert python_strips == bulk.WHITESPACE
    value = "\u3000\t A  B\xa0\u2029"
    [(trimmed,)] = duckdb.execute(f"SELECT {bulk.text_value('?')}", [value]).fetchall()
    assert trimmed == value.strip() == "A  B"


def zipped(name: str, data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, data)
    return buffer.getvalue()

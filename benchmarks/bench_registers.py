"""Benchmark: refresh the Companies House register from a 5,000,000-company bulk file.

Not a test: run it by hand and record the figures in ``benchmarks/RESULTS.md``::

    python benchmarks/bench_registers.py                    # 5,000,000 companies
    python benchmarks/bench_registers.py --rows 1000000     # a quicker look

1. Generate (not timed) a synthetic ``BasicCompanyDataAsOneFile-2026-11-01.zip`` in the real
   format: one CSV of 55 columns, every field quoted, the published header with its leading
   spaces; company names built from Companies House-like words (some with commas or quotes),
   numbers, postcodes, categories (CICs, charitable incorporated organisations, registered
   societies), statuses, accounts categories, up to four SIC texts, previous names.
2. ``update``, in a child process: exactly what ``greatjobs data update --source companies-house``
   runs (``update_sources``), with a ``requests`` transport that answers the download page and
   streams the zip from disk instead of the network: download, unzip, read, write the refreshed
   dataset, then rebuild the warehouse with every build step.
3. ``load``, in a child process: copy the registers into a new spend ledger, as
   ``greatjobs suppliers resolve`` does first (``refresh_registers`` inside ``write_ledger``).

Each child reports its wall time per stage (from the progress it is given) and its peak resident
set size (``getrusage(RUSAGE_SELF).ru_maxrss``; the parent checks it with ``RUSAGE_CHILDREN``).
Run it with another greatjobs on ``PYTHONPATH`` to measure that code on the same file.
The warehouse build limits DuckDB's memory (``BUILD_MEMORY_LIMIT``): without it DuckDB kept
the 5 million freshly loaded raw rows in memory until it checkpointed them (1,635 MB at peak).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

import duckdb
import requests
from requests.adapters import HTTPAdapter

VINTAGE = "2026-11-01"
ZIP_NAME = f"BasicCompanyDataAsOneFile-{VINTAGE}.zip"
HEADER_FROM = Path(__file__).parents[1] / "tests/fixtures/registers/BasicCompanyData-sample.csv"

WORDS = {
    "place": "MERSEY WIRRAL LIVERPOOL KNOWSLEY SEFTON HALTON NORTHERN ATLANTIC PENNINE RIVERSIDE "
    "PHOENIX ALBION CROWN ROYAL VICTORIA HARBOUR ANFIELD BOOTLE CROSBY FORMBY SOUTHPORT WIDNES "
    "RUNCORN PRESCOT HUYTON KIRKBY BIRKENHEAD WALLASEY HOYLAKE SPEKE GARSTON AINTREE",
    "surname": "SMITH JONES WILLIAMS TAYLOR BROWN DAVIES EVANS WILSON THOMAS ROBERTS JOHNSON "
    "LEWIS WALKER ROBINSON WOOD THOMPSON WHITE WATSON JACKSON WRIGHT GREEN HARRIS COOPER KING "
    "PATEL KHAN AHMED ALI SINGH KAUR NGUYEN CHEN OKAFOR MENSAH NOWAK ROSSI SILVA MURPHY",
    "trade": "BUILDING CONSTRUCTION CLEANING CATERING PLUMBING ELECTRICAL ROOFING JOINERY "
    "LANDSCAPING SECURITY CONSULTING ENGINEERING LOGISTICS TRANSPORT HAULAGE PRINTING SOFTWARE "
    "DATA TRAINING CARE RECRUITMENT FACILITIES MAINTENANCE SCAFFOLDING GLAZING DECORATING",
    "ending": "SERVICES SOLUTIONS GROUP CONTRACTORS SUPPLIES SYSTEMS PARTNERS ASSOCIATES "
    "HOLDINGS ENTERPRISES CONSULTANTS AGENCY WORKS DIRECT",
    "town": "LIVERPOOL BIRKENHEAD SOUTHPORT WIDNES RUNCORN LONDON MANCHESTER LEEDS BRISTOL "
    "CARDIFF GLASGOW EDINBURGH BELFAST",
}
CATEGORIES = [
    *["Private Limited Company"] * 88,
    "PLC",
    "Limited Liability Partnership",
    "Private Limited Company by guarantee without share capital",
    "Private Limited Company by guarantee without share capital",
    "Community Interest Company",
    "Charitable Incorporated Organisation",
    "Registered Society",
    "Industrial and Provident Society",
    "Limited Partnership",
    "Private Unlimited Company",
    "Overseas Entity",
    "Scottish Partnership",
]
ACCOUNTS = [
    "MICRO ENTITY",
    "TOTAL EXEMPTION FULL",
    "DORMANT",
    "SMALL",
    "UNAUDITED ABRIDGED",
    "FULL",
    "GROUP",
    "NO ACCOUNTS FILED",
    "ACCOUNTS TYPE NOT AVAILABLE",
]
SIC = [
    "41201 - Construction of commercial buildings",
    "43210 - Electrical installation",
    "56290 - Other food services",
    "62020 - Information technology consultancy activities",
    "68209 - Other letting and operating of own or leased real estate",
    "70229 - Management consultancy activities other than financial management",
    "81100 - Combined facilities support activities",
    "82990 - Other business support service activities n.e.c.",
    "96090 - Other service activities n.e.c.",
    "99999 - Dormant Company",
    "None Supplied",
]


def _pick(values: str, salt: int) -> str:
    """SQL picking one of the list parameter ``$values`` for row ``i``, pseudo-randomly."""
    return f"list_element(${values}, (hash(i, {salt}) % len(${values}))::INTEGER + 1)"


def _chance(percent: float, salt: int) -> str:
    return f"(hash(i, {salt}) % 10000) < {int(percent * 100)}"


def row_sql() -> str:
    """SQL for the 55 fields of one company, ``i`` its row number."""
    number = (  # unique: a Scottish, Northern Irish... prefix per million rows
        f"CASE WHEN {_chance(2.5, 1)} THEN list_element(['SC', 'NI', 'OC', 'SO', 'NC', 'SL'], "
        "(i // 1000000)::INTEGER + 1) || lpad((i % 1000000)::VARCHAR, 6, '0') "
        "ELSE lpad((i + 1)::VARCHAR, 8, '0') END"
    )
    place, surname, trade = _pick("place", 5), _pick("surname", 6), _pick("trade", 7)
    name = f"""CASE
        WHEN {_chance(1, 2)} THEN {surname} || ', ' || {_pick("surname", 4)} || ' & CO LIMITED'
        WHEN {_chance(0.3, 9)} THEN 'THE "' || {place} || '" ' || {trade} || ' COMPANY LTD'
        WHEN {_chance(1, 10)} THEN {place} || ' ' || {trade} || ' C.I.C.'
        ELSE concat_ws(' ', {place}, {surname}, {trade}, {_pick("ending", 8)}, {_pick("form", 11)})
    END || CASE WHEN i % 7 = 0 THEN ' ' || (i % 1000)::VARCHAR ELSE '' END"""
    postcode = (
        "'L' || (1 + hash(i, 12) % 37)::VARCHAR || ' ' || (hash(i, 13) % 10)::VARCHAR"
        " || chr(65 + (hash(i, 14) % 26)::INTEGER) || chr(65 + (hash(i, 15) % 26)::INTEGER)"
    )
    date = "strftime(DATE '1980-01-01' + (hash(i, {s}) % 16000)::INTEGER, '%d/%m/%Y')"
    sic2 = f"CASE WHEN {_chance(20, 17)} THEN {_pick('sic', 18)} ELSE '' END"
    previous = [
        f"CASE WHEN {_chance(5, 19)} THEN {date.format(s=20)} ELSE '' END",
        f"CASE WHEN {_chance(5, 19)} THEN concat_ws(' ', {_pick('place', 21)}, "
        f"{_pick('trade', 22)}, 'LIMITED') ELSE '' END",
    ]
    fields = [
        name,
        number,
        "''",
        "''",
        "(1 + hash(i, 23) % 200)::VARCHAR || ' ' || " + _pick("place", 24) + " || ' STREET'",
        "''",
        _pick("town", 25),
        "'MERSEYSIDE'",
        "'ENGLAND'",
        postcode,
        _pick("category", 26),
        f"CASE WHEN {_chance(3, 27)} THEN 'Liquidation' ELSE 'Active' END",
        "'United Kingdom'",
        "''",
        date.format(s=28),
        "(1 + hash(i, 29) % 28)::VARCHAR",
        "(1 + hash(i, 30) % 12)::VARCHAR",
        date.format(s=31),
        date.format(s=32),
        _pick("accounts", 33),
        "''",
        "''",
        *["(hash(i, 34) % 3)::VARCHAR"] * 4,
        _pick("sic", 35),
        sic2,
        "''",
        "''",
        "'0'",
        "'0'",
        "'http://business.data.gov.uk/id/company/' || " + number,
        *previous,
        *["''"] * 18,
        date.format(s=36),
        date.format(s=37),
    ]
    assert len(fields) == 55, len(fields)
    return ",\n".join(f"{f} AS c{n}" for n, f in enumerate(fields))


def generate(rows: int, directory: Path) -> Path:
    """Write ``ZIP_NAME`` with ``rows`` companies into ``directory``; return its path."""
    header = HEADER_FROM.read_text(encoding="utf-8").splitlines()[0]
    body = directory / "body.csv"
    con = duckdb.connect()
    params = {k: v.split() for k, v in WORDS.items()} | {
        "category": CATEGORIES,
        "accounts": ACCOUNTS,
        "sic": SIC,
        "form": ["LIMITED"] * 12 + ["LTD", "PLC", "LLP", "COMMUNITY INTEREST COMPANY"],
    }
    con.sql(
        f"SELECT {row_sql()} FROM range($rows) r(i)", params={**params, "rows": rows}
    ).write_csv(str(body), header=False, quoting=1)
    con.close()
    archive = directory / ZIP_NAME
    member_name = ZIP_NAME.replace(".zip", ".csv")
    with (
        zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zipped,
        zipped.open(member_name, "w", force_zip64=True) as member,
        body.open("rb") as source,
    ):
        member.write((header + "\n").encode())
        while chunk := source.read(1 << 20):
            member.write(chunk)
    body.unlink()
    return archive


class LocalPublisher(HTTPAdapter):
    """Answers the Companies House download page and streams the bulk file from disk."""

    def __init__(self, archive: Path) -> None:
        from greatjobs.sources import registers

        super().__init__()
        self.page = registers.COMPANIES_HOUSE_PAGE
        self.file_url = registers.COMPANIES_HOUSE_BASE + ZIP_NAME
        self.archive = archive

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        response = requests.Response()
        response.url = str(request.url)
        response.request = request
        response.status_code = 200
        if request.url == self.page:
            response.raw = io.BytesIO(f'<a href="{ZIP_NAME}">{ZIP_NAME}</a>'.encode())
        elif request.url == self.file_url:
            response.raw = self.archive.open("rb")
            response.headers["Content-Length"] = str(self.archive.stat().st_size)
        else:
            response.status_code = 404
            response.raw = io.BytesIO(b"Not found")
        return response


class Stages:
    """Wall time and peak RSS so far at each change of progress label."""

    def __init__(self) -> None:
        self.start = time.perf_counter()
        self.marks: list[tuple[str, float, float]] = []

    def __call__(self, label: str, done: int, total: int) -> None:
        if not self.marks or self.marks[-1][0] != label:
            self.mark(label)

    def mark(self, label: str) -> None:
        self.marks.append((label, time.perf_counter() - self.start, peak_mb()))

    def table(self) -> list[dict[str, Any]]:
        ends = [*self.marks[1:], ("end", time.perf_counter() - self.start, peak_mb())]
        return [
            {"stage": label, "seconds": round(end[1] - t, 1), "peak_mb_after": round(end[2])}
            for (label, t, _), end in zip(self.marks, ends, strict=True)
        ]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(phase: str, home_dir: Path, archive: Path) -> dict[str, Any]:
    import greatjobs
    from greatjobs.home import Home
    from greatjobs.sources.update import update_sources
    from greatjobs.spend.ledger import write_ledger
    from greatjobs.spend.suppliers.registers import refresh_registers
    from greatjobs.warehouse import open_warehouse

    home = Home(home_dir)
    stages = Stages()
    started = time.perf_counter()
    if phase == "update":
        session = requests.Session()
        session.mount("https://", LocalPublisher(archive))
        stages.mark("Fetching from APIs")
        result = update_sources(home, ["companies-house"], progress=stages, session=session)
        detail = {"rows": result.datasets[0].rows}
    else:
        stages.mark("Copying registers into the ledger")
        with open_warehouse(home) as warehouse, write_ledger(home) as ledger:
            loaded = refresh_registers(ledger, warehouse)
            records = ledger.execute(
                "SELECT register, count(*) FROM spend.register_record GROUP BY 1 ORDER BY 1"
            ).fetchall()
        detail = {"loaded": loaded, "records": dict(records)}
    return {
        "phase": phase,
        "code": str(Path(greatjobs.__file__).parent),
        "seconds": round(time.perf_counter() - started, 1),
        "peak_mb": round(peak_mb()),
        "stages": stages.table(),
        **detail,
    }


def run_child(phase: str, home: Path, archive: Path) -> dict[str, Any]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    command = [sys.executable, __file__, "--child", phase, "--home", str(home), str(archive)]
    out = subprocess.run(
        command,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result["children_peak_mb"] = round(after / 1024) if after > before else "below an earlier"
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("archive", nargs="?", type=Path, help="reuse a generated zip")
    parser.add_argument("--rows", type=int, default=5_000_000)
    parser.add_argument("--keep", type=Path, help="generate the zip here and keep it")
    parser.add_argument("--child", choices=["update", "load"], help=argparse.SUPPRESS)
    parser.add_argument("--home", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.home, args.archive)))
        return
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{sys.version.split()[0]}, DuckDB {duckdb.__version__}; load average "
        f"{os.getloadavg()[0]:.1f}"
    )
    with tempfile.TemporaryDirectory(prefix="bench-registers-") as tmp:
        archive = args.archive
        if archive is None:
            where = args.keep or Path(tmp)
            where.mkdir(parents=True, exist_ok=True)
            started = time.perf_counter()
            archive = generate(args.rows, where)
            print(
                f"Generated {args.rows:,} companies: {archive.stat().st_size / 1e6:,.0f} MB "
                f"zipped in {time.perf_counter() - started:.0f} s (not timed below)"
            )
        home = Path(tmp) / "home"
        for phase in ("update", "load"):
            result = run_child(phase, home, archive)
            print(
                f"\n{phase}: {result['seconds']} s, peak RSS {result['peak_mb']:,} MB "
                f"(RUSAGE_CHILDREN {result['children_peak_mb']} MB), code {result['code']}"
            )
            for stage in result["stages"]:
                print(
                    f"  {stage['stage']:<36} {stage['seconds']:>7} s  "
                    f"peak so far {stage['peak_mb_after']:,} MB"
                )
            print(
                "  "
                + json.dumps({k: result[k] for k in ("rows", "loaded", "records") if k in result})
            )
        print(f"Load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()

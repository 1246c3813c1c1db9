"""Spend pipeline benchmark: synthetic ledgers shaped like the real files, CSV to metrics.

    python benchmarks/bench_spend.py --rows 10000000 [--csv /tmp/ledger-10m.csv] [--skip pandas]

Writes a Hyndburn-shaped CSV (title row, padded columns, "£" header in Windows-1252, quoted
"1,234.50" amounts, "3 Apr 2023" dates, some blank and broken rows), then in separate processes:
greatjobs (import into a ledger + the metrics on DuckDB), a straightforward pandas version of
the same metrics, and a plain DuckDB script doing the same work (ledger file + metrics, no
greatjobs: the engine's own cost). Prints wall time and peak resident memory of each.
"""

from __future__ import annotations

import argparse
import importlib.resources
import resource
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path
from typing import Any

import numpy as np


def generate(path: Path, rows: int, seed: int = 5) -> None:
    rng = np.random.default_rng(seed)
    suppliers = np.array([f"Supplier {i:06d} Ltd" for i in range(100_000)])
    suppliers[:50] = "REDACTED"
    months = np.array(
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    )
    categories = np.array(
        [
            "Training Expenses",
            "Contractor Other",
            "Grants",
            "Cleaning Of Buildings",
            "Printing",
            "Consultants Fees",
            "Asset Maint R&M",
            "Recharge",
        ]
    )
    with path.open("w", encoding="cp1252", newline="") as out:
        out.write(
            ",,,,,,,,\r\nService Cost Centre,Account Detail,Description,HBC ref no,Name,"
            "Payment Date,Net Amount (£),,\r\n"
        )
        chunk = 1_000_000
        for start in range(0, rows, chunk):
            n = min(chunk, rows - start)
            pick = suppliers[rng.zipf(1.3, n) % len(suppliers)]
            pence = rng.integers(25_000, 5_000_000, n)
            day = rng.integers(1, 29, n)
            mon = months[rng.integers(0, 12, n)]
            year = rng.integers(2019, 2025, n)
            cat = categories[rng.integers(0, len(categories), n)]
            lines = [
                f"Cost Centre {d % 40},{c},DESCRIPTION,B{start + i},{s},{d} {m} {y},"
                f'"{p // 100:,}.{p % 100:02d}",,'
                for i, (s, p, d, m, y, c) in enumerate(
                    zip(pick, pence, day, mon, year, cat, strict=True)
                )
            ]
            lines[::50_000] = [",,,,,,,,"] * len(lines[::50_000])
            out.write("\r\n".join(lines) + "\r\n")


def run_greatjobs(csv_path: Path) -> None:
    from greatjobs.spend.ingest import import_file
    from greatjobs.spend.ledger import WRITER_MEMORY_LIMIT, open_ledger
    from greatjobs.spend.report import spend_report
    from greatjobs.store.backend import DuckDBBackend

    with tempfile.TemporaryDirectory() as tmp:
        # As the CLI's writer: DuckDB spills its working tables to disk beyond this limit.
        con = open_ledger(Path(tmp) / "spend.duckdb", memory_limit=WRITER_MEMORY_LIMIT)
        t0 = time.perf_counter()
        result = import_file(con, csv_path, "Bench")
        t1 = time.perf_counter()
        report = spend_report(con, DuckDBBackend(con), ["Bench"])
        t2 = time.perf_counter()
        assert result.reconciles
        print(
            f"greatjobs import {t1 - t0:.2f}s metrics {t2 - t1:.2f}s total {t2 - t0:.2f}s "
            f"rows {result.rows_read:,} loaded {result.rows_loaded:,} in-scope "
            f"£{report.in_scope_gbp:,.2f} peak {_peak_mb():,.0f} MB"
        )


def run_pandas(csv_path: Path) -> None:
    import pandas as pd

    t0 = time.perf_counter()
    frame = pd.read_csv(csv_path, skiprows=1, encoding="cp1252", dtype=str, usecols=[1, 4, 5, 6])
    frame.columns = ["category", "supplier", "date", "amount"]
    frame = frame.dropna(how="all")
    amount = pd.to_numeric(frame["amount"].str.replace(",", "", regex=False), errors="coerce")
    frame["pence"] = (amount * 100).round().astype("Int64")
    frame["date"] = pd.to_datetime(frame["date"], format="%d %b %Y", errors="coerce")
    frame = frame.dropna(subset=["supplier", "pence", "date"])
    excluded = frame["supplier"].str.contains("redacted", case=False) | frame[
        "category"
    ].str.contains("grant|recharge", case=False, regex=True)
    scope = frame[~excluded]
    total = scope["pence"].sum()
    top = scope.groupby("supplier")["pence"].sum().nlargest(300)
    trend = scope.groupby(scope["date"].dt.year)["pence"].sum()
    t1 = time.perf_counter()
    print(
        f"pandas total {t1 - t0:.2f}s rows {len(frame):,} in-scope £{total / 100:,.2f} "
        f"top {len(top)} years {len(trend)} peak {_peak_mb():,.0f} MB"
    )


# The plain DuckDB contender: what the engine itself costs for the same work, written the way a
# DuckDB user would without greatjobs (one connection, default settings, per-row SQL, one
# temporary table of the raw text). Its ledger has the columns of greatjobs's spend.payment.
PLAIN_PAYMENT_DDL = """CREATE TABLE payment (
    payment_id BIGINT NOT NULL, body VARCHAR NOT NULL, file_id INTEGER NOT NULL,
    row_number BIGINT NOT NULL, paid_on DATE NOT NULL, supplier_name VARCHAR NOT NULL,
    supplier_name_normalised VARCHAR NOT NULL, supplier_id VARCHAR,
    amount DECIMAL(18,2) NOT NULL, category VARCHAR, service VARCHAR, excluded_by VARCHAR
)"""
PLAIN_DATE_FORMATS = ["%d %b %Y", "%d %B %Y", "%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"]
# The file is read once into a temporary table of text: its rowids number the rows in file order
# (the title is line 1, the header line 2, the first row line 3) and its size is the rows read.
# row_number() OVER () on the scan would number them too, but runs the whole statement on one
# thread (2.4 s more at 3,000,000 rows on 2 cores).
PLAIN_RAW_SQL = """CREATE TEMP TABLE raw AS
SELECT "Name" AS name, "Payment Date" AS paid_text, "Net Amount (£)" AS amount_text,
       "Account Detail" AS category, "Service Cost Centre" AS service
FROM read_csv($path, skip = 1, header = true, all_varchar = true, encoding = 'latin-1')"""
PLAIN_LOAD_SQL = """INSERT INTO payment
WITH cleaned AS (
    SELECT rowid + 3 AS line, trim(name) AS supplier_name,
           nullif(trim(category), '') AS category, nullif(trim(service), '') AS service,
           replace(replace(replace(amount_text, '£', ''), ',', ''), ' ', '') AS amount_text,
           CAST(try_strptime(trim(paid_text), $formats) AS DATE) AS paid_on
    FROM raw
), typed AS (
    SELECT *,
           CASE WHEN amount_text LIKE '(%)'
                THEN -TRY_CAST(trim(amount_text, '()') AS DECIMAL(18,2))
                ELSE TRY_CAST(amount_text AS DECIMAL(18,2)) END AS amount
    FROM cleaned
)
SELECT line, 'Bench', 1, line, paid_on, supplier_name,
       upper(trim(regexp_replace(supplier_name, '\\s+', ' ', 'g'))), NULL, amount, category,
       service, {excluded_by}
FROM typed
WHERE supplier_name <> '' AND amount IS NOT NULL AND paid_on IS NOT NULL"""
PLAIN_METRICS_SQL = {
    "totals": """SELECT sum(amount) FILTER (WHERE excluded_by IS NULL),
                        count(*) FILTER (WHERE excluded_by IS NULL),
                        sum(amount) FILTER (WHERE excluded_by IS NOT NULL) FROM payment""",
    "excluded": """SELECT excluded_by, count(*), sum(amount) FROM payment
                   WHERE excluded_by IS NOT NULL GROUP BY excluded_by ORDER BY 3 DESC""",
    "top": """SELECT max(supplier_name), supplier_name_normalised, sum(amount) AS spend,
                     count(*), sum(amount) / sum(sum(amount)) OVER () AS share
              FROM payment WHERE excluded_by IS NULL GROUP BY supplier_name_normalised
              ORDER BY spend DESC, supplier_name_normalised LIMIT 300""",
    "trend": """SELECT year(paid_on) AS year, sum(amount), count(*) FROM payment
                WHERE excluded_by IS NULL GROUP BY year ORDER BY year""",
}


def plain_exclusion_case() -> tuple[str, dict[str, str]]:
    """greatjobs's default exclusion rules (the same ``exclusions.toml``, read as data) as one
    SQL CASE per payment: the first rule whose supplier pattern matches the name, or whose
    category pattern matches the category or service, names the payment's exclusion."""
    text = importlib.resources.files("greatjobs.spend").joinpath("exclusions.toml").read_text()
    whens: list[str] = []
    params: dict[str, str] = {}
    for i, rule in enumerate(tomllib.loads(text)["rule"]):
        tests = []
        if rule.get("supplier"):
            params[f"s{i}"] = "(?i)" + "|".join(f"(?:{p})" for p in rule["supplier"])
            tests.append(f"regexp_matches(supplier_name, $s{i})")
        if rule.get("category"):
            params[f"c{i}"] = "(?i)" + "|".join(f"(?:{p})" for p in rule["category"])
            tests += [f"regexp_matches(coalesce({c}, ''), $c{i})" for c in ("category", "service")]
        params[f"id{i}"] = rule["id"]
        whens.append(f"WHEN {' OR '.join(tests)} THEN $id{i}")
    return "CASE " + " ".join(whens) + " END", params


def plain_load(con: Any, csv_path: Path) -> tuple[int, int]:
    """Read the file into a temporary table of text, then parse, check and write the payments
    in one INSERT; rows read and rows loaded (a row whose name, amount or date does not parse
    is dropped: read - loaded of them)."""
    excluded_by, params = plain_exclusion_case()
    con.execute(PLAIN_PAYMENT_DDL)
    con.execute(PLAIN_RAW_SQL, {"path": str(csv_path)})
    loaded = con.execute(
        PLAIN_LOAD_SQL.format(excluded_by=excluded_by),
        {"formats": PLAIN_DATE_FORMATS, **params},
    ).fetchone()[0]
    read = con.execute("SELECT count(*) FROM raw").fetchone()[0]
    con.execute("DROP TABLE raw")
    return read, loaded


def plain_metrics(con: Any) -> dict[str, list[tuple[Any, ...]]]:
    """The report's aggregates over in-scope payments: totals, pounds per exclusion rule, top
    300 suppliers by normalised name with their share, and the trend by year."""
    return {name: con.execute(sql).fetchall() for name, sql in PLAIN_METRICS_SQL.items()}


def run_duckdb(csv_path: Path) -> None:
    import duckdb

    with tempfile.TemporaryDirectory() as tmp:
        con = duckdb.connect(str(Path(tmp) / "plain.duckdb"))
        t0 = time.perf_counter()
        read, loaded = plain_load(con, csv_path)
        t1 = time.perf_counter()
        metrics = plain_metrics(con)
        t2 = time.perf_counter()
        in_scope = metrics["totals"][0][0]
        top10 = sum(row[4] for row in metrics["top"][:10])
        top300 = sum(row[4] for row in metrics["top"])
        print(
            f"duckdb import {t1 - t0:.2f}s metrics {t2 - t1:.2f}s total {t2 - t0:.2f}s "
            f"rows {read:,} loaded {loaded:,} dropped {read - loaded:,} in-scope "
            f"£{in_scope:,.2f} top10 {top10:.1%} top300 {top300:.1%} "
            f"years {len(metrics['trend'])} peak {_peak_mb():,.0f} MB"
        )
        con.close()


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


CONTENDERS = {"greatjobs": run_greatjobs, "pandas": run_pandas, "duckdb": run_duckdb}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--only", choices=sorted(CONTENDERS))
    parser.add_argument("--csv", type=Path, help="Use (or keep) this generated file.")
    parser.add_argument(
        "--skip",
        action="append",
        choices=sorted(CONTENDERS),
        default=[],
        help="Leave a contender out (pandas holds the whole file: skip it at 100 million rows).",
    )
    args = parser.parse_args()
    if args.only:
        CONTENDERS[args.only](args.csv)
        return
    chosen = [c for c in CONTENDERS if c not in args.skip]
    if args.csv:
        if not args.csv.exists():
            generate(args.csv, args.rows)
        for which in chosen:
            subprocess.run(
                [sys.executable, __file__, "--only", which, "--csv", str(args.csv)], check=True
            )
        return
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = Path(tmp) / "ledger.csv"
        t0 = time.perf_counter()
        generate(csv_path, args.rows)
        print(
            f"generated {args.rows:,} rows ({csv_path.stat().st_size / 1e6:,.0f} MB) in "
            f"{time.perf_counter() - t0:.1f}s"
        )
        for which in chosen:
            subprocess.run(
                [sys.executable, __file__, "--only", which, "--csv", str(csv_path)], check=True
            )


if __name__ == "__main__":
    main()

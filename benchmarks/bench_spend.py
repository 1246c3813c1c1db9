"""Spend pipeline benchmark: synthetic ledgers shaped like the real files, CSV to metrics.

    python benchmarks/bench_spend.py --rows 10000000 [--csv /tmp/ledger-10m.csv]

Writes a Hyndburn-shaped CSV (title row, padded columns, "£" header in Windows-1252, quoted
"1,234.50" amounts, "3 Apr 2023" dates, some blank and broken rows), then in separate processes:
greatjobs (import into a ledger + the metrics on DuckDB) and a straightforward pandas version of
the same metrics. Prints wall time and peak resident memory of each.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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
    from greatjobs.spend.ledger import open_ledger
    from greatjobs.spend.report import spend_report
    from greatjobs.store.backend import DuckDBBackend

    with tempfile.TemporaryDirectory() as tmp:
        # DuckDB spills its staging tables to disk beyond this, keeping the process under 4 GB.
        con = open_ledger(Path(tmp) / "spend.duckdb", memory_limit="2.5GB")
        t0 = time.perf_counter()
        result = import_file(con, csv_path, "Bench")
        t1 = time.perf_counter()
        report = spend_report(con, DuckDBBackend(con), ["Bench"])
        t2 = time.perf_counter()
        assert result.reconciles
        print(
            f"greatjobs import {t1 - t0:.1f}s metrics {t2 - t1:.1f}s total {t2 - t0:.1f}s "
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
        f"pandas total {t1 - t0:.1f}s rows {len(frame):,} in-scope £{total / 100:,.2f} "
        f"top {len(top)} years {len(trend)} peak {_peak_mb():,.0f} MB"
    )


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--only", choices=["greatjobs", "pandas"])
    parser.add_argument("--csv", type=Path, help="Use (or keep) this generated file.")
    args = parser.parse_args()
    if args.only:
        (run_greatjobs if args.only == "greatjobs" else run_pandas)(args.csv)
        return
    if args.csv:
        if not args.csv.exists():
            generate(args.csv, args.rows)
        for which in ("greatjobs", "pandas"):
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
        for which in ("greatjobs", "pandas"):
            subprocess.run(
                [sys.executable, __file__, "--only", which, "--csv", str(csv_path)], check=True
            )


if __name__ == "__main__":
    main()

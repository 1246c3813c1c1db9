"""Benchmark: the impact model.

    .venv/bin/python benchmarks/bench_impact.py [--repeat 3]

1. FLQ-regionalised Type II multipliers for every local authority district in England (target
   < 5 s), all places in one vectorised call;
2. a programme appraisal with 10,000 Monte Carlo draws (target < 10 s): a 200-project portfolio
   (the fixture's six projects repeated with varied amounts and jobs) under a budget, and the
   "EU funds end" scenario for Liverpool City Region.

Needs a built warehouse (a temporary one is built first). Record the figures, with the machine,
under "Impact" in benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from greatjobs.geography import list_places, resolve_place
from greatjobs.home import Home
from greatjobs.impact.ioat import read_ioat
from greatjobs.impact.multipliers import multipliers_for_places
from greatjobs.impact.portfolio import appraise_portfolio, read_portfolio
from greatjobs.impact.scenario import eu_funds_end
from greatjobs.warehouse import build_warehouse, open_warehouse

FIXTURE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "portfolio" / "programme.csv"


def timed(fn, repeat):  # type: ignore[no-untyped-def]
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return result, times


def summary(label: str, times: list[float]) -> str:
    return (
        f"{label}: median {statistics.median(times):.2f} s over {len(times)} runs "
        f"(min {min(times):.2f}, max {max(times):.2f})"
    )


def big_portfolio(n: int = 200) -> pd.DataFrame:
    base = read_portfolio(FIXTURE)
    rng = np.random.default_rng(1)
    rows = base.iloc[np.arange(n) % len(base)].reset_index(drop=True).copy()
    rows["name"] = [f"{name} #{i + 1}" for i, name in enumerate(rows["name"])]
    rows["amount"] = (rng.integers(100, 5000, n) * 1000).astype(str)
    rows["gross_jobs"] = rng.integers(2, 120, n).astype(str)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, OPENBLAS_NUM_THREADS="
        f"{os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        home = Home(Path(tmp))
        build_warehouse(home)
        con = open_warehouse(home)
        start = time.perf_counter()
        tables = read_ioat(con)
        elapsed = time.perf_counter() - start
        print(f"IOATs read from the warehouse (once per process): {elapsed:.3f} s")
        districts = [p for p in list_places(con, "district") if p.code.startswith("E")]
        frame, times = timed(
            lambda: multipliers_for_places(con, tables, districts, "II", "flq", 0.3), args.repeat
        )
        print(summary(f"Type II FLQ multipliers, {len(districts)} English districts", times))
        print(f"  rows: {len(frame)}; output multiplier range "
              f"{frame['output_multiplier'].min():.3f}-"
              f"{frame['output_multiplier'].max():.3f}")  # fmt: skip
        portfolio = big_portfolio()
        _, times = timed(
            lambda: appraise_portfolio(con, tables, portfolio, budget=50e6, draws=10_000),
            args.repeat,
        )
        print(summary("Appraisal of 200 projects, 10,000 draws, £50m budget", times))
        lcr = resolve_place(con, "Liverpool City Region")
        _, times = timed(lambda: eu_funds_end(con, tables, lcr, draws=10_000), args.repeat)
        print(summary("EU funds end scenario (LCR), 10,000 draws", times))
        con.close()


if __name__ == "__main__":
    main()

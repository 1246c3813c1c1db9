"""Benchmark: build the warehouse from the bundled snapshot.

    .venv/bin/python benchmarks/bench_warehouse.py [--repeat 3]

Prints wall time per build and peak resident memory of the process; record the figures, with the
machine, in benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import tempfile
import time
from pathlib import Path

from greatjobs.home import Home
from greatjobs.warehouse import build_warehouse


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        home = Home(Path(tmp))
        for _ in range(args.repeat):
            start = time.perf_counter()
            report = build_warehouse(home)
            times.append(time.perf_counter() - start)
        size = home.warehouse.stat().st_size
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(f"datasets: {report.datasets}, tables: {len(report.tables)}, file: {size / 1e6:.1f} MB")
    print(
        f"build: median {statistics.median(times):.2f} s over {len(times)} runs "
        f"(min {min(times):.2f}, max {max(times):.2f}); peak RSS {peak_mb:.0f} MB"
    )


if __name__ == "__main__":
    main()

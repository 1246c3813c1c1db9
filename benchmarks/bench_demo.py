"""Benchmark: the whole demo load from a fresh home, as ``make demo`` runs it.

    .venv/bin/python benchmarks/bench_demo.py [--repeat 2]

Builds the warehouse once (not timed), then for each repeat loads the demo into a fresh home on
that warehouse: every bundled spend file of the city region's anchors imported and reconciled,
the suppliers clustered and linked to the registers held offline, the demo provider file stored.
Prints wall time, peak resident memory and the rows loaded; the target is under 2 minutes on a
2-core machine. Record the figures, with the machine, in benchmarks/RESULTS.md.
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

from greatjobs.demo import load_demo
from greatjobs.home import Home
from greatjobs.warehouse import build_warehouse, open_warehouse


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        built = Home(Path(tmp) / "built")
        build_warehouse(built)
        for n in range(args.repeat):
            home = Home(Path(tmp) / f"demo-{n}")
            home.root.mkdir()
            home.warehouse.symlink_to(built.warehouse)
            start = time.perf_counter()
            con = open_warehouse(home)
            try:
                result = load_demo(home, con)
            finally:
                con.close()
            times.append(time.perf_counter() - start)
            assert result.reconciles
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows = sum(b.rows_loaded for b in result.bodies)
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(
        f"demo load: {len(result.bodies)} bodies, {result.files_added} files, {rows:,} payments "
        f"loaded, {result.suppliers.suppliers:,} suppliers resolved"
    )
    print(
        f"times: {', '.join(f'{t:.1f} s' for t in times)}; median {statistics.median(times):.1f} s;"
        f" peak RSS {peak_mb:,.0f} MB (target: under 120 s)"
    )


if __name__ == "__main__":
    main()

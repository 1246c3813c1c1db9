"""Benchmark: the "state of the city region" evidence report (target: under 20 s).

    .venv/bin/python benchmarks/bench_report.py [--repeat 3] [--pdf]

Times ``greatjobs report`` end to end in-process for Liverpool City Region (a combined authority,
ranked among 10) and Wirral (a district, ranked among 296): gathering the nine league tables with
4,000-draw rank intervals, deprivation, pockets, change and the inclusive-growth index, drawing
the LSOA map, and writing the HTML; with ``--pdf``, also printing it with headless Chromium
($CHROMIUM or /usr/bin/chromium). A temporary warehouse is built first. Record the figures, with
the machine, under "Report" in benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path

from greatjobs.geography import resolve_place
from greatjobs.home import Home
from greatjobs.report import build_report, html_to_pdf, render_html
from greatjobs.warehouse import build_warehouse, open_warehouse


def one_report(home: Home, place_name: str, out: Path, pdf: bool) -> dict[str, float]:
    start = time.perf_counter()
    con = open_warehouse(home)
    try:
        report = build_report(con, resolve_place(con, place_name))
    finally:
        con.close()
    built = time.perf_counter()
    out.write_text(render_html(report), encoding="utf-8")
    written = time.perf_counter()
    times = {
        "total": written - start, "analyses": report.timings["analyses"],
        "map": report.timings["map"], "render": written - built,
        "html_mb": out.stat().st_size / 1e6,
    }  # fmt: skip
    if pdf:
        html_to_pdf(out, out.with_suffix(".pdf"), os.environ.get("CHROMIUM"))
        times["pdf"] = time.perf_counter() - written
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pdf", action="store_true")
    args = parser.parse_args()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; load average {os.getloadavg()[0]:.1f}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        home = Home(Path(tmp) / "home")
        build_warehouse(home)
        for place in ("Liverpool City Region", "Wirral"):
            runs = [
                one_report(home, place, Path(tmp) / f"report-{n}.html", args.pdf)
                for n in range(args.repeat)
            ]
            for key in runs[0]:
                values = [r[key] for r in runs]
                unit = "MB" if key == "html_mb" else "s"
                print(
                    f"{place}: {key} median {statistics.median(values):.2f} {unit} "
                    f"(min {min(values):.2f}, max {max(values):.2f}) over {len(runs)} runs"
                )


if __name__ == "__main__":
    main()

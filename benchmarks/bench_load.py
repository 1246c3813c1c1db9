"""Load benchmark: many signed-in users on the production server, one of them importing spend.

    python benchmarks/bench_load.py [--users 50] [--run-time 120] [--workers N] [--home DIR]

Builds a home (warehouse, demo data, demo users) unless ``--home`` names one, starts
``greatjobs serve`` (gunicorn) on a free loopback port, warms it up with a short unmeasured run,
then runs Locust headless (``benchmarks/load/locustfile.py``) for a fixed time and prints, per
page, the requests, failures, median and 95th percentile, and whether the targets are met:
no errors, p95 under 1 s for every page and under 100 ms for the pages cached per warehouse
build (place overview, league table, place diagnosis with the index). Loopback only.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).parent
BIN = Path(sys.executable).parent
CACHED = ("place overview", "league table", "place diagnosis and index")
NOT_PAGES = ("sign in", "spend import form", "social value contracts", "Aggregated")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _greatjobs(home: Path, *args: str) -> None:
    subprocess.run([str(BIN / "greatjobs"), "--home", str(home), *args], check=True)


def _prepare(home: Path) -> None:
    if not (home / "warehouse.duckdb").is_file():
        _greatjobs(home, "data", "build")
    _greatjobs(home, "demo")
    _greatjobs(home, "web", "setup")


def _wait_for(url: str, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"The server did not answer at {url}")


def _locust(host: str, users: int, run_time: int, out: Path | None, think: str) -> None:
    command = [
        str(BIN / "locust"),
        "-f",
        str(HERE / "load" / "locustfile.py"),
        "--headless",
        "--host",
        host,
        "--users",
        str(users),
        "--spawn-rate",
        "5",
        # Statistics from when every user has signed in: the load is then steady, and sign-in
        # (deliberately slow password hashing) is not a page anyone waits for twice.
        "--reset-stats",
        "--run-time",
        f"{run_time}s",
        "--stop-timeout",
        "30",
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    if out is not None:
        command += ["--csv", str(out)]
    subprocess.run(command, check=False, env={**os.environ, "GREATJOBS_LOAD_THINK": think})


def _results(prefix: Path) -> list[dict[str, str]]:
    with prefix.with_name(prefix.name + "_stats.csv").open() as handle:
        return list(csv.DictReader(handle))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--run-time", type=int, default=120, help="Seconds measured.")
    parser.add_argument("--warm-up", type=int, default=30, help="Seconds not measured.")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument(
        "--think", default="1,3", help="Seconds each reader waits between pages: min,max."
    )
    parser.add_argument("--home", type=Path, default=None)
    parser.add_argument("--json", type=Path, default=None, help="Write the results here.")
    parser.add_argument("--server-log", type=Path, default=None, help="Keep the server's log.")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="greatjobs-load-") as tmp:
        home = args.home or Path(tmp) / "home"
        _prepare(home)
        port = _free_port()
        host = f"http://127.0.0.1:{port}"
        serve = [str(BIN / "greatjobs"), "--home", str(home), "serve", "--port", str(port)]
        if args.workers:
            serve += ["--workers", str(args.workers)]
        log = (Path(tmp) / "server.log").open("w")
        server = subprocess.Popen(serve, stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait_for(f"{host}/accounts/sign-in/")
            _locust(host, min(args.users, 10), args.warm_up, None, args.think)
            prefix = Path(tmp) / "load"
            started = time.time()
            _locust(host, args.users, args.run_time, prefix, args.think)
            elapsed = time.time() - started
            rows = _results(prefix)
        finally:
            server.terminate()
            server.wait(timeout=60)
            log.close()
        server_log = (Path(tmp) / "server.log").read_text()
        if args.server_log:
            args.server_log.write_text(server_log)
        failed = [line for line in server_log.splitlines() if re.search(r'" 5\d\d ', line)]
        errors = len(failed)
        for line in failed[:10]:
            print("server error:", line)

    pages = [r for r in rows if r["Name"] not in NOT_PAGES]
    total = next(r for r in rows if r["Name"] == "Aggregated")
    report = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}",
        "users": args.users,
        "think_s": args.think,
        "run_time_s": round(elapsed),
        "requests": int(total["Request Count"]),
        "failures": int(total["Failure Count"]),
        "server_5xx": errors,
        "throughput_rps": round(float(total["Requests/s"]), 1),
        "pages": {
            r["Name"]: {
                "requests": int(r["Request Count"]),
                "failures": int(r["Failure Count"]),
                "median_ms": float(r["Median Response Time"]),
                "p95_ms": float(r["95%"]),
                "max_ms": float(r["Max Response Time"]),
            }
            for r in pages
        },
    }
    met = (
        report["failures"] == 0
        and errors == 0
        and all(p["p95_ms"] < 1000 for p in report["pages"].values())
        and all(report["pages"][n]["p95_ms"] < 100 for n in CACHED if n in report["pages"])
    )
    report["targets_met"] = met
    print(
        f"\n{args.users} users (waiting {args.think} s between pages) for "
        f"{report['run_time_s']} s on {report['machine']}"
    )
    print(
        f"{report['requests']:,} requests ({report['throughput_rps']}/s), "
        f"{report['failures']} failures, {errors} server errors"
    )
    print(f"{'page':<28} {'requests':>9} {'failures':>9} {'median':>8} {'p95':>8}")
    for name, p in report["pages"].items():
        target = 100 if name in CACHED else 1000
        flag = "" if p["p95_ms"] < target else f"  over {target} ms"
        print(
            f"{name:<28} {p['requests']:>9,} {p['failures']:>9} {p['median_ms']:>6.0f}ms "
            f"{p['p95_ms']:>6.0f}ms{flag}"
        )
    print("targets met" if met else "TARGETS NOT MET")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))
    sys.exit(0 if met else 1)


if __name__ == "__main__":
    main()

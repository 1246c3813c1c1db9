"""Benchmark: link 100,000 distinct supplier names against a 5-million-row synthetic register.

Not a test: run it by hand and record the figures in ``benchmarks/RESULTS.md``::

    python benchmarks/bench_linkage.py                       # 5,000,000 x 100,000 on DuckDB
    python benchmarks/bench_linkage.py --register 200000 --suppliers 10000   # a quick look

Steps, each timed: generate the register (Companies House-like names); normalise its names (done
once per register vintage when a register is loaded, so reported apart from linking); write
100,000 distinct ledger names from it (80% written messily from register names, 20% not in the
register); then the timed linkage: Splink (DuckDB) blocking, scoring and the best candidates,
exactly as ``greatjobs suppliers resolve`` runs it. Precision and recall are measured against the
known truth. Peak memory is the process's maximum resident set size.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import sys
import time
from multiprocessing import Pool

import pandas as pd
import pyarrow as pa

from greatjobs.spend.suppliers.engine import duckdb_engine
from greatjobs.spend.suppliers.linkage import link_suppliers
from greatjobs.spend.suppliers.model import LinkageSpec
from greatjobs.spend.suppliers.normalise import normalise_supplier_name, parse_supplier_name
from greatjobs.spend.suppliers.resolve import link_statuses
from greatjobs.spend.suppliers.synthetic import synthetic_ledger, synthetic_register


def _normalise_chunk(names: list[str]) -> list[str]:
    return [normalise_supplier_name(n) for n in names]


def normalise_all(names: list[str], processes: int) -> list[str]:
    size = 50_000
    chunks = [names[i : i + size] for i in range(0, len(names), size)]
    with Pool(processes) as pool:
        return [n for chunk in pool.map(_normalise_chunk, chunks) for n in chunk]


def peak_memory_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--register", type=int, default=5_000_000)
    parser.add_argument("--suppliers", type=int, default=100_000)
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()
    print(
        f"Machine: {platform.platform()}, {os.cpu_count()} cores, Python {sys.version.split()[0]}"
    )

    started = time.perf_counter()
    register = synthetic_register(args.register, seed=1)
    generated = time.perf_counter()
    print(f"Generated {len(register):,} register names in {generated - started:.1f} s", flush=True)

    register["name_normalised"] = normalise_all(register["name"].tolist(), args.processes)
    normalised = time.perf_counter()
    print(f"Normalised them in {normalised - generated:.1f} s", flush=True)

    matching = int(args.suppliers * 0.8)
    ledger = synthetic_ledger(register, matching, args.suppliers - matching + 100, seed=2)
    ledger = ledger.head(args.suppliers)
    rows = []
    for i, written in enumerate(ledger["supplier_name"]):
        parsed = parse_supplier_name(written)
        rows.append((f"k{i}", parsed.normalised))
        if parsed.trading_name:
            rows.append((f"k{i}", parsed.trading_name))
    suppliers = pd.DataFrame(rows, columns=["supplier_key", "name_normalised"])
    ledger["supplier_key"] = [f"k{i}" for i in range(len(ledger))]
    table = pa.Table.from_pandas(
        register[["register", "register_id", "name_normalised", "postcode"]].assign(
            company_number=None
        ),
        preserve_index=False,
    )
    del register
    prepared = time.perf_counter()
    print(
        f"{len(ledger):,} distinct ledger names ({len(suppliers):,} with trading names) "
        f"prepared in {prepared - normalised:.1f} s",
        flush=True,
    )

    spec = LinkageSpec()
    engine = duckdb_engine()
    t0 = time.perf_counter()
    candidates = link_suppliers(engine, suppliers, table, spec)
    linked = time.perf_counter() - t0
    engine.close()
    statuses = link_statuses(candidates, pd.DataFrame(), spec)
    auto = statuses[statuses["status"] == "auto"]
    best = candidates.sort_values("match_weight", ascending=False).drop_duplicates("supplier_key")
    merged = ledger.merge(best, on="supplier_key", how="left")
    accepted = ledger.merge(auto, on="supplier_key")
    right = (accepted["register_id"] == accepted["true_register_id"]).sum()
    truth = merged["true_register_id"].notna().sum()
    print(
        f"LINKED in {linked:.1f} s: {len(candidates):,} candidate links at or above weight "
        f"{spec.review_weight:g}"
    )
    print(
        f"  accepted automatically (status auto): {len(accepted):,}, precision "
        f"{right / max(len(accepted), 1):.4f}, recall {right / max(truth, 1):.4f}"
    )
    queued = merged[merged["match_weight"] >= spec.review_weight]
    found = (queued["register_id"] == queued["true_register_id"]).sum()
    print(
        f"  best candidate at or above the review weight: {len(queued):,} suppliers, "
        f"precision {found / max(len(queued), 1):.4f}, recall {found / max(truth, 1):.4f}"
    )
    print(f"Peak memory (max RSS): {peak_memory_gb():.2f} GB")
    print(f"Total wall time: {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()

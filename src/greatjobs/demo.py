"""The demo data: enough in every area for a person trying greatjobs to explore it.

:func:`load_demo` imports the real spend files bundled in the snapshot (``spend/`` in
``sources.toml``, each under its publisher's name) into the spend ledger, resolves their suppliers
against the registers the warehouse holds, and stores the ILLUSTRATIVE skills provider file. It can
run any number of times: a spend file already imported (same SHA-256) adds nothing, suppliers are
resolved again only when there is new spend (or none has been resolved yet), and provider records
already stored are kept. What it reports is read back from the ledger, so a second run reports the
same totals.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import duckdb

from greatjobs.home import Home
from greatjobs.skills.store import store_demo_import
from greatjobs.sources.catalogue import Catalogue, Dataset
from greatjobs.spend.ingest import import_file
from greatjobs.spend.ledger import write_ledger
from greatjobs.spend.suppliers.resolve import resolve_suppliers

Progress = Callable[[str, int, int], None]
SPEND_FOLDER = "spend/"
DEMO_IMPORTER = "cli:greatjobs demo"
"""Who the skills store records as importing the demo provider file, unless told otherwise."""


@dataclass(frozen=True)
class BodyTotals:
    """One body's demo files in the ledger: rows and pounds read, loaded and quarantined."""

    body: str
    files: int
    files_reconciled: int
    rows_read: int
    rows_loaded: int
    rows_quarantined: int
    amount_read: Decimal
    amount_loaded: Decimal
    amount_quarantined: Decimal
    quarantined: tuple[tuple[str, int], ...] = ()
    """(reason, rows) for the rows not loaded, most first."""

    @property
    def reconciles(self) -> bool:
        return self.files_reconciled == self.files


@dataclass(frozen=True)
class SupplierTotals:
    suppliers: int
    linked: int
    """Suppliers with an accepted link to a register record (automatic or confirmed)."""
    queued: int
    """Candidate links waiting for a person's review."""
    registers: tuple[str, ...]
    resolved_now: bool


@dataclass(frozen=True)
class ProviderTotals:
    source: str
    read: int
    loaded: int
    rejected: int
    imported_now: bool


@dataclass(frozen=True)
class DemoResult:
    files_added: int
    bodies: tuple[BodyTotals, ...]
    suppliers: SupplierTotals
    providers: ProviderTotals

    @property
    def reconciles(self) -> bool:
        return all(b.reconciles for b in self.bodies)

    def summary_lines(self) -> list[str]:
        files = sum(b.files for b in self.bodies)
        lines = [f"Spend: {files} bundled spend files in the ledger, {self.files_added} added now."]
        for b in self.bodies:
            lines += [
                f"  {b.body}: {b.files} files, {b.files_reconciled} reconciled"
                + ("" if b.reconciles else "  DOES NOT RECONCILE"),
                f"    rows read {b.rows_read:,} = loaded {b.rows_loaded:,} + quarantined "
                f"{b.rows_quarantined:,}",
                f"    money read £{b.amount_read:,.2f} = loaded £{b.amount_loaded:,.2f} + "
                f"quarantined £{b.amount_quarantined:,.2f}",
            ]
            if b.quarantined:
                reasons = ", ".join(f"{n:,} x {reason}" for reason, n in b.quarantined)
                lines.append(f"    quarantined: {reasons}")
        s = self.suppliers
        registers = ", ".join(s.registers) or "no register"
        lines.append(
            f"Suppliers: {s.suppliers:,} resolved against {registers}: {s.linked:,} linked to a "
            f"register, {s.queued:,} candidate links waiting for review"
            + ("." if s.resolved_now else " (no new spend, so not resolved again).")
        )
        p = self.providers
        lines.append(
            f"Skills: provider records from {p.source} (read {p.read}, loaded {p.loaded}, "
            f"rejected {p.rejected})"
            + ("." if p.imported_now else "; already stored, left as they are.")
        )
        return lines


def demo_spend_files(catalogue: Catalogue) -> list[Dataset]:
    """The bundled spend files, in catalogue order."""
    return [d for d in catalogue.datasets if d.file.startswith(SPEND_FOLDER)]


def load_demo(
    home: Home,
    warehouse: duckdb.DuckDBPyConnection,
    progress: Progress | None = None,
    catalogue: Catalogue | None = None,
    imported_by: str = DEMO_IMPORTER,
) -> DemoResult:
    """Load the demo data into ``home`` (see the module's docstring); safe to run again.
    ``imported_by`` is who the skills store records as importing the provider file."""
    step = progress or (lambda label, done, total: None)
    catalogue = catalogue or Catalogue.load()
    datasets = demo_spend_files(catalogue)
    with write_ledger(home) as ledger:
        added = 0
        for n, dataset in enumerate(datasets):
            step("Spend files", n, len(datasets))
            result = import_file(ledger, catalogue.verify(dataset), dataset.publisher)
            added += not result.already_imported
        step("Spend files", len(datasets), len(datasets))
        bodies = body_totals(ledger, [d.sha256 for d in datasets])
        resolve = bool(added) or _count(ledger, "SELECT count(*) FROM spend.supplier_profile") == 0
        if resolve:
            step("Suppliers", 0, 1)
            resolve_suppliers(ledger, warehouse)
            step("Suppliers", 1, 1)
        suppliers = supplier_totals(ledger, resolved_now=resolve)
    return DemoResult(added, bodies, suppliers, _providers(home, imported_by))


def body_totals(ledger: duckdb.DuckDBPyConnection, sha256s: list[str]) -> tuple[BodyTotals, ...]:
    """Per body, the totals of those of its files with these SHA-256s."""
    found = ledger.execute(
        """SELECT body, count(*) AS files,
                  count(*) FILTER (WHERE rows_read = rows_loaded + rows_quarantined
                                   AND amount_read = amount_loaded + amount_quarantined)
                      AS files_reconciled,
                  sum(rows_read)::BIGINT AS rows_read,
                  sum(rows_loaded)::BIGINT AS rows_loaded,
                  sum(rows_quarantined)::BIGINT AS rows_quarantined,
                  sum(amount_read) AS amount_read,
                  sum(amount_loaded) AS amount_loaded,
                  sum(amount_quarantined) AS amount_quarantined
           FROM spend.source_file WHERE list_contains(?, sha256) GROUP BY body ORDER BY body""",
        [sha256s],
    )
    names = [column[0] for column in found.description or ()]
    totals = [dict(zip(names, row, strict=True)) for row in found.fetchall()]
    reasons = ledger.execute(
        """SELECT f.body, regexp_replace(q.reason, ':.*', '') AS reason, count(*) AS n
           FROM spend.quarantine q JOIN spend.source_file f USING (file_id)
           WHERE list_contains(?, f.sha256) GROUP BY ALL ORDER BY n DESC, reason""",
        [sha256s],
    ).fetchall()
    return tuple(
        BodyTotals(**t, quarantined=tuple((r, n) for b, r, n in reasons if b == t["body"]))
        for t in totals
    )


def supplier_totals(ledger: duckdb.DuckDBPyConnection, resolved_now: bool) -> SupplierTotals:
    registers = ledger.execute("SELECT register FROM spend.register_load ORDER BY 1").fetchall()
    return SupplierTotals(
        suppliers=_count(ledger, "SELECT count(*) FROM spend.supplier_profile"),
        linked=_count(ledger, "SELECT count(*) FROM spend.supplier_profile WHERE resolved"),
        queued=_count(ledger, "SELECT count(*) FROM spend.link_candidate WHERE status = 'review'"),
        registers=tuple(str(r[0]) for r in registers),
        resolved_now=resolved_now,
    )


def _count(ledger: duckdb.DuckDBPyConnection, sql: str) -> int:
    row = ledger.execute(sql).fetchone()
    return int(row[0]) if row else 0


def _providers(home: Home, imported_by: str) -> ProviderTotals:
    """Store the ILLUSTRATIVE provider file unless provider records are stored already."""
    stored, imported_now = store_demo_import(home, imported_by)
    return ProviderTotals(stored.source, stored.read, stored.loaded, stored.rejected, imported_now)

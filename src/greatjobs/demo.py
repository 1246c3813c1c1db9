"""The demo data: enough in every area for a person trying greatjobs to explore it.

:func:`load_demo` imports the real spend files of the city region's anchors (``spend/anchors.toml``)
bundled in the snapshot (``spend/`` in ``sources.toml``, each under its publisher's name) into the
spend ledger, resolves their suppliers
against the registers the warehouse holds, and stores the ILLUSTRATIVE skills provider file. It can
run any number of times: a spend file already imported (same SHA-256) adds nothing, suppliers are
resolved again only when there is new spend (or none has been resolved yet), and provider records
already stored are kept. What it reports is read back from the ledger, so a second run reports the
same totals.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import duckdb

from greatjobs.home import Home
from greatjobs.skills.store import store_demo_import
from greatjobs.sources.catalogue import Catalogue, Dataset
from greatjobs.spend.anchors import anchor, anchors
from greatjobs.spend.ingest import NOT_PAYMENTS, import_file
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
    first_paid: dt.date | None = None
    last_paid: dt.date | None = None
    """The first and last payment dates loaded: the period the body's files cover."""
    threshold: str = ""
    """Which payments the body publishes (from ``spend/anchors.toml``)."""
    files_cover: str = ""
    """The periods of the body's files, as their publisher gives them ('2023-04 to 2024-03')."""
    quarantined: tuple[tuple[str, int, Decimal | None], ...] = ()
    """(reason, rows, their money where it could be read) for the rows not loaded, most first."""

    @property
    def reconciles(self) -> bool:
        return self.files_reconciled == self.files

    @property
    def not_payments_gbp(self) -> Decimal:
        """Money in quarantined lines that are not payments (the files' own total rows)."""
        return sum(
            (m or Decimal(0) for r, _, m in self.quarantined if r.startswith(NOT_PAYMENTS)),
            Decimal(0),
        )


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
            dated = (
                f"payments dated {b.first_paid:%d %b %Y} to {b.last_paid:%d %b %Y}"
                if b.first_paid and b.last_paid
                else "no payment loaded"
            )
            totals = (
                f", of which £{b.not_payments_gbp:,.2f} is the files' own total rows (not payments)"
                if b.not_payments_gbp
                else ""
            )
            lines += [
                f"  {b.body}: {b.files} files, {b.files_reconciled} reconciled"
                + ("" if b.reconciles else "  DOES NOT RECONCILE"),
                f"    files for {b.files_cover or 'periods not stated'} ({dated}); "
                f"{b.threshold or 'threshold not known'}",
                f"    rows read {b.rows_read:,} = loaded {b.rows_loaded:,} + quarantined "
                f"{b.rows_quarantined:,}",
                f"    money read £{b.amount_read:,.2f} = loaded £{b.amount_loaded:,.2f} + "
                f"quarantined £{b.amount_quarantined:,.2f}{totals}",
            ]
            if b.quarantined:
                reasons = ", ".join(
                    f"{n:,} x {reason}" + (f" (£{money:,.2f})" if money else "")
                    for reason, n, money in b.quarantined
                )
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
    """The bundled spend files of the city region's anchors (``spend/anchors.toml``), in
    catalogue order. (The snapshot's other spend files, from Hyndburn and Lambeth, are examples
    of layouts, read by the tests.)"""
    bodies = {a.body for a in anchors()}
    return [
        d for d in catalogue.datasets if d.file.startswith(SPEND_FOLDER) and d.publisher in bodies
    ]


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
        bodies = body_totals(ledger, [d.sha256 for d in datasets], _periods(datasets))
        resolve = bool(added) or _count(ledger, "SELECT count(*) FROM spend.supplier_profile") == 0
        if resolve:
            step("Suppliers", 0, 1)
            resolve_suppliers(ledger, warehouse)
            step("Suppliers", 1, 1)
        suppliers = supplier_totals(ledger, resolved_now=resolve)
    return DemoResult(added, bodies, suppliers, _providers(home, imported_by))


def _periods(datasets: list[Dataset]) -> dict[str, str]:
    """Per body, the first and last periods of its files ('2023-04 to 2024-03')."""
    vintages: dict[str, list[str]] = {}
    for d in datasets:
        vintages.setdefault(d.publisher, []).append(d.vintage)
    return {
        body: min(v) if min(v) == max(v) else f"{min(v)} to {max(v)}"
        for body, v in vintages.items()
    }


def body_totals(
    ledger: duckdb.DuckDBPyConnection, sha256s: list[str], periods: dict[str, str] | None = None
) -> tuple[BodyTotals, ...]:
    """Per body, the totals of those of its files with these SHA-256s (and the periods its
    files cover, where given)."""
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
                  sum(amount_quarantined) AS amount_quarantined,
                  (SELECT min(paid_on) FROM spend.payment p WHERE p.body = f.body)
                      AS first_paid,
                  (SELECT max(paid_on) FROM spend.payment p WHERE p.body = f.body)
                      AS last_paid
           FROM spend.source_file f WHERE list_contains(?, sha256) GROUP BY body
           ORDER BY body""",
        [sha256s],
    )
    names = [column[0] for column in found.description or ()]
    totals = [dict(zip(names, row, strict=True)) for row in found.fetchall()]
    reasons = ledger.execute(
        """SELECT f.body, regexp_replace(q.reason, ':.*', '') AS reason, count(*) AS n,
                  sum(q.amount) AS money
           FROM spend.quarantine q JOIN spend.source_file f USING (file_id)
           WHERE list_contains(?, f.sha256) GROUP BY ALL ORDER BY n DESC, reason""",
        [sha256s],
    ).fetchall()
    return tuple(
        BodyTotals(
            **t,
            threshold=a.threshold if (a := anchor(t["body"])) else "",
            files_cover=(periods or {}).get(t["body"], ""),
            quarantined=tuple((r, n, m) for b, r, n, m in reasons if b == t["body"]),
        )
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

"""The review queue and people's decisions on candidate links.

A decision (confirm or reject) is stored in ``spend.link_decision`` with who made it and when,
applied to ``spend.link_candidate`` at once, and applied again by every later
:func:`~.resolve.resolve_suppliers` run. Confirming a link for a supplier makes it the supplier's
link; the supplier's profile is rebuilt straight away when a warehouse is given.
"""

from __future__ import annotations

from datetime import UTC, datetime

import duckdb
import pandas as pd

from greatjobs.errors import DataError, NotFoundError
from greatjobs.spend.suppliers.classify import classify_suppliers
from greatjobs.spend.suppliers.registers import REGISTER_NAMES
from greatjobs.spend.suppliers.resolve import accepted_links, write_profiles
from greatjobs.spend.suppliers.schema import ensure_supplier_tables, payment_table_exists

DECISIONS = ("confirmed", "rejected")


def review_queue(ledger: duckdb.DuckDBPyConnection, status: str = "review") -> pd.DataFrame:
    """Candidate links with ``status`` (default: waiting for review), side by side: the supplier
    as written in the ledgers and the register record, with match weight and levels; the
    suppliers with most spend first."""
    spend = (
        "SELECT a.supplier_key, sum(p.amount)::DOUBLE AS spend_gbp, "
        "string_agg(DISTINCT p.supplier_name, ' | ') AS supplier_names "
        "FROM spend.payment p JOIN spend.supplier_alias a "
        "ON a.supplier_name_normalised = p.supplier_name_normalised GROUP BY 1"
        if payment_table_exists(ledger)
        else "SELECT supplier_key, NULL::DOUBLE AS spend_gbp, "
        "string_agg(supplier_name_normalised, ' | ') AS supplier_names "
        "FROM spend.supplier_alias GROUP BY 1"
    )
    return ledger.execute(
        f"""
        WITH spend AS ({spend})
        SELECT c.supplier_key, s.supplier_names, s.spend_gbp, c.register, c.register_id,
               r.name AS register_name, r.postcode AS register_postcode, r.org_type,
               r.status AS register_status, round(c.match_weight, 2) AS match_weight,
               round(c.match_probability, 4) AS match_probability, c.levels, c.status,
               c.decided_by, c.decided_at
        FROM spend.link_candidate c
        LEFT JOIN spend.register_record r USING (register, register_id)
        LEFT JOIN spend s ON s.supplier_key = c.supplier_key
        WHERE c.status = ?
        ORDER BY s.spend_gbp DESC NULLS LAST, c.supplier_key, c.match_weight DESC
        """,  # noqa: S608
        [status],
    ).df()


def decide(
    ledger: duckdb.DuckDBPyConnection,
    supplier_key: str,
    register_id: str,
    decision: str,
    decided_by: str,
    *,
    register: str | None = None,
    warehouse: duckdb.DuckDBPyConnection | None = None,
) -> dict[str, str]:
    """Record that ``decided_by`` confirmed or rejected the link; return what was decided."""
    if decision not in DECISIONS:
        raise DataError(f"A decision is one of {', '.join(DECISIONS)}, not {decision!r}.")
    ensure_supplier_tables(ledger)
    aliases = ledger.execute(
        "SELECT min(supplier_name_normalised) FROM spend.supplier_alias WHERE supplier_key = ?",
        [supplier_key],
    ).fetchone()
    if aliases is None or aliases[0] is None:
        raise NotFoundError(f"No supplier with key {supplier_key!r} in the ledger.")
    register = register or _register_of(ledger, supplier_key, register_id)
    weight = ledger.execute(
        "SELECT match_weight FROM spend.link_candidate "
        "WHERE supplier_key = ? AND register = ? AND register_id = ?",
        [supplier_key, register, register_id],
    ).fetchone()
    now = datetime.now(UTC).replace(tzinfo=None)
    ledger.execute("BEGIN")
    try:
        ledger.execute(
            "INSERT OR REPLACE INTO spend.link_decision VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                supplier_key,
                aliases[0],
                register,
                register_id,
                decision,
                decided_by,
                now,
                weight[0] if weight else None,
            ],
        )
        if weight:
            ledger.execute(
                "UPDATE spend.link_candidate SET status = ?, decided_by = ?, decided_at = ? "
                "WHERE supplier_key = ? AND register = ? AND register_id = ?",
                [decision, decided_by, now, supplier_key, register, register_id],
            )
        else:
            ledger.execute(
                "INSERT INTO spend.link_candidate VALUES (?, ?, ?, 0, 0.5, ?, ?, ?, ?)",
                [
                    supplier_key,
                    register,
                    register_id,
                    "decided by a person (not a candidate)",
                    decision,
                    decided_by,
                    now,
                ],
            )
        ledger.execute("COMMIT")
    except BaseException:
        ledger.execute("ROLLBACK")
        raise
    if warehouse is not None:
        reclassify(ledger, warehouse, [supplier_key])
    return {
        "supplier_key": supplier_key,
        "register": register,
        "register_id": register_id,
        "decision": decision,
        "decided_by": decided_by,
    }


def _register_of(ledger: duckdb.DuckDBPyConnection, supplier_key: str, register_id: str) -> str:
    found = [
        r
        for (r,) in ledger.execute(
            "SELECT DISTINCT register FROM spend.link_candidate "
            "WHERE supplier_key = ? AND register_id = ?",
            [supplier_key, register_id],
        ).fetchall()
    ]
    if not found:
        found = [
            r
            for (r,) in ledger.execute(
                "SELECT register FROM spend.register_record WHERE register_id = ?", [register_id]
            ).fetchall()
        ]
    if len(found) == 1:
        return str(found[0])
    if not found:
        raise NotFoundError(f"No register record {register_id!r} is loaded.")
    raise DataError(
        f"{register_id!r} is in several registers ({', '.join(found)}): say which with --register "
        f"(one of {', '.join(REGISTER_NAMES)})."
    )


def reclassify(
    ledger: duckdb.DuckDBPyConnection, warehouse: duckdb.DuckDBPyConnection, keys: list[str]
) -> None:
    """Rebuild the profiles of these suppliers from their accepted links."""
    current = ledger.execute(
        "SELECT supplier_key, display_name FROM spend.supplier_profile "
        "WHERE list_contains(?, supplier_key)",
        [keys],
    ).df()
    missing = [k for k in keys if k not in set(current["supplier_key"])]
    if missing:
        current = pd.concat(
            [current, pd.DataFrame({"supplier_key": missing, "display_name": missing})]
        )
    loaded = [r for (r,) in ledger.execute("SELECT register FROM spend.register_load").fetchall()]
    profiles = classify_suppliers(current, accepted_links(ledger, keys), warehouse, loaded)
    write_profiles(ledger, profiles)

"""Resolve the suppliers in the spend ledger: cluster aliases, link to registers, classify.

``resolve_suppliers`` runs the whole pipeline and can be run again at any time: supplier keys
already given to a name are kept, and every human decision in ``spend.link_decision`` is applied
again (a confirmed link stays accepted and a rejected one stays out, whatever the scores say).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pandas as pd

from greatjobs.errors import DataError, NotFoundError
from greatjobs.spend.suppliers.classify import PROFILE_COLUMNS, classify_suppliers
from greatjobs.spend.suppliers.engine import LinkageEngine, duckdb_engine
from greatjobs.spend.suppliers.linkage import CANDIDATE_COLUMNS, cluster_aliases, link_suppliers
from greatjobs.spend.suppliers.model import LinkageSpec
from greatjobs.spend.suppliers.normalise import parse_supplier_name
from greatjobs.spend.suppliers.registers import REGISTER_NAMES, refresh_registers
from greatjobs.spend.suppliers.schema import ensure_supplier_tables, payment_table_exists

COMPANY_NUMBER = re.compile(r"^(?:\d{6,8}|[A-Z]{2}\d{6})$")


@dataclass
class ResolveResult:
    engine: str
    spec: LinkageSpec
    suppliers: int
    new_aliases: int
    registers_loaded: list[str]
    registers_refreshed: list[str]
    status_counts: dict[str, int] = field(default_factory=dict)
    unresolved: int = 0

    @property
    def registers_missing(self) -> list[str]:
        return [r for r in REGISTER_NAMES if r not in self.registers_loaded]

    def summary_lines(self) -> list[str]:
        c = self.status_counts
        lines = [
            f"Resolved {self.suppliers:,} suppliers on {self.engine} "
            f"({self.new_aliases:,} new names given supplier keys).",
            f"Links: {c.get('auto', 0):,} accepted automatically (match weight ≥ "
            f"{self.spec.auto_accept_weight:g}), {c.get('confirmed', 0):,} confirmed and "
            f"{c.get('rejected', 0):,} rejected by people, {c.get('review', 0):,} waiting for "
            f"review (weight {self.spec.review_weight:g} to {self.spec.auto_accept_weight:g}).",
            f"Not linked to any register: {self.unresolved:,} suppliers.",
        ]
        if not self.registers_loaded:
            lines.append(
                "No register is loaded, so no supplier could be linked or classified: run "
                "`greatjobs data update --source companies-house` (or charities, mutuals)."
            )
        elif self.registers_missing:
            lines.append(
                f"Registers not loaded (suppliers only in them stay unresolved): "
                f"{', '.join(self.registers_missing)}."
            )
        return lines


def supplier_key_for(name: str) -> str:
    return "S" + hashlib.sha1(name.encode("utf-8"), usedforsecurity=False).hexdigest()[:9]


def ledger_names(ledger: duckdb.DuckDBPyConnection, body: str | None = None) -> pd.DataFrame:
    """Distinct normalised supplier names: a name as written, a company number if given."""
    if not payment_table_exists(ledger):
        raise DataError("No spend has been imported yet: run `greatjobs spend import` first.")
    frame = ledger.execute(
        "SELECT supplier_name_normalised AS name_normalised, mode(supplier_name) AS supplier_name, "
        "mode(supplier_id) AS supplier_id, sum(amount)::DOUBLE AS amount FROM spend.payment "
        "WHERE supplier_name_normalised <> '' AND (?::VARCHAR IS NULL OR body = ?) "
        "GROUP BY 1 ORDER BY 1",
        [body, body],
    ).df()
    ids = frame["supplier_id"].astype("string").str.strip().str.upper()
    frame["company_number"] = ids.where(ids.str.fullmatch(COMPANY_NUMBER).fillna(False))
    return frame


def assign_keys(ledger: duckdb.DuckDBPyConnection, clusters: pd.DataFrame) -> int:
    """Give every clustered name a supplier key, keeping the keys names already have."""
    existing = dict(
        ledger.execute(
            "SELECT supplier_name_normalised, supplier_key FROM spend.supplier_alias"
        ).fetchall()
    )
    new_rows = []
    for _, group in clusters.groupby("cluster", sort=True):
        names = group["name_normalised"].tolist()
        kept = sorted({existing[n] for n in names if n in existing})
        key = kept[0] if kept else supplier_key_for(min(names))
        for name, p in zip(names, group["cluster_match_probability"], strict=True):
            if name not in existing:
                new_rows.append((name, key, None if pd.isna(p) else float(p)))
    if new_rows:
        ledger.executemany("INSERT INTO spend.supplier_alias VALUES (?, ?, ?)", new_rows)
    return len(new_rows)


def resolve_suppliers(
    ledger: duckdb.DuckDBPyConnection,
    warehouse: duckdb.DuckDBPyConnection,
    *,
    body: str | None = None,
    engine: LinkageEngine | None = None,
    spec: LinkageSpec | None = None,
) -> ResolveResult:
    spec = spec or LinkageSpec()
    engine = engine or duckdb_engine()
    ensure_supplier_tables(ledger)
    refreshed = refresh_registers(ledger, warehouse)
    loaded = [r for (r,) in ledger.execute("SELECT register FROM spend.register_load").fetchall()]
    everyone = ledger_names(ledger)
    new = assign_keys(ledger, cluster_aliases(engine, everyone, spec))
    names = ledger_names(ledger, body) if body else everyone
    aliases = ledger.execute("SELECT * FROM spend.supplier_alias").df()
    names = names.merge(aliases, left_on="name_normalised", right_on="supplier_name_normalised")
    suppliers = _supplier_records(names)
    register = ledger.sql(
        "SELECT register, register_id, name_normalised, postcode, company_number "
        "FROM spend.register_record"
    ).to_arrow_table()
    candidates = link_suppliers(engine, suppliers, register, spec)
    keys = sorted(names["supplier_key"].unique())
    statuses = _apply_decisions(ledger, candidates, keys, spec)
    write_candidates(ledger, statuses, keys)
    display = (
        names.sort_values("amount", ascending=False)
        .drop_duplicates("supplier_key")[["supplier_key", "supplier_name"]]
        .rename(columns={"supplier_name": "display_name"})
    )
    profiles = classify_suppliers(display, accepted_links(ledger, keys), warehouse, loaded)
    write_profiles(ledger, profiles)
    engine.close()
    counts = statuses["status"].value_counts().to_dict() if len(statuses) else {}
    return ResolveResult(
        engine=engine.name,
        spec=spec,
        suppliers=len(keys),
        new_aliases=new,
        registers_loaded=sorted(loaded),
        registers_refreshed=refreshed,
        status_counts={str(k): int(v) for k, v in counts.items()},
        unresolved=int((~profiles["resolved"].astype(bool)).sum()),
    )


def _supplier_records(names: pd.DataFrame) -> pd.DataFrame:
    """One row per name a supplier goes by: each alias, plus each trading name (T/A)."""
    rows = []
    for key, name, written, number in zip(
        names["supplier_key"],
        names["name_normalised"],
        names["supplier_name"],
        names["company_number"],
        strict=True,
    ):
        number = None if pd.isna(number) else number
        rows.append((key, name, number))
        trading = parse_supplier_name(str(written)).trading_name
        if trading and trading != name:
            rows.append((key, trading, number))
    return pd.DataFrame(rows, columns=["supplier_key", "name_normalised", "company_number"])


def _apply_decisions(
    ledger: duckdb.DuckDBPyConnection, candidates: pd.DataFrame, keys: list[str], spec: LinkageSpec
) -> pd.DataFrame:
    decisions = ledger.execute(
        "SELECT supplier_key, register, register_id, decision, decided_by, decided_at, "
        "match_weight AS decided_weight FROM spend.link_decision"
    ).df()
    return link_statuses(candidates, decisions[decisions["supplier_key"].isin(keys)], spec)


def link_statuses(
    candidates: pd.DataFrame, decisions: pd.DataFrame, spec: LinkageSpec
) -> pd.DataFrame:
    """Candidates with their status: a person's decision where there is one; otherwise ``auto``
    for a supplier's best candidate in a register at or above the auto-accept weight and at least
    ``spec.ambiguity_margin`` above its next candidate in that register, and ``review`` for the
    rest. Ambiguity is judged within a register: two near-equal records of one register are two
    organisations to choose between, while one organisation is often in two registers (a council
    among the public bodies and the gender pay gap employers, a charitable company among the
    companies and the charities), and classification chooses among a supplier's accepted links."""
    decisions = decisions.reindex(
        columns=[
            "supplier_key",
            "register",
            "register_id",
            "decision",
            "decided_by",
            "decided_at",
            "decided_weight",
        ]
    )
    merged = candidates.merge(
        decisions, on=["supplier_key", "register", "register_id"], how="outer", indicator=True
    )
    decided_only = merged["_merge"] == "right_only"
    merged.loc[decided_only, "match_weight"] = merged.loc[decided_only, "decided_weight"].fillna(0)
    merged.loc[decided_only, "levels"] = "decided by a person (not found by this run)"
    merged["match_probability"] = merged["match_probability"].fillna(
        1 / (1 + 2.0 ** (-merged["match_weight"].astype(float)))
    )
    eligible = merged[merged["decision"].ne("rejected")]
    ranked = eligible.sort_values("match_weight", ascending=False, kind="stable")
    by_register = ranked.groupby(["supplier_key", "register"])["match_weight"]
    is_best = (by_register.cumcount() == 0).reindex(merged.index, fill_value=False)
    runner_up = by_register.transform(lambda w: w.shift(-1)).reindex(merged.index)
    margin = (merged["match_weight"] - runner_up).fillna(float("inf"))
    auto = (
        is_best
        & (merged["match_weight"] >= spec.auto_accept_weight)
        & (margin >= spec.ambiguity_margin)
    )
    merged["status"] = merged["decision"].where(
        merged["decision"].notna(), auto.map({True: "auto", False: "review"})
    )
    return merged[[*CANDIDATE_COLUMNS, "status", "decided_by", "decided_at"]]


def write_candidates(
    ledger: duckdb.DuckDBPyConnection, statuses: pd.DataFrame, keys: list[str]
) -> None:
    ledger.execute("BEGIN")
    try:
        ledger.execute(
            "DELETE FROM spend.link_candidate WHERE list_contains(?, supplier_key)", [keys]
        )
        if len(statuses):
            ledger.register("__incoming_candidates", statuses)
            ledger.execute(
                "INSERT INTO spend.link_candidate SELECT supplier_key, register, register_id, "
                "match_weight, match_probability, levels, status, decided_by, decided_at "
                "FROM __incoming_candidates"
            )
            ledger.unregister("__incoming_candidates")
        ledger.execute("COMMIT")
    except BaseException:
        ledger.execute("ROLLBACK")
        raise


def accepted_links(ledger: duckdb.DuckDBPyConnection, keys: list[str]) -> pd.DataFrame:
    """Accepted links (auto or confirmed) of the given suppliers, with their register records.

    A confirmed link overrides automatic ones for the same supplier."""
    return ledger.execute(
        """
        WITH accepted AS (
            SELECT *, max(CASE WHEN status = 'confirmed' THEN 1 ELSE 0 END)
                OVER (PARTITION BY supplier_key) AS has_confirmed
            FROM spend.link_candidate
            WHERE status IN ('auto', 'confirmed') AND list_contains(?, supplier_key)
        )
        SELECT a.supplier_key, a.match_weight, a.status AS link_status, r.*
        FROM accepted a JOIN spend.register_record r USING (register, register_id)
        WHERE a.status = 'confirmed' OR a.has_confirmed = 0
        """,
        [keys],
    ).df()


def write_profiles(ledger: duckdb.DuckDBPyConnection, profiles: pd.DataFrame) -> None:
    keys = profiles["supplier_key"].tolist()
    columns = ", ".join(PROFILE_COLUMNS)
    ledger.execute("BEGIN")
    try:
        ledger.execute(
            "DELETE FROM spend.supplier_profile WHERE list_contains(?, supplier_key)", [keys]
        )
        if len(profiles):
            ledger.register("__incoming_profiles", profiles)
            ledger.execute(
                f"INSERT INTO spend.supplier_profile ({columns}) "  # noqa: S608
                f"SELECT {columns} FROM __incoming_profiles"
            )
            ledger.unregister("__incoming_profiles")
        ledger.execute("COMMIT")
    except BaseException:
        ledger.execute("ROLLBACK")
        raise


def supplier_profile(ledger: duckdb.DuckDBPyConnection, supplier_key: str) -> dict[str, Any]:
    """A supplier's profile (register, location, type, size, sector and how each was decided);
    missing values are ``None``. An unknown key is a :class:`NotFoundError`."""
    found = ledger.execute(
        "SELECT * FROM spend.supplier_profile WHERE supplier_key = ?", [supplier_key]
    ).df()
    if found.empty:
        raise NotFoundError(f"No supplier profile {supplier_key!r}: run `suppliers resolve`.")
    return {str(k): None if _missing(v) else v for k, v in found.iloc[0].to_dict().items()}


def _missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and value != value

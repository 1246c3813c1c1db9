"""Build a spend report: take the ledger's tables into a Backend and run the shared metrics SQL."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import duckdb
import pyarrow as pa

from greatjobs.errors import NotFoundError
from greatjobs.spend.ledger import bodies as ledger_bodies
from greatjobs.spend.ledger import table_exists
from greatjobs.spend.lm3 import Lm3Coefficients, default_coefficients, survey_table
from greatjobs.spend.metrics import SpendReport, run_metrics
from greatjobs.store.backend import Backend, DuckDBBackend

_PROFILE_SCHEMA = pa.schema(
    [
        ("supplier_key", pa.string()),
        ("display_name", pa.string()),
        ("lad_code", pa.string()),
        ("imd_decile", pa.int64()),
        ("org_type", pa.string()),
        ("is_sme", pa.bool_()),
        ("sic2", pa.string()),
        ("resolved", pa.bool_()),
    ]
)
_ALIAS_SCHEMA = pa.schema(
    [("supplier_name_normalised", pa.string()), ("supplier_key", pa.string())]
)


_PAY_SQL = """SELECT body, paid_on, amount, supplier_name, supplier_name_normalised, category,
    excluded_by FROM spend.payment"""


def _arrow(con: duckdb.DuckDBPyConnection, sql: str) -> pa.Table:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "extra copy": these tables are small
        return con.execute(sql).to_arrow_table()


@dataclass(frozen=True)
class PlaceScope:
    """The place spend counts as local in: its name and its districts (code -> name)."""

    name: str
    districts: dict[str, str]


def _profiles(con: duckdb.DuckDBPyConnection) -> tuple[pa.Table, pa.Table, bool]:
    if not (
        table_exists(con, "spend", "supplier_alias")
        and table_exists(con, "spend", "supplier_profile")
    ):
        return _ALIAS_SCHEMA.empty_table(), _PROFILE_SCHEMA.empty_table(), False
    alias = _arrow(
        con,
        "SELECT DISTINCT CAST(supplier_name_normalised AS VARCHAR) AS supplier_name_normalised, "
        "CAST(supplier_key AS VARCHAR) AS supplier_key FROM spend.supplier_alias",
    )
    profile = _arrow(
        con,
        """SELECT CAST(supplier_key AS VARCHAR) AS supplier_key, display_name, lad_code,
                  CAST(imd_decile AS BIGINT) AS imd_decile, org_type, is_sme,
                  substr(sic_codes[1], 1, 2) AS sic2, coalesce(resolved, false) AS resolved
           FROM spend.supplier_profile""",
    )
    return alias.cast(_ALIAS_SCHEMA), profile.cast(_PROFILE_SCHEMA), True


def spend_report(
    con: duckdb.DuckDBPyConnection,
    backend: Backend,
    bodies: list[str] | None = None,
    year: int | None = None,
    place: PlaceScope | None = None,
    lm3: Lm3Coefficients | None = None,
    survey: Path | None = None,
) -> SpendReport:
    """Metrics for ``bodies`` (default: every body in the ledger) in ``place``, on ``backend``."""
    known = ledger_bodies(con)
    chosen = bodies or known
    unknown = [b for b in chosen if b not in known]
    if unknown:
        raise NotFoundError(f"No spend imported for {', '.join(unknown)}.", known[:5])
    alias, profile, registers = _profiles(con)
    if isinstance(backend, DuckDBBackend) and backend.con is con:
        # Same engine, same file: views, no copy of the ledger.
        con.execute(f"CREATE OR REPLACE TEMP VIEW pay AS {_PAY_SQL}")
    else:
        backend.register_arrow("pay", _arrow(con, _PAY_SQL))
    districts = place.districts if place else {}
    backend.register_arrow("alias", alias)
    backend.register_arrow("profile", profile)
    backend.register_arrow("scope_body", pa.table({"body": pa.array(chosen, pa.string())}))
    backend.register_arrow(
        "place_lad",
        pa.table(
            {
                "lad_code": pa.array(list(districts), pa.string()),
                "lad_name": pa.array(list(districts.values()), pa.string()),
            }
        ),
    )
    backend.register_arrow("lm3_coef", survey_table(survey))
    report = run_metrics(
        backend, chosen, year, place.name if place else None, lm3 or default_coefficients()
    )
    unresolved = 1.0 - (report.coverage or 0.0)
    if not registers:
        report.notes.append(
            f"No supplier register loaded: {unresolved:.0%} of spend unresolved, so the shares by "
            "place, deprivation, size and type cannot be given (run supplier resolution first)."
        )
    elif report.coverage is not None and report.coverage < 1:
        report.notes.append(
            f"{unresolved:.1%} of in-scope spend is with suppliers not resolved to a register "
            "record; shares are of resolved spend (coverage column)."
        )
    if place is None:
        report.notes.append("No place given: spend in the place cannot be measured.")
    excluded = sum(report.exclusions["spend_gbp"], Decimal("0.00"))
    if excluded:
        report.notes.append(
            f"£{excluded:,.2f} excluded as not procurement in the ledger (see exclusions, by rule)."
        )
    report.notes.append(
        "LM3: R1 = resolved in-scope spend; R2 = spend with suppliers in the place (plus staff "
        "pay spent locally, if given); R3 = suppliers' local re-spend from "
        + ("the survey where surveyed, else " if survey else "")
        + f"default coefficients ({report.lm3['coefficients']})"
    )
    return report

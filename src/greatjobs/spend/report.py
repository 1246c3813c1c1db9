"""Build a spend report: take the ledger's tables into a Backend and run the shared metrics SQL."""

from __future__ import annotations

import tempfile
import warnings
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from greatjobs.errors import NotFoundError
from greatjobs.geography import Place, list_places, place_lad_codes
from greatjobs.spend.anchors import anchor_area, anchors
from greatjobs.spend.ledger import bodies as ledger_bodies
from greatjobs.spend.ledger import table_exists
from greatjobs.spend.lm3 import Lm3Coefficients, StaffPay, default_coefficients, survey_table
from greatjobs.spend.metrics import TOGETHER_LABEL, SpendReport, run_metrics
from greatjobs.store.backend import Backend, DuckDBBackend
from greatjobs.text import normalise_name

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
    service, excluded_by FROM spend.payment"""


def _arrow(con: duckdb.DuckDBPyConnection, sql: str) -> pa.Table:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "extra copy": these tables are small
        return con.execute(sql).to_arrow_table()


@dataclass(frozen=True)
class PlaceScope:
    """The place spend counts as local in: its name and its districts (code -> name)."""

    name: str
    districts: dict[str, str]


def place_scope(con: duckdb.DuckDBPyConnection, place: Place) -> PlaceScope:
    """The place's districts from the warehouse ``con``, with their former codes (suppliers'
    addresses may be on older codes), named as today's districts."""
    names = {d.code: d.name for d in place.districts}
    return PlaceScope(place.name, {c: names.get(c, c) for c in place_lad_codes(con, place)})


def body_area(con: duckdb.DuckDBPyConnection, body: str) -> frozenset[str]:
    """The districts a body serves: as ``spend/anchors.toml`` says (a body serving the whole
    city region, as the police, serves all its districts), else read from its name ('Hyndburn
    Borough Council' is in Hyndburn, 'Greater Manchester Police' in Greater Manchester; the
    longest place name the body's name contains wins); empty when neither says."""
    listed = anchor_area(body)
    if listed is not None:
        return listed
    places = [p for p in list_places(con) if p.kind != "custom"]
    words = f" {normalise_name(body)} "
    found = [
        (len(name), p)
        for p in places
        if (name := f" {normalise_name(p.name.split(',')[0])} ") in words
    ]
    if not found:
        return frozenset()
    return frozenset(max(found, key=lambda item: item[0])[1].district_codes)


def home_place(con: duckdb.DuckDBPyConnection, bodies: list[str]) -> Place | None:
    """The smallest named place that holds every body's area (:func:`body_area`); None when
    some body's area is not known, or there are no bodies."""
    homes: set[str] = set()
    for body in bodies:
        area = body_area(con, body)
        if not area:
            return None
        homes |= area
    places = [p for p in list_places(con) if p.kind != "custom"]
    holding = [p for p in places if homes and homes <= set(p.district_codes)]
    return min(holding, key=lambda p: len(p.districts), default=None)


def _profiles(con: duckdb.DuckDBPyConnection) -> tuple[pa.Table, pa.Table, bool]:
    """Aliases and supplier profiles, and whether any supplier has been resolved."""
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
    return alias.cast(_ALIAS_SCHEMA), profile.cast(_PROFILE_SCHEMA), profile.num_rows > 0


def spend_report(
    con: duckdb.DuckDBPyConnection,
    backend: Backend,
    bodies: list[str] | None = None,
    year: int | None = None,
    place: PlaceScope | None = None,
    lm3: Lm3Coefficients | None = None,
    survey: Path | None = None,
    staff: StaffPay | None = None,
) -> SpendReport:
    """Metrics for ``bodies`` (default: every body in the ledger) in ``place``, on ``backend``;
    LM3 counts the anchor's own ``staff`` too when given."""
    known = ledger_bodies(con)
    chosen = bodies or known
    unknown = [b for b in chosen if b not in known]
    if unknown:
        raise NotFoundError(f"No spend imported for {', '.join(unknown)}.", known[:5])
    with tempfile.TemporaryDirectory(prefix="greatjobs-spend-") as scratch:
        report, registers = _run(
            con, backend, chosen, year, place, lm3, survey, staff, Path(scratch)
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
    report.notes.extend(_lm3_notes(report.lm3, survey is not None, year))
    _describe_anchors(report)
    return report


def _describe_anchors(report: SpendReport) -> None:
    """Give each anchor its publishing threshold (``anchors.toml``), and say so when the
    bodies' files cover different periods or thresholds: their totals are not alike."""
    frame = report.anchors
    if frame.empty:
        return
    known = {a.body: a.threshold for a in anchors()}
    frame["threshold"] = [
        "mixed" if body == TOGETHER_LABEL else known.get(body, "not known")
        for body in frame["body"]
    ]
    each = frame[frame["body"] != TOGETHER_LABEL]
    thresholds = set(each["threshold"])
    spans = {(a, b) for a, b in zip(each["first_paid"], each["last_paid"], strict=True)}
    if len(each) > 1 and (len(thresholds) > 1 or len(spans) > 1):
        report.notes.append(
            "The bodies' files cover different periods and publish different payments ("
            + "; ".join(sorted(thresholds))
            + "): compare their shares, not their totals (see each body's dates and threshold)."
        )


def _run(
    con: duckdb.DuckDBPyConnection,
    backend: Backend,
    chosen: list[str],
    year: int | None,
    place: PlaceScope | None,
    lm3: Lm3Coefficients | None,
    survey: Path | None,
    staff: StaffPay | None,
    scratch: Path,
) -> tuple[SpendReport, bool]:
    """Give ``backend`` the ledger and the lookups, then run the metrics on it."""
    alias, profile, registers = _profiles(con)
    if isinstance(backend, DuckDBBackend) and backend.con is con:
        # Same engine, same file: views, no copy of the ledger.
        con.execute(f"CREATE OR REPLACE TEMP VIEW pay AS {_PAY_SQL}")
    else:
        # Another engine (Spark) reads the payments from Parquet, written by DuckDB in one
        # streaming pass: the ledger never passes through Python's memory.
        pay = scratch / "pay.parquet"
        target = str(pay).replace("'", "''")
        con.execute(f"COPY ({_PAY_SQL}) TO '{target}' (FORMAT parquet)")
        backend.register_parquet("pay", pay)
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
        backend, chosen, year, place.name if place else None, lm3 or default_coefficients(), staff
    )
    return report, registers


def _lm3_value(rounds: dict[str, Any]) -> str:
    return "not available" if rounds["lm3"] is None else f"{rounds['lm3']:.2f}"


def _lm3_notes(lm3: dict[str, Any], surveyed: bool, year: int | None) -> list[str]:
    """LM3 in words and pounds: suppliers only, and with the anchor's staff when given."""
    r1, r2, r3 = lm3["r1_gbp"], lm3["r2_gbp"], lm3["r3_gbp"]
    suppliers = (
        f"LM3, suppliers only: R1 £{r1:,.2f} (resolved in-scope spend); R2 £{r2:,.2f} (spend with "
        f"suppliers in the place); R3 £{r3:,.2f} (suppliers' local re-spend, from "
        + ("the survey where surveyed, else " if surveyed else "")
        + f"default coefficients: {lm3['coefficients'].rstrip('.')}); LM3 = (R1 + R2 + R3) / R1 = "
        + f"{_lm3_value(lm3)}."
    )
    staff, both = lm3["staff"], lm3["with_staff"]
    if staff is None:
        return [
            suppliers + " The anchor's own staff are not counted: give the total staff pay, the "
            "pay to staff living in the place and the share of it they spend there (from a staff "
            "survey) to add them."
        ]
    return [
        suppliers,
        f"LM3 with staff: R1 £{both['r1_gbp']:,.2f} = £{r1:,.2f} + staff pay "
        f"£{staff['total_gbp']:,.2f}; R2 £{both['r2_gbp']:,.2f} = £{r2:,.2f} + pay to staff "
        f"living in the place £{staff['local_gbp']:,.2f}; R3 £{both['r3_gbp']:,.2f} = "
        f"£{r3:,.2f} + their spending in the place £{staff['local_gbp']:,.2f} x "
        f"{staff['local_spend_share']:g} (staff survey) = £{staff['local_spend_gbp']:,.2f}; "
        f"LM3 = {_lm3_value(both)}. The staff pay must cover the same period as the spend ("
        + (str(year) if year else "all years in the ledger")
        + ").",
    ]

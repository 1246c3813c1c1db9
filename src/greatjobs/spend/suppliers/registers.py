"""Registers of organisations as one table, ``spend.register_record``, read from the warehouse.

Each register's raw table (as vendored or refreshed by ``greatjobs data update``) becomes rows of
one shape: ``register``, ``register_id``, ``name``, ``name_normalised``, ``postcode``,
``company_number``, ``org_type``, ``legal_form``, ``status``, ``accounts_category``,
``latest_income``, ``lad_code``, ``sic_codes``. A register is reloaded only when its vintage in
``meta.dataset`` changes. Registers whose table is not in the warehouse are simply not loaded, and
:func:`loaded_registers` says which are.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import duckdb
import pandas as pd

from greatjobs.sources.registers import CHARITIES_DATASET, COMPANIES_HOUSE_DATASET, COOPSUK_DATASET
from greatjobs.spend.suppliers.normalise import normalise_supplier_name
from greatjobs.spend.suppliers.schema import ensure_supplier_tables
from greatjobs.store.duckdb_store import quote_identifier

RECORD_COLUMNS = (
    "register",
    "register_id",
    "name",
    "name_normalised",
    "postcode",
    "company_number",
    "org_type",
    "legal_form",
    "status",
    "accounts_category",
    "latest_income",
    "lad_code",
    "sic_codes",
)
_SIC = re.compile(r"^\s*(\d{4,5})\b")


@dataclass(frozen=True)
class RegisterSpec:
    register: str
    dataset_id: str | None
    """The warehouse ``raw`` table, or ``None`` for registers built from the warehouse's areas."""
    convert: Callable[[duckdb.DuckDBPyConnection], pd.DataFrame]


def _raw(con: duckdb.DuckDBPyConnection, dataset_id: str) -> pd.DataFrame:
    return con.execute(f"SELECT * FROM raw.{quote_identifier(dataset_id)}").df()  # noqa: S608


def _sic_list(*values: object) -> list[str]:
    codes = []
    for value in values:
        match = _SIC.match(str(value)) if isinstance(value, str) else None
        if match:
            codes.append(match.group(1).zfill(5))
    return codes


def company_org_type(category: str | None, name: str) -> str:
    """Type of organisation from Companies House ``CompanyCategory`` (and a CIC's name)."""
    text = (category or "").lower()
    if "community interest" in text or re.search(r"\b(cic|c\.i\.c\.)\s*$", name.lower()):
        return "cic"
    if "charitable incorporated" in text:
        return "charity"
    if "registered society" in text or "industrial and provident" in text:
        return "cooperative"
    return "company"


def companies_house_records(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    raw = _raw(con, COMPANIES_HOUSE_DATASET)
    names = raw["CompanyName"].fillna("")
    sics = raw[[f"SICCode.SicText_{i}" for i in range(1, 5)]].to_numpy().tolist()
    return pd.DataFrame(
        {
            "register": "companies-house",
            "register_id": raw["CompanyNumber"],
            "name": names,
            "name_normalised": names.map(normalise_supplier_name),
            "postcode": raw["RegAddress.PostCode"],
            "company_number": raw["CompanyNumber"],
            "org_type": [
                company_org_type(c, n) for c, n in zip(raw["CompanyCategory"], names, strict=True)
            ],
            "legal_form": raw["CompanyCategory"],
            "status": raw["CompanyStatus"],
            "accounts_category": raw["Accounts.AccountCategory"],
            "latest_income": None,
            "lad_code": None,
            "sic_codes": [_sic_list(*row) for row in sics],
        }
    )


def charity_records(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    raw = _raw(con, CHARITIES_DATASET)
    names = raw["charity_name"].fillna("")
    return pd.DataFrame(
        {
            "register": "charities",
            "register_id": raw["registered_charity_number"],
            "name": names,
            "name_normalised": names.map(normalise_supplier_name),
            "postcode": raw["charity_contact_postcode"],
            "company_number": raw["charity_company_registration_number"],
            "org_type": "charity",
            "legal_form": raw["charity_type"],
            "status": raw["charity_registration_status"],
            "accounts_category": None,
            "latest_income": pd.to_numeric(raw["latest_income"], errors="coerce"),
            "lad_code": None,
            "sic_codes": [[] for _ in range(len(raw))],
        }
    )


def coop_records(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    raw = _raw(con, COOPSUK_DATASET)
    names = raw["Name"].fillna("")
    form = raw["Legal Form"].fillna("")
    org_type = [
        "cic" if "community interest" in f.lower() else "cooperative" for f in form.tolist()
    ]
    return pd.DataFrame(
        {
            "register": "mutuals",
            "register_id": raw["Identifier"],
            "name": names,
            "name_normalised": names.map(normalise_supplier_name),
            "postcode": raw["Postcode"],
            "company_number": raw["Companies House Number"],
            "org_type": org_type,
            "legal_form": raw["Legal Form"],
            "status": None,
            "accounts_category": None,
            "latest_income": None,
            "lad_code": None,
            "sic_codes": [_sic_list(v) for v in raw["SIC Code"]],
        }
    )


COUNCIL_NAME_FORMS = (
    "{name} Council",
    "{name} City Council",
    "{name} Borough Council",
    "{name} Metropolitan Borough Council",
    "{name} District Council",
    "{name} County Council",
)


def public_body_records(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Councils (every current district, under each usual form of its name) and combined
    authorities, from the warehouse's areas; located by their own district code."""
    areas = con.execute(
        "SELECT code, name, type FROM core.area "
        "WHERE (type = 'lad' AND vintage = 'current') OR type = 'cauth' ORDER BY code"
    ).fetchall()
    rows = []
    for code, name, kind in areas:
        forms = COUNCIL_NAME_FORMS if kind == "lad" else ("{name} Combined Authority",)
        for n, form in enumerate(forms):
            display = form.format(name=name)
            rows.append(
                {
                    "register": "public-bodies",
                    "register_id": f"{code}" if n == 0 else f"{code}~{n}",
                    "name": display,
                    "name_normalised": normalise_supplier_name(display),
                    "org_type": "public-body",
                    "legal_form": "local authority" if kind == "lad" else "combined authority",
                    "lad_code": code if kind == "lad" else None,
                    "sic_codes": ["84110"],
                }
            )
    return pd.DataFrame(rows)


REGISTERS: tuple[RegisterSpec, ...] = (
    RegisterSpec("companies-house", COMPANIES_HOUSE_DATASET, companies_house_records),
    RegisterSpec("charities", CHARITIES_DATASET, charity_records),
    RegisterSpec("mutuals", COOPSUK_DATASET, coop_records),
    RegisterSpec("public-bodies", None, public_body_records),
)
REGISTER_NAMES = tuple(r.register for r in REGISTERS)


def _dataset_meta(warehouse: duckdb.DuckDBPyConnection, dataset_id: str) -> dict[str, str] | None:
    found = warehouse.execute(
        "SELECT title, publisher, vintage, licence FROM meta.dataset WHERE id = ?", [dataset_id]
    ).fetchone()
    if found is None:
        return None
    return dict(zip(("title", "publisher", "vintage", "licence"), found, strict=True))


def refresh_registers(
    ledger: duckdb.DuckDBPyConnection, warehouse: duckdb.DuckDBPyConnection
) -> list[str]:
    """Load into the ledger every register the warehouse holds whose vintage is new; return the
    registers (re)loaded."""
    ensure_supplier_tables(ledger)
    loaded = []
    for spec in REGISTERS:
        meta_id = spec.dataset_id or "ons_ltla23_cauth23_lookup_england"
        meta = _dataset_meta(warehouse, meta_id)
        if meta is None:
            continue
        if spec.dataset_id is None:
            meta = {**meta, "title": "Councils and combined authorities (warehouse areas)"}
        current = ledger.execute(
            "SELECT vintage, dataset_id FROM spend.register_load WHERE register = ?",
            [spec.register],
        ).fetchone()
        if current == (meta["vintage"], meta_id):
            continue
        frame = spec.convert(warehouse).reindex(columns=list(RECORD_COLUMNS))
        frame = frame[frame["register_id"].notna() & (frame["name_normalised"] != "")]
        frame = frame.drop_duplicates(["register", "register_id"])
        write_register(ledger, spec.register, frame, {**meta, "dataset_id": meta_id})
        loaded.append(spec.register)
    return loaded


def write_register(
    ledger: duckdb.DuckDBPyConnection,
    register: str,
    frame: pd.DataFrame,
    meta: dict[str, str],
) -> None:
    """Replace one register's records (and its load record) in one transaction."""
    ensure_supplier_tables(ledger)
    ledger.execute("BEGIN")
    try:
        ledger.execute("DELETE FROM spend.register_record WHERE register = ?", [register])
        ledger.register("__incoming_register", frame)
        columns = ", ".join(RECORD_COLUMNS)
        ledger.execute(
            f"INSERT INTO spend.register_record ({columns}) SELECT {columns} FROM "  # noqa: S608
            "__incoming_register"
        )
        ledger.unregister("__incoming_register")
        ledger.execute(
            "INSERT OR REPLACE INTO spend.register_load VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                register,
                meta.get("dataset_id", ""),
                meta.get("title"),
                meta.get("publisher"),
                meta.get("vintage"),
                meta.get("licence"),
                len(frame),
                datetime.now(UTC).replace(tzinfo=None),
            ],
        )
        ledger.execute("COMMIT")
    except BaseException:
        ledger.execute("ROLLBACK")
        raise


def loaded_registers(ledger: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every known register, whether it is loaded, its vintage and record count."""
    loads = ledger.execute(
        "SELECT register, dataset_id, title, publisher, vintage, licence, records, loaded_at "
        "FROM spend.register_load"
    ).df()
    known = pd.DataFrame({"register": list(REGISTER_NAMES)})
    frame = known.merge(loads, on="register", how="left")
    frame["loaded"] = frame["records"].notna()
    return frame

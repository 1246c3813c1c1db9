"""Warehouse build step: the registers of organisations as typed ``core`` tables.

* ``core.register_record``: every organisation of every register the warehouse holds, in one
  shape (:data:`RECORD_COLUMNS`): ``register``, ``register_id``, ``name``, ``name_normalised``
  (:func:`~greatjobs.spend.suppliers.normalise.normalise_supplier_name`), ``postcode``,
  ``company_number``, ``org_type``, ``legal_form``, ``status``, ``accounts_category``,
  ``latest_income``, ``lad_code``, ``sic_codes`` (5-digit SIC 2007 codes).
* ``core.register``: one row per register built: ``register``, ``dataset_id`` (its provenance
  in ``meta.dataset``), ``title`` (when it is not the dataset's own) and ``records``.

Sources: ``raw.companies_house_basic_company_data`` and ``raw.charity_commission_register`` once
``greatjobs data update`` has fetched them; the bundled Co-operatives UK data, NHS trusts (the ODS
``etr`` file) and large employers (those that reported a gender pay gap for 2021-22); and public
bodies (every current district's council under each usual form of its name, and the combined
authorities) from ``core.area``, so this step runs after geography's. A register whose table is
not in the warehouse is not built. Records without an id, or whose name normalises to nothing,
are left out; an id given twice keeps its first record.

Memory stays bounded whatever the register's size (Companies House has about 5 million
companies): DuckDB reads each register ``batch_rows`` rows at a time as Arrow, names are
normalised in Python batch by batch, and each batch is appended to the table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import duckdb
import pyarrow as pa

from greatjobs.sources.registers import (
    CHARITIES_DATASET,
    COMPANIES_HOUSE_DATASET,
    COOPSUK_DATASET,
    GENDER_PAY_GAP_DATASET,
    NHS_TRUSTS_DATASET,
)
from greatjobs.spend.suppliers.normalise import normalise_supplier_name
from greatjobs.store.duckdb_store import quote_identifier

if TYPE_CHECKING:
    from greatjobs.warehouse import BuildContext

RECORD_TYPES = {
    "register": "VARCHAR",
    "register_id": "VARCHAR",
    "name": "VARCHAR",
    "name_normalised": "VARCHAR",
    "postcode": "VARCHAR",
    "company_number": "VARCHAR",
    "org_type": "VARCHAR",
    "legal_form": "VARCHAR",
    "status": "VARCHAR",
    "accounts_category": "VARCHAR",
    "latest_income": "DOUBLE",
    "lad_code": "VARCHAR",
    "sic_codes": "VARCHAR[]",
}
RECORD_COLUMNS = tuple(RECORD_TYPES)
BATCH_ROWS = 100_000
"""Register rows normalised and written at a time."""
COUNCIL_NAME_FORMS = (
    "{name} Council",
    "{name} City Council",
    "{name} Borough Council",
    "{name} Metropolitan Borough Council",
    "{name} District Council",
    "{name} County Council",
)
COMBINED_AUTHORITY_FORMS = ("{name} Combined Authority",)
PUBLIC_BODIES_DATASET = "ons_ltla23_cauth23_lookup_england"
"""The provenance given to the public bodies (the districts' combined authorities)."""
PUBLIC_SECTOR_SIC = "1"
"""The code the gender pay gap service lists among an employer's SIC codes for the public sector."""
EMPLOYER_OF_250 = "employer of 250 or more"
"""The legal form of a large employer that gave a size band of 250 staff or more: not an SME."""


def _sic_codes(*columns: str) -> str:
    """SQL for the 5-digit codes at the start of SIC texts ("41201 - Construction of...")."""
    found = ", ".join(
        rf"regexp_extract({quote_identifier(c)}, '^\s*(\d{{4,5}})\b', 1)" for c in columns
    )
    return f"list_transform(list_filter([{found}], lambda c: c <> ''), lambda c: lpad(c, 5, '0'))"


def _raw(dataset_id: str) -> str:
    return f"raw.{quote_identifier(dataset_id)}"


COMPANIES_HOUSE_SQL = f"""
    SELECT 'companies-house' AS register, "CompanyNumber" AS register_id,
        coalesce("CompanyName", '') AS name, "RegAddress.PostCode" AS postcode,
        "CompanyNumber" AS company_number, NULL AS org_type, "CompanyCategory" AS legal_form,
        "CompanyStatus" AS status, "Accounts.AccountCategory" AS accounts_category,
        NULL AS latest_income, NULL AS lad_code,
        {_sic_codes(*(f"SICCode.SicText_{i}" for i in range(1, 5)))} AS sic_codes
    FROM {_raw(COMPANIES_HOUSE_DATASET)} WHERE "CompanyNumber" IS NOT NULL
"""  # noqa: S608
CHARITIES_SQL = f"""
    SELECT 'charities' AS register, registered_charity_number AS register_id,
        coalesce(charity_name, '') AS name, charity_contact_postcode AS postcode,
        charity_company_registration_number AS company_number, 'charity' AS org_type,
        charity_type AS legal_form, charity_registration_status AS status,
        NULL AS accounts_category, TRY_CAST(latest_income AS DOUBLE) AS latest_income,
        NULL AS lad_code, [] AS sic_codes
    FROM {_raw(CHARITIES_DATASET)} WHERE registered_charity_number IS NOT NULL
"""  # noqa: S608
MUTUALS_SQL = f"""
    SELECT 'mutuals' AS register, "Identifier" AS register_id, coalesce("Name", '') AS name,
        "Postcode" AS postcode, "Companies House Number" AS company_number,
        CASE WHEN contains(lower(coalesce("Legal Form", '')), 'community interest')
            THEN 'cic' ELSE 'cooperative' END AS org_type,
        "Legal Form" AS legal_form, NULL AS status, NULL AS accounts_category,
        NULL AS latest_income, NULL AS lad_code, {_sic_codes("SIC Code")} AS sic_codes
    FROM {_raw(COOPSUK_DATASET)} WHERE "Identifier" IS NOT NULL
"""  # noqa: S608
LARGE_EMPLOYERS_SQL = f"""
    SELECT 'large-employers' AS register, "EmployerId" AS register_id,
        coalesce("CurrentName", "EmployerName", '') AS name, "PostCode" AS postcode,
        nullif(upper(trim("CompanyNumber")), '') AS company_number,
        CASE WHEN list_contains(codes, '{PUBLIC_SECTOR_SIC}') THEN 'public-body' END AS org_type,
        CASE coalesce("EmployerSize", 'Not Provided')
            WHEN 'Not Provided' THEN 'employer of unstated size'
            WHEN 'Less than 250' THEN 'employer of fewer than 250'
            ELSE '{EMPLOYER_OF_250}' END AS legal_form,
        NULL AS status, NULL AS accounts_category, NULL AS latest_income, NULL AS lad_code,
        list_transform(list_filter(codes, lambda c: length(c) IN (4, 5)),
            lambda c: lpad(c, 5, '0')) AS sic_codes
    FROM (
        SELECT *, regexp_extract_all(coalesce("SicCodes", ''), '\\d+') AS codes
        FROM {_raw(GENDER_PAY_GAP_DATASET)}
    ) WHERE "EmployerId" IS NOT NULL
"""  # noqa: S608
"""Employers that reported a gender pay gap: public-sector ones (SIC code 1) are public bodies,
the rest get their type from the company rules (:func:`company_org_type`); SIC codes are the
real ones (4-digit codes have lost their leading zero), and the legal form carries the size."""
NHS_TRUSTS_SQL = f"""
    SELECT 'nhs-trusts' AS register, "Organisation Code" AS register_id,
        coalesce("Name", '') AS name, "Postcode" AS postcode, NULL AS company_number,
        'public-body' AS org_type, 'NHS trust' AS legal_form,
        CASE WHEN "Close Date" IS NULL THEN 'open' ELSE 'closed' END AS status,
        NULL AS accounts_category, NULL AS latest_income, NULL AS lad_code,
        ['86101'] AS sic_codes
    FROM {_raw(NHS_TRUSTS_DATASET)} WHERE "Organisation Code" IS NOT NULL
"""  # noqa: S608
PUBLIC_BODIES_SQL = """
    WITH forms AS (
        SELECT 'lad' AS type, unnest($lad) AS form, generate_subscripts($lad, 1) - 1 AS n
        UNION ALL
        SELECT 'cauth', unnest($cauth), generate_subscripts($cauth, 1) - 1
    )
    SELECT 'public-bodies' AS register,
        CASE WHEN f.n = 0 THEN a.code ELSE a.code || '~' || f.n END AS register_id,
        replace(f.form, '{name}', a.name) AS name, NULL AS postcode, NULL AS company_number,
        'public-body' AS org_type,
        CASE a.type WHEN 'lad' THEN 'local authority' ELSE 'combined authority' END AS legal_form,
        NULL AS status, NULL AS accounts_category, NULL AS latest_income,
        CASE WHEN a.type = 'lad' THEN a.code END AS lad_code, ['84110'] AS sic_codes
    FROM core.area a JOIN forms f USING (type)
    WHERE (a.type = 'lad' AND a.vintage = 'current') OR a.type = 'cauth'
    ORDER BY a.code, f.n
"""


@dataclass(frozen=True)
class RegisterQuery:
    """How one register is built: the table it is read from and the SQL giving its records (all of
    :data:`RECORD_COLUMNS` but ``name_normalised``; ``org_type`` null where it follows from
    the company category, :func:`company_org_type`)."""

    register: str
    dataset_id: str
    """Its provenance in ``meta.dataset``."""
    table: tuple[str, str]
    """The (schema, table) it is built from."""
    sql: str
    params: dict[str, Any] = field(default_factory=dict)
    """Values bound to the SQL's ``$name`` parameters."""
    title: str | None = None
    """Its title, when it is not its dataset's."""


REGISTER_QUERIES: tuple[RegisterQuery, ...] = (
    RegisterQuery(
        "companies-house",
        COMPANIES_HOUSE_DATASET,
        ("raw", COMPANIES_HOUSE_DATASET),
        COMPANIES_HOUSE_SQL,
    ),
    RegisterQuery("charities", CHARITIES_DATASET, ("raw", CHARITIES_DATASET), CHARITIES_SQL),
    RegisterQuery("mutuals", COOPSUK_DATASET, ("raw", COOPSUK_DATASET), MUTUALS_SQL),
    RegisterQuery(
        "public-bodies",
        PUBLIC_BODIES_DATASET,
        ("core", "area"),
        PUBLIC_BODIES_SQL,
        params={"lad": list(COUNCIL_NAME_FORMS), "cauth": list(COMBINED_AUTHORITY_FORMS)},
        title="Councils and combined authorities (warehouse areas)",
    ),
    RegisterQuery("nhs-trusts", NHS_TRUSTS_DATASET, ("raw", NHS_TRUSTS_DATASET), NHS_TRUSTS_SQL),
    RegisterQuery(
        "large-employers",
        GENDER_PAY_GAP_DATASET,
        ("raw", GENDER_PAY_GAP_DATASET),
        LARGE_EMPLOYERS_SQL,
    ),
)


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


def build_tables(build: BuildContext) -> None:
    """The ``registers`` build step (see the module docstring for the tables)."""
    build_registers(build.con)


def build_registers(con: duckdb.DuckDBPyConnection, batch_rows: int = BATCH_ROWS) -> None:
    """Build ``core.register_record`` and ``core.register`` from the registers present."""
    con.execute("CREATE SCHEMA IF NOT EXISTS core")
    columns = ", ".join(f"{quote_identifier(c)} {t}" for c, t in RECORD_TYPES.items())
    con.execute(f"CREATE TABLE core.register_record ({columns})")
    con.execute(
        "CREATE TABLE core.register (register VARCHAR PRIMARY KEY, dataset_id VARCHAR NOT NULL,"
        " title VARCHAR, records BIGINT NOT NULL)"
    )
    for source in REGISTER_QUERIES:
        if _table_exists(con, *source.table):
            records = load_register(con, source, batch_rows)
            con.execute(
                "INSERT INTO core.register VALUES (?, ?, ?, ?)",
                [source.register, source.dataset_id, source.title, records],
            )


def load_register(
    con: duckdb.DuckDBPyConnection, source: RegisterQuery, batch_rows: int = BATCH_ROWS
) -> int:
    """Append one register's records to ``core.register_record``, ``batch_rows`` at a time;
    return how many it has."""
    typed = ", ".join(
        "NULL::VARCHAR AS name_normalised"
        if c == "name_normalised"
        else f"CAST({quote_identifier(c)} AS {t}) AS {quote_identifier(c)}"
        for c, t in RECORD_TYPES.items()
    )
    query = f"SELECT {typed} FROM ({source.sql})"  # noqa: S608
    (database,) = _one(con, "SELECT current_database()")
    reader = con.cursor()  # reads while ``con`` appends
    try:
        reader.execute(f"USE {quote_identifier(database)}")
        batches = reader.sql(query, params=source.params or None).to_arrow_reader(batch_rows)
        for batch in batches:
            _append(con, normalised(batch))
    finally:
        reader.close()
    _drop_repeated_ids(con, source.register)
    (records,) = _one(
        con, "SELECT count(*) FROM core.register_record WHERE register = ?", [source.register]
    )
    return int(records)


def normalised(batch: pa.RecordBatch) -> pa.Table:
    """A batch of records with ``name_normalised`` (and any missing ``org_type``) filled in,
    less those whose name normalises to nothing."""
    table = pa.Table.from_batches([batch])
    names = table.column("name").to_pylist()
    matching = [normalise_supplier_name(n) for n in names]
    table = table.set_column(
        RECORD_COLUMNS.index("name_normalised"), "name_normalised", pa.array(matching, pa.string())
    )
    org_types = table.column("org_type")
    if org_types.null_count:
        categories = table.column("legal_form").to_pylist()
        filled = [
            t if t is not None else company_org_type(c, n)
            for t, c, n in zip(org_types.to_pylist(), categories, names, strict=True)
        ]
        table = table.set_column(
            RECORD_COLUMNS.index("org_type"), "org_type", pa.array(filled, pa.string())
        )
    return table.filter(pa.array([m != "" for m in matching], pa.bool_()))


def _append(con: duckdb.DuckDBPyConnection, records: pa.Table) -> None:
    columns = ", ".join(RECORD_COLUMNS)
    con.register("__register_batch", records)
    try:
        con.execute(
            f"INSERT INTO core.register_record ({columns}) "  # noqa: S608
            f"SELECT {columns} FROM __register_batch"
        )
    finally:
        con.unregister("__register_batch")


def _drop_repeated_ids(con: duckdb.DuckDBPyConnection, register: str) -> None:
    """Keep the first record of an id given more than once."""
    con.execute(
        """
        DELETE FROM core.register_record WHERE rowid IN (
            SELECT r.rowid FROM core.register_record r
            SEMI JOIN (
                SELECT register_id FROM core.register_record WHERE register = $register
                GROUP BY register_id HAVING count(*) > 1
            ) repeated USING (register_id)
            WHERE r.register = $register
            QUALIFY row_number() OVER (PARTITION BY r.register_id ORDER BY r.rowid) > 1
        )
        """,
        {"register": register},
    )


def _table_exists(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    (found,) = _one(
        con,
        "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() "
        "AND schema_name = ? AND table_name = ?",
        [schema, table],
    )
    return bool(found)


def _one(
    con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None
) -> tuple[Any, ...]:
    [row] = con.execute(sql, params or []).fetchall()
    return tuple(row)

"""The supplier-resolution tables in the spend ledger (schema ``spend``).

The spend pipeline owns ``spend.payment``; supplier resolution owns the tables below. Every
statement is idempotent, so opening a ledger creates what is missing and changes nothing else.
"""

from __future__ import annotations

import duckdb

ORG_TYPES = ("company", "charity", "cic", "cooperative", "public-body", "sole-trader-or-unknown")
LINK_STATUSES = ("auto", "review", "confirmed", "rejected")

DDL = (
    "CREATE SCHEMA IF NOT EXISTS spend",
    """CREATE TABLE IF NOT EXISTS spend.supplier_alias (
        supplier_name_normalised VARCHAR PRIMARY KEY,
        supplier_key VARCHAR NOT NULL,
        cluster_match_probability DOUBLE
    )""",
    """CREATE TABLE IF NOT EXISTS spend.register_record (
        register VARCHAR NOT NULL,
        register_id VARCHAR NOT NULL,
        name VARCHAR NOT NULL,
        name_normalised VARCHAR NOT NULL,
        postcode VARCHAR,
        company_number VARCHAR,
        org_type VARCHAR NOT NULL,
        legal_form VARCHAR,
        status VARCHAR,
        accounts_category VARCHAR,
        latest_income DOUBLE,
        lad_code VARCHAR,
        sic_codes VARCHAR[],
        PRIMARY KEY (register, register_id)
    )""",
    """CREATE TABLE IF NOT EXISTS spend.register_load (
        register VARCHAR PRIMARY KEY,
        dataset_id VARCHAR NOT NULL,
        title VARCHAR,
        publisher VARCHAR,
        vintage VARCHAR,
        licence VARCHAR,
        records BIGINT NOT NULL,
        loaded_at TIMESTAMP NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS spend.link_candidate (
        supplier_key VARCHAR NOT NULL,
        register VARCHAR NOT NULL,
        register_id VARCHAR NOT NULL,
        match_weight DOUBLE NOT NULL,
        match_probability DOUBLE NOT NULL,
        levels VARCHAR,
        status VARCHAR NOT NULL,
        decided_by VARCHAR,
        decided_at TIMESTAMP,
        PRIMARY KEY (supplier_key, register, register_id)
    )""",
    """CREATE TABLE IF NOT EXISTS spend.link_decision (
        supplier_key VARCHAR NOT NULL,
        supplier_name_normalised VARCHAR,
        register VARCHAR NOT NULL,
        register_id VARCHAR NOT NULL,
        decision VARCHAR NOT NULL CHECK (decision IN ('confirmed', 'rejected')),
        decided_by VARCHAR NOT NULL,
        decided_at TIMESTAMP NOT NULL,
        match_weight DOUBLE,
        PRIMARY KEY (supplier_key, register, register_id)
    )""",
    """CREATE TABLE IF NOT EXISTS spend.supplier_profile (
        supplier_key VARCHAR PRIMARY KEY,
        display_name VARCHAR NOT NULL,
        register VARCHAR,
        register_id VARCHAR,
        postcode VARCHAR,
        lad_code VARCHAR,
        lsoa21_code VARCHAR,
        imd_decile INTEGER,
        org_type VARCHAR NOT NULL,
        is_sme BOOLEAN,
        sme_basis VARCHAR,
        sic_codes VARCHAR[],
        resolved BOOLEAN NOT NULL,
        link_status VARCHAR,
        match_weight DOUBLE,
        location_basis VARCHAR
    )""",
)


def ensure_supplier_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create the supplier-resolution tables that do not exist yet."""
    for statement in DDL:
        con.execute(statement)


def payment_table_exists(con: duckdb.DuckDBPyConnection) -> bool:
    found = con.execute(
        "SELECT count(*) FROM information_schema.tables "
        "WHERE table_schema = 'spend' AND table_name = 'payment'"
    ).fetchone()
    return bool(found and found[0])

"""Classify a supplier from the register record it is linked to: where, what kind, how big, sector.

* **Location**: the registered (or contact) postcode -> district and 2021 LSOA through
  :func:`greatjobs.geography.lookup_postcode` -> IMD 2025 decile (``core.imd_lsoa``). Public
  bodies are placed in their own district. ``location_basis`` says which.
* **Type**: from the register (Companies House category; charities; Co-operatives UK legal form;
  public bodies, NHS trusts and public-sector employers). A supplier linked to both a company and a
  charity is a charity (a charitable company); between records of equal type and weight, the
  register listed first in :data:`~.registers.REGISTER_NAMES` is the primary one (a council's own
  record over its gender pay gap report). No accepted link: ``sole-trader-or-unknown``.
* **Size**: ``is_sme`` only where a register allows, and ``sme_basis`` says how it was decided
  (:func:`sme_from_register`), from the first of the supplier's links that decides it (a large
  company's full accounts do not show its size, its gender pay gap report does).
* **Sector**: SIC 2007 codes from the register.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import duckdb
import pandas as pd

from greatjobs.errors import GreatjobsError
from greatjobs.geography import lookup_postcode
from greatjobs.spend.suppliers.build import EMPLOYER_OF_250
from greatjobs.spend.suppliers.registers import REGISTER_NAMES

SME_ACCOUNTS = {
    "micro entity": "micro-entity accounts",
    "micro-entity accounts": "micro-entity accounts",
    "small": "small-company accounts",
    "small abbreviated": "small-company accounts",
    "total exemption full": "total exemption (small company) accounts",
    "total exemption small": "total exemption (small company) accounts",
    "unaudited abridged": "abridged (small company) accounts",
    "audited abridged": "abridged (small company) accounts",
    "medium": "medium-company accounts",
    "medium company": "medium-company accounts",
}
CHARITY_SME_INCOME = 54_000_000
"""Companies Act 2006 medium-company turnover ceiling (from April 2025), applied to income."""
ORG_PRIORITY = {"charity": 0, "cooperative": 1, "cic": 2, "public-body": 3, "company": 4}
REGISTER_RANK = {name: n for n, name in enumerate(REGISTER_NAMES)}


def sme_from_register(record: dict[str, Any]) -> tuple[bool | None, str]:
    """``(is_sme, how decided)`` from one register record; ``None`` where it cannot be said."""
    register = record.get("register")
    if record.get("org_type") == "public-body":
        return False, "public body: not an enterprise"
    if register == "companies-house":
        category = str(record.get("accounts_category") or "").strip()
        basis = SME_ACCOUNTS.get(category.lower())
        if basis:
            return True, f"Companies House accounts category '{category}': {basis}"
        if category:
            return None, (
                f"Companies House accounts category '{category}' does not show size "
                "(full or group accounts, dormant, or none filed)"
            )
        return None, "Companies House gives no accounts category"
    if register == "charities":
        income = record.get("latest_income")
        if income is None or pd.isna(income):
            return None, "charity register gives no latest income"
        is_sme = float(income) <= CHARITY_SME_INCOME
        return is_sme, (
            f"charity latest income £{float(income):,.0f} "
            f"{'≤' if is_sme else '>'} £{CHARITY_SME_INCOME:,} (medium-company ceiling)"
        )
    if register == "mutuals":
        return None, "Co-operatives UK open data gives no size"
    if register == "large-employers":
        return _employer_size(str(record.get("legal_form") or ""))
    return None, "not linked to a register"


def _employer_size(legal_form: str) -> tuple[bool | None, str]:
    """Size from a gender pay gap report: 250 staff or more is not an SME; fewer leaves it open, as
    an SME must also be under a turnover or balance-sheet ceiling."""
    if legal_form == EMPLOYER_OF_250:
        return False, "gender pay gap report: 250 or more staff"
    if "fewer than 250" in legal_form:
        return None, "gender pay gap report: fewer than 250 staff, which alone does not decide"
    return None, "gender pay gap report gives no size"


def sme_from_links(links: pd.DataFrame) -> tuple[bool | None, str]:
    """``(is_sme, how decided)`` from the first of a supplier's links, in order of preference,
    whose register decides it; as the first says when none does."""
    found = [sme_from_register({str(k): v for k, v in r.items()}) for r in links.to_dict("records")]
    return next((f for f in found if f[0] is not None), found[0])


def _imd_deciles(warehouse: duckdb.DuckDBPyConnection) -> dict[str, int]:
    rows = warehouse.execute(
        "SELECT lsoa_code, imd_decile FROM core.imd_lsoa WHERE edition = 2025"
    ).fetchall()
    return {code: int(decile) for code, decile in rows if decile is not None}


def postcode_locator(
    warehouse: duckdb.DuckDBPyConnection,
) -> Callable[[str], tuple[str | None, str | None, int | None, str]]:
    """``locate(postcode) -> (lad_code, lsoa21_code, imd_decile, basis)``, cached."""
    deciles = _imd_deciles(warehouse)

    @functools.cache
    def locate(postcode: str) -> tuple[str | None, str | None, int | None, str]:
        try:
            found = lookup_postcode(warehouse, postcode)
        except GreatjobsError as exc:
            return None, None, None, f"postcode {postcode} not placed: {exc}"
        lsoa = found.lsoa21.code if found.lsoa21 else None
        basis = f"registered postcode {found.postcode} ({found.lsoa_method})"
        return found.district.code, lsoa, deciles.get(lsoa) if lsoa else None, basis

    return locate


def classify_suppliers(
    suppliers: pd.DataFrame,
    accepted: pd.DataFrame,
    warehouse: duckdb.DuckDBPyConnection,
    registers_loaded: list[str],
) -> pd.DataFrame:
    """Rows of ``spend.supplier_profile``.

    ``suppliers``: ``supplier_key, display_name``. ``accepted``: the accepted links (status
    auto or confirmed) joined to their register records, with ``match_weight`` and
    ``link_status``.
    """
    locate = postcode_locator(warehouse)
    by_key = (
        {k: g for k, g in accepted.groupby("supplier_key", sort=False)} if len(accepted) else {}
    )
    none_loaded = "no register loaded" if not registers_loaded else None
    rows = []
    for key, display in zip(suppliers["supplier_key"], suppliers["display_name"], strict=True):
        links = by_key.get(key)
        if links is None:
            rows.append(_unresolved(key, display, none_loaded))
            continue
        links = links.assign(
            _p=links["org_type"].map(ORG_PRIORITY).fillna(9),
            _r=links["register"].map(REGISTER_RANK).fillna(len(REGISTER_RANK)),
        )
        links = links.sort_values(
            ["_p", "match_weight", "_r"], ascending=[True, False, True], kind="stable"
        )
        record = {str(k): v for k, v in links.iloc[0].to_dict().items()}
        is_sme, sme_basis = sme_from_links(links)
        lad, lsoa, decile, basis = None, None, None, "no postcode in the register record"
        if _present(record.get("lad_code")):
            lad, basis = record["lad_code"], "district of the public body"
        elif _present(record.get("postcode")):
            lad, lsoa, decile, basis = locate(str(record["postcode"]))
        sic = record.get("sic_codes")
        rows.append(
            {
                "supplier_key": key,
                "display_name": record.get("name") or display,
                "register": record["register"],
                "register_id": record["register_id"],
                "postcode": record["postcode"] if _present(record.get("postcode")) else None,
                "lad_code": lad,
                "lsoa21_code": lsoa,
                "imd_decile": decile,
                "org_type": record.get("org_type") or "sole-trader-or-unknown",
                "is_sme": is_sme,
                "sme_basis": sme_basis,
                "sic_codes": list(sic) if sic is not None else [],
                "resolved": True,
                "link_status": record.get("link_status"),
                "match_weight": float(record["match_weight"]),
                "location_basis": basis,
            }
        )
    return pd.DataFrame(rows, columns=PROFILE_COLUMNS)


PROFILE_COLUMNS = [
    "supplier_key",
    "display_name",
    "register",
    "register_id",
    "postcode",
    "lad_code",
    "lsoa21_code",
    "imd_decile",
    "org_type",
    "is_sme",
    "sme_basis",
    "sic_codes",
    "resolved",
    "link_status",
    "match_weight",
    "location_basis",
]


def _present(value: Any) -> bool:
    return isinstance(value, str) and value.strip() != ""


def _unresolved(key: str, display: str, none_loaded: str | None) -> dict[str, Any]:
    why = none_loaded or "no accepted link to a loaded register"
    return {
        "supplier_key": key,
        "display_name": display,
        "register": None,
        "register_id": None,
        "postcode": None,
        "lad_code": None,
        "lsoa21_code": None,
        "imd_decile": None,
        "org_type": "sole-trader-or-unknown",
        "is_sme": None,
        "sme_basis": f"unknown: {why}",
        "sic_codes": [],
        "resolved": False,
        "link_status": None,
        "match_weight": None,
        "location_basis": f"unknown: {why}",
    }

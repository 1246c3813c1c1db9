"""Good work across a place: charter coverage by district and sector, and insecure work.

Coverage counts employers and their employees from assessments (one record per employer, its
latest). Insecure work follows the TUC definition: zero-hours contracts + temporary agency, casual
and seasonal work + self-employed people earning below the minimum wage. Offline, only the
self-employment part can be bounded, from Census 2021 TS066 (usual residents by economic activity,
``core.census_economic_activity``, written by :mod:`greatjobs.goodwork.build`); the rest needs
the live Nomis sources listed in :data:`LIVE_SOURCES`. See docs/methods/good-work.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import duckdb
import pandas as pd

from greatjobs.errors import DataError
from greatjobs.geography import Place
from greatjobs.provenance import Provenance

SOLO_SELF_EMPLOYED = ("5", "6", "12", "13")
"""TS066 categories: self-employed without employees, part-time and full-time, students or not."""
IN_EMPLOYMENT = ("1002", "1007")
"""TS066: in employment, excluding and including full-time students."""
EMPLOYEES = ("1003", "1008")

LIVE_SOURCES = {
    "zero-hours contracts": "ONS LFS EMP17 (people on zero-hours contracts): UK and regions only; "
    "no district figures are published.",
    "temporary agency, casual and seasonal work": "ONS Annual Population Survey on Nomis "
    "(temporary employees by reason), district level with wide confidence intervals; the "
    "agency/casual/seasonal split "
    "is in the LFS microdata only (UK and regions).",
    "self-employed below the minimum wage": "No official small-area source: the TUC uses the "
    "Family Resources Survey (UK). Census 2021 and APS give self-employment counts, not earnings.",
}


@dataclass(frozen=True)
class CoverageRecord:
    organisation: str
    district_code: str
    district_name: str
    sector: str
    employees: int
    tier_name: str
    """The tier reached ('No tier yet' when none)."""
    verified: bool


def charter_coverage(records: Iterable[CoverageRecord], by: str) -> pd.DataFrame:
    """Employers and employees assessed and at a verified tier, by ``district`` or ``sector``."""
    rows = list(records)
    key = {"district": "district_name", "sector": "sector"}[by]
    frame = pd.DataFrame(
        [
            {
                by: getattr(r, key) or "Not stated",
                "employers_assessed": 1,
                "employees_assessed": r.employees,
                "employers_verified_at_a_tier": int(r.verified and r.tier_name != "No tier yet"),
                "employees_verified_at_a_tier": r.employees
                if r.verified and r.tier_name != "No tier yet"
                else 0,
            }
            for r in rows
        ],
        columns=[
            by,
            "employers_assessed",
            "employees_assessed",
            "employers_verified_at_a_tier",
            "employees_verified_at_a_tier",
        ],
    )
    if frame.empty:
        return frame
    out = frame.groupby(by, as_index=False).sum(numeric_only=True).sort_values(by)
    total = {by: "All", **{c: int(out[c].sum()) for c in out.columns if c != by}}
    return pd.concat([out, pd.DataFrame([total])], ignore_index=True)


METHOD_REFERENCE = "docs/methods/good-work.md"
CENSUS_CAVEAT = "Census counts are of residents and are statistically perturbed."


def _census_dataset(con: duckdb.DuckDBPyConnection) -> str:
    """The dataset ``core.census_economic_activity`` was built from (refreshed or bundled)."""
    row = con.execute("SELECT any_value(dataset_id) FROM core.census_economic_activity").fetchone()
    if row is None or row[0] is None:
        raise DataError("core.census_economic_activity is empty; rebuild the warehouse.")
    return str(row[0])


@dataclass(frozen=True)
class InsecureWork:
    place: str
    districts: pd.DataFrame
    """Per district: in employment, employees, solo self-employed, and the insecure-work bound."""
    provenance: Provenance
    """The census dataset ``core.census_economic_activity`` was built from, as the warehouse
    records it, with the method and the census's caveat."""
    components: tuple[tuple[str, str, str], ...]
    """(component, status, how) for each part of the TUC definition."""

    @property
    def dataset_id(self) -> str:
        return self.provenance.dataset_ids[0]


def insecure_work(con: duckdb.DuckDBPyConnection, place: Place) -> InsecureWork:
    """What can be said offline about insecure work in a place's districts, with bounds."""
    dataset = _census_dataset(con)
    codes = list(place.district_codes)
    marks = ", ".join("?" for _ in codes)
    cats = [*SOLO_SELF_EMPLOYED, *IN_EMPLOYMENT, *EMPLOYEES]
    cat_marks = ", ".join("?" for _ in cats)
    counts = con.execute(
        f"""
        SELECT area_code AS code, any_value(area_name) AS name, category AS cat,
               sum(residents) AS value
        FROM core.census_economic_activity
        WHERE area_code IN ({marks}) AND category IN ({cat_marks})
        GROUP BY ALL
        """,  # noqa: S608
        [*codes, *cats],
    ).df()
    wide = counts.pivot_table(index=["code", "name"], columns="cat", values="value", aggfunc="sum")
    wide = wide.reindex(columns=cats, fill_value=0.0).fillna(0.0)
    out = pd.DataFrame(
        {
            "district_code": [c for c, _ in wide.index],
            "district": [n for _, n in wide.index],
            "in_employment": wide[list(IN_EMPLOYMENT)].sum(axis=1).to_numpy(),
            "employees": wide[list(EMPLOYEES)].sum(axis=1).to_numpy(),
            "solo_self_employed": wide[list(SOLO_SELF_EMPLOYED)].sum(axis=1).to_numpy(),
        }
    )
    if not out.empty:
        total = {
            "district_code": place.code,
            "district": place.name,
            **{
                c: float(out[c].sum())
                for c in out.columns
                if c not in ("district_code", "district")
            },
        }
        out = pd.concat([out, pd.DataFrame([total])], ignore_index=True)
        for col in ("in_employment", "employees", "solo_self_employed"):
            out[col] = out[col].astype(float)
        out["solo_self_employed_share_pct"] = 100 * out["solo_self_employed"] / out["in_employment"]
        out["low_paid_self_employed_lower"] = 0.0
        out["low_paid_self_employed_upper"] = out["solo_self_employed"]
    components = (
        (
            "self-employed below the minimum wage",
            "bounded",
            "Between 0 and all self-employed people without employees (Census 2021 TS066, "
            "residents in employment); earnings are not in the census. "
            + LIVE_SOURCES["self-employed below the minimum wage"],
        ),
        ("zero-hours contracts", "not measurable offline", LIVE_SOURCES["zero-hours contracts"]),
        (
            "temporary agency, casual and seasonal work",
            "not measurable offline",
            LIVE_SOURCES["temporary agency, casual and seasonal work"],
        ),
    )
    provenance = Provenance.of(con, [dataset], method=METHOD_REFERENCE, notes=[CENSUS_CAVEAT])
    return InsecureWork(place.name, out, provenance, components)

"""Low pay, the pay distribution and 16-17 NEET rates (a part of the series build step).

* ``low-pay-living-wage``: ONS ASHE April 2022 (provisional), Table 7 LWF.1a/LWF.1b, "All" sheets
  of the two spreadsheets in the ONS zip (read here, in the build step, from the snapshot file):
  employee jobs paid below the Living Wage Foundation rate, by WORKPLACE.
* ``annual-pay-p10`` and ``annual-pay-90-10``: ONS ASHE 2025 (provisional), Table 8.7a, annual
  gross pay of all employee jobs by place of RESIDENCE (``raw``, from the CSV export of its "All"
  sheet).
* ``neet-or-not-known-16-17`` and ``neet-16-17``: DfE "Participation in education, training and
  NEET age 16 to 17 by local authority", the counts of ``data/ud_neet_characteristics.csv`` in
  the DfE download zip.

Every reader returns :data:`~greatjobs.diagnose.series_sources.SERIES_COLUMNS`; a publisher's
marker (ONS ``x`` = CV above 20%, ``..`` = disclosive; DfE ``c`` = suppressed, ``z`` = not
applicable) is a missing value, never zero.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from datetime import date

import numpy as np
import pandas as pd

from greatjobs.diagnose.series_sources import frame, number
from greatjobs.errors import DataError
from greatjobs.stats import Z95
from greatjobs.store.duckdb_store import quote_identifier
from greatjobs.warehouse import BuildContext

ONS_AREA_TYPES = {
    **dict.fromkeys(["E06", "E07", "E08", "E09", "W06", "S12", "N09"], "lad"),
    "E10": "cty",
    "E12": "rgn",
    **dict.fromkeys(["E92", "W92", "S92", "N92", "K02", "K03"], "ctry"),
}
"""ONS rows kept: districts, counties, regions and countries. Metropolitan counties (E11) and
England and Wales (K04) are left out: they are sums of areas already held."""

LIVING_WAGE_DATASET = "ons_ashe_living_wage_foundation_by_work_geography_and_pcon_2022_provisional"
LIVING_WAGE_TABLE = "Table 7 LWF.1a"
LIVING_WAGE_CV_TABLE = "Table 7 LWF.1b"
LIVING_WAGE_METHOD = (
    "Published by ONS (ASHE April 2022, provisional, Table 7 LWF.1a, by workplace); all jobs = "
    "jobs below the rate (thousands) / per cent; 95% interval from the published CV (LWF.1b); "
    "cells marked 'x' (CV above 20%) or '..' are missing"
)

PAY_DATASET = "ons_ashe_table8_7a_annual_pay_gross_residence_2025_provisional_all_employee_jobs"
PAY_METHOD_P10 = (
    "Published by ONS (ASHE 2025, provisional, Table 8.7a, by residence); cells marked 'x' (CV "
    "above 20%) or '..' are missing"
)
PAY_METHOD_RATIO = (
    "Computed by greatjobs: 90th / 10th percentile as published by ONS (ASHE 2025, provisional, "
    "Table 8.7a, residence); missing where ONS marks either 'x' (CV above 20%) or '..'"
)

NEET_DATASET = "dfe_neet_participation_16_17_by_la_2022"
NEET_MEMBER = "data/ud_neet_characteristics.csv"
NEET_MEASURES = {
    "neet-or-not-known-16-17": ("avgNEETNK", "NEETNKprop", "NEET or whose activity is not known"),
    "neet-16-17": ("avgNEET", "NEETprop", "NEET (activity known)"),
}
"""Indicator -> (count column, published percentage column, what is counted)."""
NEET_AREA_TYPES = {"E06": "lad", "E08": "lad", "E09": "lad", "E10": "cty"}
"""DfE local authorities are upper-tier: unitaries, metropolitan districts and London boroughs
are districts; counties (E10) are counties, so summing never counts a young person twice."""


def _numbers(text: pd.Series) -> pd.Series:
    """Publisher text to floats, markers ('x', '..', 'c', 'z') as NaN (missing, never zero)."""
    return number(text).astype("float64")


def read_living_wage(build: BuildContext) -> pd.DataFrame:
    """Rows of ``core.indicator_series`` for ``low-pay-living-wage`` (ASHE 2022, workplace)."""
    path = build.file(LIVING_WAGE_DATASET)
    with zipfile.ZipFile(path) as zf:
        estimates = _all_sheet(zf, LIVING_WAGE_TABLE, cv=False)
        cvs = _all_sheet(zf, LIVING_WAGE_CV_TABLE, cv=True)
    rows = estimates.merge(cvs[["code", "cv_pct"]], on="code", how="left")
    jobs = 1000 * rows["jobs_thousand"]
    pct = rows["pct"]
    with np.errstate(divide="ignore", invalid="ignore"):
        all_jobs = np.where((pct > 0) & (jobs > 0), jobs / (pct / 100), np.nan)
    has_counts = np.isfinite(all_jobs)
    half = Z95 * rows["cv_pct"] / 100 * pct
    out = pd.DataFrame(
        {
            "indicator_id": "low-pay-living-wage", "area_code": rows["code"],
            "area_name": rows["name"], "area_type": [ONS_AREA_TYPES[c[:3]] for c in rows["code"]],
            "period": "2022", "period_start": date(2022, 4, 1),
            "value": np.where(has_counts, 100 * jobs / all_jobs, pct),
            "lci": pct - half, "uci": pct + half,
            "numerator": np.where(has_counts, jobs, np.nan),
            "denominator": np.where(has_counts, all_jobs, np.nan),
            "dataset_id": LIVING_WAGE_DATASET, "method": LIVING_WAGE_METHOD,
        }
    )  # fmt: skip
    return frame(out[np.isfinite(out["value"])])


def _all_sheet(zf: zipfile.ZipFile, table: str, *, cv: bool) -> pd.DataFrame:
    """The "All" sheet of the work-geography spreadsheet ``table`` (estimates or CVs)."""
    members = [
        m for m in zf.namelist() if table in m and "Work Geography" in m and m.endswith(".xls")
    ]
    if len(members) != 1:
        raise DataError(
            f"{LIVING_WAGE_DATASET}: expected one {table} spreadsheet, found {members}."
        )
    with warnings.catch_warnings():  # pandas deprecates xlrd, still the .xls reader here
        warnings.filterwarnings("ignore", message=".*xlrd engine is deprecated.*")
        sheet = pd.read_excel(io.BytesIO(zf.read(members[0])), sheet_name="All", header=None)
    first = sheet[0].astype(str).str.strip()
    header = sheet.index[first == "Description"]
    top = sheet.iloc[: int(header[0]) + 1, 2:4] if not header.empty else sheet.iloc[:0]
    labels = " ".join(str(v) for v in top.to_numpy().ravel())
    if header.empty or "Jobs" not in labels or "Per cent" not in labels:
        raise DataError(f"{members[0]}: unexpected layout (no Description / Jobs / Per cent rows).")
    body = sheet.iloc[int(header[0]) + 1 :]
    code = body[1].astype(str).str.strip()
    body, code = body[code.str[:3].isin(ONS_AREA_TYPES)], code[code.str[:3].isin(ONS_AREA_TYPES)]
    out = pd.DataFrame(
        {
            "code": code,
            "name": body[0].astype(str).str.strip().str.removesuffix(" UA"),
            "jobs_thousand" if not cv else "cv_jobs": _numbers(body[2].astype(str)),
            "pct" if not cv else "cv_pct": _numbers(body[3].astype(str)),
        }
    )
    return out.drop_duplicates("code")


def read_pay_distribution(build: BuildContext) -> pd.DataFrame:
    """Rows for ``annual-pay-p10`` and ``annual-pay-90-10`` (ASHE 2025 Table 8.7a, residence)."""
    raw = build.con.execute(
        f'SELECT "Description", "Code", "10", "90" FROM raw.{quote_identifier(PAY_DATASET)}'  # noqa: S608
    ).df()
    code = raw["Code"].astype("string").str.strip().fillna("")
    raw = raw[code.str[:3].isin(ONS_AREA_TYPES)].assign(code=code)
    p10, p90 = _numbers(raw["10"]), _numbers(raw["90"])  # 'x' and '..' -> missing
    common = {
        "area_code": raw["code"],
        "area_name": raw["Description"].astype(str).str.strip().str.removesuffix(" UA"),
        "area_type": [ONS_AREA_TYPES[c[:3]] for c in raw["code"]],
        "period": "2025",
        "period_start": date(2025, 4, 1),
        "dataset_id": PAY_DATASET,
    }
    low = pd.DataFrame(
        {**common, "indicator_id": "annual-pay-p10", "value": p10, "method": PAY_METHOD_P10}
    )
    ratio = pd.DataFrame(
        {
            **common, "indicator_id": "annual-pay-90-10", "value": p90 / p10,
            "method": PAY_METHOD_RATIO,
        }
    )  # fmt: skip
    out = pd.concat([low, ratio], ignore_index=True)
    return frame(out[np.isfinite(out["value"].astype(float))])


def read_neet(build: BuildContext) -> pd.DataFrame:
    """Rows for the 16-17 NEET indicators: local authorities' counts (so places are summed from
    counts), England and regions as published (DfE rounds their counts to the nearest 10)."""
    path = build.file(NEET_DATASET)
    with zipfile.ZipFile(path) as zf:
        if NEET_MEMBER not in zf.namelist():
            raise DataError(f"{NEET_DATASET}: no {NEET_MEMBER} in the zip.")
        raw = pd.read_csv(
            io.BytesIO(zf.read(NEET_MEMBER)), dtype=str, keep_default_na=False, encoding="utf-8-sig"
        )
    raw = raw[
        (raw["Characteristic_grouping"] == "Total")
        & (raw["Characteristic"] == "Total")
        & (raw["Age"] == "16-17")
    ]
    level = raw["geographic_level"]
    code = np.where(
        level == "National",
        raw["country_code"],
        np.where(level == "Regional", raw["region_code"], raw["new_la_code"]),
    )
    kind = [
        "ctry" if lv == "National" else "rgn" if lv == "Regional" else NEET_AREA_TYPES.get(c[:3])
        for lv, c in zip(level, code, strict=True)
    ]
    name = np.where(
        level == "National",
        raw["country_name"],
        np.where(level == "Regional", raw["region_name"], raw["la_name"]),
    )
    year = raw["time_period"].astype(int)
    is_la = (level == "Local authority").to_numpy()
    cohort = _numbers(raw["avgcohort"])
    parts = []
    for indicator_id, (count_column, pct_column, counted) in NEET_MEASURES.items():
        count = _numbers(raw[count_column])
        published = _numbers(raw[pct_column])
        with np.errstate(divide="ignore", invalid="ignore"):
            from_counts = 100 * count / cohort
        parts.append(
            pd.DataFrame(
                {
                    "indicator_id": indicator_id,
                    "area_code": code,
                    "area_name": name,
                    "area_type": kind,
                    "period": [f"Dec {y - 1}-Feb {y}" for y in year],
                    "period_start": [date(y - 1, 12, 1) for y in year],
                    "value": np.where(is_la, from_counts, published),
                    "numerator": np.where(is_la, count, np.nan),
                    "denominator": np.where(is_la, cohort, np.nan),
                    "dataset_id": NEET_DATASET,
                    "method": f"Published by DfE (NEET and participation by local authority): "
                    f"16-17 year olds {counted} / all known to the authority, average of December "
                    "to February; cells marked 'c' are missing",
                }
            )
        )
    out = pd.concat(parts, ignore_index=True)
    out = out[out["area_type"].notna() & np.isfinite(out["value"].astype(float))]
    return frame(out)

"""Workless households from the ONS household APS Table A1 spreadsheets (2006-2022).

The workbooks are not loaded into ``raw`` (they are spreadsheets), so the build step reads them
from the files of the build's catalogue: one sheet per year (2006-2018, then 2019 on current
geographies) in the 2006-2019 ``.xls``, and worksheet ``1`` of each later ``.xlsx``. Each has a
header row starting ``Area Code``; the columns are found by their labels, because the layout
changed over time.
"""

from __future__ import annotations

import warnings
from datetime import date

import numpy as np
import pandas as pd

from greatjobs.diagnose.series_sources import frame
from greatjobs.errors import DataError
from greatjobs.stats import Z95
from greatjobs.warehouse import BuildContext

DATASETS = (
    "ons_workless_households_la_tableA1_2006_2019",
    "ons_workless_households_la_tableA1_2020",
    "ons_workless_households_la_tableA1_2021",
    "ons_workless_households_la_tableA1_2022",
)

AREA_TYPES = {"E06": "lad", "E07": "lad", "E08": "lad", "E09": "lad", "W06": "lad",
              "S12": "lad", "N09": "lad", "E10": "cty", "E12": "rgn", "E92": "ctry", "W92": "ctry",
              "S92": "ctry", "N92": "ctry", "K02": "ctry", "K03": "ctry"}  # fmt: skip
"""Rows kept: districts, counties, regions and countries. Metropolitan counties (E11) are left
out: they are exactly the sums of their districts. Summing never counts a household twice: the
blocks summed for a place never overlap (``series.aggregate_counts``)."""
METHOD = (
    "Published by ONS (household APS Table A1): workless / (working + mixed + workless) "
    "households; 95% interval = rate +/- 1.96 x published CV x rate"
)


def read_workless_households(build: BuildContext) -> pd.DataFrame:
    """Rows of ``core.indicator_series`` for ``workless-households``, from the build's workbooks."""
    parts = []
    for dataset_id in DATASETS:
        path = build.file(dataset_id)
        with warnings.catch_warnings():  # pandas deprecates xlrd, still the .xls reader here
            warnings.filterwarnings("ignore", message=".*xlrd engine is deprecated.*")
            sheets = pd.read_excel(path, sheet_name=None, header=None)
        for name, sheet in sheets.items():
            year = _sheet_year(str(name), sheet)
            if year is None:
                continue
            parts.append(_read_sheet(sheet, year, dataset_id, f"{path.name} [{name}]"))
    if not parts:
        raise DataError("No workless-household tables were found in the snapshot workbooks.")
    return frame(pd.concat(parts, ignore_index=True))


def _sheet_year(name: str, sheet: pd.DataFrame) -> int | None:
    """The year a data sheet covers; ``None`` for cover, notes and 2019 'historical' sheets."""
    if name == "2019(2)":
        return None  # the same year on historical geographies; 2019(1) has today's codes
    title = " ".join(str(v) for v in sheet.iloc[:2, 0].tolist())
    if "Area Code" not in sheet.iloc[:8, 0].astype(str).tolist():
        return None
    for token in title.replace("-", " ").split():
        if token.isdigit() and len(token) == 4:
            return int(token)
    return None


def _read_sheet(sheet: pd.DataFrame, year: int, dataset_id: str, where: str) -> pd.DataFrame:
    header_row = sheet.index[sheet[0].astype(str).str.strip() == "Area Code"][0]
    labels = [str(v).lower() for v in sheet.iloc[header_row].tolist()]
    counts = [i for i, label in enumerate(labels) if "thousand" in label]
    workless = [i for i, label in enumerate(labels) if "workless" in label]
    pct = [i for i in workless if "per cent" in labels[i] and "variation" not in labels[i]]
    if len(counts) < 3 or not pct:
        raise DataError(f"{where}: unexpected layout of the workless-households table.")
    working, mixed, workless_n = counts[0], counts[1], counts[2]
    # The CV of the workless percentage is the last workless per-cent (or CV) column.
    cv_columns = [
        i for i in workless if i > pct[0] and ("per cent" in labels[i] or "variation" in labels[i])
    ]
    if not cv_columns:
        raise DataError(f"{where}: no coefficient of variation for workless households.")
    body = sheet.iloc[header_row + 1 :]
    code = body[0].astype(str).str.strip()
    body = body[code.str[:3].isin(AREA_TYPES)]
    code = body[0].astype(str).str.strip()
    num = pd.to_numeric(body[workless_n], errors="coerce")
    den = (
        num
        + pd.to_numeric(body[working], errors="coerce")
        + pd.to_numeric(body[mixed], errors="coerce")
    )
    cv = pd.to_numeric(body[cv_columns[-1]], errors="coerce")
    value = 100 * num / den
    half = Z95 * cv / 100 * value
    out = pd.DataFrame(
        {
            "indicator_id": "workless-households", "area_code": code,
            "area_name": body[1].astype(str).str.strip(),
            "area_type": [AREA_TYPES[c[:3]] for c in code], "period": str(year),
            "period_start": date(year, 1, 1), "value": value,
            "lci": value - half, "uci": value + half,
            "numerator": num, "denominator": den, "dataset_id": dataset_id, "method": METHOD,
        }
    )  # fmt: skip
    out = out[np.isfinite(out["value"])]
    return out.drop_duplicates("area_code")

"""The business base, business demography and internet use (a part of the series build step).

* ``enterprises-micro-share`` and ``enterprises-10-to-249-share``: ONS UK Business Counts
  (VAT and/or PAYE enterprises by employment size band, March 2018-2022), the Nomis download's
  sheet "Data": one block per year, areas by NAME ("ladu:Halton"), no GSS codes. District names
  are matched to the ONS LAD 2021 names (the vintage of the download); every one of the 374 must
  match, or the build stops naming those that do not.
* ``enterprise-birth-rate`` and ``enterprise-survival-3-year``: ONS Business demography 2024
  reference tables (births, Tables 1.1a-d; active enterprises, Tables 3.1a-d; survival of the
  enterprises born in a year, Tables 5.1a-c), rows by GSS code.
* ``internet-non-users``: ONS Internet users 2020, Tables 6A (thousands) and 6B (%) by NUTS3
  "low level geography", 95% intervals from Table 9B (2020).

The spreadsheets are read here, in the build step, from the snapshot files. Every reader returns
:data:`~greatjobs.diagnose.series_sources.SERIES_COLUMNS`; a publisher's marker (ONS ``:`` = not
available, ``-`` = no estimate on this boundary) is a missing value, never zero.
"""

from __future__ import annotations

import re
import warnings
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from greatjobs.diagnose.series_pay_youth import ONS_AREA_TYPES
from greatjobs.diagnose.series_sources import ITL1_AREAS, frame, number
from greatjobs.errors import DataError
from greatjobs.store.duckdb_store import quote_identifier
from greatjobs.warehouse import BuildContext

# --- UK Business Counts (Nomis) --------------------------------------------------------------

UBC_DATASET = "nomis_ubc_enterprises_by_sizeband_lad_lep_mca_2018_2022"
LAD21_DATASET = "ons_lad21_centroids_uk"
SIZE_BANDS = (
    "Total",
    "Micro (0 to 9)",
    "Small (10 to 49)",
    "Medium-sized (50 to 249)",
    "Large (250+)",
)
"""The column row of every year block of the Nomis sheet (after "Area")."""
SIZE_MEASURES = {
    "enterprises-micro-share": (("Micro (0 to 9)",), "micro (0-9 employees)"),
    "enterprises-10-to-249-share": (
        ("Small (10 to 49)", "Medium-sized (50 to 249)"),
        "small or medium-sized (10-249 employees)",
    ),
}
"""Indicator -> (size bands summed for the numerator, what they are)."""
NOMIS_NAME_ALIASES = {"Rhondda Cynon Taff": "Rhondda Cynon Taf"}
"""Nomis names that differ from the ONS LAD 2021 name of the same district (not a boundary
change: Nomis spells Rhondda Cynon Taf with a double f)."""
UBC_METHOD = (
    "Published by ONS (UK Business Counts, enterprises by employment size band, via Nomis; "
    "counts rounded to the nearest 5): {what} / all enterprises"
)


def read_nomis_size_bands(path: Path) -> pd.DataFrame:
    """Every row of the Nomis sheet: ``year``, ``kind`` (the Nomis prefix: ``ladu``, ``country``,
    ``lep``, ``User Defined Geography``), ``name`` and one column per size band (NaN where
    Nomis gives no number)."""
    with warnings.catch_warnings():  # the Nomis workbook has no default style (harmless)
        warnings.filterwarnings("ignore", message=".*no default style.*")
        sheet = pd.read_excel(path, sheet_name="Data", header=None, dtype=object)
    first = sheet[0].fillna("").astype(str).str.strip()
    rows: list[dict[str, object]] = []
    year: int | None = None
    in_block = False
    for i, label in enumerate(first):
        if label == "date":
            year, in_block = int(str(sheet.iat[i, 1]).strip()), False
        elif label == "Area":
            header = tuple(str(v).strip() for v in sheet.iloc[i, 1:6])
            if header != SIZE_BANDS or year is None:
                raise DataError(f"{UBC_DATASET}: unexpected column row {header} (row {i + 1}).")
            in_block = True
        elif in_block and not label:
            in_block = False
        elif in_block:
            kind, _, name = label.partition(":")
            values = number(pd.Series(sheet.iloc[i, 1:6].astype(str).to_numpy()))
            rows.append(
                {"year": year, "kind": kind, "name": name.strip()}
                | dict(zip(SIZE_BANDS, values.astype("float64").tolist(), strict=True))
            )
    out = pd.DataFrame(rows)
    if out.empty:
        raise DataError(f"{UBC_DATASET}: no year blocks found in sheet 'Data'.")
    return out


def _name_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", name.lower().replace("&", " and ")).strip()


def match_nomis_districts(names: list[str], lad21: dict[str, str]) -> dict[str, str]:
    """Nomis district name -> LAD 2021 code (``lad21``: code -> name). Any name that matches no
    district, or more than one, is a :class:`DataError` naming it: none is dropped silently."""
    by_key: dict[str, list[str]] = {}
    for code, name in lad21.items():
        by_key.setdefault(_name_key(name), []).append(code)
    out, unmatched = {}, []
    for name in names:
        codes = by_key.get(_name_key(NOMIS_NAME_ALIASES.get(name, name)), [])
        if len(codes) == 1:
            out[name] = codes[0]
        else:
            unmatched.append(name)
    if unmatched:
        raise DataError(
            f"{UBC_DATASET}: districts not matched to one ONS LAD 2021 name: "
            f"{', '.join(sorted(set(unmatched)))}."
        )
    return out


def read_business_size(build: BuildContext) -> pd.DataFrame:
    """Rows for the size-band shares: districts (on LAD 2021 codes, moved to today's by the
    series step) and England; combined authorities are summed from the districts' counts."""
    table = read_nomis_size_bands(build.file(UBC_DATASET))
    lad21 = dict(
        build.con.execute(
            f'SELECT "LAD21CD", "LAD21NM" FROM raw.{quote_identifier(LAD21_DATASET)}'  # noqa: S608
        ).fetchall()
    )
    districts = table[table["kind"] == "ladu"]
    codes = match_nomis_districts(sorted(set(districts["name"])), lad21)
    england = table[(table["kind"] == "country") & (table["name"] == "England")]
    rows = pd.concat(
        [
            districts.assign(
                code=districts["name"].map(codes), area_name=districts["name"], area_type="lad"
            ),
            england.assign(code="E92000001", area_name="England", area_type="ctry"),
        ],
        ignore_index=True,
    )
    parts = []
    for indicator_id, (bands, what) in SIZE_MEASURES.items():
        numerator = rows[list(bands)].sum(axis=1, min_count=len(bands))
        denominator = rows["Total"]
        with np.errstate(divide="ignore", invalid="ignore"):
            value = 100 * numerator / denominator
        parts.append(
            pd.DataFrame(
                {
                    "indicator_id": indicator_id,
                    "area_code": rows["code"],
                    "area_name": rows["area_name"],
                    "area_type": rows["area_type"],
                    "period": rows["year"].astype(str),
                    "period_start": [date(int(y), 3, 1) for y in rows["year"]],
                    "value": value,
                    "numerator": numerator,
                    "denominator": denominator,
                    "dataset_id": UBC_DATASET,
                    "method": UBC_METHOD.format(what=what),
                }
            )
        )
    out = pd.concat(parts, ignore_index=True)
    return frame(out[np.isfinite(out["value"].astype(float))])


# --- Business demography 2024 -----------------------------------------------------------------

DEMOGRAPHY_DATASET = "ons_business_demography_2024_tables"
BIRTH_SHEETS = ("Table 1.1a", "Table 1.1b", "Table 1.1c", "Table 1.1d")
ACTIVE_SHEETS = ("Table 3.1a", "Table 3.1b", "Table 3.1c", "Table 3.1d")
SURVIVAL_SHEETS = ("Table 5.1a", "Table 5.1b", "Table 5.1c")
"""Survival of the enterprises born in 2019, 2020 and 2021: the cohorts with three years of
follow-up by 2024 (Tables 5.1d-e, born 2022-2023, have none yet)."""
BIRTH_RATE_METHOD = (
    "Computed by greatjobs from ONS Business demography 2024 (births, Table 1.1; active "
    "enterprises, Table 3.1; counts control-rounded to base 5): births / active enterprises"
)
SURVIVAL_METHOD = (
    "Published by ONS (Business demography 2024, Table 5.1): enterprises born in the year still "
    "active three years later / births in the year"
)


def _demography_rows(sheet: pd.DataFrame, table: str) -> pd.DataFrame:
    """The area rows (GSS code in column A) of a district table, with its column row."""
    codes = sheet[0].fillna("").astype(str).str.strip()
    keep = codes.str.match(r"^[EWSNK]\d{8}$")
    if not keep.any():
        raise DataError(f"{DEMOGRAPHY_DATASET}: {table} has no rows with GSS codes.")
    first = int(np.flatnonzero(keep.to_numpy())[0])
    body = sheet[keep].copy()
    body.columns = ["code", "name", *(_label(v) for v in sheet.iloc[first - 1, 2:])]
    body["code"] = codes[keep]
    body["name"] = [_title(n) for n in body["name"].astype(str).str.strip().str.rstrip("*")]
    return body[body["code"].str[:3].isin(ONS_AREA_TYPES)]


def _title(name: str) -> str:
    """ONS writes countries and regions in capitals ("NORTH WEST"); districts as named."""
    if not name.isupper():
        return name.strip()
    small = {"And": "and", "Of": "of", "The": "the"}
    return " ".join(small.get(w, w) for w in name.strip().title().split())


def _label(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def _year_counts(book: dict[str, pd.DataFrame], sheets: tuple[str, ...], what: str) -> pd.DataFrame:
    parts = []
    for table in sheets:
        if table not in book:
            raise DataError(f"{DEMOGRAPHY_DATASET}: no sheet {table!r}.")
        title = str(book[table].iat[0, 0])
        if what.lower() not in title.lower():
            raise DataError(f"{DEMOGRAPHY_DATASET}: {table} is not a table of {what} ({title}).")
        body = _demography_rows(book[table], table)
        years = [c for c in body.columns[2:] if re.fullmatch(r"\d{4}", c)]
        long = body.melt(["code", "name"], years, "year", "count")
        long["count"] = number(long["count"].astype(str)).astype("float64")
        parts.append(long)
    return pd.concat(parts, ignore_index=True)


def read_business_demography(build: BuildContext) -> pd.DataFrame:
    """Rows for ``enterprise-birth-rate`` (2019-2024) and ``enterprise-survival-3-year``
    (cohorts born 2019-2021): districts on the codes of each table, counties, regions and
    countries as published; places are summed from the counts."""
    book = pd.read_excel(
        build.file(DEMOGRAPHY_DATASET),
        sheet_name=[*BIRTH_SHEETS, *ACTIVE_SHEETS, *SURVIVAL_SHEETS],
        header=None,
        dtype=object,
    )
    births = _year_counts(book, BIRTH_SHEETS, "Births Of New Enterprises")
    active = _year_counts(book, ACTIVE_SHEETS, "Active Enterprises")
    rates = births.merge(
        active[["code", "year", "count"]], on=["code", "year"], suffixes=("_births", "_active")
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        birth_rate = 100 * rates["count_births"] / rates["count_active"]
    birth = pd.DataFrame(
        {
            "indicator_id": "enterprise-birth-rate", "area_code": rates["code"],
            "area_name": rates["name"], "area_type": rates["code"].str[:3].map(ONS_AREA_TYPES),
            "period": rates["year"], "period_start": [date(int(y), 1, 1) for y in rates["year"]],
            "value": birth_rate, "numerator": rates["count_births"],
            "denominator": rates["count_active"], "dataset_id": DEMOGRAPHY_DATASET,
            "method": BIRTH_RATE_METHOD,
        }
    )  # fmt: skip
    survival = []
    for table in SURVIVAL_SHEETS:
        body = _demography_rows(book[table], table)
        cohort = [c for c in body.columns if re.fullmatch(r"\d{4} Births", c)]
        if len(cohort) != 1 or "3-year survival" not in body.columns:
            raise DataError(f"{DEMOGRAPHY_DATASET}: {table} has no births and 3-year survival.")
        year = cohort[0][:4]
        per_cent = body.columns[list(body.columns).index("3-year survival") + 1]
        born = number(body[cohort[0]].astype(str)).astype("float64")
        alive = number(body["3-year survival"].astype(str)).astype("float64")
        survival.append(
            pd.DataFrame(
                {
                    "indicator_id": "enterprise-survival-3-year",
                    "area_code": body["code"],
                    "area_name": body["name"],
                    "area_type": body["code"].str[:3].map(ONS_AREA_TYPES),
                    "period": year,
                    "period_start": date(int(year), 1, 1),
                    "value": number(body[per_cent].astype(str)).astype("float64"),
                    "numerator": alive,
                    "denominator": born,
                    "dataset_id": DEMOGRAPHY_DATASET,
                    "method": f"{SURVIVAL_METHOD} ({table}, enterprises born in {year})",
                }
            )
        )
    out = pd.concat([birth, *survival], ignore_index=True)
    return frame(out[np.isfinite(out["value"].astype(float))])


# --- Internet users 2020 ----------------------------------------------------------------------

INTERNET_DATASET = "ons_internet_users_2020"
NOT_RECENT = "Used over 3 months ago/Never used"
RECENT = "Used in the last 3 months"
INTERNET_COUNTRIES = {
    "UK": ("K02000001", "United Kingdom", "ctry"),
    "UKL": ("W92000004", "Wales", "ctry"),
    "UKM": ("S92000003", "Scotland", "ctry"),
    "UKN": ("N92000002", "Northern Ireland", "ctry"),
}
INTERNET_METHOD = (
    "Published by ONS (Internet users 2020, Table 6B, adults 16+ who last used the internet more "
    "than 3 months ago or never used it); for sums, adults = Table 6A users + non-users "
    "(thousands) and non-users = the published percentage of them"
)
INTERNET_CI = "; 95% interval from Table 9B"


def _internet_table(sheet: pd.DataFrame, table: str) -> pd.DataFrame:
    """Table 6A or 6B: code, name, and per year the recent and the not-recent figure."""
    labels = sheet.iloc[2].fillna("").astype(str).str.strip()
    recent, not_recent = labels.index[labels == RECENT], labels.index[labels == NOT_RECENT]
    if len(recent) != 1 or len(not_recent) != 1:
        raise DataError(f"{INTERNET_DATASET}: Table {table} has no '{RECENT}' / '{NOT_RECENT}'.")
    years = sheet.iloc[3]
    codes = sheet[0].fillna("").astype(str).str.strip().tolist()
    names = sheet[1].fillna("").astype(str).str.strip().tolist()
    rows = []
    for i in range(4, len(sheet)):
        code, name = codes[i], names[i]
        if name == "UK" and not code:
            code = "UK"
        if not re.fullmatch(r"UK([C-N](\d{2})?)?", code):
            continue
        for column in range(int(not_recent[0]), int(not_recent[0]) + 7):
            offset = column - int(not_recent[0])
            rows.append(
                {
                    "code": code,
                    "name": name,
                    "year": str(_label(years.iat[column])),
                    "recent": sheet.iat[i, int(recent[0]) + offset],
                    "not_recent": sheet.iat[i, column],
                }
            )
    out = pd.DataFrame(rows)
    for field in ("recent", "not_recent"):
        out[field] = number(out[field].astype(str)).astype("float64")  # '-' -> missing
    return out


def _internet_intervals(sheet: pd.DataFrame) -> pd.DataFrame:
    """Table 9B (2020, %): code, lower, estimate, upper, from its two side-by-side blocks."""
    parts = []
    for start in (0, 6):
        block = sheet.iloc[5:, start : start + 5].copy()
        block.columns = ["code", "name", "lower", "estimate", "upper"]
        block["code"] = block["code"].fillna("").astype(str).str.strip()
        block.loc[block["name"].astype(str).str.strip() == "UK", "code"] = "UK"
        block = block[block["code"].str.fullmatch(r"UK([C-N](\d{2})?)?")]
        parts.append(block)
    out = pd.concat(parts, ignore_index=True)
    for column in ("lower", "estimate", "upper"):
        out[column] = number(out[column].astype(str)).astype("float64")
    # ONS writes '-' where the lower limit falls below zero; the intervals are symmetric, so
    # the bound is restored as estimate - (upper - estimate) (the league tables cut it at 0).
    out["lower"] = out["lower"].fillna(2 * out["estimate"] - out["upper"])
    return out.drop_duplicates("code")


def read_internet_users(build: BuildContext) -> pd.DataFrame:
    """Rows for ``internet-non-users``: ITL3 areas (NUTS3 codes written with 'TL' for 'UK', as
    ITL 2021 codes are), ITL1 regions, Wales, Scotland, Northern Ireland and the UK."""
    book = pd.read_excel(
        build.file(INTERNET_DATASET), sheet_name=["6a", "6b", "9b"], header=None, dtype=object
    )
    counts = _internet_table(book["6a"], "6A")
    shares = _internet_table(book["6b"], "6B")
    rows = shares.merge(
        counts[["code", "year", "recent", "not_recent"]], on=["code", "year"], how="left",
        suffixes=("", "_thousands"),
    )  # fmt: skip
    # Areas redrawn since (e.g. Merseyside's UKD51-54 of 2014-2016) have no 2020 figure: only
    # the areas ONS published for 2020, on the latest boundaries, are kept.
    latest = set(rows.loc[(rows["year"] == "2020") & rows["not_recent"].notna(), "code"])
    rows = rows[rows["code"].isin(latest) & rows["not_recent"].notna()]
    cis = _internet_intervals(book["9b"])
    rows = rows.merge(cis[["code", "lower", "upper"]], on="code", how="left")
    in_2020 = rows["year"] == "2020"
    mapped = [
        INTERNET_COUNTRIES.get(c)
        or ITL1_AREAS.get("TL" + c[2:])
        or ("TL" + c[2:], n, "itl3" if len(c) == 5 else "")
        for c, n in zip(rows["code"], rows["name"], strict=True)
    ]
    is_itl3 = np.array([m[2] == "itl3" for m in mapped])
    # Counts for sums: adults = Table 6A's two groups (thousands); those not using the internet
    # = the published percentage of them, so a sum is the adults-weighted mean of the published
    # percentages (6A's own not-using thousands, rounded, would not give 6B's percentage).
    adults = 1000 * (rows["recent_thousands"] + rows["not_recent_thousands"])
    out = pd.DataFrame(
        {
            "indicator_id": "internet-non-users", "area_code": [m[0] for m in mapped],
            "area_name": [m[1] for m in mapped], "area_type": [m[2] for m in mapped],
            "period": rows["year"], "period_start": [date(int(y), 1, 1) for y in rows["year"]],
            "value": rows["not_recent"],
            "lci": np.where(in_2020, rows["lower"], np.nan),
            "uci": np.where(in_2020, rows["upper"], np.nan),
            "numerator": np.where(is_itl3, rows["not_recent"] / 100 * adults, np.nan),
            "denominator": np.where(is_itl3, adults, np.nan), "dataset_id": INTERNET_DATASET,
            "method": [INTERNET_METHOD + INTERNET_CI * (y == "2020") for y in rows["year"]],
        }
    )  # fmt: skip
    out = out[out["area_type"] != ""]
    return frame(out[np.isfinite(out["value"].astype(float))])

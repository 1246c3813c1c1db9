"""Readers turning each table source of ``core.indicator_series`` into tidy rows (used by
``series``; the workless-household spreadsheets are read by ``series_workless``).

Every reader returns a frame with :data:`SERIES_COLUMNS`; rates are in the indicator's unit,
``numerator``/``denominator`` are filled where the source gives counts (so places can be summed).
"""

from __future__ import annotations

from datetime import date

import duckdb
import numpy as np
import pandas as pd

from greatjobs.stats import Z95
from greatjobs.store.duckdb_store import quote_identifier

SERIES_COLUMNS = [
    "indicator_id", "area_code", "area_name", "area_type", "period", "period_start", "value",
    "lci", "uci", "numerator", "denominator", "dataset_id", "method",
]  # fmt: skip

ELS = "Published by ONS (Explore Local Statistics)"

ELS_GEOGRAPHIES = {
    "Local Authority District": "lad",
    # Unitary authorities (E06) are districts too; ONS files them with the counties (E10),
    # which are dropped below.
    "County or Unitary Authority": "lad",
    "Combined Authority or City Region": "cauth",
    "Region": "rgn",
    "Nation": "ctry",
    "Country": "ctry",
}
SUBNATIONAL_GEOGRAPHIES = {
    **dict.fromkeys(
        ["Metropolitan District", "Non-metropolitan District", "London Borough",
         "Unitary Authority", "Council Area", "Local Government District"], "lad"),
    "Combined Authority": "cauth",
    "Combined authorities": "cauth",
    "Region": "rgn",
    "Country": "ctry",
}  # fmt: skip
ITL1_AREAS = {
    "TLB": ("E92000001", "England", "ctry"),
    "TLC": ("E12000001", "North East", "rgn"),
    "TLD": ("E12000002", "North West", "rgn"),
    "TLE": ("E12000003", "Yorkshire and The Humber", "rgn"),
    "TLF": ("E12000004", "East Midlands", "rgn"),
    "TLG": ("E12000005", "West Midlands", "rgn"),
    "TLH": ("E12000006", "East of England", "rgn"),
    "TLI": ("E12000007", "London", "rgn"),
    "TLJ": ("E12000008", "South East", "rgn"),
    "TLK": ("E12000009", "South West", "rgn"),
}
"""ITL1 codes of England and its regions and the GSS codes of the same areas (identical
boundaries)."""


def frame(rows: list[dict[str, object]] | pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame(rows)
    for column in SERIES_COLUMNS:
        if column not in out:
            out[column] = None
    return out[SERIES_COLUMNS]


def has_table(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    return bool(
        con.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE schema_name = ? AND table_name = ?",
            [schema, table],
        ).fetchone()[0]  # type: ignore[index]
    )


def number(text: pd.Series) -> pd.Series:
    """Publisher text to numbers: thousands separators dropped; markers ('[c]', 'x') -> NaN."""
    cleaned = text.astype("string").str.replace(",", "", regex=False).str.strip()
    return pd.to_numeric(cleaned, errors="coerce")


def _period_label(start: date, length: str) -> str:
    """A year from January is its year ('2023'); a year from another month spans two: financial
    (April) and academic (August) years read '2024/25'. A point in time is its year."""
    if length == "P1Y" and start.month != 1:
        return f"{start.year}/{(start.year + 1) % 100:02d}"
    return str(start.year)


def read_els(con: duckdb.DuckDBPyConnection, names: dict[str, str]) -> pd.DataFrame:
    """The ELS indicators named in ``names`` (the publisher's name to the indicator's id)."""
    rows = con.execute(
        """
        SELECT indicator, area_code, area_name, geography, period_start, period_length, value,
               lci_95, uci_95, dataset_id
        FROM core.indicator_value
        WHERE value IS NOT NULL AND list_contains(?, indicator) AND list_contains(?, geography)
        """,
        [list(names), list(ELS_GEOGRAPHIES)],
    ).df()
    rows = rows[~rows["area_code"].str.startswith("E10")].copy()
    rows["indicator_id"] = rows["indicator"].map(names)
    rows["area_type"] = rows["geography"].map(ELS_GEOGRAPHIES)
    starts, lengths = rows["period_start"].tolist(), rows["period_length"].tolist()
    rows["period"] = [_period_label(s, n) for s, n in zip(starts, lengths, strict=True)]
    rows = rows.rename(columns={"lci_95": "lci", "uci_95": "uci"})
    rows["method"] = ELS
    return frame(rows)


SUBNATIONAL_DATASET = "ons_subnational_indicators_machine_readable"


def read_subnational(con: duckdb.DuckDBPyConnection, names: dict[str, str]) -> pd.DataFrame:
    """The Subnational Indicators Explorer's indicators named in ``names`` (as :func:`read_els`)."""
    dataset = SUBNATIONAL_DATASET
    rows = con.execute(
        f"SELECT AREACD, AREANM, Geography, Indicator, Period, Value FROM raw.{quote_identifier(dataset)}"  # noqa: S608,E501
    ).df()
    rows = rows[rows["Indicator"].isin(list(names))]
    rows = rows[rows["Geography"].isin(SUBNATIONAL_GEOGRAPHIES)]
    period = rows["Period"].astype(str)
    out = pd.DataFrame(
        {
            "indicator_id": rows["Indicator"].map(names),
            "area_code": rows["AREACD"],
            "area_name": rows["AREANM"].str.removeprefix("Ca-"),
            "area_type": rows["Geography"].map(SUBNATIONAL_GEOGRAPHIES),
            "period": [p if len(p) == 4 else f"{p[:4]}-{p[-2:]}" for p in period],
            "period_start": [date(int(p[:4]), 1, 1) for p in period],
            "value": number(rows["Value"]),
            "dataset_id": dataset,
            "method": "Published by ONS (Subnational Indicators Explorer, 2022 edition)",
        }
    )
    return frame(out.dropna(subset=["value"]))


def read_aps_youth_file(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    dataset = "nomis_aps_youth_16_19_20_24_rates_la_apr2022_mar2023"
    rows = con.execute(
        f"SELECT geography_code, geography_name, value FROM raw.{quote_identifier(dataset)} "  # noqa: S608
        "WHERE variable_code = '86'"
    ).df()
    out = pd.DataFrame(
        {
            "indicator_id": "youth-unemployment-20-24", "area_code": rows["geography_code"],
            "area_name": rows["geography_name"], "area_type": "lad", "period": "2022/23",
            "period_start": date(2022, 4, 1), "value": number(rows["value"]),
            "dataset_id": dataset, "method": "Published by ONS (Annual Population Survey, Nomis)",
        }
    )  # fmt: skip
    return frame(out.dropna(subset=["value"]))


def read_census_qualifications(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    dataset = "ons_census2021_highest_qualification_lad21_ew"
    categories = [
        "No qualifications", "Level 1 and entry level qualifications", "Level 2 qualifications",
        "Apprenticeship", "Level 3 qualifications", "Level 4 qualifications and above", "Other",
    ]  # fmt: skip
    columns = ", ".join(quote_identifier(f"{c} (number)") for c in categories)
    raw = con.execute(
        f'SELECT "Area code", "Area name", {columns} FROM raw.{quote_identifier(dataset)} '  # noqa: S608
        "WHERE \"Area code\" NOT LIKE 'K%'"
    ).df()
    counts = raw[[f"{c} (number)" for c in categories]].apply(number)
    total = counts.sum(axis=1)
    out = []
    for indicator_id, column in (
        ("level-4-qualifications", "Level 4 qualifications and above (number)"),
        ("no-qualifications", "No qualifications (number)"),
    ):
        out.append(
            pd.DataFrame(
                {
                    "indicator_id": indicator_id,
                    "area_code": raw["Area code"],
                    "area_name": raw["Area name"],
                    "area_type": "lad",
                    "period": "2021",
                    "period_start": date(2021, 3, 21),
                    "numerator": counts[column],
                    "denominator": total,
                    "value": 100 * counts[column] / total,
                    "dataset_id": dataset,
                    "method": "Census 2021 counts (ONS): residents 16+ in the category / all "
                    "residents 16+ (sum of the seven categories)",
                }
            )
        )
    return frame(pd.concat(out))


def read_productivity(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """GVA per hour (Table A4) with hours worked: GVA = rate x hours, so places can be summed."""
    rate_id, hours_id = (
        "ons_itl_gva_per_hour_worked_tableA4_2004_2021",
        "ons_itl_hours_worked_2004_2021",
    )
    years = [str(y) for y in range(2004, 2022)]
    rates = con.execute(f"SELECT * FROM raw.{quote_identifier(rate_id)}").df()  # noqa: S608
    hours = con.execute(f"SELECT * FROM raw.{quote_identifier(hours_id)}").df()  # noqa: S608
    rates = rates.melt(["ITL level", "ITL code", "Region name"], years, "year", "rate")
    hours = hours.melt(["ITL level", "ITL code", "Region name"], years, "year", "hours")
    both = rates.merge(hours[["ITL code", "year", "hours"]], on=["ITL code", "year"], how="left")
    both["rate"], both["hours"] = number(both["rate"]), number(both["hours"])
    both["level"] = both["ITL level"].str.strip()
    authorities = _productivity_of_authorities(con, both.dropna(subset=["rate"]), rate_id)
    both = both[(both["level"] == "ITL3") | both["ITL code"].isin(ITL1_AREAS)].dropna(
        subset=["rate"]
    )
    is_itl3 = both["level"] == "ITL3"
    codes, names = both["ITL code"].tolist(), both["Region name"].tolist()
    mapped = [ITL1_AREAS.get(c, (c, n, "itl3")) for c, n in zip(codes, names, strict=True)]
    out = pd.DataFrame(
        {
            "indicator_id": "gva-per-hour",
            "area_code": [m[0] for m in mapped], "area_name": [m[1] for m in mapped],
            "area_type": [m[2] for m in mapped], "period": both["year"],
            "period_start": [date(int(y), 1, 1) for y in both["year"]], "value": both["rate"],
            "numerator": np.where(is_itl3, both["rate"] * both["hours"], np.nan),
            "denominator": np.where(is_itl3, both["hours"], np.nan), "dataset_id": rate_id,
            "method": "Published by ONS (subregional productivity, Table A4); for sums, GVA = "
            "GVA per hour x weekly hours worked (ONS hours worked table)",
        }
    )  # fmt: skip
    return frame(pd.concat([out, authorities]))


def _productivity_of_authorities(
    con: duckdb.DuckDBPyConnection, both: pd.DataFrame, dataset_id: str
) -> pd.DataFrame:
    """ONS's own figure for a combined authority whose districts are exactly those of an ITL2
    area (Merseyside and Liverpool City Region, for example): published to one decimal place,
    so no sum of rounded ITL3 figures is ranked in its stead."""
    itl2 = both[both["ITL level"].str.strip() == "ITL2"]
    parts = con.execute("SELECT area_code, lad_code FROM core.series_component").fetchall()
    districts: dict[str, set[str]] = {}
    for itl3, lad in parts:
        if len(itl3) == 5 and itl3.startswith("TL"):  # an ITL3 area: TLD71 is part of TLD7
            districts.setdefault(itl3[:4], set()).add(lad)
    authorities = con.execute(
        """
        SELECT p.code, p.name, list(d.lad_code ORDER BY d.lad_code)
        FROM core.place p JOIN core.place_district d ON d.place_code = p.code
        WHERE p.kind = 'combined-authority' GROUP BY p.code, p.name
        """
    ).fetchall()
    same = {
        itl2_code: (code, name)
        for itl2_code, lads in districts.items()
        for code, name, theirs in authorities
        if lads == set(theirs)
    }
    rows = itl2[itl2["ITL code"].isin(list(same))]
    return pd.DataFrame(
        {
            "indicator_id": "gva-per-hour",
            "area_code": [same[c][0] for c in rows["ITL code"]],
            "area_name": [same[c][1] for c in rows["ITL code"]],
            "area_type": "cauth", "period": rows["year"],
            "period_start": [date(int(y), 1, 1) for y in rows["year"]], "value": rows["rate"],
            "dataset_id": dataset_id,
            "method": [
                f"Published by ONS (subregional productivity, Table A4) for ITL2 {name} ({code}), "
                "the same districts"
                for code, name in zip(rows["ITL code"], rows["Region name"], strict=True)
            ],
        }
    )  # fmt: skip


def read_census_unemployment(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Offline youth-unemployment stand-in: Census 2021 TS066 unemployed / active, all 16+."""
    live = "nomis_census2021_ts066_economic_activity_ltla23"
    dataset = (
        live if has_table(con, "raw", live) else "census2021_ts066_economic_activity_utla_nomis"
    )
    raw = con.execute(
        f"""
        SELECT GEOGRAPHY_CODE AS code, any_value(GEOGRAPHY_NAME) AS name,
               sum(TRY_CAST(OBS_VALUE AS DOUBLE)) FILTER (WHERE C2021_EASTAT_20 IN ('7', '14')) AS num,
               sum(TRY_CAST(OBS_VALUE AS DOUBLE)) FILTER (WHERE C2021_EASTAT_20 IN ('1001', '1006')) AS den
        FROM raw.{quote_identifier(dataset)} WHERE MEASURES_NAME = 'Value' GROUP BY 1
        """  # noqa: S608,E501
    ).df()
    kinds = {"E10": "cty", "E12": "rgn", "E92": "ctry", "W92": "ctry", "K04": "ctry"}
    out = pd.DataFrame(
        {
            "indicator_id": "youth-unemployment",
            "area_code": raw["code"], "area_name": raw["name"],
            "area_type": [kinds.get(c[:3], "lad") for c in raw["code"]], "period": "2021",
            "period_start": date(2021, 3, 21), "numerator": raw["num"], "denominator": raw["den"],
            "value": 100 * raw["num"] / raw["den"], "dataset_id": dataset,
            "method": "OFFLINE STAND-IN, NOT A YOUTH MEASURE: Census 2021 TS066 unemployed / "
            "economically active, all residents aged 16+ (APS youth figures are suppressed in the "
            "snapshot; run `greatjobs data update --source aps`). Census day, 21 March 2021, fell "
            "in a national lockdown with the furlough scheme running: people on furlough counted "
            "as employed and job search was disrupted, so the rate is not comparable with other "
            "years",
        }
    )  # fmt: skip
    return frame(out.dropna(subset=["value"]))


def read_aps_youth_live(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """APS 16-24 unemployment from the refreshed Nomis table: (16-19 + 20-24) counts summed."""
    dataset = "nomis_aps_labour_market_rates_la_ca"
    if not has_table(con, "raw", dataset):
        return frame([])
    raw = con.execute(
        f"""
        SELECT GEOGRAPHY_CODE AS code, any_value(GEOGRAPHY_NAME) AS name, DATE_CODE AS date_code,
               any_value(DATE_NAME) AS date_name, VARIABLE AS variable,
               max(TRY_CAST(OBS_VALUE AS DOUBLE)) FILTER (WHERE MEASURES = '21001') AS num,
               max(TRY_CAST(OBS_VALUE AS DOUBLE)) FILTER (WHERE MEASURES = '21002') AS den,
               max(TRY_CAST(OBS_VALUE AS DOUBLE)) FILTER (WHERE MEASURES = '21003') AS conf
        FROM raw.{quote_identifier(dataset)} WHERE VARIABLE IN ('85', '86') GROUP BY ALL
        """  # noqa: S608
    ).df()
    rows = []
    for (code_key, date_key), group in raw.groupby(["code", "date_code"]):
        code, date_code = str(code_key), str(date_key)
        if len(group) != 2 or group[["num", "den"]].isna().any().any():
            continue  # one age group suppressed: no 16-24 figure
        num, den = float(group["num"].sum()), float(group["den"].sum())
        var = float((((group["den"] / den) * group["conf"] / Z95) ** 2).sum())
        value, half = 100 * num / den, Z95 * np.sqrt(var)
        has_ci = bool(group["conf"].notna().all())
        end = date(int(date_code[:4]), int(date_code[5:7]), 1)
        start = date(end.year - (end.month < 12), end.month % 12 + 1, 1)
        kind = {"E47": "cauth", "E12": "rgn", "E92": "ctry", "K02": "ctry", "K03": "ctry"}
        rows.append(
            {
                "indicator_id": "youth-unemployment", "area_code": code,
                "area_name": group["name"].iloc[0], "area_type": kind.get(code[:3], "lad"),
                "period": group["date_name"].iloc[0], "period_start": start, "value": value,
                "lci": value - half if has_ci else None, "uci": value + half if has_ci else None,
                "numerator": num, "denominator": den, "dataset_id": dataset,
                "method": "ONS Annual Population Survey via Nomis: unemployed 16-19 + 20-24 / "
                "economically active 16-19 + 20-24 (published numerators and denominators); "
                "interval from the published confidence half-widths",
            }
        )  # fmt: skip
    return frame(rows)

"""Vendor the open-data snapshot into ``data/`` and write ``data/sources.toml``.

Run by a maintainer when the snapshot changes, never at run time or in tests:

    python scripts/vendor_snapshot.py SHARED_DATA_DIR [OUT_DIR] [--only PREFIX ...]

``--only`` vendors just the files whose manifest path starts with one of the prefixes (e.g.
``digital/ons_els/``) and merges their records into the existing ``sources.toml``, leaving every
other file and record as it is.

SHARED_DATA_DIR is a folder of gathered datasets with a ``MANIFEST.md`` table (source repository,
path, commit, description, licence, caveats per file) and a ``MANIFEST.sha256``. Each file is
checked against that checksum, then converted as recorded in its ``transformations``:

* tidy CSV -> Parquet (zstd), every column kept as text exactly as written, so that typing
  happens in the warehouse build where it can be tested;
* CSV with a publisher's title block or footer notes -> the same, with the lines skipped recorded;
* GeoJSON -> Parquet, one row per feature: its properties plus the geometry as GeoJSON text with
  coordinates rounded to 6 decimal places (about 0.1 m);
* spreadsheets, JSON metadata, licence texts and council spend files (inputs in their raw form, for
  the import pipeline) are copied byte for byte.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import shutil
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

OGL = "Open Government Licence v3.0"
OGL_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
OGL_TEXT = "Contains public sector information licensed under the Open Government Licence v3.0."
OS_TEXT = " Contains OS data © Crown copyright and database right."


@dataclass
class Spec:
    """What the manifest cannot say: publisher, vintage, the publisher's page, how to read it."""

    publisher: str
    vintage: str
    url: str = ""
    header_line: int = 1  # 1-based line of the column row; 0: the file has none (see columns)
    encoding: str = "utf-8-sig"
    stop_at_blank: bool = False
    footer_from: str = ""  # the first cell of the publisher's first footer line (a prefix)
    licence: str = OGL
    licence_url: str = OGL_URL
    attribution: str = OGL_TEXT
    extra: list[str] = field(default_factory=list)
    columns: tuple[str, ...] = ()
    """The column names of a file with no column row (``header_line=0``), from its publisher's
    documented layout."""


ONS = "Office for National Statistics"
MHCLG = "Ministry of Housing, Communities and Local Government"
ELS = "https://www.ons.gov.uk/explore-local-statistics/"
ELS_VINTAGES = {
    "indicators": "2025 snapshot",
    "digital": "Ofcom Connected Nations, January 2026 (ONS, May 2026)",
    "skills": "DfE further education and skills, 2019/20 to 2024/25 (ONS, November 2025)",
}
"""The vintage of each group of ONS Explore Local Statistics files (``<group>/ons_els/``)."""
ELS_PUBLISHERS = {
    "indicators": ONS,
    "digital": f"Ofcom, via the {ONS}",
    "skills": f"Department for Education, via the {ONS}",
}
IOD25 = "https://www.gov.uk/government/statistics/english-indices-of-deprivation-2025"
IOD19 = "https://www.gov.uk/government/statistics/english-indices-of-deprivation-2019"
GEOPORTAL = "https://geoportal.statistics.gov.uk/"
NOMIS = "https://www.nomisweb.co.uk/"
PRODUCTIVITY = (
    "https://www.ons.gov.uk/employmentandlabourmarket/peopleinwork/labourproductivity/datasets/"
    "subregionalproductivitylabourproductivitygvaperhourworkedandgvaperfilledjobindicesbyuknuts2"
    "andnuts3subregions"
)
REGIONAL_GDP = (
    "https://www.ons.gov.uk/economy/grossdomesticproductgdp/datasets/"
    "regionalgrossdomesticproductallnutslevelregions"
)
REGIONAL_GVA = (
    "https://www.ons.gov.uk/economy/grossvalueaddedgva/datasets/"
    "nominalandrealregionalgrossvalueaddedbalancedbyindustry"
)
IOAT = (
    "https://www.ons.gov.uk/economy/nationalaccounts/supplyandusetables/datasets/"
    "ukinputoutputanalyticaltablesindustrybyindustry"
)
SUT = (
    "https://www.ons.gov.uk/economy/nationalaccounts/supplyandusetables/datasets/"
    "inputoutputsupplyandusetables"
)
WORKLESS = (
    "https://www.ons.gov.uk/employmentandlabourmarket/peoplenotinwork/unemployment/datasets/"
    "workandworklesshouseholdsbylocalauthoritytablea1"
)
SUBNATIONAL = "https://github.com/ONSvisual/subnational-indicators"
LIVING_WAGE = (
    "https://www.ons.gov.uk/employmentandlabourmarket/peopleinwork/earningsandworkinghours/"
    "datasets/numberandproportionofemployeejobswithhourlypaybelowthelivingwage"
)
ASHE_TABLE8 = (
    "https://www.ons.gov.uk/employmentandlabourmarket/peopleinwork/earningsandworkinghours/"
    "datasets/placeofresidencebylocalauthorityashetable8"
)
NEET_LA = (
    "https://explore-education-statistics.service.gov.uk/find-statistics/"
    "participation-in-education-training-and-neet-age-16-to-17-by-local-authority"
)
DFE = "Department for Education"
UK_BUSINESS_COUNTS = "https://www.nomisweb.co.uk/datasets/idbrent"
BUSINESS_DEMOGRAPHY = (
    "https://www.ons.gov.uk/businessindustryandtrade/business/activitysizeandlocation/datasets/"
    "businessdemographyreferencetable"
)
INTERNET_USERS = (
    "https://www.ons.gov.uk/businessindustryandtrade/itandinternetindustry/datasets/internetusers"
)
COOPS = "https://www.uk.coop/resources/open-data"
GENDER_PAY_GAP = "https://gender-pay-gap.service.gov.uk/viewing/download"
ODS_OTHER_NHS = (
    "https://digital.nhs.uk/services/organisation-data-service/export-data-files/csv-downloads/"
    "other-nhs-organisations"
)
ODS_COLUMNS = (
    "Organisation Code",
    "Name",
    "National Grouping",
    "High Level Health Geography",
    *(f"Address Line {n}" for n in range(1, 6)),
    "Postcode",
    "Open Date",
    "Close Date",
    *(f"Null {n}" for n in range(13, 18)),
    "Contact Telephone Number",
    *(f"Null {n}" for n in range(19, 22)),
    "Amended Record Indicator",
    "Null 23",
    "GOR Code",
    *(f"Null {n}" for n in range(25, 28)),
)
"""The 27 fields of an ODS standard (headerless) CSV, as the ODS file layout names them; the
unused ones, empty in every row, as ``Null <field number>``."""
BOUNDARY = OGL_TEXT + OS_TEXT

SPECS: dict[str, Spec] = {
    "census21_ts011_household_deprivation_msoa21_ew": Spec(
        ONS, "Census 2021", NOMIS, header_line=8, encoding="utf-8", stop_at_blank=True
    ),
    "imd2019_england_lsoa11": Spec(MHCLG, "IoD 2019", IOD19),
    "imd2019_england_ltla22": Spec(MHCLG, "IoD 2019 (LTLA 2022)", IOD19),
    "iod2025_england_lsoa21": Spec(MHCLG, "IoD 2025", IOD25),
    "iod2025_england_ltla24": Spec(MHCLG, "IoD 2025 (LTLA 2024)", IOD25),
    "lcr_E47000004_lsoa": Spec(ONS, "LSOA 2021 boundaries", GEOPORTAL, attribution=BOUNDARY),
    "lcr_E47000004_lsoa11": Spec(ONS, "LSOA 2011 boundaries", GEOPORTAL, attribution=BOUNDARY),
    "lcr_E47000004_msoa": Spec(ONS, "MSOA 2021 boundaries", GEOPORTAL, attribution=BOUNDARY),
    "lcr_E47000004_ward": Spec(ONS, "Wards May 2025", GEOPORTAL, attribution=BOUNDARY),
    "ons_subnational_la_topology": Spec(
        ONS, "LAD December 2021", SUBNATIONAL, attribution=BOUNDARY
    ),
    "drkane_cauth_all_codes": Spec(ONS, "2024 (compilation snapshot)", GEOPORTAL),
    "drkane_la_all_codes": Spec(ONS, "2011-2024 (compilation snapshot)", GEOPORTAL),
    "drkane_lsoa_latlong": Spec(ONS, "LSOA 2011 and 2021 centroids", GEOPORTAL),
    "drkane_msoa_la": Spec(ONS, "MSOA 2011 and 2021", GEOPORTAL),
    "drkane_rgn_all_codes": Spec(ONS, "2024 (compilation snapshot)", GEOPORTAL),
    "drkane_utla_all_codes": Spec(ONS, "2024 (compilation snapshot)", GEOPORTAL),
    "ons_cauth19_names_codes_england": Spec(ONS, "December 2019", GEOPORTAL),
    "ons_imd2019_lsoa11_lad19_lookup_england": Spec(ONS, "December 2019", GEOPORTAL),
    "ons_lad18_lau1_nuts3_nuts2_nuts1_lookup_uk": Spec(ONS, "December 2018", GEOPORTAL),
    "ons_lad19_cauth19_lookup_england": Spec(ONS, "December 2019", GEOPORTAL),
    "ons_lad21_centroids_uk": Spec(ONS, "December 2021", GEOPORTAL),
    "ons_lsoa11_lsoa21_ltla22_lookup_ew": Spec(ONS, "2022", GEOPORTAL),
    "ons_lsoa11_ward19_lad19_lookup_ew": Spec(ONS, "December 2019", GEOPORTAL),
    "ons_ltla23_cauth23_lookup_england": Spec(ONS, "December 2023", GEOPORTAL),
    "ons_ltla24_region24_lookup_england": Spec(ONS, "December 2024", GEOPORTAL),
    "ons_msoa11_msoa21_ltla22_lookup_ew": Spec(ONS, "2022", GEOPORTAL),
    "ons_oa11_pcds11_lookup_ew": Spec(ONS, "December 2011", GEOPORTAL),
    "ons_ruc21_ltla24_rural_urban": Spec(ONS, "RUC 2021 on LAD 2024", GEOPORTAL),
    "ons_subnational_gss_codes": Spec(ONS, "2022", SUBNATIONAL),
    "census2021_ts066_economic_activity_utla_nomis": Spec(ONS, "Census 2021", NOMIS),
    "nomis_aps_youth_16_19_20_24_rates_la_apr2022_mar2023": Spec(ONS, "Apr 2022-Mar 2023", NOMIS),
    "ons_census2021_highest_qualification_lad21_ew": Spec(ONS, "Census 2021", ONS + " TS067"),
    "ons_workless_households_la_tableA1_2006_2019": Spec(ONS, "2006-2019", WORKLESS),
    "ons_workless_households_la_tableA1_2020": Spec(ONS, "2020", WORKLESS),
    "ons_workless_households_la_tableA1_2021": Spec(ONS, "2021", WORKLESS),
    "ons_workless_households_la_tableA1_2022": Spec(ONS, "2022", WORKLESS),
    "ons_subnational_indicators_machine_readable": Spec(
        ONS, "2022 edition", SUBNATIONAL, header_line=3, encoding="cp1252"
    ),
    "ons_subnational_indicators_metadata": Spec(ONS, "2022 edition", SUBNATIONAL),
    "bres_ioat_lookup": Spec("C. Spence (derived from ONS)", "2021", "", licence="AGPL-3.0 / OGL"),
    "ioat_industry_code_lookup": Spec(ONS, "IOAT 2019", IOAT),
    "ons_supply_use_publicationtablesbb22": Spec(ONS, "Blue Book 2022", SUT),
    "ons_uk_ioat_2019_nasu1719in": Spec(ONS, "2019 (published 2023)", IOAT),
    "ons_itl_gdp_chained_volume_table10": Spec(ONS, "1998-2021", REGIONAL_GDP),
    "ons_itl_gdp_current_prices_table5": Spec(ONS, "1998-2021", REGIONAL_GDP),
    "ons_itl_gva_per_filled_job_tableB4_2002_2021": Spec(ONS, "2002-2021", PRODUCTIVITY),
    "ons_itl_gva_per_hour_worked_tableA4_2004_2021": Spec(ONS, "2004-2021", PRODUCTIVITY),
    "ons_itl_hours_worked_2004_2021": Spec(ONS, "2004-2021", PRODUCTIVITY),
    "ons_itl_resident_population_table17": Spec(ONS, "1998-2021", REGIONAL_GDP),
    "ons_itlproductivity": Spec(ONS, "2004-2021 (released 2023)", PRODUCTIVITY),
    "coopsuk_open_data_2023-03-02_standard": Spec(
        "Co-operatives UK",
        "2023-03-02",
        COOPS,
        licence="Open Data Commons Attribution License v1.0",
        licence_url="https://opendatacommons.org/licenses/by/1-0/",
        attribution="Contains data from Co-operatives UK Open Data, licensed under ODC-By 1.0.",
    ),
    "gov_uk_gender_pay_gap_employers_2021-22": Spec(
        "Government Equalities Office (GOV.UK gender pay gap service)",
        "2021-22 reporting year (snapshot dates 31 March 2021 public sector, 5 April 2021 "
        "private and voluntary sector; submissions to 4 August 2023)",
        GENDER_PAY_GAP,
    ),
    "nhs_ods_etr_nhs_trusts": Spec(
        "NHS England (Organisation Data Service)",
        "etr file as copied on 2025-12-29",
        ODS_OTHER_NHS,
        header_line=0,
        encoding="utf-8",
        columns=ODS_COLUMNS,
    ),
    "bres_itl2_nuts2016_employment_2digit_sic_2015_2021": Spec(ONS, "2015-2021", NOMIS),
    "industrialstrategy2025_sector_sic_definitions": Spec(
        "Department for Business and Trade", "June 2025", ""
    ),
    "nomis_bres2021_gb_by_sic_ioat_levels": Spec(ONS, "2021", NOMIS),
    "ons_regional_gva_by_industry_table3b_itl3_chained_volume": Spec(
        ONS, "1998-2021", REGIONAL_GVA
    ),
    "ons_regional_gva_by_industry_table3c_itl3_current_prices": Spec(
        ONS, "1998-2021", REGIONAL_GVA
    ),
    "sic2007_2digit_with_sections": Spec(ONS, "SIC 2007", ""),
    "sic2007_lookup_5digit_to_section": Spec(ONS, "SIC 2007", "", encoding="cp1252"),
    "ons_ashe_living_wage_foundation_by_work_geography_and_pcon_2022_provisional": Spec(
        ONS, "ASHE April 2022, provisional", LIVING_WAGE
    ),
    "ons_ashe_table8_7a_annual_pay_gross_residence_2025_provisional_all_employee_jobs": Spec(
        ONS,
        "ASHE 2025, provisional (tax year to 5 April 2025)",
        ASHE_TABLE8,
        header_line=5,
        encoding="cp1252",
        footer_from="a  Employees on adult rates",
    ),
    "dfe_neet_participation_16_17_by_la_2022": Spec(
        DFE, "2021/22 (December 2021 to February 2022 average; 2019-2022 in one file)", NEET_LA
    ),
    "nomis_ubc_enterprises_by_sizeband_lad_lep_mca_2018_2022": Spec(
        ONS, "March 2018 to March 2022 (Nomis download, 24 April 2023)", UK_BUSINESS_COUNTS
    ),
    "ons_business_demography_2024_tables": Spec(
        ONS, "Business demography 2024 (published 20 November 2025)", BUSINESS_DEMOGRAPHY
    ),
    "ons_internet_users_2020": Spec(
        ONS, "Internet users 2020 (published 6 April 2021; 2014-2020)", INTERNET_USERS
    ),
}
CORRECTIONS: dict[str, dict[str, str]] = {
    "gov_uk_gender_pay_gap_employers_2021_22": {
        "caveats": "Not Companies House: the employers that reported a gender pay gap, which those "
        "with 250 or more staff on the snapshot date must do, so a partial register of big "
        "employers (the gathered manifest said large employers only, but 560 give their size as "
        "'Less than 250' and 214 as 'Not Provided': voluntary or late reporters); 9,069 have "
        "CompanyNumber, 190 have LCR postcodes (L, CH41–66, WA7–11, PR8/9); SicCodes is several "
        "codes in one multi-line quoted cell, code 1 meaning public sector and 4-digit codes being "
        "5-digit ones without their leading zero; address is the one given to the service "
        "(usually registered office); CurrentName is the name in September 2023 where it "
        "changed. Later GOV.UK downloads may differ (late submissions).",
    },
    "ons_els_children_in_relative_poverty": {
        "title": "ONS Explore Local Statistics tidy dataset: DWP Children in Low Income Families: "
        "% children in relative poverty before and after housing costs, FYE 2022–2025 (the "
        "gathered manifest said FYE 2021–2024; the periods held start April 2021 to April "
        "2024); geographies LAD, county/UA, combined authority (incl. E47000004), region, nation",
    },
    "ons_uk_ioat_2019_nasu1719in": {
        "caveats": "A copy of the ONS workbook re-saved by a third party (document properties: "
        "created by Grube Doiz, Julen, 2023-03-01; last modified by Christian Spence, "
        "2023-04-18), not the file as downloaded from ONS; its Leontief inverse agrees with the "
        "A matrix it contains to 2e-15, but it has not been compared cell by cell with a fresh "
        "ONS download. 105 IOAT industries; national (UK) not regional.",
    },
}
"""Where the gathered manifest's words are wrong, what the records say instead (and why)."""
SPEND_PUBLISHERS = {
    "hyndburn": "Hyndburn Borough Council",
    "lambeth": "Lambeth Council",
    "halton_borough_council": "Halton Borough Council",
    "knowsley_council": "Knowsley Metropolitan Borough Council",
    "liverpool_city_council": "Liverpool City Council",
    "sefton_council": "Sefton Metropolitan Borough Council",
    "st_helens_council": "St Helens Borough Council",
    "wirral_council": "Wirral Council",
}
"""The body whose spend each folder of spend files is (the name the ledger records)."""


def spend_publisher(rel: str) -> str:
    """The body of a spend file: by its folder, and for Merseyside's police by the file (the
    force and the Police and Crime Commissioner's office publish separately)."""
    folder = rel.split("/")[1]
    if folder == "merseyside_police":
        if "_opcc_" in rel:
            return "Merseyside Police and Crime Commissioner"
        return "Merseyside Police"
    return SPEND_PUBLISHERS[folder]


SPEND_ASSUMED = "Open Government Licence v3.0 (assumed: Local Government Transparency Code data)"


def read_manifest(shared: Path) -> dict[str, dict[str, str]]:
    rows: dict[str, dict[str, str]] = {}
    for line in (shared / "MANIFEST.md").read_text(encoding="utf-8").splitlines():
        if not line.startswith("| `"):
            continue
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
        if len(cells) < 9:
            continue
        path = cells[0].strip("`")
        rows[path] = {
            "repo": cells[1],
            "repo_path": cells[2].strip("`"),
            "commit": cells[3].strip("`"),
            "title": cells[4],
            "licence_note": cells[-2],
            "caveats": cells[-1],
        }
    return rows


def read_checksums(shared: Path) -> dict[str, str]:
    out = {}
    for line in (shared / "MANIFEST.sha256").read_text().splitlines():
        digest, path = line.split(maxsplit=1)
        out[path.strip()] = digest
    return out


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def unique_names(header: list[str]) -> tuple[list[str], list[str]]:
    notes: list[str] = []
    seen: dict[str, int] = {}
    out: list[str] = []
    for i, raw in enumerate(header):
        name = raw.strip().replace("\n", " ") or f"column_{i + 1}"
        if name != raw:
            notes.append(f"column {i + 1} header {raw!r} written as {name!r}")
        if name in seen:
            seen[name] += 1
            new = f"{name}_{seen[name]}"
            notes.append(f"duplicate column name {name!r} at column {i + 1} renamed {new!r}")
            name = new
        else:
            seen[name] = 1
        out.append(name)
    return out, notes


def csv_to_parquet(src: Path, dest: Path, spec: Spec) -> tuple[int, list[str], list[str]]:
    text = src.read_bytes().decode(spec.encoding)
    reader = csv.reader(io.StringIO(text, newline=""))
    notes = []
    if spec.encoding not in ("utf-8", "utf-8-sig"):
        notes.append(f"decoded from {spec.encoding}")
    rows = list(reader)
    if spec.header_line > 1:
        notes.append(f"skipped {spec.header_line - 1} title lines before the column row")
    if spec.header_line == 0:
        header = list(spec.columns)
        notes.append(
            f"no column row in the source: the {len(header)} column names are the "
            "publisher's documented layout"
        )
    else:
        header, name_notes = unique_names(rows[spec.header_line - 1])
        notes += name_notes
    data: list[list[str]] = []
    for n, row in enumerate(rows[spec.header_line :], start=spec.header_line + 1):
        if spec.stop_at_blank and not any(cell.strip() for cell in row):
            if not data:
                notes.append(f"dropped blank record {n} between the column row and the data")
                continue
            notes.append(f"dropped the publisher's footer notes from record {n} on")
            break
        if spec.footer_from and row and row[0].startswith(spec.footer_from):
            notes.append(f"dropped the publisher's footer notes from record {n} on")
            break
        if len(row) != len(header):
            raise SystemExit(f"{src}: record {n} has {len(row)} fields, expected {len(header)}")
        data.append(row)
    columns = {name: [r[i] if r[i] != "" else None for r in data] for i, name in enumerate(header)}
    table = pa.table({k: pa.array(v, type=pa.string()) for k, v in columns.items()})
    pq.write_table(table, dest, compression="zstd", compression_level=9)
    notes.insert(0, "CSV converted to Parquet (zstd), all columns as text, empty cells as null")
    return len(data), header, notes


def _round(coords: object) -> object:
    if isinstance(coords, list):
        return [_round(c) for c in coords]
    if isinstance(coords, float):
        return round(coords, 6)
    return coords


def geojson_to_parquet(src: Path, dest: Path) -> tuple[int, list[str], list[str]]:
    doc = json.loads(src.read_text(encoding="utf-8"))
    features = doc["features"]
    keys: list[str] = []
    for f in features:
        for k in f["properties"]:
            if k not in keys:
                keys.append(k)
    cols: dict[str, list[str | None]] = {k: [] for k in [*keys, "geometry"]}
    for f in features:
        for k in keys:
            v = f["properties"].get(k)
            cols[k].append(None if v is None else str(v))
        geom = dict(f["geometry"])
        geom["coordinates"] = _round(geom["coordinates"])
        cols["geometry"].append(json.dumps(geom, separators=(",", ":")))
    table = pa.table({k: pa.array(v, type=pa.string()) for k, v in cols.items()})
    pq.write_table(table, dest, compression="zstd", compression_level=9)
    notes = [
        "GeoJSON (CRS84) converted to Parquet: one row per feature, properties as text columns, "
        "geometry as GeoJSON text with coordinates rounded to 6 decimal places (about 0.1 m)"
    ]
    return len(features), [*keys, "geometry"], notes


def toml_str(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def main(shared: Path, out: Path, only: tuple[str, ...] = ()) -> None:
    manifest = read_manifest(shared)
    checksums = read_checksums(shared)
    entries: list[dict[str, object]] = []
    for rel, meta in sorted(manifest.items()):
        if only and not rel.startswith(only):
            continue
        src = shared / rel
        if sha256(src) != checksums[rel]:
            raise SystemExit(f"{src}: checksum does not match MANIFEST.sha256")
        stem, suffix = src.stem, src.suffix.lower()
        group = rel.split("/")[0]
        subdir = out / Path(rel).parent
        subdir.mkdir(parents=True, exist_ok=True)
        is_spend = group == "spend"
        spec = SPECS.get(stem)
        is_els = rel.split("/")[1:2] == ["ons_els"]
        if is_els:
            spec = Spec(ELS_PUBLISHERS[group], ELS_VINTAGES[group], ELS)
        if spec is None and not is_spend and suffix not in (".json", ".md"):
            raise SystemExit(f"no Spec for {rel}")
        if spec is None:
            spec = Spec("Council", "", "")
        if is_spend:
            spec.publisher = spend_publisher(rel)
            quarter = re.search(r"(\d{4}-\d{2})_(q[1-4])", stem)
            spec.vintage = (
                f"{quarter.group(1)} {quarter.group(2).upper()}"
                if quarter
                else re.findall(r"\d{4}-\d{2}", stem)[0]
            )
            spec.licence = SPEND_ASSUMED
        columns: list[str] = []
        rows: int | None = None
        if suffix == ".csv" and not is_spend:
            dest = subdir / f"{stem}.parquet"
            rows, columns, notes = csv_to_parquet(src, dest, spec)
            fmt = "parquet"
        elif suffix == ".geojson":
            dest = subdir / f"{stem}.parquet"
            rows, columns, notes = geojson_to_parquet(src, dest)
            fmt = "parquet"
        else:
            dest = subdir / src.name
            shutil.copyfile(src, dest)
            notes = ["copied byte for byte"]
            fmt = {".csv": "csv", ".json": "json", ".md": "text"}.get(suffix, suffix.lstrip("."))
        dataset_id = f"ons_els_{stem}" if is_els else stem
        dataset_id = dataset_id.replace("-", "_")
        if suffix == ".json" and is_els:
            dataset_id += "_metadata"
        if suffix == ".md":
            dataset_id = "ons_els_licence"
        fixes = CORRECTIONS.get(dataset_id, {})
        meta = {**meta, **{k: v for k, v in fixes.items() if k in ("title", "caveats")}}
        entries.append(
            {
                "id": dataset_id,
                "file": str(dest.relative_to(out)),
                "format": fmt,
                "publisher": spec.publisher,
                "title": meta["title"],
                "vintage": spec.vintage,
                "licence": spec.licence,
                "licence_url": spec.licence_url,
                "attribution": spec.attribution,
                "url": spec.url,
                "origin": f"{meta['repo']} @ {meta['commit']} : {meta['repo_path']}",
                "caveats": meta["caveats"],
                "transformations": notes,
                "source_sha256": checksums[rel],
                "sha256": sha256(dest),
                "rows": rows,
                "columns": columns,
            }
        )
    vendored = len(entries)
    if only:
        entries = merged(out / "sources.toml", entries)
    lines = [
        "# Provenance of every file in the greatjobs open-data snapshot.",
        "# Written by scripts/vendor_snapshot.py; `greatjobs data list` prints it and",
        "# `greatjobs data build` refuses any file whose SHA-256 differs from the one recorded "
        "here.",
        "",
    ]
    for e in entries:
        lines.append("[[dataset]]")
        for key, value in e.items():
            if value is None:
                continue
            if isinstance(value, list):
                inner = ", ".join(toml_str(v) for v in value)
                lines.append(f"{key} = [{inner}]")
            elif isinstance(value, int):
                lines.append(f"{key} = {value}")
            else:
                lines.append(f"{key} = {toml_str(value)}")
        lines.append("")
    (out / "sources.toml").write_text("\n".join(lines), encoding="utf-8")
    total = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    print(f"{vendored} files vendored; the snapshot holds {len(entries)}, {total / 1e6:.1f} MB")


def merged(existing: Path, entries: list[dict[str, object]]) -> list[dict[str, object]]:
    """The records of ``existing`` with those of ``entries`` replacing the ones of the same id
    (in place) or added at the end."""
    old = tomllib.loads(existing.read_text(encoding="utf-8")).get("dataset", [])
    new = {str(e["id"]): e for e in entries}
    out = [new.pop(str(e["id"]), e) for e in old]
    return out + list(new.values())


if __name__ == "__main__":
    args = sys.argv[1:]
    only = tuple(args[args.index("--only") + 1 :]) if "--only" in args else ()
    places = args[: args.index("--only")] if "--only" in args else args
    main(Path(places[0]), Path(places[1]) if len(places) > 1 else Path("data"), only)

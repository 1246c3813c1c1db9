"""Regionalising the national A matrix with location quotients (SLQ, CILQ, FLQ).

Formulas (Flegg, Webber & Elliott 1995; Flegg & Tohmo 2013; Miller & Blair 2009 §8.3):

* ``SLQ_i = (RE_i / RE) / (NE_i / NE)``: regional (RE) and national (NE) employment in industry i;
* ``CILQ_ij = SLQ_i / SLQ_j`` (supplier i, buyer j); on the diagonal ``SLQ_i``;
* ``λ* = [log₂(1 + RE / NE)]^δ``, ``0 ≤ δ < 1`` (δ = 0.3 by default; Flegg & Tohmo found the best
  δ varies about 0.1–0.4 with region size);
* ``FLQ_ij = λ* · CILQ_ij`` (i ≠ j), ``λ* · SLQ_i`` (i = j);
* regional coefficients ``r_ij = a_ij · min(1, LQ_ij)`` for the chosen quotient.

Employment: ONS BRES 2021 ("Employment": employees plus working owners). Regional counts are by
SIC 2007 division for the 40 NUTS 2016 level-2 regions of Great Britain (dataset
``bres_itl2_nuts2016_employment_2digit_sic_2015_2021``); they are taken to IOAT industries with
``bres_ioat_lookup``, splitting a division shared by several IOAT industries in proportion to
their Great Britain employment (``nomis_bres2021_gb_by_sic_ioat_levels``). National employment
``NE`` is the sum over the 40 regions, so both sides of every quotient come from one release.

Places: a place whose districts make up whole NUTS 2 regions uses those regions' counts (Liverpool
City Region = UKD7 Merseyside, which in NUTS 2016 includes Halton). A place covering part of a
region (a single district, most combined authorities outside the metropolitan counties) is given
the region's industry mix, scaled by its share of the region's 2021 LSOAs (a population proxy:
LSOAs are built to hold 1,000–3,000 residents): so its SLQs are its region's and only its size
(``λ*``) is its own. When ``greatjobs data update`` has fetched district-level BRES from Nomis
(:data:`LIVE_BRES`), a place's districts are summed from it instead, against the Great Britain total
of the same release.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from greatjobs.errors import DataError
from greatjobs.geography import Place
from greatjobs.impact.ioat import IOTables
from greatjobs.impact.leontief import Array

BRES_ITL2 = "bres_itl2_nuts2016_employment_2digit_sic_2015_2021"
BRES_GB = "nomis_bres2021_gb_by_sic_ioat_levels"
BRES_IOAT_LOOKUP = "bres_ioat_lookup"
NUTS_LOOKUP = "ons_lad18_lau1_nuts3_nuts2_nuts1_lookup_uk"
LIVE_BRES = "nomis_bres_employment_by_sic_division_la_ca"
"""District-level BRES fetched by ``greatjobs data update`` (greatjobs.sources.nomis, 'bres')."""
BRES_YEAR = "2021"
DEFAULT_DELTA = 0.3
DELTA_RANGE = (0.1, 0.4)
"""Flegg & Tohmo (2013): the δ that best reproduced survey-based tables lay in about 0.1-0.4."""
METHODS = ("flq", "cilq", "slq")


@dataclass(frozen=True, eq=False)
class RegionalEmployment:
    """Employment by IOAT industry for a place and for the nation it is compared with."""

    place_code: str
    place_name: str
    regional: Array
    national: Array
    geography: str
    """How the place's employment was formed (whole regions, or an apportioned share)."""
    sources: tuple[str, ...] = (BRES_ITL2, BRES_GB, BRES_IOAT_LOOKUP, NUTS_LOOKUP)

    @property
    def size(self) -> float:
        """RE / NE: the place's share of national employment."""
        return float(self.regional.sum() / self.national.sum())


def _lookup_rows(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    frame = con.execute(
        f"SELECT trim(bres_industry) AS sic, trim(iaot_industry_code) AS code FROM raw.{BRES_IOAT_LOOKUP}"  # noqa: S608, E501
    ).df()
    frame["code"] = [" ".join(str(c).split()) for c in frame["code"]]  # 'F41, F42  & F43'
    gb = con.execute(
        f"""SELECT trim(INDUSTRY_CODE) AS sic, TRY_CAST(OBS_VALUE AS DOUBLE) AS employment
        FROM raw.{BRES_GB} WHERE EMPLOYMENT_STATUS_NAME = 'Employment'"""  # noqa: S608
    ).df()
    return frame.merge(gb, on="sic", how="left")


def national_employment(con: duckdb.DuckDBPyConnection, tables: IOTables) -> Array:
    """Great Britain employment (BRES 2021) by IOAT industry, summed over the lookup's SIC codes.

    IOAT industries with no SIC code in the lookup (L68A, imputed rent of owner-occupiers) get 0.
    """
    rows = _lookup_rows(con)
    missing = rows.loc[rows["employment"].isna() & rows["sic"].str.isdigit(), "sic"].tolist()
    if missing:
        raise DataError(f"{BRES_GB}: no 2021 employment for SIC codes {missing} in the lookup.")
    unknown = sorted(set(rows["code"]) - set(tables.codes))
    if unknown:
        raise DataError(f"{BRES_IOAT_LOOKUP}: IOAT codes {unknown} are not in the IOATs.")
    by_code = rows.groupby("code")["employment"].sum(min_count=1).fillna(0.0)
    return np.array([float(by_code.get(c, 0.0)) for c in tables.codes])


def division_shares(con: duckdb.DuckDBPyConnection, tables: IOTables) -> pd.DataFrame:
    """Share of each SIC division's employment in each IOAT industry (rows sum to 1).

    A division split across IOAT industries (e.g. 20 into C20A/B/C and C203-C205) is shared in
    proportion to Great Britain employment in its 3- and 4-digit codes; a division with no
    national employment is shared equally.
    """
    rows = _lookup_rows(con)
    rows["division"] = rows["sic"].str[:2]
    rows = rows[rows["division"].str.isdigit()]
    rows = rows.assign(employment=rows["employment"].fillna(0.0))
    divisions = sorted(rows["division"].unique())
    d_idx = {d: i for i, d in enumerate(divisions)}
    c_idx = {c: i for i, c in enumerate(tables.codes)}
    emp = np.zeros((len(divisions), len(tables.codes)))
    present = np.zeros_like(emp)
    for division, code, employment in rows[["division", "code", "employment"]].itertuples(
        index=False
    ):
        emp[d_idx[division], c_idx[code]] += employment
        present[d_idx[division], c_idx[code]] = 1.0
    totals = emp.sum(axis=1, keepdims=True)
    equal = present / present.sum(axis=1, keepdims=True)
    shares_ = np.where(totals > 0, emp / np.where(totals > 0, totals, 1.0), equal)
    shares = pd.DataFrame(shares_, index=pd.Index(divisions, name="division"), columns=tables.codes)
    return shares.reindex(columns=list(tables.codes), fill_value=0.0)


def itl2_employment(con: duckdb.DuckDBPyConnection, tables: IOTables) -> pd.DataFrame:
    """BRES 2021 employment by NUTS 2016 level-2 region (rows) and IOAT industry (columns).

    Divisions 98 and 99 (households' own use, extraterritorial bodies) have no IOAT industry and
    are left out.
    """
    counts = con.execute(
        f"""SELECT GEOGRAPHY_CODE AS region, INDUSTRY_CODE AS division,
               TRY_CAST(replace("COUNT", ',', '') AS DOUBLE) AS employment
        FROM raw.{BRES_ITL2} WHERE DATE = ?""",  # noqa: S608
        [BRES_YEAR],
    ).df()
    if counts.empty or counts["employment"].isna().any():
        raise DataError(f"{BRES_ITL2}: {BRES_YEAR} counts are missing or not numbers.")
    wide = counts.pivot_table(
        index="region", columns="division", values="employment", aggfunc="sum"
    )
    shares = division_shares(con, tables)
    wide = wide.reindex(columns=shares.index, fill_value=0.0).fillna(0.0)
    return wide @ shares


def _district_regions(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Each current district's NUTS 2016 level-2 region and its number of 2021 LSOAs."""
    frame = con.execute(
        f"""
        WITH nuts AS (
            SELECT s.current_code AS lad, mode(n.NUTS218CD) AS region
            FROM core.lad_successor s JOIN raw.{NUTS_LOOKUP} n ON n.LAD18CD = s.old_code
            GROUP BY s.current_code
        ), lsoas AS (
            SELECT parent_code AS lad, count(*) AS lsoas FROM core.area_parent
            WHERE child_type = 'lsoa21' AND parent_type = 'lad' GROUP BY parent_code
        )
        SELECT a.code AS lad, nuts.region, coalesce(lsoas.lsoas, 0) AS lsoas
        FROM core.area a LEFT JOIN nuts ON nuts.lad = a.code LEFT JOIN lsoas ON lsoas.lad = a.code
        WHERE a.type = 'lad' AND a.vintage = 'current'
        """  # noqa: S608
    ).df()
    region_lsoas = frame.groupby("region")["lsoas"].transform("sum")
    frame["share"] = np.where(region_lsoas > 0, frame["lsoas"] / region_lsoas, np.nan)
    return frame.set_index("lad")


def place_weights(
    con: duckdb.DuckDBPyConnection, places: list[Place], regions: pd.Index
) -> tuple[Array, list[str]]:
    """Weights ``W`` (places × regions) so that place employment = ``W @ region employment``,
    and for each place a sentence saying which regions (and shares of them) it is made of."""
    districts = _district_regions(con)
    region_of = {lad: r for lad, r in zip(districts.index, districts["region"], strict=True)
                 if isinstance(r, str)}  # fmt: skip
    share_of = dict(zip(districts.index, districts["share"], strict=True))
    column = {region: k for k, region in enumerate(regions)}
    weights = np.zeros((len(places), len(regions)))
    notes = []
    for p, place in enumerate(places):
        by_region: dict[str, float] = {}
        for code in place.district_codes:
            if code not in region_of:
                raise DataError(
                    f"{place.name}: no NUTS 2 region for district {code}, so no regional "
                    "employment by industry (England, Wales and Scotland only)."
                )
            by_region[region_of[code]] = by_region.get(region_of[code], 0.0) + share_of[code]
        parts = []
        for region, share in sorted(by_region.items()):
            whole = bool(np.isclose(share, 1.0))
            weights[p, column[region]] = 1.0 if whole else share
            parts.append(f"{region} whole" if whole else f"{share:.1%} of {region} (LSOA share)")
        notes.append("BRES 2021 by NUTS 2016 level-2 region: " + "; ".join(parts))
    return weights, notes


def district_employment(
    con: duckdb.DuckDBPyConnection, tables: IOTables
) -> tuple[pd.DataFrame, str] | None:
    """Live district-level BRES employment by IOAT industry (rows: GB districts), with its year,
    if ``greatjobs data update`` has fetched it (``raw.<LIVE_BRES>``); otherwise None."""
    present = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'raw' AND table_name = ?",
        [LIVE_BRES],
    ).fetchone()
    if not present or not present[0]:
        return None
    counts = con.execute(
        f"""SELECT GEOGRAPHY_CODE AS district, INDUSTRY_CODE AS division, DATE AS year,
               TRY_CAST(OBS_VALUE AS DOUBLE) AS employment
        FROM raw.{LIVE_BRES}
        WHERE EMPLOYMENT_STATUS_NAME = 'Employment'
          AND regexp_matches(GEOGRAPHY_CODE, '^(E0[6789]|W06|S12)')"""  # noqa: S608
    ).df()
    if counts.empty:
        return None
    year = str(counts["year"].max())
    counts = counts[counts["year"] == year]
    wide = counts.pivot_table(
        index="district", columns="division", values="employment", aggfunc="sum"
    )
    shares = division_shares(con, tables)
    wide = wide.reindex(columns=shares.index, fill_value=0.0).fillna(0.0)
    return wide @ shares, year


def place_employment(
    con: duckdb.DuckDBPyConnection, tables: IOTables, places: list[Place]
) -> list[RegionalEmployment]:
    """Employment by IOAT industry for each place, with Great Britain as the comparator.

    District-level BRES (live Nomis) is used where it has been fetched and covers all of a
    place's districts; otherwise the place is built from NUTS 2 regions (see module notes).
    """
    by_region = itl2_employment(con, tables)
    weights, notes = place_weights(con, places, by_region.index)
    regional = weights @ by_region.to_numpy()
    national = by_region.to_numpy().sum(axis=0)
    live = district_employment(con, tables)
    out = []
    for i, place in enumerate(places):
        if live is not None and set(place.district_codes) <= set(live[0].index):
            frame, year = live
            out.append(
                RegionalEmployment(
                    place.code, place.name,
                    frame.loc[place.district_codes].to_numpy().sum(axis=0),
                    frame.to_numpy().sum(axis=0),
                    f"BRES {year} by district (live Nomis, {LIVE_BRES}): "
                    f"{len(place.district_codes)} district(s)",
                    (LIVE_BRES, BRES_GB, BRES_IOAT_LOOKUP),
                )
            )  # fmt: skip
        else:
            out.append(RegionalEmployment(place.code, place.name, regional[i], national, notes[i]))
    return out


def slq(regional: Array, national: Array) -> Array:
    """Simple location quotients ``(RE_i/RE)/(NE_i/NE)`` (last axis = industry).

    An industry with no national employment (L68A imputed rent; T97 private households) gets
    SLQ = 1: there is no evidence it is under-represented, and these outputs are consumed where
    people live.
    """
    regional = np.asarray(regional, dtype=float)
    national = np.asarray(national, dtype=float)
    reg_share = regional / regional.sum(axis=-1, keepdims=True)
    nat_share = national / national.sum(axis=-1, keepdims=True)
    out = np.ones(np.broadcast_shapes(reg_share.shape, nat_share.shape))
    np.divide(reg_share, nat_share, out=out, where=np.broadcast_to(nat_share, out.shape) > 0)
    return out


def cilq(slq_values: Array) -> Array:
    """Cross-industry quotients ``CILQ_ij = SLQ_i / SLQ_j``, diagonal ``SLQ_i``.

    Where the buying industry is absent from the region (``SLQ_j = 0``) the column falls back
    to ``SLQ_i``: that column is only used if final demand is placed on an absent industry.
    """
    s = np.asarray(slq_values, dtype=float)
    supplier = s[..., :, np.newaxis]
    buyer = np.broadcast_to(s[..., np.newaxis, :], (*s.shape, s.shape[-1]))
    out = np.broadcast_to(supplier, buyer.shape).copy()
    np.divide(supplier, buyer, out=out, where=buyer > 0)
    idx = np.arange(s.shape[-1])
    out[..., idx, idx] = s
    return out


def flegg_lambda(size: Array | float, delta: Array | float = DEFAULT_DELTA) -> Array:
    """``λ* = [log₂(1 + RE/NE)]^δ`` (Flegg et al. 1995)."""
    size = np.asarray(size, dtype=float)
    delta = np.asarray(delta, dtype=float)
    if np.any((delta < 0) | (delta >= 1)):
        raise DataError("The FLQ parameter δ must be at least 0 and below 1.")
    if np.any((size <= 0) | (size > 1)):
        raise DataError("Regional employment must be a positive share (at most all) of national.")
    return np.log2(1.0 + size) ** delta


def flq(slq_values: Array, size: Array | float, delta: Array | float = DEFAULT_DELTA) -> Array:
    """``FLQ_ij = λ* · CILQ_ij`` (i ≠ j), ``λ* · SLQ_i`` (i = j)."""
    lam = flegg_lambda(size, delta)
    return cilq(slq_values) * lam[..., np.newaxis, np.newaxis]


def quotients(
    employment: RegionalEmployment | list[RegionalEmployment],
    method: str = "flq",
    delta: float = DEFAULT_DELTA,
) -> Array:
    """The n × n quotient matrix (stacked for a list of places) for ``method``."""
    items = employment if isinstance(employment, list) else [employment]
    regional = np.stack([e.regional for e in items])
    national = np.stack([e.national for e in items])
    s = slq(regional, national)
    if method == "slq":
        out = np.broadcast_to(s[..., :, np.newaxis], (*s.shape, s.shape[-1]))
    elif method == "cilq":
        out = cilq(s)
    elif method == "flq":
        out = flq(s, np.array([e.size for e in items]), delta)
    else:
        raise DataError(f"No regionalisation method {method!r}; choose one of {METHODS}.")
    return out if isinstance(employment, list) else out[0]


def regionalise(A: Array, quotient: Array) -> Array:
    """Regional coefficients ``r_ij = a_ij · min(1, LQ_ij)`` (national A broadcast over places)."""
    A = np.asarray(A, dtype=float)
    if A.shape[-2:] != quotient.shape[-2:]:
        raise DataError(f"A is {A.shape} but the quotient matrix is {quotient.shape}.")
    return A * np.minimum(1.0, quotient)

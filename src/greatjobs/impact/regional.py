"""Regionalising the national A matrix with location quotients (SLQ, CILQ, FLQ).

Formulas (Flegg, Webber & Elliott 1995; Flegg & Tohmo 2013; Miller & Blair 2009 §8.3):

* ``SLQ_i = (RE_i / RE) / (NE_i / NE)``: regional (RE) and national (NE) employment in industry i;
* ``CILQ_ij = SLQ_i / SLQ_j`` (supplier i, buyer j); on the diagonal ``SLQ_i``;
* ``λ* = [log₂(1 + RE / NE)]^δ``, ``0 ≤ δ < 1`` (δ = 0.3 by default; Flegg & Tohmo found the best
  δ varies about 0.1–0.4 with region size);
* ``FLQ_ij = λ* · CILQ_ij`` (i ≠ j), ``λ* · SLQ_i`` (i = j);
* regional coefficients ``r_ij = a_ij · min(1, LQ_ij)`` for the chosen quotient.

Employment: ONS BRES 2021 ("Employment": employees plus working owners) by IOAT industry, as the
impact build step writes it to ``core.ioat_employment`` (see :mod:`greatjobs.impact.build`):
for the 40 NUTS 2016 level-2 regions of Great Britain, SIC divisions taken to IOAT industries with
``bres_ioat_lookup`` (a division shared by several IOAT industries in proportion to their Great
Britain employment). National employment ``NE`` is the sum over the 40 regions, so both sides of
every quotient come from one release.

Places: a place whose districts make up whole NUTS 2 regions uses those regions' counts (Liverpool
City Region = UKD7 Merseyside, which in NUTS 2016 includes Halton). A place covering part of a
region (a single district, most combined authorities outside the metropolitan counties) is given
the region's industry mix, scaled by its share of the region's 2021 LSOAs (a population proxy:
LSOAs are built to hold 1,000–3,000 residents): so its SLQs are its region's and only its size
(``λ*``) is its own. Districts' regions are those of ``core.sector_area_district``. When
``greatjobs data update`` has fetched district-level BRES from Nomis (``BRES_LIVE``), a place's
districts are summed from it instead, against the Great Britain total of the same release.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from greatjobs.errors import DataError
from greatjobs.geography import Place
from greatjobs.impact.ioat import BRES_IOAT_LOOKUP, IOAT_COPY_NOTE, IOAT_DATASET, IOTables
from greatjobs.impact.leontief import Array
from greatjobs.provenance import Provenance
from greatjobs.sectors.build import BRES_GB, BRES_LIVE, BRES_NUTS2, LAD_NUTS

DEFAULT_DELTA = 0.3
DELTA_RANGE = (0.1, 0.4)
"""Flegg & Tohmo (2013): the δ that best reproduced survey-based tables lay in about 0.1-0.4."""
METHODS = ("flq", "cilq", "slq")
METHOD_REFERENCE = "docs/methods/impact.md"


@dataclass(frozen=True, eq=False)
class RegionalEmployment:
    """Employment by IOAT industry for a place and for the nation it is compared with."""

    place_code: str
    place_name: str
    regional: Array
    national: Array
    geography: str
    """How the place's employment was formed (whole regions, or an apportioned share)."""
    sources: tuple[str, ...] = (BRES_NUTS2, BRES_GB, BRES_IOAT_LOOKUP, LAD_NUTS)

    @property
    def size(self) -> float:
        """RE / NE: the place's share of national employment."""
        return float(self.regional.sum() / self.national.sum())


def _employment(
    con: duckdb.DuckDBPyConnection, tables: IOTables, dataset_id: str
) -> tuple[pd.DataFrame, int] | None:
    """Areas (rows, sorted by code) by IOAT industry (columns) from ``core.ioat_employment``,
    with the year; None if the warehouse has no employment from ``dataset_id``."""
    long = con.execute(
        "SELECT area_code, year, ioat_code, employment FROM core.ioat_employment"
        " WHERE dataset_id = ?",
        [dataset_id],
    ).df()
    if long.empty:
        return None
    wide = long.pivot(index="area_code", columns="ioat_code", values="employment")
    wide = wide.reindex(columns=list(tables.codes)).rename_axis(columns=None)
    if wide.isna().to_numpy().any():
        raise DataError(f"core.ioat_employment: {dataset_id} lacks some industries; rebuild.")
    return wide, int(long["year"].max())


def national_employment(con: duckdb.DuckDBPyConnection, tables: IOTables) -> Array:
    """Great Britain employment (BRES 2021) by IOAT industry, summed over the lookup's SIC codes.

    IOAT industries with no SIC code in the lookup (L68A, imputed rent of owner-occupiers) get 0.
    """
    found = _employment(con, tables, BRES_GB)
    if found is None:
        raise DataError(f"The warehouse has no employment by IOAT industry from {BRES_GB}.")
    return np.array(found[0].to_numpy()[0], dtype=float)


def itl2_employment(con: duckdb.DuckDBPyConnection, tables: IOTables) -> pd.DataFrame:
    """BRES 2021 employment by NUTS 2016 level-2 region (rows) and IOAT industry (columns)."""
    found = _employment(con, tables, BRES_NUTS2)
    if found is None:
        raise DataError(f"The warehouse has no employment by IOAT industry from {BRES_NUTS2}.")
    return found[0].rename_axis(index="region")


def _district_regions(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Each district's NUTS 2016 level-2 region, its number of 2021 LSOAs and their share of the
    region's."""
    frame = con.execute(
        """
        WITH lsoas AS (
            SELECT parent_code AS lad, count(*) AS lsoas FROM core.area_parent
            WHERE child_type = 'lsoa21' AND parent_type = 'lad' GROUP BY parent_code
        )
        SELECT d.lad_code AS lad, d.area_code AS region, coalesce(lsoas.lsoas, 0) AS lsoas
        FROM core.sector_area_district d LEFT JOIN lsoas ON lsoas.lad = d.lad_code
        WHERE d.area_level = 'nuts2'
        """
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
                    "employment by industry (England only)."
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
    if ``greatjobs data update`` has fetched it (``BRES_LIVE``); otherwise None."""
    found = _employment(con, tables, BRES_LIVE)
    return None if found is None else (found[0], str(found[1]))


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
                    f"BRES {year} by district (live Nomis, {BRES_LIVE}): "
                    f"{len(place.district_codes)} district(s)",
                    (BRES_LIVE, BRES_GB, BRES_IOAT_LOOKUP),
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


def employment_sources(geography: str) -> list[str]:
    """The datasets behind a place's employment by IOAT industry, as ``geography`` describes it
    (live district BRES, or the bundled NUTS2 areas)."""
    if BRES_LIVE in geography:
        return [BRES_LIVE, BRES_GB, BRES_IOAT_LOOKUP]
    return list(RegionalEmployment.sources)


def model_provenance(
    con: duckdb.DuckDBPyConnection, geography: str | None, notes: tuple[str, ...] = ()
) -> Provenance:
    """The IO tables and the employment a model was made from: ``geography`` as the model gives
    it for a place, None for the national tables."""
    ids = [IOAT_DATASET, *(employment_sources(geography) if geography else [BRES_GB])]
    return Provenance.of(con, ids, method=METHOD_REFERENCE, notes=(IOAT_COPY_NOTE, *notes))

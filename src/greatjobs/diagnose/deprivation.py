"""Deprivation for any place: the IoD local-authority summary measures, from LSOA data.

Warehouse step (:func:`build_tables`):

* ``core.lsoa_weight``: an estimated population weight for every English LSOA (IoD2025 on 2021
  LSOAs, IoD2019 on 2011 LSOAs). LSOA populations are not in the snapshot: each 2021 LSOA gets
  its MSOA's Census 2021 household count shared equally among the MSOA's LSOAs, then, within each
  district, the weights are calibrated (exponential tilting, as in survey raking) so that the
  weighted average IMD score and average rank equal the published IoD2025 district values. 2011
  LSOAs take the weights of the 2021 LSOAs they became (shared equally where LSOAs merged).
* ``core.deprivation_la``: the summary measures for every current English district, one row per
  edition: the published values where MHCLG publishes them, estimates otherwise (``method`` says
  which).

The formulas are :func:`summary_measures` and its parts; measures for any place, and the error of
the estimates, are in :mod:`greatjobs.diagnose.deprivation_places`.
Definitions and measured errors: ``docs/methods/deprivation.md``.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from greatjobs.errors import NotFoundError

EDITIONS = {2019: "2011", 2025: "2021"}
"""Each edition of the English Indices of Deprivation and the LSOA vintage it is published on."""

MEASURES = ("average_score", "average_rank", "extent", "local_concentration")

EDITION_DATASETS = {
    2025: (
        "iod2025_england_lsoa21", "iod2025_england_ltla24",
        "census21_ts011_household_deprivation_msoa21_ew",
    ),
    2019: (
        "imd2019_england_lsoa11", "imd2019_england_ltla22", "ons_lsoa11_lsoa21_ltla22_lookup_ew",
        "census21_ts011_household_deprivation_msoa21_ew",
    ),
}  # fmt: skip
"""The datasets behind each edition's measures: the LSOA file, the district summaries (IoD2019's
as re-aggregated onto 2022 districts), the lookup between LSOA vintages and the Census 2021
household counts that weight the LSOAs."""
DISTRICT_ESTIMATES = {2025: (), 2019: ("average_rank", "local_concentration")}
"""Measures of a single district that are greatjobs' estimates from LSOA ranks, not published."""

WEIGHT_METHOD = (
    "Census 2021 households of the LSOA's MSOA shared equally among its LSOAs, calibrated within "
    "each district to the published IoD2025 average score and average rank"
)
RANK_NOTE = (
    "average_rank and local_concentration are on the published scale: LSOA rank reversed "
    "(N + 1 - rank), so higher means more deprived"
)


def check_edition(edition: int) -> str:
    """The LSOA vintage of an IoD edition, or a clear error listing the editions."""
    if edition not in EDITIONS:
        raise NotFoundError(
            f"No Indices of Deprivation edition {edition}.", [str(e) for e in EDITIONS]
        )
    return EDITIONS[edition]


def extent_weights(rank: np.ndarray, n_national: int) -> np.ndarray:
    """IoD extent weight of each LSOA from its national rank (1 = most deprived): 1 in the most
    deprived 10% (percentiles 1-10), sliding from 0.95 (11th percentile) down by 0.9/19 a
    percentile to 0.05 (30th), 0 beyond."""
    percentile = np.ceil(np.asarray(rank, dtype=float) / n_national * 100)
    sliding = 0.95 - (percentile - 11) * 0.9 / 19
    return np.where(percentile <= 10, 1.0, np.where(percentile <= 30, sliding, 0.0))


def local_concentration(rank: np.ndarray, weight: np.ndarray, n_national: int) -> float:
    """Population-weighted mean reversed rank of the most deprived LSOAs holding exactly 10% of
    the area's population (the last LSOA counted in part)."""
    order = np.argsort(rank, kind="stable")
    w = np.asarray(weight, dtype=float)[order]
    reversed_rank = n_national + 1 - np.asarray(rank, dtype=float)[order]
    before = np.cumsum(w) - w
    take = np.clip(0.1 * w.sum() - before, 0.0, w)
    return float((take * reversed_rank).sum() / take.sum())


def summary_measures(
    rank: np.ndarray,
    score: np.ndarray | None,
    decile: np.ndarray,
    weight: np.ndarray,
    n_national: int,
) -> dict[str, float | int | None]:
    """The IoD summary measures of one area from its LSOAs (``score`` may be ``None``)."""
    rank = np.asarray(rank, dtype=float)
    w = np.asarray(weight, dtype=float)
    total = w.sum()
    n_decile_1 = int((np.asarray(decile) == 1).sum())
    return {
        "average_score": None if score is None else float((w * score).sum() / total),
        "average_rank": float((w * (n_national + 1 - rank)).sum() / total),
        "extent": float((w * extent_weights(rank, n_national)).sum() / total),
        "local_concentration": local_concentration(rank, w, n_national),
        "proportion_most_deprived_10": n_decile_1 / len(rank),
        "n_lsoas": len(rank),
        "n_most_deprived_10": n_decile_1,
    }


def calibrate(
    base: np.ndarray, targets: np.ndarray, values: np.ndarray, iterations: int = 50
) -> np.ndarray:
    """Weights ``base * exp(X @ lam)`` whose weighted means of ``values`` (columns) equal
    ``targets``, by Newton's method on the dual; rescaled to ``base``'s total."""
    x = values - targets
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    x = x / scale
    b = base / base.mean()
    lam = np.zeros(x.shape[1])
    for _ in range(iterations):
        e = b * np.exp(x @ lam)
        gradient = e @ x
        if np.abs(gradient).max() < 1e-12 * e.sum():
            break
        hessian = (x * e[:, None]).T @ x + 1e-12 * np.eye(x.shape[1])
        lam -= np.linalg.solve(hessian, gradient)
    e = b * np.exp(x @ lam)
    return np.asarray(e / e.sum() * base.sum())


# ---- warehouse step -------------------------------------------------------------------------


def _published_2025(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute(
        """
        SELECT s.current_code AS lad_code, s.current_name AS area_name,
               CAST(r.imd_average_score AS DOUBLE) AS average_score,
               CAST(r.imd_average_rank AS DOUBLE) AS average_rank,
               CAST(r.imd25_extent AS DOUBLE) AS extent,
               CAST(r.imd25_local_concentration AS DOUBLE) AS local_concentration,
               CAST(r.imd_proportion_of_lso_as_in_most_deprived_10_percent_nationally AS DOUBLE)
                   AS proportion_most_deprived_10
        FROM raw.iod2025_england_ltla24 r
        JOIN core.lad_successor s ON s.old_code = r.ltla24_code
        """
    ).df()


def lsoas_frame(con: duckdb.DuckDBPyConnection, edition: int) -> pd.DataFrame:
    """Every LSOA of an edition with its current district, rank, score, decile and weight."""
    return con.execute(
        """
        SELECT i.lsoa_code, p.parent_code AS lad_code, i.imd_rank, i.imd_score, i.imd_decile,
               w.households, w.weight
        FROM core.imd_lsoa i
        JOIN core.area_parent p ON p.child_code = i.lsoa_code AND p.child_type = ?
             AND p.parent_type = 'lad'
        LEFT JOIN core.lsoa_weight w ON w.edition = i.edition AND w.lsoa_code = i.lsoa_code
        WHERE i.edition = ?
        ORDER BY i.lsoa_code
        """,
        ["lsoa" + EDITIONS[edition][2:], edition],
    ).df()


def _build_weights(con: duckdb.DuckDBPyConnection) -> None:
    base = con.execute(
        """
        WITH l AS (
            SELECT i.lsoa_code, p.parent_code AS lad_code, i.imd_rank, i.imd_score,
                   left(a.name, length(a.name) - 1) AS msoa_name
            FROM core.imd_lsoa i
            JOIN core.area a ON a.code = i.lsoa_code AND a.type = 'lsoa21'
            JOIN core.area_parent p ON p.child_code = i.lsoa_code AND p.child_type = 'lsoa21'
                 AND p.parent_type = 'lad'
            WHERE i.edition = 2025
        ), m AS (
            SELECT "2021 super output area - middle layer" AS msoa_name,
                   TRY_CAST("Total: All households" AS DOUBLE) AS households
            FROM raw.census21_ts011_household_deprivation_msoa21_ew
        )
        SELECT l.lsoa_code, l.lad_code, l.imd_rank, l.imd_score,
               m.households / count(*) OVER (PARTITION BY l.msoa_name) AS households
        FROM l LEFT JOIN m USING (msoa_name)
        ORDER BY l.lsoa_code
        """
    ).df()
    n_national = len(base)
    # An LSOA whose MSOA is missing from the census table gets its district's mean.
    base["households"] = base["households"].fillna(
        base.groupby("lad_code")["households"].transform("mean")
    )
    published = _published_2025(con).set_index("lad_code")
    base["weight"] = base["households"]
    for lad_code, rows in base.groupby("lad_code"):
        if lad_code not in published.index:
            continue
        target = published.loc[lad_code]
        values = np.c_[rows["imd_score"], (n_national + 1 - rows["imd_rank"]) / n_national]
        targets = np.array([target["average_score"], target["average_rank"] / n_national])
        base.loc[rows.index, "weight"] = calibrate(rows["households"].to_numpy(), targets, values)
    frame = base[["lsoa_code", "lad_code", "households", "weight"]]  # noqa: F841
    con.execute(
        """
        CREATE TABLE core.lsoa_weight AS
        SELECT 2025 AS edition, '2021' AS lsoa_vintage, lsoa_code, lad_code, households, weight,
               ? AS method
        FROM frame
        """,
        [WEIGHT_METHOD],
    )
    con.execute(
        """
        INSERT INTO core.lsoa_weight
        WITH parents AS (
            SELECT lsoa11_code, lsoa21_code,
                   count(*) OVER (PARTITION BY lsoa21_code) AS n_parents
            FROM core.lsoa11_lsoa21
        )
        SELECT 2019, '2011', p.lsoa11_code, any_value(a.parent_code),
               sum(w.households / p.n_parents), sum(w.weight / p.n_parents),
               'the weights of the 2021 LSOAs it became (shared equally where LSOAs merged): '
                   || ?
        FROM parents p
        JOIN core.lsoa_weight w ON w.edition = 2025 AND w.lsoa_code = p.lsoa21_code
        JOIN core.area_parent a ON a.child_code = p.lsoa11_code AND a.child_type = 'lsoa11'
             AND a.parent_type = 'lad'
        GROUP BY p.lsoa11_code
        """,
        [WEIGHT_METHOD],
    )


def _district_estimates(con: duckdb.DuckDBPyConnection, edition: int) -> pd.DataFrame:
    lsoas = lsoas_frame(con, edition)
    n_national = len(lsoas)
    rows = []
    for lad_code, g in lsoas.groupby("lad_code"):
        score = None if g["imd_score"].isna().any() else g["imd_score"].to_numpy()
        m = summary_measures(
            g["imd_rank"].to_numpy(),
            score,
            g["imd_decile"].to_numpy(),
            g["weight"].to_numpy(),
            n_national,
        )
        rows.append({"lad_code": lad_code, **m})
    return pd.DataFrame(rows)


def _published_2019(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The 2019 district file (2022 codes) combined onto current districts, each former
    district weighted by its LSOAs' weights."""
    return con.execute(
        """
        WITH lsoa_ltla22 AS (
            SELECT lsoa11_code, any_value(ltla22_code) AS ltla22_code
            FROM raw.ons_lsoa11_lsoa21_ltla22_lookup_ew GROUP BY lsoa11_code
        ), w AS (
            SELECT l.ltla22_code, sum(w.weight) AS weight
            FROM lsoa_ltla22 l
            JOIN core.lsoa_weight w ON w.edition = 2019 AND w.lsoa_code = l.lsoa11_code
            GROUP BY l.ltla22_code
        )
        SELECT s.current_code AS lad_code,
               sum(w.weight * CAST(r.Score AS DOUBLE)) / sum(w.weight) AS average_score,
               sum(w.weight * CAST(r.Extent AS DOUBLE)) / sum(w.weight) AS extent,
               count(*) AS n_former
        FROM raw.imd2019_england_ltla22 r
        JOIN w ON w.ltla22_code = r.ltla22_code
        JOIN core.lad_successor s ON s.old_code = r.ltla22_code
        GROUP BY s.current_code
        """
    ).df()


def _build_la(con: duckdb.DuckDBPyConnection) -> None:
    names = dict(
        con.execute(
            "SELECT code, name FROM core.area WHERE type = 'lad' AND vintage = 'current'"
        ).fetchall()
    )
    frames = []
    est25 = _district_estimates(con, 2025).set_index("lad_code")
    pub25 = _published_2025(con).set_index("lad_code")
    la25 = pub25.drop(columns="area_name").join(est25[["n_lsoas", "n_most_deprived_10"]])
    la25["method"] = (
        "published: MHCLG IoD2025 local authority summaries (2024 codes mapped to current); "
        + RANK_NOTE
    )
    frames.append(la25.assign(edition=2025))
    est19 = _district_estimates(con, 2019).set_index("lad_code")
    pub19 = _published_2019(con).set_index("lad_code")
    la19 = est19.drop(columns="average_score")
    la19["extent_estimate"] = la19["extent"]
    la19 = la19.drop(columns="extent").join(pub19)
    la19["extent"] = la19["extent"].fillna(la19["extent_estimate"])
    la19["method"] = (
        "average_score and extent: IoD2019 district summaries as re-aggregated by humaniverse/IMD "
        "(mid-2015 populations; former districts combined); proportion: count of LSOAs in decile "
        "1; average_rank and local_concentration: estimated from LSOA ranks with "
        "core.lsoa_weight; " + RANK_NOTE
    )
    frames.append(la19.drop(columns=["extent_estimate", "n_former"]).assign(edition=2019))
    out = pd.concat(frames).reset_index(names="area_code")
    out["area_name"] = out["area_code"].map(names)
    columns = ["edition", "area_code", "area_name", *MEASURES, "proportion_most_deprived_10"]
    frame = out[[*columns, "n_lsoas", "n_most_deprived_10", "method"]]  # noqa: F841
    con.execute(
        """
        CREATE TABLE core.deprivation_la AS
        SELECT CAST(edition AS INTEGER) AS edition, area_code, area_name,
               CAST(average_score AS DOUBLE) AS average_score,
               CAST(average_rank AS DOUBLE) AS average_rank, CAST(extent AS DOUBLE) AS extent,
               CAST(local_concentration AS DOUBLE) AS local_concentration,
               CAST(proportion_most_deprived_10 AS DOUBLE) AS proportion_most_deprived_10,
               CAST(n_lsoas AS INTEGER) AS n_lsoas,
               CAST(n_most_deprived_10 AS INTEGER) AS n_most_deprived_10, method
        FROM frame ORDER BY edition, area_code
        """
    )


def build_tables(con: duckdb.DuckDBPyConnection) -> None:
    _build_weights(con)
    _build_la(con)

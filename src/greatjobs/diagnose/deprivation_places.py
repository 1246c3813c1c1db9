"""Deprivation for any place (IoD summary measures) and the measured error of the estimates.

Districts take their row of ``core.deprivation_la``; larger and custom places combine their
districts' figures; :func:`measure_method_error` compares the LSOA-level estimates with the
published district values. Definitions: ``docs/methods/deprivation.md``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import duckdb
import numpy as np
import pandas as pd

from greatjobs.diagnose.deprivation import (
    DISTRICT_ESTIMATES,
    EDITION_DATASETS,
    MEASURES,
    RANK_NOTE,
    check_edition,
    local_concentration,
    lsoas_frame,
    summary_measures,
)
from greatjobs.errors import NotFoundError
from greatjobs.geography import Place
from greatjobs.provenance import Provenance


@dataclass(frozen=True)
class DeprivationSummary:
    """The IoD summary measures of a place, with how each was obtained."""

    edition: int
    area_code: str
    area_name: str
    average_score: float | None
    average_rank: float | None
    extent: float | None
    local_concentration: float | None
    proportion_most_deprived_10: float
    n_lsoas: int
    n_most_deprived_10: int
    method: str
    estimated: tuple[str, ...] = ()
    """The measures that are greatjobs' estimates rather than the publisher's figures."""
    dataset_ids: tuple[str, ...] = ()
    """The datasets behind the measures."""

    def as_dict(self) -> dict[str, object]:
        out = asdict(self)
        out["estimated"] = ", ".join(self.estimated)
        out.pop("dataset_ids")
        return out


MEASURE_ROWS = (
    ("Average score (higher = more deprived)", "average_score", "{:.2f}"),
    ("Extent (share of population in the most deprived 30%)", "extent", "{:.3f}"),
    ("Local concentration (published scale)", "local_concentration", "{:,.0f}"),
    ("Share of LSOAs in the most deprived 10%", "proportion_most_deprived_10", "{:.1%}"),
    ("LSOAs in the most deprived 10%", "n_most_deprived_10", "{:,}"),
    ("LSOAs", "n_lsoas", "{:,}"),
)
"""The rows of the summary measures table: label, attribute, format."""


def measures_table(
    deprivation: dict[int, DeprivationSummary],
) -> tuple[list[str], list[list[str]]]:
    """The summary measures of a place as a table of text, newest edition first: the header
    (``Measure``, ``IoD2025``, ...) and one row per measure ('–' where there is no figure). The
    web page and the evidence report both show these rows."""
    editions = sorted(deprivation, reverse=True)
    head = ["Measure", *(f"IoD{e}" for e in editions)]
    rows = [
        [label, *(_measure(deprivation[e], attr, pattern) for e in editions)]
        for label, attr, pattern in MEASURE_ROWS
    ]
    return head, rows


ESTIMATE_NOTE = (
    "(estimate): calculated by greatjobs from the LSOA ranks and estimated LSOA populations, not "
    "published by MHCLG; the measured errors of these estimates against the published district "
    "figures are in docs/methods/deprivation.md."
)


def deprivation_provenance(
    con: duckdb.DuckDBPyConnection, deprivation: dict[int, DeprivationSummary]
) -> Provenance:
    """The datasets behind a place's summary measures (every edition shown), the method of
    each edition, and what the "(estimate)" mark means where any measure is estimated."""
    editions = sorted(deprivation, reverse=True)
    ids = [d for e in editions for d in deprivation[e].dataset_ids]
    method = " ".join(f"IoD{e}: {deprivation[e].method}." for e in editions)
    estimated = any(deprivation[e].estimated for e in editions)
    return Provenance.of(con, ids, method=method, notes=[ESTIMATE_NOTE] if estimated else [])


def _measure(summary: DeprivationSummary, attr: str, pattern: str) -> str:
    value = getattr(summary, attr)
    if value is None:
        return "–"
    return pattern.format(value) + (" (estimate)" if attr in summary.estimated else "")


def district_table(
    con: duckdb.DuckDBPyConnection, edition: int, lad_codes: list[str] | None = None
) -> pd.DataFrame:
    """``core.deprivation_la`` for one edition (all districts, or those listed)."""
    check_edition(edition)
    return con.execute(
        "SELECT * FROM core.deprivation_la WHERE edition = ? AND (? IS NULL "
        "OR list_contains(?, area_code)) ORDER BY area_code",
        [edition, lad_codes, lad_codes],
    ).df()


def place_deprivation(
    con: duckdb.DuckDBPyConnection, place: Place, edition: int = 2025
) -> DeprivationSummary:
    """The summary measures for any place made of whole districts.

    One district: its row of ``core.deprivation_la``. Several: average score, average rank and
    extent are the district values weighted by each district's total LSOA weight (they are
    population-weighted means, so they combine exactly given the populations); local
    concentration is recomputed over the place's LSOAs with ``core.lsoa_weight``; the proportion
    in the most deprived 10% is a count of LSOAs.
    """
    check_edition(edition)
    districts = district_table(con, edition, place.district_codes)
    if districts.empty:
        raise NotFoundError(f"No deprivation figures for {place.name} (edition {edition}).")
    if len(districts) == 1:
        row = districts.iloc[0]
        score, rank, extent, concentration = (_opt(row[m]) for m in MEASURES)
        return DeprivationSummary(
            edition, place.code, place.name, score, rank, extent, concentration,
            float(row["proportion_most_deprived_10"]), int(row["n_lsoas"]),
            int(row["n_most_deprived_10"]), str(row["method"]),
            DISTRICT_ESTIMATES[edition], EDITION_DATASETS[edition],
        )  # fmt: skip
    lsoas = lsoas_frame(con, edition)
    n_national = len(lsoas)
    mine = lsoas[lsoas["lad_code"].isin(place.district_codes)]
    totals = mine.groupby("lad_code")["weight"].sum()
    w = districts["area_code"].map(totals).to_numpy()
    combined = {m: _opt((w * districts[m]).sum() / w.sum()) for m in MEASURES[:3]}
    n1 = int(districts["n_most_deprived_10"].sum())
    n = int(districts["n_lsoas"].sum())
    lc = local_concentration(mine["imd_rank"].to_numpy(), mine["weight"].to_numpy(), n_national)
    method = (
        f"{len(districts)} districts: average_score, average_rank and extent are the district "
        "figures (core.deprivation_la) weighted by each district's estimated population "
        "(core.lsoa_weight); local_concentration recomputed over the place's LSOAs with those "
        "weights; proportion = LSOAs in decile 1 / all LSOAs; " + RANK_NOTE
    )
    return DeprivationSummary(
        edition, place.code, place.name, combined["average_score"], combined["average_rank"],
        combined["extent"], lc, n1 / n, n, n1, method, MEASURES, EDITION_DATASETS[edition],
    )  # fmt: skip


def _opt(value: float | None) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def measure_method_error(con: duckdb.DuckDBPyConnection, edition: int = 2025) -> pd.DataFrame:
    """How far the LSOA-level estimates fall from the published district values, for every
    district, by weighting: ``equal`` (each LSOA alike), ``households`` (Census 2021 households)
    and, for 2025, ``calibrated`` (``core.lsoa_weight``; average score and rank match by
    construction, so only extent and local concentration are a test of it).

    One row per weighting and measure: districts compared, mean, median and maximum absolute
    error, and the district with the largest error.
    """
    check_edition(edition)
    lsoas = lsoas_frame(con, edition)
    n_national = len(lsoas)
    published = district_table(con, edition).set_index("area_code")
    if edition == 2025:
        compare = [*MEASURES, "proportion_most_deprived_10"]
        weightings = {"equal": None, "households": "households", "calibrated": "weight"}
    else:  # published (humaniverse) 2019: average score needs LSOA scores the snapshot lacks
        compare = ["extent"]
        weightings = {"equal": None, "households": "households", "calibrated": "weight"}
    rows = []
    for label, column in weightings.items():
        estimates = []
        for lad_code, g in lsoas.groupby("lad_code"):
            w = np.ones(len(g)) if column is None else g[column].to_numpy()
            score = None if g["imd_score"].isna().any() else g["imd_score"].to_numpy()
            m = summary_measures(
                g["imd_rank"].to_numpy(), score, g["imd_decile"].to_numpy(), w, n_national
            )
            estimates.append({"area_code": lad_code, **m})
        est = pd.DataFrame(estimates).set_index("area_code")
        for measure in compare:
            diff = (est[measure] - published[measure]).dropna().abs()
            rows.append(
                {
                    "edition": edition, "weighting": label, "measure": measure,
                    "districts": int(diff.size), "mean_abs_error": float(diff.mean()),
                    "median_abs_error": float(diff.median()), "max_abs_error": float(diff.max()),
                    "worst_district": str(diff.idxmax()),
                }
            )  # fmt: skip
    return pd.DataFrame(rows)

"""Type I and Type II multipliers and effects per £m of final demand, for the UK or a place.

* Type I: ``L = (I − A)⁻¹``; output multiplier ``Σ_i l_ij``; effects ``c · L`` for a coefficient
  row ``c`` (GVA per £ of output; jobs per £m of output).
* Type II: the model closed for households (Miller & Blair 2009 §6.1): household row
  ``h_r = D1 / x`` (compensation of employees per £ of output), household column
  ``h_c = P3 S14 / Σ D1`` (domestic household consumption of each industry's output per £ of
  compensation). In a place, ``h_c`` is regionalised like a row of A, treating households as a
  sector with SLQ 1: ``h_c,i · min(1, λ* · SLQ_i)`` (FLQ) or ``h_c,i · min(1, SLQ_i)``.
* Employment coefficients: BRES 2021 Great Britain employment / IOAT 2019 UK output (jobs per £m);
  GVA coefficients: IOAT GVA / output. Both national, applied to every place.

"Multiplier" in the ratio sense (ONS's Multipliers sheet) is total effect / direct coefficient;
"effect" is the total per £m of final demand. Intervals come from running the FLQ model at the ends
of the δ range of Flegg & Tohmo (2013), 0.1 and 0.4.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import numpy as np
import pandas as pd

from greatjobs.errors import DataError
from greatjobs.geography import Place
from greatjobs.impact import leontief as leo
from greatjobs.impact import regional as reg
from greatjobs.impact.ioat import IOTables
from greatjobs.impact.leontief import Array

TYPES = ("I", "II")
NATIONAL = "national"


@dataclass(frozen=True)
class Coefficients:
    """Per-£ (or per-£m for jobs) coefficients of the national tables."""

    A: Array
    gva: Array
    compensation: Array
    jobs_per_m: Array
    household_consumption: Array
    """Domestic household consumption of each industry per £ of compensation of employees."""
    employment: Array


def national_coefficients(tables: IOTables, employment: Array) -> Coefficients:
    """Coefficients from the IOATs and national (GB) BRES employment by IOAT industry."""
    output = tables.output
    jobs = np.divide(employment, output, out=np.zeros_like(output), where=output > 0)
    consumption = tables.final_demand["P3 S14"].to_numpy() / tables.primary["D1"].sum()
    return Coefficients(
        leo.calc_A(tables.Z, output),
        tables.coefficient("GVA"),
        tables.coefficient("D1"),
        jobs,
        consumption,
        employment,
    )


@dataclass(frozen=True, eq=False)
class PlaceModels:
    """Leontief inverses for one or more places (a leading axis), one δ."""

    names: list[str]
    codes: list[str]
    L1: Array
    L2: Array
    """Top-left n × n block of the Type II inverse: direct + indirect + induced output."""
    method: str
    delta: float
    geography: list[str] = field(default_factory=list)


def household_quotient(slq_values: Array, size: Array, method: str, delta: float) -> Array:
    """The factor applied to household consumption coefficients: min(1, λ*·SLQ_i) for FLQ."""
    if method == NATIONAL:
        return np.ones_like(slq_values)
    factor = slq_values
    if method == "flq":
        factor = slq_values * reg.flegg_lambda(size, delta)[..., np.newaxis]
    return np.minimum(1.0, factor)


def build_models(
    coeffs: Coefficients,
    employment: list[reg.RegionalEmployment] | None,
    method: str = "flq",
    delta: float = reg.DEFAULT_DELTA,
) -> PlaceModels:
    """Type I and II inverses for each place (vectorised over places); ``employment=None`` or
    ``method='national'`` gives the unregionalised UK tables."""
    if employment is None or method == NATIONAL:
        A = coeffs.A[np.newaxis]
        hc = coeffs.household_consumption[np.newaxis]
        names, codes, geo = ["United Kingdom"], ["K02000001"], ["UK IOATs, not regionalised"]
        method = NATIONAL
    else:
        if method not in reg.METHODS:
            raise DataError(f"No regionalisation method {method!r}; choose one of {reg.METHODS}.")
        A = reg.regionalise(coeffs.A, reg.quotients(employment, method, delta))
        s = reg.slq(
            np.stack([e.regional for e in employment]), np.stack([e.national for e in employment])
        )
        size = np.array([e.size for e in employment])
        hc = coeffs.household_consumption * household_quotient(s, size, method, delta)
        names = [e.place_name for e in employment]
        codes = [e.place_code for e in employment]
        geo = [e.geography for e in employment]
    L1 = leo.calc_L(A)
    L2 = leo.type_ii_block(L1, coeffs.compensation, hc)
    return PlaceModels(names, codes, L1, L2, method, delta, geo)


def multiplier_frame(
    tables: IOTables, coeffs: Coefficients, models: PlaceModels, index: int, kind: str
) -> pd.DataFrame:
    """One row per industry: output multiplier, GVA and jobs per £m of final demand, and the
    GVA and employment ratio multipliers, for place ``index`` and Type ``kind``."""
    if kind not in TYPES:
        raise DataError(f"Multiplier type must be one of {TYPES}, not {kind!r}.")
    L = (models.L1 if kind == "I" else models.L2)[index]
    frame = pd.DataFrame(
        {
            "code": tables.codes,
            "industry": tables.names,
            "output_multiplier": leo.output_multipliers(L),
            "gva_per_m": leo.effects(coeffs.gva, L),
            "jobs_per_m": leo.effects(coeffs.jobs_per_m, L),
            "gva_multiplier": leo.ratio_multipliers(coeffs.gva, L),
            "employment_multiplier": leo.ratio_multipliers(coeffs.jobs_per_m, L),
        }
    )
    return frame


def place_multipliers(
    con: duckdb.DuckDBPyConnection,
    tables: IOTables,
    place: Place | None,
    kind: str = "I",
    method: str = "flq",
    delta: float = reg.DEFAULT_DELTA,
) -> tuple[pd.DataFrame, str]:
    """Multipliers for a place with low/high columns from δ = 0.4 / 0.1 (FLQ only), and a note
    saying how the place's employment was formed. ``place=None`` gives the UK tables."""
    employment = None if place is None else reg.place_employment(con, tables, [place])
    coeffs = national_coefficients(tables, reg.national_employment(con, tables))
    central = build_models(coeffs, employment, method, delta)
    frame = multiplier_frame(tables, coeffs, central, 0, kind)
    measures = ["output_multiplier", "gva_per_m", "jobs_per_m"]
    if central.method == "flq":
        ends = [
            multiplier_frame(tables, coeffs, build_models(coeffs, employment, "flq", d), 0, kind)
            for d in reg.DELTA_RANGE
        ]
        for m in measures:
            stacked = np.stack([frame[m], ends[0][m], ends[1][m]])
            frame[f"{m}_low"] = stacked.min(axis=0)
            frame[f"{m}_high"] = stacked.max(axis=0)
    else:
        for m in measures:
            frame[f"{m}_low"] = frame[m]
            frame[f"{m}_high"] = frame[m]
    order = ["code", "industry"]
    for m in measures:
        order += [f"{m}_low", m, f"{m}_high"]
    order += ["gva_multiplier", "employment_multiplier"]
    return frame[order], central.geography[0]


def multipliers_for_places(
    con: duckdb.DuckDBPyConnection,
    tables: IOTables,
    places: list[Place],
    kind: str = "II",
    method: str = "flq",
    delta: float = reg.DEFAULT_DELTA,
) -> pd.DataFrame:
    """Output multipliers, GVA and jobs per £m for many places at once (one long frame: a row
    per place and industry), all inverses computed in one vectorised call."""
    if kind not in TYPES:
        raise DataError(f"Multiplier type must be one of {TYPES}, not {kind!r}.")
    employment = reg.place_employment(con, tables, places)
    coeffs = national_coefficients(tables, reg.national_employment(con, tables))
    models = build_models(coeffs, employment, method, delta)
    L = models.L1 if kind == "I" else models.L2
    n_places, n = L.shape[0], L.shape[-1]
    return pd.DataFrame(
        {
            "place_code": np.repeat(models.codes, n),
            "place": np.repeat(models.names, n),
            "code": np.tile(tables.codes, n_places),
            "output_multiplier": leo.output_multipliers(L).ravel(),
            "gva_per_m": leo.effects(coeffs.gva, L).ravel(),
            "jobs_per_m": leo.effects(coeffs.jobs_per_m, L).ravel(),
        }
    )

"""The impact of a change in final demand in a place: output, GVA and jobs, split into direct,
indirect (supply chain, Type I) and induced (household spending, Type II) effects.

For a final-demand vector ``f`` (£m by IOAT industry) and a place's inverses ``L`` (Type I) and
``L̄`` (top-left block of the Type II inverse), with coefficient row ``c`` (1 for output, GVA per £
of output, jobs per £m of output):

* direct ``= c · f``; indirect ``= c · (L − I) f``; induced ``= c · (L̄ − L) f``.

The first round of spending is assumed to be met by firms in the place. Intervals: the model is
solved on a grid of δ across 0.1–0.4 (Flegg & Tohmo 2013) and each Monte Carlo draw takes δ from a
uniform distribution on that range, interpolating linearly between grid points.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from greatjobs.errors import DataError, NotFoundError
from greatjobs.geography import Place
from greatjobs.impact import additionality as add
from greatjobs.impact import multipliers as mult
from greatjobs.impact import regional as reg
from greatjobs.impact.ioat import IOTables
from greatjobs.impact.leontief import Array
from greatjobs.provenance import Provenance
from greatjobs.text import close_matches

MEASURES = ("output_m", "gva_m", "jobs")
PARTS = ("direct", "indirect", "induced")
DELTA_GRID = np.linspace(reg.DELTA_RANGE[0], reg.DELTA_RANGE[1], 7)


@functools.cache
def eu_funds_data() -> dict[str, Any]:
    text = resources.files("greatjobs.impact").joinpath("data/eu_funds.toml").read_text("utf-8")
    return tomllib.loads(text)


def sic_to_ioat(con: duckdb.DuckDBPyConnection, tables: IOTables, sic: str) -> dict[str, float]:
    """The IOAT industries a SIC 2007 code falls in, with shares (summing to 1).

    A 5-digit subclass is looked up at 4, 3 then 2 digits; a division split between IOAT
    industries is shared in proportion to Great Britain employment (BRES 2021).
    """
    code = "".join(c for c in str(sic) if c.isdigit())
    if len(code) < 2:
        raise NotFoundError(f"{sic!r} is not a SIC 2007 code (2 to 5 digits).")
    mapping = dict(con.execute("SELECT sic_code, ioat_code FROM core.ioat_sic_lookup").fetchall())
    for length in (4, 3):
        if len(code) >= length and code[:length] in mapping:
            return {mapping[code[:length]]: 1.0}
    division = code[:2]
    if division in mapping:
        return {mapping[division]: 1.0}
    shares = con.execute(
        "SELECT ioat_code, share FROM core.ioat_division_share WHERE division = ? AND share > 0",
        [division],
    ).fetchall()
    if not shares:
        raise NotFoundError(f"SIC {sic!r} has no IOAT industry (division {division}).")
    found = dict(shares)
    return {c: float(found[c]) for c in tables.codes if c in found}


def final_demand(
    con: duckdb.DuckDBPyConnection,
    tables: IOTables,
    spend: Mapping[str, float],
    by: str = "ioat",
) -> Array:
    """A final-demand vector (£m by IOAT industry) from ``{code: £m}``, codes IOAT or SIC."""
    f = np.zeros(len(tables.codes))
    for code, amount in spend.items():
        if by == "ioat":
            f[tables.index_of(code)] += amount
        elif by == "sic":
            for ioat, share in sic_to_ioat(con, tables, code).items():
                f[tables.index_of(ioat)] += amount * share
        else:
            raise DataError(f"Final demand codes must be 'ioat' or 'sic', not {by!r}.")
    return f


def _parts(coeffs: mult.Coefficients, models: mult.PlaceModels, f: Array) -> Array:
    """Array (models, measure, part) of direct / indirect / induced effects of ``f``."""
    rows = np.stack([np.ones_like(coeffs.gva), coeffs.gva, coeffs.jobs_per_m])
    type1 = np.einsum("kn,pnm,m->pk", rows, models.L1, f)
    type2 = np.einsum("kn,pnm,m->pk", rows, models.L2, f)
    direct = np.broadcast_to(rows @ f, type1.shape)
    return np.stack([direct, type1 - direct, type2 - type1], axis=-1)


@dataclass(frozen=True)
class ScenarioResult:
    """Effects of a final-demand change in a place, central with 95% intervals."""

    place: str
    geography: str
    table: pd.DataFrame
    """Rows: measure × part (direct, indirect, induced, total, and net where appraised);
    columns ``central``, ``low``, ``high``."""
    notes: tuple[str, ...]
    provenance: Provenance = field(default_factory=Provenance)
    """The IO tables and employment behind the model (the notes are :attr:`notes`)."""


def simulate_impact(
    con: duckdb.DuckDBPyConnection,
    tables: IOTables,
    place: Place | None,
    f: Array,
    delta: float = reg.DEFAULT_DELTA,
    draws: int = add.DEFAULT_DRAWS,
    seed: int = add.DEFAULT_SEED,
    spec: add.AdditionalitySpec | None = None,
) -> ScenarioResult:
    """Direct, indirect and induced output (£m), GVA (£m) and jobs from ``f`` in ``place``
    (``None``: the UK tables), and net of additionality if ``spec`` is given (its multiplier is
    not applied: the IO model already counts supply-chain and induced effects)."""
    employment = None if place is None else reg.place_employment(con, tables, [place])
    coeffs = mult.national_coefficients(tables, reg.national_employment(con, tables))
    central_models = mult.build_models(coeffs, employment, "flq", delta)
    central = _parts(coeffs, central_models, f)[0]
    if central_models.method == "flq":
        grid = np.array(
            [
                _parts(coeffs, mult.build_models(coeffs, employment, "flq", d), f)[0]
                for d in DELTA_GRID
            ]
        )
        rng = np.random.default_rng(seed)
        drawn = rng.uniform(*reg.DELTA_RANGE, draws)
        flat = grid.reshape(len(DELTA_GRID), -1)
        sims = np.stack([np.interp(drawn, DELTA_GRID, flat[:, j]) for j in range(flat.shape[1])])
        sims = sims.T.reshape(draws, *central.shape)
    else:
        sims = np.broadcast_to(central, (draws, *central.shape))
    records = []
    for k, measure in enumerate(MEASURES):
        for p, part in enumerate(PARTS):
            est = add.Estimate.from_draws(central[k, p], sims[:, k, p])
            records.append((measure, part, est))
        total = add.Estimate.from_draws(central[k].sum(), sims[:, k, :].sum(axis=1))
        records.append((measure, "total", total))
        if spec is not None:
            no_mult = spec.__class__(
                spec.deadweight,
                spec.leakage,
                spec.displacement,
                spec.substitution,
                add.make_factor("multiplier", 1.0),
            )
            ratio = no_mult.sample_ratio(draws, seed + 1)
            net = add.Estimate.from_draws(
                central[k].sum() * no_mult.ratio(), sims[:, k, :].sum(axis=1) * ratio
            )
            records.append((measure, "net", net))
    table = pd.DataFrame(
        [
            {"measure": m, "part": p, "central": e.central, "low": e.low, "high": e.high}
            for m, p, e in records
        ]
    )
    geography = central_models.geography[0]
    notes = [
        f"Model: UK IOATs 2019 regionalised by FLQ (δ = {delta:g}); intervals: δ uniform on "
        f"{reg.DELTA_RANGE[0]:g}–{reg.DELTA_RANGE[1]:g}, {draws:,} draws, "
        f"{add.INTERVAL_LEVEL} interval ({add.INTERVAL[0]:g}th–{add.INTERVAL[1]:g}th percentile).",
        f"Employment: {geography}.",
        "Jobs: BRES headcount (employees and working owners) supported for a year, at national "
        "jobs per £m of output (BRES 2021 / IOAT 2019).",
    ]
    if spec is not None:
        notes.append(
            f"Net: {no_mult.describe()} ({add.guide_citation()}); the multiplier is 1 "
            "because the IO model already counts indirect and induced effects."
        )
    provenance = reg.model_provenance(con, geography if place else None)
    name = place.name if place else "United Kingdom"
    return ScenarioResult(name, geography, table, tuple(notes), provenance)


def eu_funds_vector(tables: IOTables, amount: float) -> Array:
    """The annual amount (£) spread over industries by the data file's spend profile, in £m."""
    if amount < 0:
        raise DataError("The amount of EU funds must not be negative.")
    shares: Mapping[str, float] = eu_funds_data()["profile"]["shares"]
    total = sum(shares.values())
    if not np.isclose(total, 1.0):
        raise DataError(f"eu_funds.toml: the spend profile sums to {total}, not 1.")
    f = np.zeros(len(tables.codes))
    for code, share in shares.items():
        try:
            f[tables.index_of(code)] += amount / 1e6 * share
        except NotFoundError as exc:
            raise DataError(
                f"eu_funds.toml: {exc}",
            ) from exc
    return f


def eu_funds_end(
    con: duckdb.DuckDBPyConnection,
    tables: IOTables,
    place: Place | None,
    amount: float | None = None,
    draws: int = add.DEFAULT_DRAWS,
    delta: float = reg.DEFAULT_DELTA,
    spec: add.AdditionalitySpec | None = None,
) -> ScenarioResult:
    """Activity supported each year by EU structural funds that end: the IO impact of the annual
    amount (default from the data file) spent by the profile, and net of additionality."""
    data = eu_funds_data()
    amount = float(data["amount"]["default"]) if amount is None else amount
    spec = spec or add.AdditionalitySpec.build()
    result = simulate_impact(
        con, tables, place, eu_funds_vector(tables, amount), delta, draws, spec=spec
    )
    notes = (
        f"Amount: £{amount:,.0f} a year. {data['amount']['note']}",
        f"Spend profile: {data['profile']['name']}.",
        *result.notes,
    )
    return ScenarioResult(result.place, result.geography, result.table, notes, result.provenance)


def suggest_codes(tables: IOTables, code: str) -> list[str]:
    return close_matches(code, list(tables.codes))

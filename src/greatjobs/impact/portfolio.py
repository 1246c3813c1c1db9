"""Appraise a portfolio of projects or small-business loans from a CSV file.

Columns (header names in any case): ``name``, ``industry`` (an IOAT code such as ``C29`` or a SIC
2007 code of 2 to 5 digits), ``amount`` (£, public cost), ``gross_jobs``, ``postcode``, and
optionally ``wage`` (£ per hour). Each row becomes net additional jobs (HCA additionality, see
:mod:`greatjobs.impact.additionality`), net GVA (net jobs × the industry's GVA per job: IOAT 2019
GVA / BRES 2021 employment), cost per net job and whether it pays at least the Real Living Wage.

Bad rows are reported with their row number (as in a spreadsheet: the header is row 1), column
and reason; every other row is still appraised, and the totals are the sums of the rows shown.
Under a budget, the projects that maximise net good jobs (net jobs paying at least the Real Living
Wage; net jobs if no wage is given anywhere) are chosen by an exact 0/1 knapsack (see
:func:`choose_under_budget`), and the trade-off curve ranks projects by net good jobs per £.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from greatjobs.errors import DataError, GreatjobsError
from greatjobs.geography import PostcodeResult, lookup_postcode
from greatjobs.impact import additionality as add
from greatjobs.impact import regional as reg
from greatjobs.impact.ioat import IOTables
from greatjobs.impact.scenario import sic_to_ioat
from greatjobs.provenance import Provenance

REQUIRED = ("name", "industry", "amount", "gross_jobs", "postcode")
OPTIONAL = ("wage",)
BUDGET_CELLS = 100_000
KNAPSACK_MEMORY = 50_000_000
"""At most this many booleans are kept to recover the chosen projects."""
MAX_HOURLY_WAGE = 200.0


@functools.cache
def living_wage_data() -> dict[str, Any]:
    text = resources.files("greatjobs.impact").joinpath("data/living_wage.toml").read_text("utf-8")
    return tomllib.loads(text)


def living_wage(on: dt.date, london: bool) -> tuple[float, str]:
    """The Real Living Wage (£/hour) in force on ``on`` (by announcement date) and its label."""
    rates = sorted(living_wage_data()["rate"], key=lambda r: r["from"])
    current = [r for r in rates if r["from"] <= on]
    if not current:
        raise DataError(f"No Real Living Wage rate recorded on or before {on}.")
    rate = current[-1]
    return float(
        rate["london" if london else "uk"]
    ), f"{rate['label']} {'London' if london else 'UK'}"


@dataclass(frozen=True)
class RowIssue:
    row: int
    column: str
    value: str
    reason: str


@dataclass
class PortfolioAppraisal:
    projects: pd.DataFrame
    issues: list[RowIssue]
    totals: dict[str, Any]
    curve: pd.DataFrame
    selection: pd.DataFrame | None
    notes: list[str] = field(default_factory=list)
    provenance: Provenance = field(default_factory=Provenance)
    """The IO tables and GB employment behind GVA per job (the notes are :attr:`notes`)."""

    def issues_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            [vars(i) for i in self.issues], columns=["row", "column", "value", "reason"]
        )


def _number(text: str) -> float:
    cleaned = re.sub(r"[£,\s]", "", text)
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", cleaned):
        raise ValueError(f"not a number: {text!r}")
    return float(cleaned)


def read_portfolio(path: Path | str | io.StringIO) -> pd.DataFrame:
    """The CSV as text, columns lower-cased; raises if a required column is missing."""
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise DataError(f"{path}: cannot read the portfolio CSV ({exc}).") from exc
    frame.columns = [str(c).strip().lower().replace(" ", "_") for c in frame.columns]
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise DataError(
            f"{path}: the portfolio lacks column(s) {', '.join(missing)} (found: "
            f"{', '.join(frame.columns) or 'none'}); required: {', '.join(REQUIRED)}; "
            "optional: wage."
        )
    return frame


def _industry(con: duckdb.DuckDBPyConnection, tables: IOTables, text: str) -> dict[str, float]:
    code = text.strip()
    if code.replace(".", "").isdigit():
        return sic_to_ioat(con, tables, code)
    return {tables.codes[tables.index_of(code)]: 1.0}


def appraise_portfolio(
    con: duckdb.DuckDBPyConnection,
    tables: IOTables,
    frame: pd.DataFrame,
    budget: float | None = None,
    spec: add.AdditionalitySpec | None = None,
    on: dt.date | None = None,
    draws: int = add.DEFAULT_DRAWS,
    seed: int = add.DEFAULT_SEED,
) -> PortfolioAppraisal:
    """Appraise each good row; report each bad one (row, column, reason)."""
    spec = spec or add.AdditionalitySpec.build()
    on = on or dt.date.today()
    employment = reg.national_employment(con, tables)
    gva_per_job = np.divide(
        tables.primary["GVA"] * 1e6,
        employment,
        out=np.full(len(employment), np.nan),
        where=employment > 0,
    )
    issues: list[RowIssue] = []
    good: list[dict[str, Any]] = []
    postcodes: dict[str, PostcodeResult] = {}  # each distinct postcode looked up once
    for i, raw in enumerate(frame.to_dict("records")):
        row = i + 2
        before = len(issues)
        cells = {k: str(raw.get(k, "")).strip() for k in (*REQUIRED, *OPTIONAL)}
        for col in REQUIRED:
            if not cells[col]:
                issues.append(RowIssue(row, col, "", "missing value"))
        rec: dict[str, Any] = {"row": row, "name": cells["name"]}
        if cells["industry"]:
            try:
                shares = _industry(con, tables, cells["industry"])
                gpj = sum(s * gva_per_job[tables.index_of(c)] for c, s in shares.items())
                if not np.isfinite(gpj):
                    raise DataError("industry has no employment in BRES, so no GVA per job")
                main = max(shares, key=lambda c: shares[c])
                rec |= {"industry": cells["industry"], "ioat_code": main, "gva_per_job": gpj}
            except GreatjobsError as exc:
                issues.append(RowIssue(row, "industry", cells["industry"], str(exc)))
        for col in ("amount", "gross_jobs"):
            if cells[col]:
                try:
                    value = _number(cells[col])
                    if value < 0 or (col == "amount" and value == 0):
                        raise ValueError("must be positive" if col == "amount" else "is negative")
                    rec[col] = value
                except ValueError as exc:
                    issues.append(RowIssue(row, col, cells[col], str(exc)))
        if cells["postcode"]:
            try:
                key = cells["postcode"].upper().replace(" ", "")
                found = postcodes[key] if key in postcodes else lookup_postcode(con, key)
                postcodes[key] = found
                rec |= {
                    "postcode": found.postcode,
                    "district": found.district.name,
                    "district_code": found.district.code,
                }
            except GreatjobsError as exc:
                issues.append(RowIssue(row, "postcode", cells["postcode"], str(exc)))
        rec["wage"] = np.nan
        if cells["wage"]:
            try:
                wage = _number(cells["wage"])
                if wage <= 0 or wage > MAX_HOURLY_WAGE:
                    raise ValueError(f"wage must be £ per hour (0 to {MAX_HOURLY_WAGE:.0f})")
                rec["wage"] = wage
            except ValueError as exc:
                issues.append(RowIssue(row, "wage", cells["wage"], str(exc)))
        if len(issues) == before:
            good.append(rec)
    result = _appraise(good, issues, budget, spec, on, draws, seed, len(frame))
    result.provenance = reg.model_provenance(con, None)
    return result


def _appraise(
    good: list[dict[str, Any]],
    issues: list[RowIssue],
    budget: float | None,
    spec: add.AdditionalitySpec,
    on: dt.date,
    draws: int,
    seed: int,
    n_rows: int,
) -> PortfolioAppraisal:
    columns = [
        "row",
        "name",
        "industry",
        "ioat_code",
        "postcode",
        "district",
        "district_code",
        "amount",
        "gross_jobs",
        "wage",
        "gva_per_job",
    ]
    p = pd.DataFrame(good, columns=columns)
    rlw = [living_wage(on, str(c).startswith("E09")) for c in p["district_code"]]
    p["rlw_rate"] = [r for r, _ in rlw]
    p["pays_rlw"] = [
        None if np.isnan(w) else bool(w >= r) for w, r in zip(p["wage"], p["rlw_rate"], strict=True)
    ]
    ratio_draws = spec.sample_ratio(draws, seed)
    gross = p["gross_jobs"].to_numpy(dtype=float)
    net_draws = np.outer(ratio_draws, gross)  # factors shared by all projects in each draw
    p["net_jobs"] = gross * spec.ratio()
    p["net_jobs_low"], p["net_jobs_high"] = (
        np.percentile(net_draws, add.INTERVAL, axis=0) if len(p) else ([], [])
    )
    gpj = p["gva_per_job"].to_numpy(dtype=float)
    p["net_gva"] = p["net_jobs"] * gpj
    p["net_gva_low"], p["net_gva_high"] = p["net_jobs_low"] * gpj, p["net_jobs_high"] * gpj
    amount = p["amount"].to_numpy(dtype=float)
    with np.errstate(divide="ignore"):
        p["cost_per_net_job"] = amount / p["net_jobs"].to_numpy()
        p["cost_per_net_job_low"] = amount / p["net_jobs_high"].to_numpy()
        p["cost_per_net_job_high"] = amount / p["net_jobs_low"].to_numpy()
    any_wage = bool(p["pays_rlw"].notna().any())
    good_mask = np.array([v is True for v in p["pays_rlw"]], dtype=bool)
    p["net_good_jobs"] = p["net_jobs"] * good_mask
    objective = "net_good_jobs" if any_wage else "net_jobs"
    value = p[objective].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        per_pound = np.where(amount > 0, value / amount, 0.0)
    order = np.lexsort((p["row"].to_numpy(), -per_pound))
    p["priority"] = 0
    p.loc[p.index[order], "priority"] = np.arange(1, len(p) + 1)
    curve = pd.DataFrame(
        {
            "priority": np.arange(1, len(p) + 1),
            "name": p["name"].to_numpy()[order],
            "cumulative_cost": np.cumsum(amount[order]),
            f"cumulative_{objective}": np.cumsum(value[order]),
        }
    )
    selection = None
    if budget is not None:
        chosen = choose_under_budget(amount, value, budget)
        p["selected"] = chosen
        selection = p.loc[chosen].sort_values("priority")
    totals = _totals(p, net_draws, ratio_draws, gpj, objective, n_rows, issues, budget)
    notes = [
        f"Additionality: {spec.describe()} ({add.guide_citation()}). Monte Carlo: {draws:,} "
        "draws, factors shared by all projects in a draw; intervals are "
        f"{add.INTERVAL_LEVEL} ({add.INTERVAL[0]:g}th to {add.INTERVAL[1]:g}th percentile).",
        "GVA per job: IOAT 2019 GVA / BRES 2021 GB employment of the project's industry.",
        "Real Living Wage: Living Wage Foundation rate in force on "
        f"{on.isoformat()} (London rate for workplaces in London boroughs).",
        f"Prioritised to maximise {objective.replace('_', ' ')}"
        + ("" if any_wage else " (no wages given, so good jobs cannot be told apart)")
        + ".",
    ]
    return PortfolioAppraisal(p, issues, totals, curve, selection, notes)


def choose_under_budget(cost: np.ndarray, value: np.ndarray, budget: float) -> np.ndarray:
    """Exact 0/1 knapsack: which projects maximise total ``value`` with total ``cost`` ≤ budget.

    Costs (rounded up to whole pounds) and the budget are counted in their greatest common
    divisor, which makes the dynamic programme exact whenever the budget is at most
    :data:`BUDGET_CELLS` such units (amounts in thousands of pounds, for budgets up to £100m).
    Otherwise costs are rounded up to units of ``budget / cells``: the choice still fits
    the budget but may miss a combination that fits only to within one unit.
    """
    if budget <= 0:
        raise DataError("The budget must be positive.")
    n = len(cost)
    pounds = np.ceil(np.asarray(cost, dtype=float) - 1e-9).astype(np.int64)
    whole_budget = int(np.floor(budget + 1e-9))
    unit = float(np.gcd.reduce(np.append(pounds[pounds > 0], whole_budget)))
    cells = max(1000, min(BUDGET_CELLS, KNAPSACK_MEMORY // max(n, 1)))
    if whole_budget / unit > cells:
        unit = budget / cells
    cap = int(np.floor(budget / unit + 1e-9))
    weights = np.ceil(pounds / unit - 1e-9).astype(np.int64)
    best = np.zeros(cap + 1)
    keep = np.zeros((n, cap + 1), dtype=bool)
    for i in range(n):
        w, v = int(weights[i]), float(value[i])
        if w > cap or v <= 0:
            continue
        candidate = np.full(cap + 1, -np.inf)
        candidate[w:] = best[: cap + 1 - w] + v
        better = candidate > best + 1e-12
        keep[i] = better
        best = np.where(better, candidate, best)
    chosen = np.zeros(n, dtype=bool)
    c = int(np.argmax(best))
    for i in range(n - 1, -1, -1):
        if keep[i, c]:
            chosen[i] = True
            c -= int(weights[i])
    return chosen


def _totals(
    p: pd.DataFrame,
    net_draws: np.ndarray,
    ratio_draws: np.ndarray,
    gpj: np.ndarray,
    objective: str,
    n_rows: int,
    issues: list[RowIssue],
    budget: float | None,
) -> dict[str, Any]:
    amount = float(p["amount"].sum())
    net = add.Estimate.from_draws(float(p["net_jobs"].sum()), net_draws.sum(axis=1))
    gva = add.Estimate.from_draws(
        float(p["net_gva"].sum()), net_draws @ gpj if len(p) else np.zeros(1)
    )
    cost = add.cost_per_net_job(amount, net.central, net_draws.sum(axis=1))
    with_wage = p["pays_rlw"].notna()
    gross_with_wage = float(p.loc[with_wage, "gross_jobs"].sum())
    gross_rlw = float(p.loc[p["pays_rlw"] == True, "gross_jobs"].sum())  # noqa: E712
    totals: dict[str, Any] = {
        "rows_in_file": n_rows,
        "rows_appraised": len(p),
        "rows_rejected": len({i.row for i in issues}),
        "amount": amount,
        "gross_jobs": float(p["gross_jobs"].sum()),
        "net_jobs": net,
        "net_gva": gva,
        "cost_per_net_job": cost,
        "jobs_with_wage_given": gross_with_wage,
        "share_of_jobs_paying_rlw": gross_rlw / gross_with_wage if gross_with_wage else None,
        "net_good_jobs": float(p["net_good_jobs"].sum()),
        "objective": objective,
        "benchmarks": add.compare_with_benchmarks(cost) if len(p) else [],
    }
    if budget is not None and "selected" in p:
        chosen = p[p["selected"]]
        totals |= {
            "budget": budget,
            "selected_amount": float(chosen["amount"].sum()),
            f"selected_{objective}": float(chosen[objective].sum()),
        }
    return totals

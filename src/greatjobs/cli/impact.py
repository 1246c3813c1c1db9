"""``greatjobs impact``: input-output multipliers, scenarios and portfolio appraisal.

Every command prints central values with intervals and the sources behind them.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from pathlib import Path
from typing import Any

import click
import duckdb
import pandas as pd

from greatjobs.cli.context import get_context
from greatjobs.cli.render import format_option, render_frame
from greatjobs.errors import DataError
from greatjobs.geography import DEFAULT_PLACE, Place, resolve_place
from greatjobs.impact import additionality as add
from greatjobs.impact import regional as reg
from greatjobs.impact.ioat import read_ioat
from greatjobs.impact.multipliers import place_multipliers
from greatjobs.impact.portfolio import PortfolioAppraisal, appraise_portfolio, read_portfolio
from greatjobs.impact.scenario import eu_funds_end

NATIONAL_NAMES = {"uk", "united kingdom", "k02000001"}


def parse_money(text: str) -> float:
    """'£5m', '2,500,000', '750k' -> pounds."""
    match = re.fullmatch(r"£?\s*([\d,]*\.?\d+)\s*([kmb]n?)?", text.strip().lower())
    if not match:
        raise click.BadParameter(f"{text!r} is not an amount of money (e.g. 100000000, £100m).")
    value = float(match.group(1).replace(",", ""))
    scale = {"k": 1e3, "m": 1e6, "b": 1e9, "bn": 1e9}.get(match.group(2) or "", 1.0)
    return value * scale


class Money(click.ParamType):
    name = "£"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> float:
        return value if isinstance(value, float) else parse_money(str(value))


def _place(con: duckdb.DuckDBPyConnection, text: str) -> Place | None:
    if text.strip().lower() in NATIONAL_NAMES:
        return None
    place = resolve_place(con, text)
    for note in place.notes:
        click.secho(f"Note: {note}", fg="yellow", err=True)
    return place


def _interval(central: float, low: float, high: float, digits: int) -> str:
    return f"{central:,.{digits}f} ({low:,.{digits}f}–{high:,.{digits}f})"


@click.group()
def impact() -> None:
    """Input-output multipliers, scenarios and appraisal of investment portfolios."""


@impact.command("multipliers")
@click.option(
    "--place",
    "place_text",
    default=DEFAULT_PLACE,
    show_default=True,
    help="A place (name or code), or 'UK' for the national tables.",
)
@click.option(
    "--type",
    "kind",
    type=click.Choice(["I", "II"]),
    default="I",
    show_default=True,
    help="Type I (supply chain) or Type II (plus household spending).",
)
@click.option(
    "--delta",
    type=click.FloatRange(0, 1, max_open=True),
    default=reg.DEFAULT_DELTA,
    show_default=True,
    help="FLQ δ (Flegg & Tohmo 2013 found 0.1-0.4).",
)
@click.option(
    "--method",
    type=click.Choice(reg.METHODS),
    default="flq",
    show_default=True,
    help="Location quotient used to regionalise the UK tables.",
)
@format_option
def multipliers_command(place_text: str, kind: str, delta: float, method: str, fmt: str) -> None:
    """Output multipliers, GVA and jobs per £m of final demand: one row per IOAT industry."""
    with get_context().warehouse() as con:
        tables = read_ioat(con)
        place = _place(con, place_text)
        frame, geography = place_multipliers(con, tables, place, kind, method, delta)
        provenance = reg.model_provenance(con, geography if place else None)
    name = place.name if place else "United Kingdom"
    interval = (
        f"intervals: δ = {reg.DELTA_RANGE[0]:g} to {reg.DELTA_RANGE[1]:g}"
        if method == "flq" and place
        else "no interval: this method has no parameter"
    )
    caption = (
        f"Type {kind}; {method.upper() if place else 'national'} (δ = {delta:g}); {interval}. "
        f"Employment: {geography}. Jobs: BRES 2021 headcount per £m of output."
    )
    if fmt == "table":
        shown = pd.DataFrame({"code": frame["code"], "industry": frame["industry"]})
        for m, label, digits in (
            ("output_multiplier", "output multiplier", 3),
            ("gva_per_m", "GVA £m per £m", 3),
            ("jobs_per_m", "jobs per £m", 1),
        ):
            shown[label] = [
                _interval(c, lo, hi, digits)
                for c, lo, hi in zip(frame[m], frame[f"{m}_low"], frame[f"{m}_high"], strict=True)
            ]
        frame = shown
    render_frame(
        frame, fmt, title=f"Type {kind} multipliers: {name}", caption=caption,
        provenance=provenance,
    )  # fmt: skip


@impact.group()
def scenario() -> None:
    """Scenarios: the impact of a change in spending on a place."""


@scenario.command("eu-funds")
@click.option(
    "--amount",
    type=Money(),
    default=None,
    help="Annual EU funds lost, £ [default: £100m a year, from the data file].",
)
@click.option(
    "--place",
    "place_text",
    default=DEFAULT_PLACE,
    show_default=True,
    help="A place (name or code), or 'UK'.",
)
@click.option(
    "--draws",
    type=click.IntRange(100, 1_000_000),
    default=add.DEFAULT_DRAWS,
    show_default=True,
    help="Monte Carlo draws for the intervals.",
)
@click.option(
    "--delta",
    type=click.FloatRange(0, 1, max_open=True),
    default=reg.DEFAULT_DELTA,
    show_default=True,
    help="Central FLQ δ.",
)
@format_option
def eu_funds_command(
    amount: float | None, place_text: str, draws: int, delta: float, fmt: str
) -> None:
    """Activity supported each year by EU funds that end: output, GVA and jobs, direct /
    indirect / induced, and net of additionality."""
    with get_context().warehouse() as con:
        tables = read_ioat(con)
        place = _place(con, place_text)
        result = eu_funds_end(con, tables, place, amount, draws, delta)
    frame = result.table.assign(interval=add.INTERVAL_LEVEL)
    if fmt == "table":
        digits = {"output_m": 1, "gva_m": 1, "jobs": 0}
        frame = pd.DataFrame(
            {
                "measure": frame["measure"].map(
                    {"output_m": "output £m", "gva_m": "GVA £m", "jobs": "jobs"}
                ),
                "part": frame["part"],
                f"central ({add.INTERVAL_LEVEL} interval)": [
                    _interval(c, lo, hi, digits[m])
                    for m, c, lo, hi in frame[["measure", "central", "low", "high"]].itertuples(
                        index=False
                    )
                ],
            }
        )
    render_frame(
        frame, fmt, title=f"EU funds end: {result.place}, per year",
        provenance=result.provenance.with_notes(*result.notes),
    )  # fmt: skip


@impact.command("appraise")
@click.argument("portfolio", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--budget", type=Money(), default=None, help="Choose projects within this budget, £.")
@click.option(
    "--date",
    "on",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Date for the Real Living Wage rate [default: today].",
)
@click.option(
    "--draws",
    type=click.IntRange(100, 1_000_000),
    default=add.DEFAULT_DRAWS,
    show_default=True,
    help="Monte Carlo draws for the intervals.",
)
@format_option
def appraise_command(
    portfolio: Path, budget: float | None, on: dt.datetime | None, draws: int, fmt: str
) -> None:
    """Appraise a CSV of projects or loans (name, industry, amount, gross_jobs, postcode[, wage]):
    net additional jobs, GVA, cost per net job, Real Living Wage share, and a prioritised list."""
    frame = read_portfolio(portfolio)
    with get_context().warehouse() as con:
        result = appraise_portfolio(
            con, read_ioat(con), frame, budget, on=on.date() if on else None, draws=draws
        )
    _report_issues(result)
    if result.projects.empty:
        raise DataError(f"{portfolio}: no row could be appraised (see the problems above).")
    _render_appraisal(result, fmt)


def _report_issues(result: PortfolioAppraisal) -> None:
    for issue in result.issues:
        click.secho(
            f"Row {issue.row}, column {issue.column!r} ({issue.value!r}): {issue.reason}",
            fg="yellow",
            err=True,
        )
    if result.issues:
        t = result.totals
        click.secho(
            f"{t['rows_rejected']} of {t['rows_in_file']} rows not appraised; "
            f"{t['rows_appraised']} appraised.",
            fg="yellow",
            err=True,
        )


def _totals_record(result: PortfolioAppraisal) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in result.totals.items():
        out[key] = vars(value) if isinstance(value, add.Estimate) else value
    return out


def _render_appraisal(result: PortfolioAppraisal, fmt: str) -> None:
    p = result.projects
    if fmt == "json":
        doc = {
            "projects": json.loads(p.to_json(orient="records")),
            "issues": [vars(i) for i in result.issues],
            "interval": add.INTERVAL_LEVEL,
            "totals": _totals_record(result),
            "curve": json.loads(result.curve.to_json(orient="records")),
            "notes": result.notes,
        }
        json.dump(doc, sys.stdout, indent=2, ensure_ascii=False, default=str)
        sys.stdout.write("\n")
        return
    if fmt == "csv":
        render_frame(p.assign(interval=add.INTERVAL_LEVEL), "csv")
        return
    shown = pd.DataFrame(
        {
            "priority": p["priority"],
            "row": p["row"],
            "name": p["name"],
            "industry": p["ioat_code"],
            "district": p["district"],
            "amount £": [f"{v:,.0f}" for v in p["amount"]],
            "gross jobs": p["gross_jobs"],
            f"net jobs ({add.INTERVAL_LEVEL} interval)": [
                _interval(c, lo, hi, 1)
                for c, lo, hi in zip(
                    p["net_jobs"], p["net_jobs_low"], p["net_jobs_high"], strict=True
                )
            ],
            "net GVA £m/yr": (p["net_gva"] / 1e6).round(2),
            "£ per net job": [f"{v:,.0f}" for v in p["cost_per_net_job"]],
            "pays RLW": p["pays_rlw"].map({True: "yes", False: "no"}).fillna("no wage given"),
        }
    ).sort_values("priority")
    if "selected" in p:
        shown["selected"] = p["selected"].map({True: "yes", False: ""})
    t = result.totals
    share = t["share_of_jobs_paying_rlw"]
    lines = [
        f"Total: £{t['amount']:,.0f}; gross jobs {t['gross_jobs']:,.0f}; net additional jobs "
        f"{t['net_jobs'].format(1)}; net GVA £{t['net_gva'].format(0)} a year; cost per net job "
        f"£{t['cost_per_net_job'].format(0)}.",
        "Jobs paying at least the Real Living Wage: "
        + (
            f"{share:.0%} of {t['jobs_with_wage_given']:,.0f} gross jobs with a wage given."
            if share is not None
            else "no wages given."
        ),
    ]
    if "budget" in t:
        lines.append(
            f"Within the budget of £{t['budget']:,.0f}: chose £{t['selected_amount']:,.0f}"
            f" for {t['selected_' + t['objective']]:,.1f} {t['objective'].replace('_', ' ')}."
        )
    lines += [
        f"Benchmark: {b['benchmark']}, £{b['value']:,.0f} ({b['source']}): this portfolio is "
        f"{b['verdict']} it."
        for b in t["benchmarks"]
    ]
    render_frame(
        shown, "table", title="Portfolio appraisal",
        provenance=result.provenance.with_notes(*lines, *result.notes),
    )  # fmt: skip
    render_frame(result.curve, "table", title="Trade-off curve (projects by net good jobs per £)")

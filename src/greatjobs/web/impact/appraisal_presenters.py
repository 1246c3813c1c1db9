"""What the appraisal page shows: totals with intervals, rejected rows, projects, the curve."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
from django.utils.safestring import mark_safe
from govuk_frontend_django.components.table import GovUKTable

from greatjobs.charts import curve_chart
from greatjobs.impact import additionality as add
from greatjobs.impact.portfolio import PortfolioAppraisal
from greatjobs.web.core.components import table
from greatjobs.web.impact.presenters import benchmark_table, estimate_text, interval

RESULT_COLUMNS = [
    "ioat_code",
    "district",
    "rlw_rate",
    "pays_rlw",
    "gva_per_job",
    "net_jobs",
    "net_jobs_low",
    "net_jobs_high",
    "net_gva",
    "net_gva_low",
    "net_gva_high",
    "cost_per_net_job",
    "cost_per_net_job_low",
    "cost_per_net_job_high",
    "net_good_jobs",
    "priority",
]


def issues_table(result: PortfolioAppraisal) -> GovUKTable:
    return table(
        ["Row", "Column", "Value", "Reason"],
        [[i.row, i.column, i.value or "(empty)", i.reason] for i in result.issues],
        caption="Rows not appraised (row 1 is the header)",
        caption_size="s",
        attributes={"data-testid": "row-issues"},
    )


def _money(value: float) -> dict[str, str]:
    return {"text": f"£{value:,.0f}" if math.isfinite(value) else "–", "format": "numeric"}


def projects_table(result: PortfolioAppraisal) -> GovUKTable:
    p = result.projects.sort_values("priority")
    selected = "selected" in p
    rows = []
    for _, r in p.iterrows():
        pays = {True: "Yes", False: "No"}.get(r["pays_rlw"], "No wage given")
        cells: list[Any] = [
            r["priority"],
            r["name"],
            r["industry"]
            if r["industry"] == r["ioat_code"]
            else f"{r['industry']} ({r['ioat_code']})",
            r["district"],
            _money(r["amount"]),
            {"text": f"{r['gross_jobs']:,.0f}", "format": "numeric"},
            {"text": interval(r["net_jobs"], r["net_jobs_low"], r["net_jobs_high"], 1),
             "format": "numeric"},
            _money(r["net_gva"]),
            _money(r["cost_per_net_job"]),
            pays,
        ]  # fmt: skip
        if selected:
            cells.append("Yes" if r["selected"] else "No")
        rows.append(cells)
    head = ["Priority", "Project", "Industry", "District", "Amount", "Gross jobs",
            f"Net jobs ({add.INTERVAL_LEVEL} interval)", "Net GVA a year", "Cost per net job",
            "Pays the Real Living Wage"]  # fmt: skip
    if selected:
        head.append("Within the budget")
    return table(
        head,
        rows,
        caption="Projects in priority order (most net good jobs per £ first)",
        caption_size="s",
        attributes={"data-testid": "projects"},
    )


def total_lines(result: PortfolioAppraisal) -> list[str]:
    t = result.totals
    share = t["share_of_jobs_paying_rlw"]
    lines = [
        f"Rows in the file: {t['rows_in_file']}; appraised: {t['rows_appraised']}; "
        f"not appraised: {t['rows_rejected']}.",
        f"Net additional jobs: {estimate_text(t['net_jobs'], 1)}.",
        f"Net GVA a year: {estimate_text(t['net_gva'], 0, '£')}.",
        f"Cost per net additional job: {estimate_text(t['cost_per_net_job'], 0, '£')}.",
        "Share of jobs paying at least the Real Living Wage: "
        + (f"{share:.0%}." if share is not None else "no wages given."),
    ]
    if "budget" in t:
        lines.append(
            f"Within the budget of £{t['budget']:,.0f}: £{t['selected_amount']:,.0f} chosen for "
            f"{t['selected_' + t['objective']]:,.1f} {t['objective'].replace('_', ' ')}."
        )
    return lines


def summary_rows(result: PortfolioAppraisal) -> list[tuple[str, str]]:
    t = result.totals
    share = t["share_of_jobs_paying_rlw"]
    rows = [
        ("Rows appraised", f"{t['rows_appraised']} of {t['rows_in_file']}"),
        ("Total amount", f"£{t['amount']:,.0f}"),
        ("Gross jobs", f"{t['gross_jobs']:,.0f}"),
        ("Net additional jobs", estimate_text(t["net_jobs"], 1)),
        ("Net GVA a year", estimate_text(t["net_gva"], 0, "£")),
        ("Cost per net additional job", estimate_text(t["cost_per_net_job"], 0, "£")),
        (
            "Jobs paying at least the Real Living Wage",
            f"{share:.0%} of {t['jobs_with_wage_given']:,.0f} gross jobs with a wage given"
            if share is not None
            else "No wages given",
        ),
    ]
    if "budget" in t:
        objective = t["objective"].replace("_", " ")
        rows.append(
            (
                "Within the budget",
                f"£{t['selected_amount']:,.0f} of £{t['budget']:,.0f} chosen, for "
                f"{t['selected_' + t['objective']]:,.1f} {objective}",
            )
        )
    return rows


def curve(result: PortfolioAppraisal, budget: float | None) -> tuple[Any, GovUKTable]:
    c = result.curve
    value_column = next(col for col in c.columns if col.startswith("cumulative_net"))
    label = value_column.removeprefix("cumulative_").replace("_", " ")
    costs = c["cumulative_cost"].astype(float).tolist()
    values = c[value_column].astype(float).tolist()
    description = (
        f"A line rising from nothing as projects are added in priority order, to £{costs[-1]:,.0f} "
        f"and {values[-1]:,.1f} {label}."
        if costs
        else "No projects."
    )
    chart = mark_safe(  # noqa: S308 - built by greatjobs.charts, every text escaped
        curve_chart(
            costs,
            values,
            budget,
            title=f"Trade-off curve: cumulative cost against cumulative {label}",
            description=description,
            y_label=f"Cumulative {label}",
        )
    )
    alternative = table(
        ["Priority", "Project", "Cumulative cost", f"Cumulative {label}"],
        [
            [
                int(r["priority"]),
                r["name"],
                _money(r["cumulative_cost"]),
                {"text": f"{r[value_column]:,.1f}", "format": "numeric"},
            ]
            for _, r in c.iterrows()
        ],
        caption="Trade-off curve",
        caption_size="s",
        attributes={"data-testid": "curve-table"},
    )
    return chart, alternative


def appraisal_context(result: PortfolioAppraisal, budget: float | None) -> dict[str, Any]:
    context: dict[str, Any] = {
        "result": result,
        "issues_table": issues_table(result) if result.issues else None,
        "appraised": not result.projects.empty,
    }
    if context["appraised"]:
        chart, alternative = curve(result, budget)
        context |= {
            "summary": summary_rows(result),
            "projects_table": projects_table(result),
            "benchmarks": benchmark_table(result.totals["cost_per_net_job"]),
            "curve_chart": chart,
            "curve_table": alternative,
        }
    return context


def download_frame(result: PortfolioAppraisal, original: pd.DataFrame) -> pd.DataFrame:
    """Every row of the file, as uploaded, with its results or the reasons it was not appraised."""
    out = original.copy()
    out.insert(0, "row", range(2, len(out) + 2))
    problems: dict[int, list[str]] = {}
    for issue in result.issues:
        problems.setdefault(issue.row, []).append(f"{issue.column}: {issue.reason}")
    out.insert(1, "status", ["not appraised" if r in problems else "appraised" for r in out["row"]])
    out["problems"] = ["; ".join(problems.get(r, [])) for r in out["row"]]
    columns = [c for c in [*RESULT_COLUMNS, "selected"] if c in result.projects]
    results = result.projects[["row", *columns]]
    return out.merge(results, on="row", how="left")

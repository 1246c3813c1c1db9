"""Turn scenario, appraisal and multiplier results into tables, charts and source notes."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from govuk_frontend_django.components.table import GovUKTable

from greatjobs.charts import interval_chart
from greatjobs.impact import additionality as add
from greatjobs.impact.scenario import ScenarioResult
from greatjobs.stats import CONFIDENCE
from greatjobs.web.core.components import Cell, table

MEASURES = {"output_m": "Output (£m)", "gva_m": "GVA (£m)", "jobs": "Jobs"}
PARTS = {
    "direct": "Direct",
    "indirect": "Indirect (supply chain)",
    "induced": "Induced (household spending)",
    "total": "Total",
    "net": "Net additional",
}
DIGITS = {"output_m": 1, "gva_m": 1, "jobs": 0}


def interval(
    central: float, low: float, high: float, digits: int = 0, unit: str = "", level: str = ""
) -> str:
    """'543 (432 to 707)', or with ``level`` '543 (95% interval 432 to 707)'. An infinite cost
    (no net jobs) reads as such."""
    if not math.isfinite(central):
        return "None: no net additional jobs"

    def one(v: float) -> str:
        return f"{unit}{v:,.{digits}f}" if math.isfinite(v) else "no upper limit"

    said = f"{level} interval " if level else ""
    return f"{one(central)} ({said}{one(low)} to {one(high)})"


def estimate_text(estimate: add.Estimate, digits: int = 0, unit: str = "") -> str:
    """A Monte Carlo estimate with its level beside it: '543 (95% interval 432 to 707)'."""
    return interval(estimate.central, estimate.low, estimate.high, digits, unit, add.INTERVAL_LEVEL)


def _estimate(frame: pd.DataFrame, measure: str, part: str) -> add.Estimate | None:
    row = frame[(frame["measure"] == measure) & (frame["part"] == part)]
    if row.empty:
        return None
    r = row.iloc[0]
    return add.Estimate(float(r["central"]), float(r["low"]), float(r["high"]))


def scenario_table(result: ScenarioResult) -> GovUKTable:
    frame = result.table
    rows = []
    for part, label in PARTS.items():
        cells: list[Any] = [label]
        for measure in MEASURES:
            est = _estimate(frame, measure, part)
            text = interval(est.central, est.low, est.high, DIGITS[measure]) if est else "–"
            cells.append({"text": text, "format": "numeric"})
        rows.append(cells)
    return table(
        ["Effect", *(f"{m}: central ({add.INTERVAL_LEVEL} interval)" for m in MEASURES.values())],
        rows,
        caption=f"Activity supported each year in {result.place}",
        caption_size="s",
        first_cell_is_header=True,
        attributes={"data-testid": "scenario-table"},
    )


HEADLINE_METHODS = {
    "net_jobs": "Total jobs × (1 − leakage)(1 − displacement)(1 − substitution)"
    "(1 − deadweight), HCA Additionality Guide (2014).",
    "cost_per_net_job": "The annual amount over net additional jobs; its interval from the net "
    "jobs interval.",
    "total_jobs": "Type II input-output model: UK IOATs 2019 regionalised by FLQ; BRES 2021 jobs "
    "per £m of output.",
    "total_gva": "GVA per £ of output from the IOATs, through the same model.",
}


def _headline(label: str, value: str, method: str, testid: str) -> dict[str, Any]:
    html = format_html(
        '<p class="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1" '
        'data-testid="{}">{}</p><p class="govuk-body-s govuk-!-margin-bottom-0">Method: {}</p>',
        testid,
        value,
        method,
    )
    return {"label": label, "html": html}


def scenario_headlines(result: ScenarioResult, amount: float) -> dict[str, Any]:
    frame = result.table
    net_jobs = _estimate(frame, "jobs", "net")
    total_jobs = _estimate(frame, "jobs", "total")
    total_gva = _estimate(frame, "gva_m", "total")
    net_gva = _estimate(frame, "gva_m", "net")
    assert net_jobs and total_jobs and total_gva and net_gva
    cost = cost_per_net_job(amount, net_jobs)
    rows = [
        _headline("Net additional jobs", estimate_text(net_jobs), HEADLINE_METHODS["net_jobs"],
                  "net-jobs"),
        _headline("Cost per net additional job", estimate_text(cost, 0, "£"),
                  HEADLINE_METHODS["cost_per_net_job"], "cost-per-job"),
        _headline("Jobs supported (direct, indirect and induced)", estimate_text(total_jobs),
                  HEADLINE_METHODS["total_jobs"], "total-jobs"),
        _headline("GVA supported, £m a year", f"{estimate_text(total_gva, 1, '£')}; net "
                  f"{estimate_text(net_gva, 1, '£')}", HEADLINE_METHODS["total_gva"], "gva"),
    ]  # fmt: skip
    return {
        "headline_rows": rows,
        "benchmarks": benchmark_table(cost),
        "jobs_chart": jobs_chart(result),
    }


def cost_per_net_job(amount: float, net_jobs: add.Estimate) -> add.Estimate:
    """Cost per net job from the net jobs interval: the cost falls as jobs rise, so the interval's
    ends swap (a percentile of a decreasing function is the function of the other percentile)."""

    def per(jobs: float) -> float:
        return amount / jobs if jobs > 0 else math.inf

    return add.Estimate(per(net_jobs.central), per(net_jobs.high), per(net_jobs.low))


def benchmark_table(cost: add.Estimate) -> GovUKTable:
    comparisons = add.compare_with_benchmarks(cost)
    rows: list[list[Cell]] = []
    for bench, comparison in zip(add.benchmarks(), comparisons, strict=True):
        rows.append(
            [
                bench.name,
                {"text": f"£{bench.value:,.0f}", "format": "numeric"},
                f"{comparison['verdict'].capitalize()} the benchmark",
                format_html(
                    '{} ({}), <a class="govuk-link" href="{}">{}</a>. {}',
                    bench.publisher,
                    bench.date[:4],
                    bench.url,
                    bench.title,
                    bench.note,
                ),
            ]
        )
    return table(
        ["Published benchmark", "Cost per net job", "Comparison", "Source"],
        rows,
        caption="Cost per net additional job against published benchmarks",
        caption_size="s",
        first_cell_is_header=True,
        attributes={"data-testid": "benchmarks"},
    )


def jobs_chart(result: ScenarioResult) -> Any:
    rows = []
    for part, label in PARTS.items():
        est = _estimate(result.table, "jobs", part)
        if est is not None:
            rows.append((label, est.central, est.low, est.high))
    level = CONFIDENCE * 100
    svg = interval_chart(
        rows,
        level=level,
        chart_id="jobs-chart",
        title=f"Jobs supported each year in {result.place}, central values with {level:g}% "
        "intervals",
        decimals=0,
    )
    return mark_safe(svg)  # noqa: S308 - built by greatjobs.charts, every text escaped


def multipliers_table(frame: pd.DataFrame, kind: str) -> GovUKTable:
    rows: list[list[Cell]] = [
        [
            f"{r['code']} {r['industry']}",
            {"text": interval(r["output_multiplier"], r["output_multiplier_low"],
                              r["output_multiplier_high"], 3), "format": "numeric"},
            {"text": interval(r["gva_per_m"], r["gva_per_m_low"], r["gva_per_m_high"], 3),
             "format": "numeric"},
            {"text": interval(r["jobs_per_m"], r["jobs_per_m_low"], r["jobs_per_m_high"], 1),
             "format": "numeric"},
        ]
        for _, r in frame.iterrows()
    ]  # fmt: skip
    return table(
        ["Industry", "Output multiplier", "GVA (£m) per £m", "Jobs per £m"],
        rows,
        caption=f"Type {kind} effects of £1m of final demand, by industry: central (interval)",
        caption_size="s",
        first_cell_is_header=True,
        attributes={"data-testid": "multipliers-table"},
    )

"""The provider scorecard: costs per outcome, rates with Wilson intervals, value and flags.

For each course: achievement rate = achievements / starts; sustained rate = sustained
destinations / achievements and job rate = sustained work / achievements (the DfE's destination
measures are shares of achievers); cost per start, per achievement and per sustained job =
public funding / the count. The 95% interval of a cost per outcome is funding over the outcome
count implied by the ends of the rate's Wilson interval. Providers are summarised from summed
counts, never by averaging rates. See ``docs/methods/skills-value.md``.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pandas as pd

from greatjobs.skills.flags import Rule, apply_rules, load_rules
from greatjobs.skills.stats import wilson_interval
from greatjobs.skills.value import ValueParameters, course_value, value_parameters

SUM_COLUMNS = (
    "funding",
    "starts",
    "completions",
    "achievements",
    "sustained_destinations",
    "sustained_work",
)


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{str(k): v for k, v in r.items()} for r in frame.to_dict("records")]


def _div(a: float, b: float) -> float:
    return a / b if b else math.nan


def course_metrics(row: dict[str, Any], params: ValueParameters) -> dict[str, Any]:
    """Every measure of one course (or one provider's summed counts)."""
    starts, ach = row["starts"], row["achievements"]
    out: dict[str, Any] = {}
    for name, num, den in (
        ("achievement_rate", ach, starts),
        ("sustained_rate", row["sustained_destinations"], ach),
        ("job_rate", row["sustained_work"], ach),
    ):
        low, high = wilson_interval(num, den)
        out[name], out[f"{name}_low"], out[f"{name}_high"] = _div(num, den), low, high
    funding = row["funding"]
    out["cost_per_start"] = _div(funding, starts)
    out["cost_per_achievement"] = _div(funding, ach)
    out["cost_per_achievement_low"] = _div(funding, starts * out["achievement_rate_high"])
    out["cost_per_achievement_high"] = _div(funding, starts * out["achievement_rate_low"])
    out["cost_per_sustained_job"] = _div(funding, row["sustained_work"])
    out["cost_per_sustained_job_low"] = _div(funding, ach * out["job_rate_high"])
    out["cost_per_sustained_job_high"] = _div(funding, ach * out["job_rate_low"])
    warnings = []
    if starts < params.min_cohort:
        warnings.append(
            f"small cohort: {starts} starts (fewer than {params.min_cohort}), so "
            "rates are uncertain; read the intervals"
        )
    before, after = row.get("earnings_before"), row.get("earnings_after")
    known = all(v is not None and not pd.isna(v) for v in (before, after))
    if known and funding and row["sustained_work"]:
        before, after = float(before), float(after)  # type: ignore[arg-type]
        raw_fee = row.get("fee_per_learner")
        fee = 0.0 if raw_fee is None or pd.isna(raw_fee) else float(raw_fee)
        value = course_value(funding, starts, row["sustained_work"], before, after, fee, params)
        value_low = course_value(
            funding, starts, ach * out["job_rate_low"], before, after, fee, params
        )
        value_high = course_value(
            funding, starts, ach * out["job_rate_high"], before, after, fee, params
        )
        out |= {
            "annual_earnings_gain": value.annual_gain_per_worker,
            "uplift_per_public_pound": value.uplift_per_public_pound,
            "uplift_per_public_pound_low": value_low.uplift_per_public_pound,
            "uplift_per_public_pound_high": value_high.uplift_per_public_pound,
            "npv_per_public_pound": value.npv_per_public_pound,
        }
    else:
        out |= dict.fromkeys(
            (
                "annual_earnings_gain",
                "uplift_per_public_pound",
                "uplift_per_public_pound_low",
                "uplift_per_public_pound_high",
                "npv_per_public_pound",
            ),
            math.nan,
        )
        warnings.append("no earnings data: value per public pound not estimated")
    out["warnings"] = "; ".join(warnings)
    return out


def build_scorecard(
    records: pd.DataFrame,
    rules: tuple[Rule, ...] | None = None,
    params: ValueParameters | None = None,
    rules_path: Path | None = None,
) -> pd.DataFrame:
    """One row per course: the imported counts, every measure, and the flags it raises."""
    rules = rules if rules is not None else load_rules(rules_path)
    params = params or value_parameters()
    rows = []
    for record in _records(records):
        metrics = course_metrics(record, params)
        flags = apply_rules({**record, **metrics}, rules)
        rows.append(
            {
                "provider": record["provider"],
                "course": record["course"],
                "sector_subject_area": record["sector_subject_area"],
                "level": record["level"],
                **{c: record[c] for c in SUM_COLUMNS},
                "fee_per_learner": record.get("fee_per_learner"),
                "unpaid_placement_weeks": record.get("unpaid_placement_weeks"),
                **metrics,
                "flags": "; ".join(f.title for f in flags),
                "flag_reasons": " | ".join(f"{f.title}: {f.reason}" for f in flags),
                "flag_count": len(flags),
            }
        )
    return pd.DataFrame(rows)


def provider_summary(records: pd.DataFrame, params: ValueParameters | None = None) -> pd.DataFrame:
    """One row per provider from its summed counts (rates from counts, not averages)."""
    params = params or value_parameters()
    if records.empty:
        return pd.DataFrame(columns=["provider", "courses", *SUM_COLUMNS])
    grouped = records.groupby("provider", as_index=False).agg(
        courses=("course", "count"), **{c: (c, "sum") for c in SUM_COLUMNS}
    )
    rows = []
    for row in _records(grouped):
        metrics = course_metrics({**row, "earnings_before": None, "earnings_after": None}, params)
        dropped = ("uplift", "npv", "annual_earnings_gain", "warnings")
        keep = {k: v for k, v in metrics.items() if not any(d in k for d in dropped)}
        rows.append({**row, **keep})
    return pd.DataFrame(rows)

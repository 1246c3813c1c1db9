"""Tables and rows for the good work pages, built from the library's results."""

from __future__ import annotations

from typing import Any

import pandas as pd
from django.urls import reverse
from django.utils.html import format_html
from govuk_frontend_django.components.table import GovUKTable

from greatjobs.goodwork import InsecureWork, TierDecision
from greatjobs.goodwork.facts import FACT_LABELS, describe_fact
from greatjobs.web.core.components import Cell, table


def _link(a: Any) -> Any:
    return format_html(
        '<a class="govuk-link" href="{}">{}</a>',
        reverse("goodwork:detail", args=[a.pk]),
        a.organisation.name,
    )


def assessments_table(assessments: list[Any], verifier: bool) -> GovUKTable | None:
    if not assessments:
        return None
    rows = []
    for a in assessments:
        action = ""
        if verifier and not a.verified:
            action = format_html(
                '<a class="govuk-link" href="{}">Verify<span class="'
                'govuk-visually-hidden"> {}</span></a>',
                reverse("goodwork:verify", args=[a.pk]),
                a.organisation.name,
            )
        rows.append(
            [
                _link(a),
                a.framework.short_name,
                a.tier,
                a.get_status_display(),
                a.submitted_at.strftime("%-d %b %Y"),
                action,
            ]
        )
    return table(
        ["Employer", "Charter", "Tier", "Status", "Submitted", ""],
        rows,
        caption="Assessments",
        attributes={"data-testid": "assessments"},
    )


def facts_rows(a: Any) -> list[tuple[str, str]]:
    """The pay and security facts, each under the label the employer answered."""
    facts = a.pay_facts()
    rate, label = facts.rlw_rate()
    shares = facts.derived()
    rows = [
        (FACT_LABELS["staff_total"], f"{facts.staff_total:,}"),
        (
            FACT_LABELS["staff_paid_rlw"],
            f"{facts.staff_paid_rlw:,} of {facts.staff_total:,} "
            f"({describe_fact('rlw_share', shares['rlw_share'])}; "
            f"rate {label} £{rate:.2f} an hour)",
        ),
        (
            FACT_LABELS["zero_hours_staff"],
            f"{facts.zero_hours_staff:,} of {facts.staff_total:,} "
            f"({describe_fact('zero_hours_share', shares['zero_hours_share'])})",
        ),
        (
            FACT_LABELS["guaranteed_hours_staff"],
            f"{facts.guaranteed_hours_staff:,} of {facts.staff_total:,} "
            f"({describe_fact('guaranteed_hours_share', shares['guaranteed_hours_share'])})",
        ),
        (
            FACT_LABELS["agency_workers"],
            f"{facts.agency_workers:,} ("
            f"{describe_fact('agency_share', shares['agency_share'])} of a workforce of "
            f"{facts.staff_total + facts.agency_workers:,})",
        ),
        (FACT_LABELS["recognised_union"], describe_fact("", facts.recognised_union).capitalize()),
        (FACT_LABELS["other_voice"], describe_fact("", facts.other_voice).capitalize()),
        (FACT_LABELS["sick_pay_day_one"], describe_fact("", facts.sick_pay_day_one).capitalize()),
    ]
    if facts.lowest_hourly_pay is not None:
        rows.append((FACT_LABELS["lowest_hourly_pay"], f"£{facts.lowest_hourly_pay:.2f} an hour"))
    return rows


def _count(n: float) -> str:
    return f"{n:g}"


def section_table(framework: Any, decision: TierDecision) -> GovUKTable:
    """Each section's score: the share of its questions' points that are met, with the counts
    behind it and the share each tier needs."""
    uneven = any(q.points != 1 for q in framework.questions)
    head: list[Any] = ["Section", "Questions met"]
    if uneven:
        head.append("Points met")
    head += ["Score (share of points met)", *(f"{t.name} needs" for t in framework.tiers)]
    rows = []
    for s in decision.sections:
        results = [r for r in decision.results if r.question.section == s.id]
        row: list[Any] = [
            s.name,
            {"text": f"{sum(r.met for r in results)} of {len(results)}", "format": "numeric"},
        ]
        if uneven:
            row.append(
                {"text": f"{_count(s.met_points)} of {_count(s.points)}", "format": "numeric"}
            )
        row.append({"text": f"{100 * s.share:.0f}%", "format": "numeric"})
        row += [
            {"text": f"{100 * t.min_section_share:.0f}%", "format": "numeric"}
            for t in framework.tiers
        ]
        rows.append(row)
    return table(
        head,
        rows,
        caption="Each section's score and the score each tier needs",
        caption_size="s",
        first_cell_is_header=True,
        attributes={"data-testid": "section-scores"},
    )


def answer_sections(a: Any, decision: TierDecision | None = None) -> list[dict[str, Any]]:
    """Every question, section by section: met or not, why, what each tier needs of it, and the
    evidence asked for and given."""
    decision = decision or a.decide()
    sections = []
    for section in a.framework.sections:
        questions = []
        for r in decision.results:
            q = r.question
            if q.section != section.id:
                continue
            questions.append(
                {
                    "question": q,
                    "met": r.met,
                    "why": r.why,
                    "from_facts": q.fact is not None,
                    "evidence": a.evidence.get(q.id, ""),
                    "required": ", ".join(a.framework.tier_name(t) for t in q.required_for),
                }
            )
        sections.append({"section": section, "questions": questions})
    return sections


def history_table(assessments: list[Any], current: int) -> GovUKTable | None:
    if len(assessments) < 2:
        return None
    rows = [
        [
            _link(a) if a.pk != current else "This assessment",
            a.submitted_at.strftime("%-d %b %Y"),
            a.self_tier,
            a.tier,
            a.get_status_display(),
        ]
        for a in assessments
    ]
    return table(
        ["Assessment", "Submitted", "Self-assessed tier", "Tier", "Status"],
        rows,
        caption="Assessment history",
        caption_size="s",
        attributes={"data-testid": "history"},
    )


COVERAGE_HEAD = [
    "Employers assessed",
    "Employees assessed",
    "Employers verified at a tier",
    "Employees verified at a tier",
]


def coverage_table(frame: pd.DataFrame, by: str) -> GovUKTable | None:
    if frame.empty:
        return None
    rows: list[list[Cell]] = [
        [str(r[by]), *(int(r[c]) for c in frame.columns[1:])] for r in frame.to_dict("records")
    ]
    return table(
        [by.capitalize(), *COVERAGE_HEAD],
        rows,
        caption=f"Coverage by {by}",
        first_cell_is_header=True,
        attributes={"data-testid": f"coverage-{by}"},
    )


def insecure_table(result: InsecureWork) -> GovUKTable | None:
    d = result.districts
    if d.empty:
        return None
    rows: list[list[Cell]] = [
        [
            str(r["district"]),
            int(r["in_employment"]),
            int(r["solo_self_employed"]),
            f"{r['solo_self_employed_share_pct']:.1f}%",
            f"0 to {int(r['low_paid_self_employed_upper']):,}",
        ]
        for r in d.to_dict("records")
    ]
    return table(
        [
            "District",
            "Residents in employment",
            "Self-employed without employees",
            "Share",
            "Self-employed below the minimum wage (bounds)",
        ],
        rows,
        caption="Insecure work: the part the offline data can bound",
        first_cell_is_header=True,
        attributes={"data-testid": "insecure-work"},
    )

"""Tables and rows for the good work pages, built from the library's results."""

from __future__ import annotations

from typing import Any

import pandas as pd
from django.urls import reverse
from django.utils.html import format_html
from govuk_frontend_django.components.table import GovUKTable

from greatjobs.goodwork import InsecureWork
from greatjobs.goodwork.facts import describe_fact
from greatjobs.web.core.components import table


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
        **{"data-testid": "assessments"},
    )


def facts_rows(a: Any) -> list[tuple[str, str]]:
    facts = a.pay_facts()
    rate, label = facts.rlw_rate()
    rows = [
        ("Staff", f"{facts.staff_total:,}"),
        (
            "Paid at least the Real Living Wage",
            f"{facts.staff_paid_rlw:,} "
            f"({describe_fact('rlw_share', facts.derived()['rlw_share'])}; "
            f"rate {label} £{rate:.2f})",
        ),
        ("On zero-hours contracts", f"{facts.zero_hours_staff:,}"),
        ("With guaranteed hours", f"{facts.guaranteed_hours_staff:,}"),
        ("Agency workers", f"{facts.agency_workers:,}"),
        ("Recognised trade union", describe_fact("", facts.recognised_union)),
        ("Other independent staff voice", describe_fact("", facts.other_voice)),
        ("Sick pay from day one", describe_fact("", facts.sick_pay_day_one)),
    ]
    if facts.lowest_hourly_pay is not None:
        rows.append(("Lowest basic hourly pay", f"£{facts.lowest_hourly_pay:.2f}"))
    return rows


def answer_rows(a: Any) -> list[dict[str, Any]]:
    decision = a.decide()
    names = {s.id: s.name for s in a.framework.sections}
    return [
        {
            "question": r.question,
            "section": names[r.question.section],
            "met": r.met,
            "why": r.why,
            "evidence": a.evidence.get(r.question.id, ""),
            "required": ", ".join(a.framework.tier_name(t) for t in r.question.required_for),
        }
        for r in decision.results
    ]


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
        **{"data-testid": "history"},
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
    rows = [[str(r[by]), *(int(r[c]) for c in frame.columns[1:])] for r in frame.to_dict("records")]
    return table(
        [by.capitalize(), *COVERAGE_HEAD],
        rows,
        caption=f"Coverage by {by}",
        first_cell_is_header=True,
        **{"data-testid": f"coverage-{by}"},
    )


def insecure_table(result: InsecureWork) -> GovUKTable | None:
    d = result.districts
    if d.empty:
        return None
    rows = [
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
        **{"data-testid": "insecure-work"},
    )

"""An ILLUSTRATIVE self-assessment for the demo: the employer against the default charter,
waiting for an assessor to verify it.

Built through the form the view uses, so it passes the same checks and its tier is decided the
same way; created once: when the employer has an assessment, nothing is added.
"""

from __future__ import annotations

from typing import Any

from greatjobs.goodwork import get_framework
from greatjobs.web.goodwork.forms import AssessmentForm
from greatjobs.web.goodwork.models import Assessment
from greatjobs.web.goodwork.views import save_assessment

DISTRICTS = [("E06000006", "Halton")]
SECTOR = "Human health and social work activities"
FACTS = {
    "staff_total": "35",
    "staff_paid_rlw": "28",
    "zero_hours_staff": "1",
    "guaranteed_hours_staff": "30",
    "agency_workers": "1",
    "lowest_hourly_pay": "11.44",
    "other_voice": "on",
    "sick_pay_day_one": "on",
}
NOT_YET = {"healthy-wellbeing", "inclusive-development"}
"""Questions the employer answers no to: with the facts (not every one paid the Real Living Wage,
86% with guaranteed hours) they keep it at Aspiring and show what blocks Accredited."""


def create_demo_assessment(employer: Any) -> str:
    """The employer's assessment (once); says what there is."""
    organisation = employer.memberships.get().organisation
    if Assessment.objects.filter(organisation=organisation).exists():
        return f"Good work: {organisation} has an assessment (already there)."
    framework = get_framework()
    data = {"organisation": str(organisation.pk), "district": DISTRICTS[0][0], "sector": SECTOR}
    for q in framework.questions:
        if q.fact is None:
            data[f"q_{q.id}"] = "no" if q.id in NOT_YET else "yes"
            data[f"e_{q.id}"] = "ILLUSTRATIVE demo answer: no real evidence."
    form = AssessmentForm(
        data | FACTS,
        user=employer,
        framework=framework,
        districts=DISTRICTS,
        sectors=[SECTOR],
    )
    if not form.is_valid():
        raise ValueError(f"Demo record refused: {form.errors.as_text()}")
    assessment = save_assessment(form, dict(DISTRICTS), employer)
    return (
        f"Good work: ILLUSTRATIVE self-assessment by {organisation} against the "
        f"{framework.short_name}: {assessment.tier}, awaiting verification."
    )

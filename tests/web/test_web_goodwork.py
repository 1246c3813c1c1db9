"""Charter assessments: employers submit their own, assessors verify, staff see the place."""

from __future__ import annotations

import html
import io
import json
import re

import pandas as pd
import pytest
from auditlog.models import LogEntry
from django.forms.models import model_to_dict

from greatjobs.goodwork import get_framework, supplier_charter_status
from greatjobs.web.accounts.roles import ASSESSOR, EMPLOYER, SUPPLIER
from greatjobs.web.goodwork.admin import AssessmentAdminForm
from greatjobs.web.goodwork.models import Assessment
from greatjobs.web.goodwork.views import charter_records

LCR = get_framework("lcr-fec")


@pytest.fixture()
def employer(make_user):
    return make_user("emma", EMPLOYER, "Halton Care Co-operative")


@pytest.fixture()
def other_employer(make_user):
    return make_user("omar", EMPLOYER, "Sefton Seafront Hotels")


@pytest.fixture()
def assessor(make_user):
    return make_user("asha", ASSESSOR, "Liverpool City Region Combined Authority")


def form_data(user, **changes) -> dict[str, str]:
    org = user.memberships.get().organisation
    data = {
        "organisation": str(org.pk),
        "district": "E06000006",
        "sector": "Human health and social work activities",
        "staff_total": "40",
        "staff_paid_rlw": "40",
        "zero_hours_staff": "0",
        "guaranteed_hours_staff": "40",
        "agency_workers": "2",
        "lowest_hourly_pay": "13.50",
        "recognised_union": "on",
        "sick_pay_day_one": "on",
    }
    for q in LCR.questions:
        if q.fact is None:
            data[f"q_{q.id}"] = "yes"
            data[f"e_{q.id}"] = f"Evidence for {q.id}"
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def submit(client, user, **changes) -> Assessment:
    response = client.post("/goodwork/new/lcr-fec/", form_data(user, **changes))
    assert response.status_code == 302, response.content.decode()[:2000]
    return Assessment.objects.latest("id")


def test_employer_completes_an_assessment_and_the_tier_is_explained(client_for, employer):
    client = client_for(employer)
    assert "Assess against the Liverpool City Region" in client.get("/goodwork/").content.decode()
    assessment = submit(client, employer)
    assert assessment.organisation.name == "Halton Care Co-operative"
    assert assessment.self_tier == assessment.tier == "Accredited"
    assert assessment.status == Assessment.Status.SUBMITTED
    page = client.get(f"/goodwork/{assessment.pk}/").content.decode()
    assert "Accredited was reached because" in page
    assert "awaiting verification" in page
    assert (
        "share of staff paid at least the Real Living Wage is 100.0% (needs at least 100.0%)"
        in page
    )
    assert LogEntry.objects.get_for_object(assessment).exists()


def test_answers_decide_a_lower_tier_and_say_which_answer(client_for, employer):
    client = client_for(employer)
    assessment = submit(
        client,
        employer,
        staff_paid_rlw="30",
        **{"q_just-young-people": "no"},
        lowest_hourly_pay=None,
    )
    assert assessment.tier == "Aspiring"
    page = client.get(f"/goodwork/{assessment.pk}/").content.decode()
    assert "Accredited was not reached because" in page
    assert "share of staff paid at least the Real Living Wage is 75.0% (needs at least 100.0%)" in (
        page
    )
    assert "opportunities for young people?&#x27; is not met: answered no" in page


def field_errors(page: str) -> dict[str, str]:
    """Each field's error message on a GOV.UK form page, by the id of the field's error."""
    found = re.findall(
        r'<p id="([^"]+)-error" class="govuk-error-message">\s*'
        r'<span class="govuk-visually-hidden">Error:</span>(.*?)</p>',
        page,
        re.S,
    )
    return {key: html.unescape(" ".join(text.split())) for key, text in found}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"staff_paid_rlw": "41"},
            "staff_paid_rlw",
            "Staff paid at least the Real Living Wage (41) cannot be more than the number of "
            "staff (40).",
        ),
        (
            {"staff_total": "10", "staff_paid_rlw": "500", "guaranteed_hours_staff": "10"},
            "staff_paid_rlw",
            "Staff paid at least the Real Living Wage (500) cannot be more than the number of "
            "staff (10).",
        ),
        (
            {"staff_total": "9999999999"},
            "staff_total",
            "Number of staff is 9,999,999,999: more than any UK employer has (at most 1,000,000 "
            "is accepted).",
        ),
        ({"staff_total": "0"}, "staff_total", "Number of staff must be at least 1."),
        ({"agency_workers": "-3"}, "agency_workers", "Agency workers used cannot be negative"),
        (
            {"zero_hours_staff": "5"},
            "zero_hours_staff",
            "a zero-hours contract guarantees no hours",
        ),
        ({"lowest_hourly_pay": "11.00"}, "lowest_hourly_pay", "is below the Real Living Wage"),
        ({"staff_total": "forty"}, "staff_total", "Number of staff must be a whole number"),
        (
            {"staff_paid_rlw": ""},
            "staff_paid_rlw",
            "Enter how many staff are paid at least the Real Living Wage",
        ),
        ({"lowest_hourly_pay": "£12"}, "lowest_hourly_pay", "Lowest basic hourly pay must be"),
    ],
)
def test_impossible_facts_are_refused_on_their_field_in_words(
    client_for, employer, changes, field, message
):
    response = client_for(employer).post("/goodwork/new/lcr-fec/", form_data(employer, **changes))
    page = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in page
    assert message in field_errors(page).get(f"id_{field}", ""), field_errors(page)
    assert not Assessment.objects.exists()


def test_no_message_on_the_form_names_a_field_by_its_internal_name(client_for, employer):
    bad = {
        "staff_total": "0",
        "staff_paid_rlw": "",
        "zero_hours_staff": "-1",
        "guaranteed_hours_staff": "x",
        "agency_workers": "99999999",
        "lowest_hourly_pay": "0",
        "district": "",
        "sector": "Nonsense",
        "q_just-young-people": "maybe",
    }
    page = client_for(employer).post("/goodwork/new/lcr-fec/", form_data(employer, **bad))
    summary = page.content.decode().split('govuk-error-summary__list"')[1].split("</ul>")[0]
    messages = [html.unescape(m) for m in re.findall(r"<a [^>]*>(.*?)</a>", summary, re.S)]
    assert len(messages) == len(bad)  # one message for each field in error
    for message in messages:
        assert not re.search(r"\b[a-z0-9]*_[a-z0-9_-]*", message), message
        assert "This field is required" not in message


def test_every_error_summary_link_lands_on_its_field(client_for, employer):
    """Radios too: the link's target is the first radio of the question."""
    data = form_data(employer, **{"q_just-young-people": None, "staff_total": ""})
    page = client_for(employer).post("/goodwork/new/lcr-fec/", data).content.decode()
    summary = page.split('govuk-error-summary__list"')[1].split("</ul>")[0]
    targets = re.findall(r'href="#([^"]*)"', summary)
    assert targets == ["id_staff_total", "id_q_just-young-people"]
    for target in targets:
        assert f'id="{target}"' in page


NASTY = [
    "",
    "%",
    "_",
    "😀",
    "\u202e",
    "\x00",
    "\x01\x1f",
    "-1",
    "1e309",
    "9" * 5000,
    "²",
    "a" * 10_000,
]


@pytest.mark.parametrize("junk", NASTY)
def test_a_re_assessment_link_with_a_nonsense_id_starts_afresh(client_for, employer, junk):
    response = client_for(employer).get("/goodwork/new/lcr-fec/", {"from": junk})
    assert response.status_code == 200
    assert 'data-testid="assessment-form"' in response.content.decode()


def test_a_re_assessment_link_to_no_assessment_is_not_found(client_for, employer):
    assert client_for(employer).get("/goodwork/new/lcr-fec/", {"from": "99999"}).status_code == 404


def text_of(fragment: str) -> str:
    return html.unescape(" ".join(re.sub(r"<[^>]+>", " ", fragment).split()))


def test_each_section_score_shows_the_questions_met_and_what_each_tier_needs(client_for, employer):
    client = client_for(employer)
    assessment = submit(client, employer, **{"q_healthy-wellbeing": "no"})
    page = client.get(f"/goodwork/{assessment.pk}/").content.decode()
    scores = page.split('data-testid="section-scores"')[1].split("</table>")[0]
    rows = [text_of(r) for r in re.findall(r"<tr[^>]*>(.*?)</tr>", scores, re.S)]
    assert rows[0] == (
        "Section Questions met Score (share of points met) Accredited needs Aspiring needs"
    )
    assert "Healthy 2 of 3 67% 75% 50%" in rows
    assert "Fair 5 of 5 100% 75% 50%" in rows
    assert not re.search(r"(Healthy|Fair|Inclusive|Just) %", text_of(page))


def test_questions_and_answers_read_one_question_at_a_time(client_for, employer):
    client = client_for(employer)
    assessment = submit(client, employer)
    page = client.get(f"/goodwork/{assessment.pk}/").content.decode()
    text = text_of(page)
    for q in LCR.questions:
        card = page.split(f'data-testid="answer-{q.id}"')[1].split('class="govuk-summary-card"')[0]
        title = re.search(r'<h4 class="govuk-summary-card__title">(.*?)</h4>', card, re.S)
        assert title and text_of(title.group(1)) == q.text
        assert "Result" in text_of(card) and "Evidence asked for" in text_of(card)
        assert not re.search(r"(Accredited|Aspiring)" + re.escape(q.text[:10]), text)
    wellbeing = text_of(page.split('data-testid="answer-healthy-wellbeing"')[1].split("</dl>")[0])
    assert "Required for Accredited" in wellbeing
    assert "Evidence the employer holds Evidence for healthy-wellbeing" in wellbeing


def test_the_assessor_ticks_evidence_question_by_question(client_for, employer, assessor):
    assessment = submit(client_for(employer), employer)
    page = client_for(assessor).get(f"/goodwork/{assessment.pk}/verify/").content.decode()
    card = page.split('data-testid="answer-just-young-people"')[1].split("</dl>")[0]
    assert 'name="reject_just-young-people"' in card
    assert "Evidence not accepted" in text_of(card)


def test_staff_voice_and_sick_pay_are_one_group_under_a_legend(client_for, employer):
    page = client_for(employer).get("/goodwork/new/lcr-fec/").content.decode()
    group = page.split("Staff voice and sick pay")[1].split("</fieldset>")[0]
    for name in ("recognised_union", "other_voice", "sick_pay_day_one"):
        assert f'name="{name}"' in group
    assert (
        'Evidence you hold<span class="govuk-visually-hidden">: Do you offer apprenticeships'
        in (page)
    )


def test_the_admin_site_refuses_impossible_facts_too(employer, client_for):
    assessment = submit(client_for(employer), employer)
    data = {
        k: json.dumps(v) if isinstance(v, dict | list) else v
        for k, v in model_to_dict(assessment).items()
        if v is not None
    }
    data["facts"] = json.dumps({**assessment.facts, "staff_total": 10, "staff_paid_rlw": 500})
    form = AssessmentAdminForm(data=data, instance=assessment)
    assert not form.is_valid()
    assert "Staff paid at least the Real Living Wage (500) cannot be more than the number of " in (
        " ".join(form.errors["facts"])
    )
    data["facts"] = json.dumps(assessment.facts)
    valid = AssessmentAdminForm(data=data, instance=assessment)
    assert valid.is_valid(), valid.errors


def test_employer_sees_only_their_own_assessments(client_for, employer, other_employer):
    mine = submit(client_for(employer), employer)
    theirs = submit(client_for(other_employer), other_employer)
    assert list(Assessment.objects.visible_to(employer)) == [mine]
    client = client_for(employer)
    listing = client.get("/goodwork/").content.decode()
    assert "Halton Care Co-operative" in listing and "Sefton Seafront Hotels" not in listing
    assert client.get(f"/goodwork/{theirs.pk}/").status_code == 404
    assert client.get(f"/goodwork/new/lcr-fec/?from={theirs.pk}").status_code == 404
    assert client.get(f"/goodwork/{mine.pk}/").status_code == 200


def test_employer_cannot_assess_for_another_organisation(client_for, employer, other_employer):
    sefton = other_employer.memberships.get().organisation
    response = client_for(employer).post(
        "/goodwork/new/lcr-fec/", form_data(employer, organisation=str(sefton.pk))
    )
    assert response.status_code == 200 and "govuk-error-summary" in response.content.decode()
    assert not Assessment.objects.exists()


def test_employer_cannot_verify_or_see_the_place(client_for, employer):
    client = client_for(employer)
    mine = submit(client, employer)
    assert client.get(f"/goodwork/{mine.pk}/verify/").status_code == 403
    assert client.post(f"/goodwork/{mine.pk}/verify/", {}).status_code == 403
    assert client.get("/goodwork/place/").status_code == 403
    assert client.get("/goodwork/place/district.csv").status_code == 403
    mine.refresh_from_db()
    assert mine.status == Assessment.Status.SUBMITTED


@pytest.mark.parametrize("persona", ["assessor", "analyst", "commissioner"])
def test_only_employers_start_assessments(request, client_for, persona):
    user = request.getfixturevalue(persona)
    assert client_for(user).get("/goodwork/new/lcr-fec/").status_code == 403


def test_supplier_role_sees_no_assessments(client_for, employer, make_user):
    submit(client_for(employer), employer)
    supplier = make_user("sid", SUPPLIER, "Some Supplier Ltd")
    assert "Halton Care" not in client_for(supplier).get("/goodwork/").content.decode()
    assert client_for(supplier).get("/goodwork/new/lcr-fec/").status_code == 403


def test_assessor_verifies_and_rejected_evidence_lowers_the_tier(client_for, employer, assessor):
    assessment = submit(client_for(employer), employer)
    client = client_for(assessor)
    assert "Verify" in client.get("/goodwork/").content.decode()
    form = client.get(f"/goodwork/{assessment.pk}/verify/").content.decode()
    assert "Evidence for just-young-people" in form
    response = client.post(
        f"/goodwork/{assessment.pk}/verify/",
        {"reject_just-young-people": "on", "notes": "No placements recorded last year."},
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.VERIFIED
    assert assessment.verified_by == assessor
    assert (assessment.self_tier, assessment.tier) == ("Accredited", "Aspiring")
    assert assessment.rejected == ["just-young-people"]
    page = client_for(employer).get(f"/goodwork/{assessment.pk}/").content.decode()
    assert "Verified by an assessor" in page
    assert "evidence not accepted by the assessor" in page
    assert "No placements recorded last year." in page
    changes = [e.changes_dict for e in LogEntry.objects.get_for_object(assessment)]
    assert any("status" in c for c in changes)


def test_reassessment_history(client_for, employer):
    client = client_for(employer)
    first = submit(client, employer, **{"q_just-young-people": "no"})
    prefilled = client.get(f"/goodwork/new/lcr-fec/?from={first.pk}").content.decode()
    assert "Evidence for fair-rlw-plan" in prefilled
    second = submit(client, employer)
    page = client.get(f"/goodwork/{second.pk}/").content.decode()
    assert 'data-testid="history"' in page and "This assessment" in page
    assert [a.tier for a in Assessment.objects.visible_to(employer)] == ["Accredited", "Aspiring"]


def test_place_dashboard_shows_coverage_and_insecure_work(
    client_for, employer, other_employer, assessor, analyst
):
    mine = submit(client_for(employer), employer)
    submit(
        client_for(other_employer),
        other_employer,
        district="E08000014",
        sector="Accommodation and food service activities",
        staff_total="120",
        staff_paid_rlw="120",
        guaranteed_hours_staff="110",
    )
    client_for(assessor).post(f"/goodwork/{mine.pk}/verify/", {})
    page = client_for(analyst).get("/goodwork/place/").content.decode()
    assert 'data-testid="coverage-district"' in page and 'data-testid="insecure-work"' in page
    assert "Halton" in page and "Sefton" in page
    assert "zero-hours contracts" in page and "not measurable offline" in page
    csv = client_for(analyst).get("/goodwork/place/district.csv").content.decode()
    frame = pd.read_csv(io.StringIO(csv), comment="#")
    total = frame[frame["district"] == "All"].iloc[0]
    assert total["employers_assessed"] == 2 and total["employees_assessed"] == 160
    assert total["employers_verified_at_a_tier"] == 1
    assert total["employees_verified_at_a_tier"] == 40
    assert client_for(analyst).get("/goodwork/place/sector.xlsx").status_code == 200


def test_the_place_dashboard_counts_employers_in_plain_english(client_for, employer, analyst):
    submit(client_for(employer), employer)
    page = html.unescape(client_for(analyst).get("/goodwork/place/").content.decode())
    assert "From 1 employer's latest assessment in greatjobs." in page


def test_supplier_charter_status_uses_verified_assessments(client_for, employer, assessor):
    assessment = submit(client_for(employer), employer)
    status = supplier_charter_status("HALTON CARE CO-OPERATIVE LTD", charter_records(assessor))
    assert status.status == "awaiting verification" and not status.has_verified_tier
    client_for(assessor).post(f"/goodwork/{assessment.pk}/verify/", {})
    status = supplier_charter_status("Halton Care Co-operative", charter_records(assessor))
    assert status.status == "verified" and status.tier_name == "Accredited"
    assert supplier_charter_status("Nobody Ltd", charter_records(assessor)).status == (
        "no assessment"
    )


def test_the_place_dashboard_gives_the_census_source_from_the_warehouse(client_for, analyst):
    response = client_for(analyst).get("/goodwork/place/")
    assert "core/_provenance.html" in [t.name for t in response.templates]
    page = html.unescape(response.content.decode())
    block = re.search(r'data-testid="source">(.*?)</div>', page, re.S).group(1)
    assert "Census 2021" in block and 'rel="license"' in block and "Method:" in block
    assert "statistically perturbed" in block

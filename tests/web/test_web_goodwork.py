"""Charter assessments: employers submit their own, assessors verify, staff see the place."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from auditlog.models import LogEntry

from greatjobs.goodwork import get_framework, supplier_charter_status
from greatjobs.web.accounts.roles import ASSESSOR, EMPLOYER, SUPPLIER
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
    assert "rlw share is 100.0% (needs at least 100.0%)" in page
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
    assert "rlw share is 75.0% (needs at least 100.0%)" in page
    assert "opportunities for young people?&#x27; is not met: answered no" in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"staff_paid_rlw": "41"}, "staff_paid_rlw (41) is more than staff_total (40)"),
        ({"zero_hours_staff": "5"}, "a zero-hours contract guarantees no hours"),
        ({"lowest_hourly_pay": "11.00"}, "is below the Real Living Wage"),
    ],
)
def test_impossible_facts_are_refused(client_for, employer, changes, message):
    response = client_for(employer).post("/goodwork/new/lcr-fec/", form_data(employer, **changes))
    page = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in page
    assert message in page
    assert not Assessment.objects.exists()


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

"""The demo: with the demo data loaded and the demo records made, every area has something to
show, each role sees what it should, and suppliers still see only their own."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from greatjobs.web.accounts.provisioning import create_demo_records, create_demo_users
from greatjobs.web.goodwork.models import Assessment
from greatjobs.web.skills.models import ProviderImport
from greatjobs.web.socialvalue.demo import TITLE
from greatjobs.web.socialvalue.models import Bid, Contract

pytestmark = pytest.mark.django_db


@pytest.fixture()
def demo(settings, demo_home, client_for):
    """A browser for each demo user, on the home the demo data was loaded into."""
    settings.GREATJOBS_HOME = demo_home.home
    # A fast hasher for the demo users' passwords (tests only).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    create_demo_users()
    create_demo_records()
    return {user.username: client_for(user) for user in User.objects.all()}


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_the_analyst_sees_spend_for_both_bodies_and_the_review_queue(demo) -> None:
    analyst = demo["analyst"]
    index = page(analyst, "/spend/")
    assert "Hyndburn Borough Council" in index and "Lambeth Council" in index
    dashboard = page(analyst, "/spend/dashboard/?body=Hyndburn+Borough+Council")
    assert "In scope (procurement) spend" in dashboard and "£7,001,185.90" in dashboard
    # With the registers held offline every candidate is clearly in or out: none to review.
    assert "Waiting for review (0)" in page(analyst, "/suppliers/")


def test_social_value_has_a_contract_with_two_bids_and_each_supplier_sees_its_own(demo) -> None:
    contract = Contract.objects.get(title=TITLE)
    assert TITLE in page(demo["commissioner"], "/socialvalue/")
    evaluation = page(demo["commissioner"], f"/socialvalue/contracts/{contract.pk}/evaluation/")
    assert "Mersey Skills Training Ltd" in evaluation
    assert "Wirral Construction Partnership" in evaluation
    own = Bid.objects.get(contract=contract, organisation__name="Mersey Skills Training Ltd")
    other = Bid.objects.get(contract=contract, organisation__name="Wirral Construction Partnership")
    supplier = demo["supplier"]
    assert TITLE in page(supplier, "/socialvalue/")
    assert "Your bids" in page(supplier, "/socialvalue/")
    assert page(supplier, f"/socialvalue/bids/{own.pk}/")
    assert supplier.get(f"/socialvalue/bids/{other.pk}/").status_code == 404


def test_good_work_has_the_employers_assessment_for_it_and_the_assessor_only(demo) -> None:
    assessment = Assessment.objects.get()
    assert assessment.tier == "Aspiring"
    assert "Halton Care Co-operative" in page(demo["employer"], "/goodwork/")
    assert "Halton Care Co-operative" in page(demo["assessor"], "/goodwork/")
    assert "Halton Care Co-operative" not in page(demo["supplier"], "/goodwork/")
    assert demo["supplier"].get(f"/goodwork/{assessment.pk}/").status_code == 404


def test_skills_scorecard_is_there_for_staff(demo) -> None:
    assert "Wirral Visitor Economy Academy" in page(demo["analyst"], "/skills/")
    assert demo["supplier"].get("/skills/").status_code == 403


def test_demo_records_are_made_once(demo) -> None:
    again = create_demo_records()
    assert all("already there" in line for line in again)
    assert (Contract.objects.count(), Bid.objects.count()) == (1, 2)
    assert (Assessment.objects.count(), ProviderImport.objects.count()) == (1, 1)

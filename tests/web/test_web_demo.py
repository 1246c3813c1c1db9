"""The demo: with the demo data loaded and the demo records made, every area has something to
show, each role sees what it should, and suppliers still see only their own."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import User

from greatjobs.geography import DEFAULT_PLACE
from greatjobs.skills.store import list_imports
from greatjobs.socialvalue import load_library
from greatjobs.spend.anchors import anchors
from greatjobs.web.accounts.provisioning import create_demo_records, create_demo_users
from greatjobs.web.goodwork.models import Assessment
from greatjobs.web.socialvalue.demo import AWARDED_TITLE, TITLE
from greatjobs.web.socialvalue.models import (
    Bid,
    Commitment,
    Contract,
    ContractMeasure,
    DeliveryReturn,
    ReturnLine,
)

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


def test_the_analyst_sees_the_anchors_spend_and_the_review_queue(demo, demo_home) -> None:
    analyst = demo["analyst"]
    index = page(analyst, "/spend/")
    assert all(a.body in index for a in anchors())
    dashboard = page(analyst, "/spend/dashboard/?body=Halton+Borough+Council")
    assert "In scope (procurement) spend" in dashboard and "£111,807,980.62" in dashboard
    # The default view: every anchor together, in the city region they serve.
    together = page(analyst, "/spend/dashboard/")
    assert "Suppliers in Liverpool City Region count as local (the anchors’ own area)" in together
    assert "All anchors together" in together.split('data-testid="anchors"')[1]
    assert 'data-testid="shared"' in together and 'data-testid="opportunities"' in together
    # The registers held offline leave a few candidate links for a person to decide, as the
    # demo said it would.
    queued = re.search(r"(\d+) candidate links waiting for review", demo_home.output)
    assert queued and f"Waiting for review ({queued.group(1)})" in page(analyst, "/suppliers/")


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


COMMITTED = {"GJ-EMP-02": 6, "GJ-SKL-02": 300}
"""The winner's commitments: 6 long-term unemployed people hired, 300 training hours."""
DELIVERED = {"GJ-EMP-02": 2 + 2, "GJ-SKL-02": 95 + 115, "GJ-EMP-04": 14 + 16}
"""Both quarterly returns: hires, training hours and employees on the contract."""
VERIFIED = {"GJ-EMP-02": 2, "GJ-SKL-02": 90, "GJ-EMP-04": 14}
"""The first return only, with 90 of its 95 training hours."""


def delivery_table(html: str) -> dict[str, tuple[float, float, float]]:
    """Measure -> (committed, delivered, verified) as the contract page shows them."""
    table = html.split('data-testid="delivery"', 1)[1].split("</table>", 1)[0]
    cells = r"\s*<td[^>]*>\s*([^<]*?)\s*</td>" * 3
    row = r"<th scope=\"row\"[^>]*>\s*([^<]+?)\s*</th>" + cells
    return {
        measure: tuple(float(v.replace(",", "")) for v in values)
        for measure, *values in re.findall(row, table)
    }


def report_rows(client, table: str) -> list[dict[str, str]]:
    year = dt.date.today().year
    response = client.get(f"/socialvalue/reports/?year={year}&table={table}&export=csv")
    assert response.status_code == 200
    text = "".join(line for line in io.StringIO(response.content.decode()) if line[0] != "#")
    return list(csv.DictReader(io.StringIO(text)))


def test_the_awarded_contract_has_been_through_the_whole_cycle(demo) -> None:
    contract = Contract.objects.get(title=AWARDED_TITLE)
    commissioner = demo["commissioner"]
    evaluation = page(commissioner, f"/socialvalue/contracts/{contract.pk}/evaluation/")
    ranking = evaluation.split('data-testid="ranking"', 1)[1]
    assert ranking.index("Mersey Skills Training Ltd") < ranking.index("Wirral Construction")
    assert "Awarded to Mersey Skills Training Ltd" in page(commissioner, "/socialvalue/")
    html = page(commissioner, f"/socialvalue/contracts/{contract.pk}/")
    assert delivery_table(html) == {
        m: (COMMITTED.get(m, 0), DELIVERED[m], VERIFIED[m]) for m in DELIVERED
    }
    returns = html.split('data-testid="returns"', 1)[1].split("</ul>", 1)[0]
    assert re.findall(r"</a>: ([^<]+)</li>", returns) == ["Verified", "Awaiting verification"]
    # Every quarter that has ended is reported: nothing is overdue.
    ended = [label for label, end, _due in contract.periods() if end < dt.date.today()]
    assert [r.period for r in contract.returns.all()] == ended
    assert "No returns are overdue." in page(commissioner, "/socialvalue/")
    first, second = contract.returns.all()
    assert LogEntry.objects.get_for_object(second).get().actor.username == "supplier"
    verified = LogEntry.objects.get_for_object(first).filter(action=LogEntry.Action.UPDATE)
    assert verified.get().actor.username == "commissioner"


def test_its_value_is_in_the_place_wide_report(demo, demo_home) -> None:
    library = load_library(demo_home.home)
    year = library.deflator.latest_year
    # Long-term unemployed hires: 0.5 WELLBY each, uprated; training hours have no proxy.
    hire = 0.5 * library.wellby_value * library.deflator.factor(library.wellby_price_year, year)
    pounds = {
        "committed": COMMITTED["GJ-EMP-02"] * hire,
        "delivered": DELIVERED["GJ-EMP-02"] * hire,
        "verified": VERIFIED["GJ-EMP-02"] * hire,
    }
    analyst = demo["analyst"]
    (row,) = report_rows(analyst, "contracts")  # the open contract is not awarded yet
    assert row["contract"] == AWARDED_TITLE
    assert row["supplier"] == "Mersey Skills Training Ltd"
    (place,) = report_rows(analyst, "places")
    assert place["place"] == DEFAULT_PLACE
    assert hire > 0
    for key, value in pounds.items():
        assert float(row[key]) == pytest.approx(value, abs=0.01)
        assert float(place[key]) == pytest.approx(value, abs=0.01)
    assert AWARDED_TITLE in page(analyst, "/socialvalue/reports/")


def test_only_the_winner_sees_the_awarded_contracts_returns(demo) -> None:
    contract = Contract.objects.get(title=AWARDED_TITLE)
    returns = list(contract.returns.all())
    lines = ReturnLine.objects.filter(delivery_return__contract=contract).exclude(evidence="")
    assert len(lines) == 2  # hires need evidence; training hours do not
    winner, loser = demo["supplier"], demo["supplier2"]
    assert page(winner, f"/socialvalue/contracts/{contract.pk}/")
    for r in returns:
        assert page(winner, f"/socialvalue/returns/{r.pk}/")
    evidence = winner.get(f"/socialvalue/evidence/{lines[0].pk}/")
    assert b"".join(evidence.streaming_content).startswith(b"ILLUSTRATIVE demo evidence")

    assert AWARDED_TITLE not in page(loser, "/socialvalue/").split("Your bids")[0]
    assert loser.get(f"/socialvalue/contracts/{contract.pk}/").status_code == 404
    assert loser.get(f"/socialvalue/contracts/{contract.pk}/returns/new/").status_code == 404
    for r in returns:
        assert loser.get(f"/socialvalue/returns/{r.pk}/").status_code == 404
        assert loser.get(f"/socialvalue/returns/{r.pk}/verify/").status_code == 403
    for line in lines:
        assert loser.get(f"/socialvalue/evidence/{line.pk}/").status_code == 404


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


def test_demo_records_are_made_once(demo, demo_home, settings) -> None:
    models = (Contract, ContractMeasure, Bid, Commitment, DeliveryReturn, ReturnLine, LogEntry)
    before = [m.objects.count() for m in models]
    files = sorted(settings.MEDIA_ROOT.rglob("*"))
    again = create_demo_records()
    assert all("already there" in line for line in again)
    assert (Contract.objects.count(), Bid.objects.count()) == (2, 4)
    assert [m.objects.count() for m in models] == before
    assert sorted(settings.MEDIA_ROOT.rglob("*")) == files
    # The provider file `greatjobs demo` stored is the one the web shows: not imported again.
    assert Assessment.objects.count() == 1
    assert [i.imported_by for i in list_imports(demo_home.home)] == ["cli:greatjobs demo"]

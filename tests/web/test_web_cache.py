"""Pages computed from the warehouse or the ledger are computed once per build or import, and a
new build or import is seen at once; what is cached is never anybody's own."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from greatjobs.home import Home
from greatjobs.spend.ingest import import_file
from greatjobs.spend.ledger import write_ledger
from greatjobs.web.places import presenters

SPEND = Path(__file__).parents[1] / "fixtures" / "spend"
OVERVIEW = "/places/E47000004/"


@pytest.fixture()
def home(settings, own_home: Home) -> Home:
    settings.GREATJOBS_HOME = own_home
    return own_home


@pytest.fixture()
def computed(monkeypatch) -> list[str]:
    """The places whose overview was computed, in order."""
    calls: list[str] = []
    original = presenters.overview_context

    def counting(con, place, lsoas):
        calls.append(place.code)
        return original(con, place, lsoas)

    monkeypatch.setattr(presenters, "overview_context", counting)
    return calls


def _rebuild(home: Home) -> None:
    """What ``greatjobs data build`` does to readers: a new file takes the warehouse's name."""
    target = home.warehouse.resolve()
    home.warehouse.unlink()
    shutil.copyfile(target, home.warehouse)


def test_an_overview_is_computed_once_per_warehouse_build(client_for, analyst, home, computed):
    client = client_for(analyst)
    first = client.get(OVERVIEW).content.decode()
    again = client.get(OVERVIEW).content.decode()
    assert computed == ["E47000004"]
    assert "Deprivation by neighbourhood" in first
    _rebuild(home)
    client.get(OVERVIEW)
    assert computed == ["E47000004", "E47000004"], "a new build is seen at once"
    main = re.compile(r'<main class="govuk-main-wrapper" id="main-content">.*</main>', re.S)
    assert main.search(first).group(0) == main.search(again).group(0)


def test_the_cached_part_carries_nothing_of_the_user(client_for, analyst, supplier, home):
    """Both users get the same content; each keeps their own navigation and sign-out token."""
    mine = client_for(analyst).get(OVERVIEW).content.decode()
    theirs = client_for(supplier).get(OVERVIEW).content.decode()
    main = re.compile(r'<main class="govuk-main-wrapper" id="main-content">.*</main>', re.S)
    assert main.search(mine).group(0) == main.search(theirs).group(0)
    token = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    assert token.findall(mine) != token.findall(theirs)
    assert "/spend/" in mine and "/spend/" not in theirs  # navigation by role


def test_a_spend_import_is_on_the_dashboard_at_once(client_for, analyst, home):
    client = client_for(analyst)
    with write_ledger(home) as ledger:
        import_file(ledger, SPEND / "two_years.csv", "Example Hospital")
    before = client.get("/spend/dashboard/").content.decode()
    assert "Bolt &amp; Nut Co-operative" not in before  # in Example Council's file only
    with write_ledger(home) as ledger:
        import_file(
            ledger, SPEND / "unseen_format.csv", "Example Council", SPEND / "unseen_mapping.toml"
        )
    after = client.get("/spend/dashboard/").content.decode()
    assert "Bolt &amp; Nut Co-operative" in after


def test_requests_that_miss_at_once_compute_once(home):
    """After an import every dashboard request misses: one computes, the others wait for it."""
    import threading
    import time
    from concurrent.futures import ThreadPoolExecutor

    from greatjobs.web.core.cache import cached

    calls = 0
    lock = threading.Lock()

    def slow() -> str:
        nonlocal calls
        with lock:
            calls += 1
        time.sleep(0.3)
        return "report"

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda _: cached("slow-report", slow, ("ledger",)), range(8)))
    assert results == ["report"] * 8
    assert calls == 1

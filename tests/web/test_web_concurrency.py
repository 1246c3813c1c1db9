"""Spend pages under concurrent use, on a live multi-threaded server.

Regression: with two clients, 6 of 10 dashboard requests, 4 of 10 supplier review requests and 5
of 10 CSV exports answered 500 (a clash over the spend ledger file); with ten, 131 of 134.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from django.conf import settings as django_settings
from django.test import Client

from greatjobs.home import Home

SPEND = Path(__file__).parents[1] / "fixtures" / "spend"
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore:No directory at"),  # the live server's static root
]


def _session(live_server, user) -> requests.Session:
    client = Client()
    client.force_login(user)
    session = requests.Session()
    session.cookies.set(
        django_settings.SESSION_COOKIE_NAME,
        client.cookies[django_settings.SESSION_COOKIE_NAME].value,
    )
    session.base_url = live_server.url  # type: ignore[attr-defined]
    return session


def test_dashboards_reviews_and_exports_hold_while_a_file_is_imported(
    live_server, settings, own_home: Home, analyst
):
    settings.GREATJOBS_HOME = own_home
    first = _session(live_server, analyst)
    csrf = first.get(f"{live_server.url}/spend/import/")
    assert csrf.status_code == 200
    imported = first.post(
        f"{live_server.url}/spend/import/",
        data={"body": "Example Hospital", "csrfmiddlewaretoken": first.cookies["csrftoken"]},
        files={"files": ("two_years.csv", (SPEND / "two_years.csv").read_bytes())},
        headers={"Referer": f"{live_server.url}/spend/import/"},
    )
    assert imported.status_code == 200 and "Not imported" not in imported.text

    pages = [
        "/spend/",
        "/spend/dashboard/?body=Example+Hospital",
        "/spend/dashboard/top_suppliers.csv?body=Example+Hospital",
        "/suppliers/",
    ]

    def get(n: int) -> int:
        session = _session(live_server, analyst)
        return session.get(f"{live_server.url}{pages[n % len(pages)]}").status_code

    def import_meanwhile() -> int:
        session = _session(live_server, analyst)
        session.get(f"{live_server.url}/spend/import/")
        return session.post(
            f"{live_server.url}/spend/import/",
            data={"body": "Example Council", "csrfmiddlewaretoken": session.cookies["csrftoken"]},
            files={"files": ("unseen_format.csv", (SPEND / "unseen_format.csv").read_bytes())},
            headers={"Referer": f"{live_server.url}/spend/import/"},
        ).status_code

    with ThreadPoolExecutor(10) as pool:
        importing = pool.submit(import_meanwhile)
        statuses = list(pool.map(get, range(60)))
        assert importing.result() == 200
    assert statuses == [200] * 60

"""Load on the web app: signed-in users of each role at work, and one analyst importing spend.

Run by ``benchmarks/bench_load.py`` (which builds a home, starts the production server and reads
the results); by hand: ``locust -f benchmarks/load/locustfile.py --host http://127.0.0.1:8000``
against a server with the demo users (``greatjobs web setup``).

Every request is named after its page, so the statistics come per page. A wrong status or a
page without its expected content counts as a failure.
"""

from __future__ import annotations

import itertools
import os
import re
import time

from locust import FastHttpUser, HttpUser, between, task

PASSWORD_SUFFIX = "-demo-password"
LCR = "E47000004"
THINK = tuple(float(s) for s in os.environ.get("GREATJOBS_LOAD_THINK", "1,3").split(","))
"""Seconds a reader waits between pages: at least, at most (``bench_load.py --think``)."""
_import_counter = itertools.count()


TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class SignedIn(FastHttpUser):
    """A user who signs in first (as people do, through the form) and then reads pages. The
    readers use Locust's lighter HTTP client, to leave more of the machine to the server."""

    abstract = True
    username = "analyst"
    wait_time = between(*THINK)

    def on_start(self) -> None:
        form = self.client.get("/accounts/sign-in/", name="sign in")
        response = self.client.post(
            "/accounts/sign-in/",
            data={
                "username": self.username,
                "password": self.username + PASSWORD_SUFFIX,
                "csrfmiddlewaretoken": TOKEN.findall(form.text or "")[0],
            },
            headers={"Referer": f"{self.host}/accounts/sign-in/"},
            name="sign in",
        )
        if "Sign out" not in (response.text or ""):
            raise RuntimeError(f"{self.username} could not sign in: {response.status_code}")

    def page(self, path: str, name: str, expect: str) -> None:
        with self.client.get(path, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
            elif expect not in response.text:
                response.failure(f"{expect!r} not on the page")


class Analyst(SignedIn):
    """Explores the evidence: the place overview, league tables, the diagnosis with the index,
    the spend dashboard and the supplier review queue."""

    weight = 40
    username = "analyst"

    @task(3)
    def place_overview(self) -> None:
        self.page(f"/places/{LCR}/", "place overview", "Liverpool City Region")

    @task(3)
    def league(self) -> None:
        self.page(
            "/diagnose/indicators/workless-households/?among=combined-authorities",
            "league table",
            "Workless households",
        )

    @task(2)
    def diagnosis_and_index(self) -> None:
        self.page(f"/diagnose/places/{LCR}/", "place diagnosis and index", "index")

    @task(2)
    def spend_dashboard(self) -> None:
        self.page("/spend/dashboard/", "spend dashboard", "Where the money goes")

    @task(1)
    def supplier_review(self) -> None:
        self.page("/suppliers/", "supplier review", "Supplier")


class Supplier(SignedIn):
    """A supplier reading the contract it won and its bid."""

    weight = 6
    username = "supplier"
    contract = bid = ""

    def on_start(self) -> None:
        super().on_start()
        listing = self.client.get("/socialvalue/", name="social value contracts").text
        self.contract = re.findall(r"/socialvalue/contracts/\d+/", listing)[0]
        self.bid = re.findall(r"/socialvalue/bids/\d+/", listing)[0]

    @task(2)
    def contract_page(self) -> None:
        self.page(self.contract, "social value contract", "Social value")

    @task(1)
    def bid_page(self) -> None:
        self.page(self.bid, "social value bid", "Price")


class Commissioner(SignedIn):
    weight = 4
    username = "commissioner"
    contract = ""

    def on_start(self) -> None:
        super().on_start()
        listing = self.client.get("/socialvalue/", name="social value contracts").text
        self.contract = re.findall(r"/socialvalue/contracts/\d+/", listing)[0]

    @task
    def contract_page(self) -> None:
        self.page(self.contract, "social value contract", "Social value")


class Importer(HttpUser):
    """One analyst importing a new spend file now and then, while everyone else reads."""

    fixed_count = 1
    username = "analyst"
    wait_time = between(5, 10)

    def on_start(self) -> None:
        self.client.get("/accounts/sign-in/", name="sign in")
        self.client.post(
            "/accounts/sign-in/",
            data={
                "username": self.username,
                "password": self.username + PASSWORD_SUFFIX,
                "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""),
            },
            headers={"Referer": f"{self.host}/accounts/sign-in/"},
            name="sign in",
        )

    @task
    def import_spend(self) -> None:
        n = f"{next(_import_counter)}-{time.time_ns()}"  # new content every time, every run
        rows = "".join(
            f"{d:02d}/04/2024,Load Test Supplier {n}-{d} Ltd,{100 + d}.{d:02d}\r\n"
            for d in range(1, 29)
        )
        self.client.get("/spend/import/", name="spend import form")
        with self.client.post(
            "/spend/import/",
            data={
                "body": "Load Test Council",
                "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""),
            },
            files={"files": (f"load-{n}.csv", f"Date,Supplier,Amount\r\n{rows}")},
            headers={"Referer": f"{self.host}/spend/import/"},
            name="spend import",
            catch_response=True,
        ) as response:
            if response.status_code != 200 or "28 read = 28 loaded" not in response.text:
                response.failure(f"import not reconciled (status {response.status_code})")

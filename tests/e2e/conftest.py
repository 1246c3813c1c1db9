"""Browser tests: Debian's Chromium driven by Playwright against a live server, axe on every page.

The browser may only talk to the test server: any other request is blocked and fails the test.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, Request, Response, Route, sync_playwright

from greatjobs.home import Home

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


@pytest.fixture(scope="session")
def _sync_orm_beside_playwright() -> Iterator[None]:
    """Playwright's sync API runs an event loop in this thread; the ORM calls made by tests and
    pytest-django (creating users, flushing tables) are still synchronous and safe here."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def browser(_sync_orm_beside_playwright: None) -> Iterator[Browser]:
    chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    if not Path(chromium).is_file():
        message = f"Chromium not found at {chromium}: run `make browser` or set CHROMIUM."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _e2e_home(settings, built_home: Home, tmp_path) -> None:
    settings.GREATJOBS_HOME = built_home
    settings.MEDIA_ROOT = tmp_path / "uploads"
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()


class Site:
    """A page object: visits pages of the live server and checks each one with axe."""

    def __init__(self, page: Page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url
        self.axe = Axe()
        self.outside_requests: list[str] = []
        self.broken_assets: list[str] = []
        self.checked: list[str] = []
        page.route("**/*", self._only_local)
        page.on("response", self._record_broken_asset)

    def _record_broken_asset(self, response: Response) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            self.broken_assets.append(f"{response.status} {response.url}")

    def _only_local(self, route: Route, request: Request) -> None:
        url = urlparse(request.url)
        if url.scheme in {"data", "blob"} or url.hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            self.outside_requests.append(request.url)
            route.abort()

    def visit(self, path: str) -> Page:
        self.page.goto(self.base_url + path)
        self.check_accessibility()
        return self.page

    def sign_in(self, username: str, start: str | None = "/accounts/sign-in/") -> Page:
        """Sign in as a demo user (password ``<name>-demo-password``), starting from ``start``: the
        sign-in page or a page that asks for it; None when the form is already on screen."""
        if start is not None:
            self.visit(start)
        page = self.page
        page.fill("#id_username", username)
        page.fill("#id_password", f"{username}-demo-password")
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
        return page

    def check_accessibility(self) -> None:
        """Zero serious or critical WCAG 2.0/2.1/2.2 A and AA violations on the current page."""
        results = self.axe.run(
            self.page,
            options={
                "runOnly": {"type": "tag", "values": WCAG_TAGS},
                "resultTypes": ["violations"],
            },
        )
        violations = results.response["violations"]
        serious = [
            f"{v['id']} ({v['impact']}): {v['help']} at "
            + ", ".join(str(n["target"]) for n in v["nodes"][:3])
            for v in violations
            if v["impact"] in {"serious", "critical"}
        ]
        assert not serious, f"{self.page.url}:\n" + "\n".join(serious)
        self.checked.append(self.page.url)


@pytest.fixture()
def site(browser: Browser, live_server) -> Iterator[Site]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    site = Site(context.new_page(), live_server.url)
    yield site
    context.close()
    assert not site.outside_requests, f"requests left 127.0.0.1: {site.outside_requests}"
    assert not site.broken_assets, f"assets failed to load: {site.broken_assets}"

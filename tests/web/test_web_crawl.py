"""Never a 500: every URL pattern, as every role, with malformed parameters.

The crawl reads the URL configuration itself, so a new page is crawled without being listed
here. Each pattern is visited with real ids (the demo records, which belong to different
organisations), ids that do not exist or do not fit a database integer, and malformed strings;
each page again with every query parameter its views read set to malformed values; and each
form that takes a POST with malformed fields. Bad input must give 400/403/404 or the page with a
clear message: any 5xx fails the test, with the list of what failed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from greatjobs.home import Home
from greatjobs.spend.ingest import import_file
from greatjobs.spend.ledger import write_ledger
from greatjobs.web.accounts.provisioning import DEMO_USERS, create_demo_records, create_demo_users

SRC = Path(__file__).parents[2] / "src" / "greatjobs" / "web"
SPEND = Path(__file__).parents[1] / "fixtures" / "spend"

MALFORMED = [
    "",
    "0",
    "-1",
    "99999999999999999999",
    "abc",
    "%",
    "_",
    "\u202e",
    "\x00",
    "😀",
    "x" * 5000,
]
"""Values for parameters: empty, zero, negative, huge, non-numeric, LIKE wildcards, the
right-to-left override, a NUL byte, an emoji, very long."""

PATH_VALUES = {
    "int": ["0", "99999999999999999999"],
    "str": ["%25", "_", "%E2%80%AE", "%F0%9F%98%80", "x" * 300, "E99999999", "..%2F..%2Fx"],
    "slug": ["x", "-", "a" * 300],
}
"""Path segments that the converter accepts but no record has (URL-quoted where needed)."""

ROLES = [None, *sorted({d.username for d in DEMO_USERS})]
"""Anonymous, then every demo user (one per role; two suppliers of different organisations)."""


def _patterns(resolver: URLResolver | None = None, prefix: str = "") -> Iterator[str]:
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if "django-admin" in route:
                continue  # Django's own admin site, not ours
            yield from _patterns(entry, route)
        elif isinstance(entry, URLPattern):
            yield route.lstrip("^").rstrip("$")


def _query_names() -> list[str]:
    """Every query parameter any view or form reads (``GET.get("x")``, ``GET.getlist``,
    and the fields of GET forms), found in the web app's source."""
    names: set[str] = set()
    for path in SRC.rglob("*.py"):
        text = path.read_text()
        names.update(re.findall(r"GET\.(?:get|getlist)\(\s*[\"']([a-z_]+)[\"']", text))
        names.update(re.findall(r"GET\[[\"']([a-z_]+)[\"']\]", text))
    for path in SRC.rglob("forms.py"):
        names.update(re.findall(r"^\s{4}([a-z_]+) = forms\.", path.read_text(), re.MULTILINE))
    return sorted(names)


def _fill(route: str, ids: dict[str, list[str]]) -> Iterator[str]:
    """Concrete paths for a route: real values first, then values no record has."""
    params = re.findall(r"<(?:(\w+):)?(\w+)>", route)
    if not params:
        yield "/" + route
        return
    real = {name: ids.get(name, ids.get(conv or "str", ["1"])) for conv, name in params}
    candidates = [real]
    for conv, name in params:
        for odd in PATH_VALUES.get(conv or "str", PATH_VALUES["str"]):
            candidates.append({**real, name: [odd]})
    for values in candidates:
        for n in range(max(len(v) for v in values.values())):
            path = route
            for conv, name in params:
                choice = values[name][n % len(values[name])]
                path = re.sub(rf"<(?:{conv}:)?{name}>", choice, path, count=1)
            yield "/" + path


@pytest.fixture()
def crawl_home(settings, own_home: Home) -> Home:
    settings.GREATJOBS_HOME = own_home
    with write_ledger(own_home) as ledger:
        import_file(ledger, SPEND / "two_years.csv", "Hyndburn Borough Council")
    return own_home


@pytest.fixture()
def ids(db, crawl_home) -> dict[str, list[str]]:
    """Real ids of every kind of record, from the demo records (several organisations')."""
    from greatjobs.skills.store import list_imports
    from greatjobs.web.goodwork.models import Assessment
    from greatjobs.web.socialvalue.models import (
        Bid,
        Contract,
        DeliveryReturn,
        LocalMeasure,
        ReturnLine,
    )
    from greatjobs.web.uploads.models import Upload

    create_demo_users()
    create_demo_records()
    pks = [
        *Contract.objects.values_list("pk", flat=True),
        *Bid.objects.values_list("pk", flat=True),
        *DeliveryReturn.objects.values_list("pk", flat=True),
        *ReturnLine.objects.values_list("pk", flat=True),
        *Assessment.objects.values_list("pk", flat=True),
        *(i.import_id for i in list_imports(crawl_home)),
        *LocalMeasure.objects.values_list("pk", flat=True),
        *Upload.objects.values_list("pk", flat=True),
    ]
    return {
        "pk": sorted({str(pk) for pk in pks}),
        "place": ["E47000004", "liverpool-city-region", "E08000012", "custom"],
        "indicator": ["youth-unemployment", "workless-households"],
        "table": ["headline", "top_suppliers", "ranks", "csv"],
        "fmt": ["csv", "xlsx", "pdf"],
        "framework_id": ["lcr-fair-employment-charter"],
        "by": ["district", "sector"],
        "str": ["x"],
    }


def _client(username: str | None) -> Client:
    client = Client(raise_request_exception=False)
    if username is not None:
        from django.contrib.auth.models import User

        client.force_login(
            User.objects.get(username=username),
            backend="django.contrib.auth.backends.ModelBackend",
        )
    return client


def _failures(client: Client, method: str, path: str, **kwargs) -> list[str]:
    response = getattr(client, method)(path, **kwargs)
    if response.status_code >= 500:
        shown = {k: (v[:40] + "..." if isinstance(v, str) and len(v) > 40 else v)
                 for k, v in kwargs.get("data", {}).items()}  # fmt: skip
        return [f"{method.upper()} {path[:120]} {shown or ''} -> {response.status_code}"]
    return []


@pytest.mark.slow
@pytest.mark.parametrize("username", ROLES, ids=lambda u: u or "anonymous")
def test_no_url_answers_500_to_any_role(username, ids):
    client = _client(username)
    failed: list[str] = []
    # Signing out ends the session the rest of the crawl needs: it goes last.
    routes = sorted(_patterns(), key=lambda route: route == "accounts/sign-out/")
    names = _query_names()
    assert len(routes) > 40 and "place" in names and "year" in names
    for route in routes:
        base = next(_fill(route, ids))
        for path in _fill(route, ids):
            failed += _failures(client, "get", path)
            failed += _failures(client, "post", path, data={})
        # Every query parameter, malformed, on the page with real path values.
        for value in MALFORMED:
            failed += _failures(client, "get", base, data={name: value for name in names})
        for value in ("", "99999999999999999999", "%", "\x00", "x" * 5000):
            form = {name: value for name in names}
            failed += _failures(client, "post", base, data=form)
    assert failed == []

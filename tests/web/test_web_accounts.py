"""Signing in and out, roles, and who may see which pages."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.db.models import F
from django.http import HttpRequest
from django.test import Client
from django.utils import timezone

from greatjobs.web.accounts.roles import ROLES, role_of

PAGES = [
    "/",
    "/places/",
    "/places/liverpool-city-region/",
    "/accounts/",
    "/accounts/password/",
    "/uploads/",
    "/audit/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
def test_login_required_for_every_page(path):
    response = Client().get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/sign-in/?next=")


@pytest.mark.django_db
def test_roles_are_created_by_a_migration():
    assert set(Group.objects.values_list("name", flat=True)) >= set(ROLES)


def test_sign_in_then_account_page_shows_your_role(supplier):
    client = Client()
    response = client.post(
        "/accounts/sign-in/", {"username": "sam", "password": "sam-test-password"}
    )
    assert response.status_code == 302
    page = client.get("/accounts/").content.decode()
    assert '<strong data-testid="role">supplier</strong>' in page
    assert "Mersey Skills Training Ltd" in page


def test_wrong_password_shows_an_error_summary(supplier):
    response = Client().post("/accounts/sign-in/", {"username": "sam", "password": "nope"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html and "There is a problem" in html
    assert "<title>Error: Sign in" in html


def test_sign_out_needs_a_post(client_for, analyst):
    client = client_for(analyst)
    assert client.get("/accounts/sign-out/").status_code == 405
    response = client.post("/accounts/sign-out/")
    assert response.status_code == 302
    assert client.get("/accounts/").status_code == 302  # signed out: back to sign in


def test_role_precedence_and_superusers(make_user, django_user_model):
    both = make_user("both", "supplier")
    both.groups.add(Group.objects.get(name="analyst"))
    assert role_of(both) == "analyst"
    assert role_of(make_user("nobody", None)) is None
    root = django_user_model.objects.create_superuser("root", password="x")
    assert role_of(root) == "admin"


# Sign-in throttling (django-axes): five failures for one user name from one address pause it.

WRONG = {"username": "ada", "password": "not-adas-password"}
RIGHT = {"username": "ada", "password": "ada-test-password"}


def _fail(client: Client, times: int, path: str = "/accounts/sign-in/"):
    return [client.post(path, WRONG) for _ in range(times)]


def _lock_out(client: Client):
    return _fail(client, 5)[-1]


def test_five_wrong_passwords_pause_signing_in_even_with_the_right_one(admin):
    client = Client()
    assert [r.status_code for r in _fail(client, 4)] == [200] * 4  # the error summary
    locked = client.post("/accounts/sign-in/", WRONG)
    assert locked.status_code == 429
    assert client.post("/accounts/sign-in/", RIGHT).status_code == 429
    assert client.get("/accounts/").status_code == 302  # not signed in


def test_the_lockout_page_says_when_to_try_again(admin):
    response = _lock_out(Client())
    html = response.content.decode()
    assert (
        "govuk-service-navigation" in html
        and '<h1 class="govuk-heading-l">Signing in is paused' in html
    )
    assert "5 unsuccessful attempts to sign in as <strong>ada</strong>" in html
    assert re.search(
        r"try again after <strong>\d{1,2}:\d\d[ap]m</strong> \(15 minutes from now\)", html
    )
    assert response["Retry-After"] == "900"


def test_the_lockout_is_for_that_user_name_from_that_address_only(admin, supplier):
    _lock_out(Client(REMOTE_ADDR="192.0.2.1"))
    # Anyone typing wrong passwords for "ada" cannot stop ada signing in from elsewhere ...
    assert Client(REMOTE_ADDR="192.0.2.2").post("/accounts/sign-in/", RIGHT).status_code == 302
    # ... nor stop others signing in from the same address (an office behind one NAT address).
    colleague = {"username": "sam", "password": "sam-test-password"}
    assert Client(REMOTE_ADDR="192.0.2.1").post("/accounts/sign-in/", colleague).status_code == 302


def test_signing_in_clears_earlier_failures(admin):
    _fail(Client(), 4)
    assert Client().post("/accounts/sign-in/", RIGHT).status_code == 302
    assert [r.status_code for r in _fail(Client(), 4)] == [200] * 4


def test_signing_in_works_again_after_the_pause(admin):
    _lock_out(Client())
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert Client().post("/accounts/sign-in/", RIGHT).status_code == 302


def test_trying_again_during_the_pause_starts_it_again(admin):
    _lock_out(Client())
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=10))
    assert Client().post("/accounts/sign-in/", RIGHT).status_code == 429
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=10))
    assert Client().post("/accounts/sign-in/", RIGHT).status_code == 429  # 10, not 20, minutes


def test_the_django_admin_sign_in_is_throttled_too(admin):
    client = Client()
    responses = _fail(client, 5, path="/django-admin/login/")
    assert [r.status_code for r in responses] == [200] * 4 + [429]


def test_behind_a_proxy_the_address_is_the_one_the_proxy_saw(settings, admin):
    settings.GREATJOBS_BEHIND_PROXY = 1
    proxy = {"REMOTE_ADDR": "10.0.0.5"}
    # The proxy appends the address it was connected from; anything before it is the client's.
    _lock_out(Client(**proxy, HTTP_X_FORWARDED_FOR="198.51.100.7"))
    spoofing = Client(**proxy, HTTP_X_FORWARDED_FOR="203.0.113.99, 198.51.100.7")
    assert spoofing.post("/accounts/sign-in/", RIGHT).status_code == 429
    elsewhere = Client(**proxy, HTTP_X_FORWARDED_FOR="198.51.100.8")
    assert elsewhere.post("/accounts/sign-in/", RIGHT).status_code == 302


def test_without_a_proxy_forwarded_for_is_ignored(admin):
    _lock_out(Client(REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="198.51.100.7"))
    made_up = Client(REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="198.51.100.8")
    assert made_up.post("/accounts/sign-in/", RIGHT).status_code == 429


def test_test_clients_sign_in_with_force_login_or_login_given_a_request(admin):
    """django-axes needs the request: ``Client.login`` works when given a blank one."""
    client = Client()
    assert client.login(request=HttpRequest(), **RIGHT)
    assert client.get("/accounts/").status_code == 200
    assert not Client().login(request=HttpRequest(), **WRONG)


# Sessions


def test_a_session_lasts_a_working_day_and_ends_with_the_browser(supplier):
    client = Client()
    response = client.post(
        "/accounts/sign-in/", {"username": "sam", "password": "sam-test-password"}
    )
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["samesite"] == "Lax" and cookie["httponly"]
    assert not cookie["max-age"] and not cookie["expires"]  # gone when the browser closes
    session = Session.objects.get(session_key=cookie.value)
    lifetime = session.expire_date - timezone.now()
    assert timedelta(hours=7, minutes=59) < lifetime <= timedelta(hours=8)


# Changing your password

PASSWORD_PAGE = "/accounts/password/"
NEW_PASSWORD = "a-brand-new-long-passphrase"


def _change(client: Client, old: str, new: str, again: str | None = None):
    return client.post(
        PASSWORD_PAGE,
        {
            "old_password": old,
            "new_password1": new,
            "new_password2": new if again is None else again,
        },
    )


def test_the_account_page_links_to_changing_your_password(client_for, supplier):
    html = client_for(supplier).get("/accounts/").content.decode()
    assert f'<a class="govuk-link" href="{PASSWORD_PAGE}">Change your password</a>' in html


def test_changing_your_password_keeps_you_signed_in_here_only(client_for, supplier):
    client, elsewhere = client_for(supplier), client_for(supplier)
    page = client.get(PASSWORD_PAGE).content.decode()
    assert 'autocomplete="current-password"' in page and 'autocomplete="new-password"' in page
    response = _change(client, "sam-test-password", NEW_PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/accounts/"
    assert "Your password has been changed." in client.get("/accounts/").content.decode()
    supplier.refresh_from_db()
    assert supplier.check_password(NEW_PASSWORD)
    assert elsewhere.get("/accounts/").status_code == 302  # other sessions are signed out


def test_a_weak_new_password_is_refused_with_the_rules_on_the_new_password(client_for, supplier):
    client = client_for(supplier)
    page = client.get(PASSWORD_PAGE).content.decode()
    assert "Your password must contain at least 8 characters." in page  # the hint, as text
    assert "&lt;" not in page
    response = _change(client, "sam-test-password", "123")
    html = response.content.decode()
    assert response.status_code == 200 and "<title>Error: Change your password" in html
    summary = re.search(r'<div class="govuk-error-summary".*?</ul>', html, re.S).group(0)
    assert 'href="#id_new_password1">This password is too short.' in summary
    assert "This password is entirely numeric." in summary
    assert 'id="id_new_password1-error"' in html
    supplier.refresh_from_db()
    assert supplier.check_password("sam-test-password")


@pytest.mark.parametrize(
    ("old", "again", "field", "message"),
    [
        ("wrong", None, "old_password", "Your current password is not right. Enter it again."),
        ("sam-test-password", "something-else-entirely", "new_password2",
         "The passwords do not match. Enter the new password again."),
    ],
)  # fmt: skip
def test_a_wrong_current_password_or_a_mismatch_is_explained(
    client_for, supplier, old, again, field, message
):
    html = _change(client_for(supplier), old, NEW_PASSWORD, again).content.decode()
    assert f'href="#id_{field}">{message}' in html


def test_a_password_change_is_audited_without_the_password(client_for, supplier):
    _change(client_for(supplier), "sam-test-password", NEW_PASSWORD)
    supplier.refresh_from_db()
    entries = LogEntry.objects.get_for_object(supplier).filter(action=LogEntry.Action.UPDATE)
    (entry,) = [e for e in entries if "password" in e.changes_dict]
    assert entry.actor == supplier
    assert entry.changes_dict == {"password": ["(not shown)", "(not shown)"]}
    stored = str(list(LogEntry.objects.values_list("changes", "changes_text", "serialized_data")))
    assert supplier.password not in stored and supplier.password.split("$")[-1] not in stored

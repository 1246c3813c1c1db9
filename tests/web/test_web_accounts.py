"""Signing in and out, roles, and who may see which pages."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from greatjobs.web.accounts.roles import ROLES, role_of

PAGES = ["/", "/places/", "/places/liverpool-city-region/", "/accounts/", "/uploads/", "/audit/"]


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

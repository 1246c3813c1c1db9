"""Web tests: the app reads the session's built warehouse; personas are users in each role."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from greatjobs.home import Home
from greatjobs.web.accounts.models import Membership, Organisation
from greatjobs.web.accounts.roles import ADMIN, ANALYST, COMMISSIONER, SUPPLIER


@pytest.fixture(autouse=True)
def _web_home(settings, built_home: Home, tmp_path) -> Home:
    """Point the app at the built warehouse; uploads go to a per-test directory."""
    settings.GREATJOBS_HOME = built_home
    settings.MEDIA_ROOT = tmp_path / "uploads"
    settings.STATIC_ROOT = tmp_path / "static"  # as after collectstatic (WhiteNoise expects it)
    settings.STATIC_ROOT.mkdir()
    return built_home


@pytest.fixture()
def make_user(db) -> Callable[..., User]:
    def make(username: str, role: str | None, organisation: str | None = None) -> User:
        user = User.objects.create_user(username, password=f"{username}-test-password")
        if role:
            user.groups.add(Group.objects.get_or_create(name=role)[0])
        if organisation:
            org, _ = Organisation.objects.get_or_create(name=organisation)
            Membership.objects.create(user=user, organisation=org)
        return user

    return make


@pytest.fixture()
def admin(make_user) -> User:
    """An admin may also use Django's admin site to manage users and organisations."""
    user = make_user("ada", ADMIN, "Liverpool City Region Combined Authority")
    user.is_staff = user.is_superuser = True
    user.save()
    return user


@pytest.fixture()
def analyst(make_user) -> User:
    return make_user("alan", ANALYST)


@pytest.fixture()
def commissioner(make_user) -> User:
    return make_user("cora", COMMISSIONER, "Liverpool City Region Combined Authority")


@pytest.fixture()
def supplier(make_user) -> User:
    return make_user("sam", SUPPLIER, "Mersey Skills Training Ltd")


@pytest.fixture()
def other_supplier(make_user) -> User:
    return make_user("olu", SUPPLIER, "Wirral Construction Partnership")


@pytest.fixture()
def client_for() -> Callable[[User], Client]:
    """A browser session signed in as the given user."""

    def signed_in(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return signed_in

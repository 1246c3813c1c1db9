"""Roles and demo accounts for a fresh install (``greatjobs web setup``)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from greatjobs.web.accounts.models import Membership, Organisation
from greatjobs.web.accounts.roles import (
    ADMIN,
    ANALYST,
    ASSESSOR,
    COMMISSIONER,
    EMPLOYER,
    ROLES,
    SUPPLIER,
)

DEMO_PASSWORD_SUFFIX = "-demo-password"  # noqa: S105 (documented demo logins only)
"""Each demo user's password is its user name followed by this, e.g. ``analyst-demo-password``."""


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    organisation: str | None

    @property
    def password(self) -> str:
        return self.username + DEMO_PASSWORD_SUFFIX


DEMO_USERS = (
    DemoUser("admin", ADMIN, "Liverpool City Region Combined Authority"),
    DemoUser("analyst", ANALYST, "Liverpool City Region Combined Authority"),
    DemoUser("commissioner", COMMISSIONER, "Liverpool City Region Combined Authority"),
    DemoUser("supplier", SUPPLIER, "Mersey Skills Training Ltd"),
    DemoUser("supplier2", SUPPLIER, "Wirral Construction Partnership"),
    DemoUser("assessor", ASSESSOR, "Liverpool City Region Combined Authority"),
    DemoUser("employer", EMPLOYER, "Halton Care Co-operative"),
)
PUBLIC_BODIES = {"Liverpool City Region Combined Authority"}


def ensure_roles() -> list[Group]:
    return [Group.objects.get_or_create(name=role)[0] for role in ROLES]


@transaction.atomic
def create_demo_users() -> list[DemoUser]:
    """Create (or reset) one demo user per role, each in a demo organisation."""
    ensure_roles()
    user_model = get_user_model()
    for demo in DEMO_USERS:
        user, _ = user_model.objects.get_or_create(username=demo.username)
        user.set_password(demo.password)
        user.is_staff = user.is_superuser = demo.role == ADMIN
        user.save()
        user.groups.set([Group.objects.get(name=demo.role)])
        if demo.organisation:
            kind = (
                Organisation.Kind.PUBLIC_BODY
                if demo.organisation in PUBLIC_BODIES
                else Organisation.Kind.SUPPLIER
            )
            organisation, _ = Organisation.objects.get_or_create(
                name=demo.organisation, defaults={"kind": kind}
            )
            Membership.objects.get_or_create(user=user, organisation=organisation)
    return list(DEMO_USERS)


@transaction.atomic
def create_demo_records() -> list[str]:
    """Create (once) a small ILLUSTRATIVE set of records for the demo users: two social value
    contracts (one open with a bid from each supplier, one awarded with delivery reported and partly
    verified), the employer's charter self-assessment and the skills provider file. Says what there
    is, one line an area."""
    from greatjobs.web.goodwork.demo import create_demo_assessment
    from greatjobs.web.skills.demo import create_demo_providers
    from greatjobs.web.socialvalue.demo import create_demo_contracts

    names = [d.username for d in DEMO_USERS]
    users = get_user_model().objects.in_bulk(names, field_name="username")
    return [
        create_demo_contracts(users["commissioner"], [users["supplier"], users["supplier2"]]),
        create_demo_assessment(users["employer"]),
        create_demo_providers(users["analyst"]),
    ]

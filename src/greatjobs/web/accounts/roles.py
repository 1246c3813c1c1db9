"""The roles of the service, as Django groups (created by data migrations in accounts)."""

from __future__ import annotations

from typing import Any

ADMIN = "admin"
ANALYST = "analyst"
COMMISSIONER = "commissioner"
ASSESSOR = "assessor"
SUPPLIER = "supplier"
EMPLOYER = "employer"
ROLES = (ADMIN, ANALYST, COMMISSIONER, ASSESSOR, SUPPLIER, EMPLOYER)
"""In order of precedence: a user in several groups has the first."""

SEES_EVERY_ORGANISATION = frozenset({ADMIN, ANALYST, COMMISSIONER, ASSESSOR})
"""The staff roles: they see every organisation's records (see ``scoping``)."""

ROLE_DESCRIPTIONS = {
    ADMIN: "Manages users, organisations and sees the audit log.",
    ANALYST: "Explores the evidence for every place.",
    COMMISSIONER: "Commissions and monitors suppliers' work.",
    ASSESSOR: "Verifies employers' fair-employment charter assessments.",
    SUPPLIER: "Reports on its own contracts and sees only its own organisation's records.",
    EMPLOYER: "Assesses itself against a fair-employment charter; sees only its own records.",
}


def role_of(user: Any) -> str | None:
    """The user's role, or None (superusers are admins)."""
    if not getattr(user, "is_authenticated", False):
        return None
    if user.is_superuser:
        return ADMIN
    names = set(user.groups.values_list("name", flat=True))
    return next((role for role in ROLES if role in names), None)


def is_admin(user: Any) -> bool:
    return role_of(user) == ADMIN

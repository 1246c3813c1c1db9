"""Who may do what in this area (scoping of records is accounts.scoping's job)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from greatjobs.web.accounts.roles import ADMIN, ANALYST, COMMISSIONER, role_of

COMMISSIONS = frozenset({ADMIN, COMMISSIONER})
READS_EVERYTHING = frozenset({ADMIN, ANALYST, COMMISSIONER})


def is_commissioner(user: Any) -> bool:
    return role_of(user) in COMMISSIONS


def require_commissioner(user: Any) -> None:
    if not is_commissioner(user):
        raise PermissionDenied("Only commissioners can do this.")


def require_staff(user: Any) -> None:
    if role_of(user) not in READS_EVERYTHING:
        raise PermissionDenied("Only commissioners and analysts can see this.")


def reads_everything(user: Any) -> bool:
    """Commissioners, analysts and admins: they see every contract's figures."""
    return role_of(user) in READS_EVERYTHING

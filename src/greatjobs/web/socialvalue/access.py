"""Who may do what in this area (scoping of records is accounts.scoping's job).

Seeing a record is not acting on it: commissioners, analysts and admins see every bid and
return, but only a supplier's own people bid for it and report its delivery. Assessors (of the
fair-employment charter) see only open contracts here, as anyone signed in does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied

from greatjobs.web.accounts.models import Organisation
from greatjobs.web.accounts.roles import (
    ADMIN,
    ANALYST,
    COMMISSIONER,
    SUPPLIER,
    role_of,
)

if TYPE_CHECKING:
    from greatjobs.web.socialvalue.models import Contract

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


def sees_every_bid(user: Any) -> bool:
    """Commissioners, analysts and admins: every organisation's bids and returns are visible to
    them (``SEEN_WHOLE_BY`` on the models)."""
    return role_of(user) in READS_EVERYTHING


def acts_for(user: Any, organisation_id: int | None) -> bool:
    """Whether ``user`` may bid and report for the organisation: one of its own people in the
    supplier role. Staff who can see its records do not act for it."""
    return (
        organisation_id is not None
        and role_of(user) == SUPPLIER
        and user.memberships.filter(organisation_id=organisation_id).exists()
    )


def bidding_organisation(user: Any, contract: Contract) -> Organisation | None:
    """The supplier organisation ``user`` would bid for on ``contract``, or None: only people in
    the supplier role bid, for a supplier organisation they belong to, and never for the
    organisation that commissioned the contract."""
    if role_of(user) != SUPPLIER:
        return None
    return (
        Organisation.objects.filter(memberships__user=user, kind=Organisation.Kind.SUPPLIER)
        .exclude(pk=contract.organisation_id)
        .order_by("name")
        .first()
    )


def reports_on(user: Any, contract: Contract) -> bool:
    """Whether ``user`` files delivery returns on ``contract``: it acts for the winner."""
    bid = contract.awarded_bid
    return bid is not None and acts_for(user, bid.organisation_id)

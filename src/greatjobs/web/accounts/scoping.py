"""Ownership scoping, written once: every owned record is filtered by who is asking.

Admins, analysts, commissioners and assessors see every organisation's records; anyone else
(suppliers, employers) sees only the records of the organisations they are a member of. A model
whose records only some staff need narrows that with ``SEEN_WHOLE_BY`` (a set of roles): bids
and delivery returns are for the social value staff, not the charter's assessors. Views use
:class:`OrganisationScopedMixin`; code uses ``Model.objects.visible_to(user)``.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import models

from greatjobs.web.accounts.roles import SEES_EVERY_ORGANISATION, role_of


class OwnedQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> OwnedQuerySet:
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if role_of(user) in getattr(self.model, "SEEN_WHOLE_BY", SEES_EVERY_ORGANISATION):
            return self.all()
        return self.filter(organisation__memberships__user=user).distinct()


class OrganisationScopedMixin(LoginRequiredMixin):
    """For list and detail views: another organisation's record is simply not found (404)."""

    request: Any

    def get_queryset(self) -> OwnedQuerySet:
        return super().get_queryset().visible_to(self.request.user)  # type: ignore[misc]

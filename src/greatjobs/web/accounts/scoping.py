"""Ownership scoping, written once: every owned record is filtered by who is asking.

Admins, analysts, commissioners and assessors see every organisation's records; anyone else
(suppliers, employers) sees only the records of the organisations they are a member of. A model
whose records only some staff need narrows that with ``SEEN_WHOLE_BY`` (a set of roles): bids
and delivery returns are for the social value staff, not the charter's assessors. Views use
:class:`OrganisationScopedMixin`; code uses ``Model.objects.visible_to(user)``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Generic, Self, TypeVar

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import models

from greatjobs.web.accounts.roles import SEES_EVERY_ORGANISATION, role_of

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User
    from django.views.generic.base import View

_M = TypeVar("_M", bound=models.Model)


class OwnedQuerySet(models.QuerySet[_M]):
    def visible_to(self, user: User | AnonymousUser | None) -> Self:
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if role_of(user) in getattr(self.model, "SEEN_WHOLE_BY", SEES_EVERY_ORGANISATION):
            return self.all()
        return self.filter(organisation__memberships__user=user).distinct()


# What the mixin goes with: a view of a model's records (``DetailView``, ``ListView``), whose
# ``get_queryset`` it narrows. Declared for the type checker only: at run time the view's own
# method is the one that comes after the mixin's.
if TYPE_CHECKING:

    class _ObjectsView(View, Generic[_M]):
        def get_queryset(self) -> models.QuerySet[_M]: ...

else:

    class _ObjectsView(Generic[_M]):
        pass


class OrganisationScopedMixin(LoginRequiredMixin, _ObjectsView[_M]):
    """For list and detail views: another organisation's record is simply not found (404)."""

    def get_queryset(self) -> models.QuerySet[_M]:
        queryset = super().get_queryset()
        if not isinstance(queryset, OwnedQuerySet):
            raise TypeError(f"{queryset.model.__name__} is not owned by an organisation.")
        return queryset.visible_to(self.request.user)

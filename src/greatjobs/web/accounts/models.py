from __future__ import annotations

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models

from greatjobs.web.accounts.scoping import OwnedQuerySet


class Organisation(models.Model):
    """A supplier, a commissioning body or the combined authority itself."""

    class Kind(models.TextChoices):
        SUPPLIER = "supplier", "Supplier"
        PUBLIC_BODY = "public-body", "Public body"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.SUPPLIER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A user belongs to an organisation: the basis of what a supplier may see."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=("user", "organisation"), name="unique_membership"),
        )

    def __str__(self) -> str:
        return f"{self.user} in {self.organisation}"


class OwnedByOrganisation(models.Model):
    """Base for any record an organisation owns; ``Model.objects.visible_to(user)`` scopes it."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="%(app_label)s_%(class)s_set"
    )

    objects = OwnedQuerySet.as_manager()

    class Meta:
        abstract = True


auditlog.register(Organisation, exclude_fields=["memberships", "uploads_upload_set"])
auditlog.register(Membership)

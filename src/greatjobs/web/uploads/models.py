from __future__ import annotations

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models

from greatjobs.web.accounts.models import OwnedByOrganisation


def _upload_path(instance: Upload, filename: str) -> str:
    return f"organisation-{instance.organisation_id}/{filename}"


class Upload(OwnedByOrganisation):
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to=_upload_path)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-uploaded_at", "-id")

    def __str__(self) -> str:
        return self.title


auditlog.register(Upload)

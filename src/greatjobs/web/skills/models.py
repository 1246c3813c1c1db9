"""An imported provider file: the rows that passed, the rows rejected and why."""

from __future__ import annotations

import json
from typing import Any

import pandas as pd
from auditlog.registry import auditlog
from django.conf import settings
from django.db import models

from greatjobs.skills.records import COUNTS, MONEY, ImportResult


class ProviderImport(models.Model):
    filename = models.CharField(max_length=255)
    read = models.PositiveIntegerField()
    loaded = models.PositiveIntegerField()
    rejected = models.PositiveIntegerField()
    notes = models.JSONField(default=list)
    records = models.JSONField(default=list)
    errors = models.JSONField(default=list)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-imported_at", "-id")

    def __str__(self) -> str:
        return f"{self.filename} ({self.loaded} of {self.read} rows)"

    @classmethod
    def store(cls, result: ImportResult, filename: str, user: Any) -> ProviderImport:
        """Keep an import: its counts, notes, the rows that passed and the rows rejected."""
        return cls.objects.create(
            filename=filename,
            read=result.read,
            loaded=result.loaded,
            rejected=result.rejected,
            notes=result.notes,
            records=json.loads(result.records.to_json(orient="records")),
            errors=[vars(e) for e in result.errors],
            imported_by=user,
        )

    @property
    def illustrative(self) -> bool:
        return any("ILLUSTRATIVE" in str(n) for n in self.notes)

    def frame(self) -> pd.DataFrame:
        frame = pd.DataFrame(self.records)
        for col in (*COUNTS, "level"):
            if col in frame:
                frame[col] = frame[col].astype(int)
        for col in (*MONEY, "unpaid_placement_weeks"):
            if col in frame:
                frame[col] = pd.to_numeric(frame[col], errors="coerce")
        return frame


auditlog.register(ProviderImport, exclude_fields=["records", "errors"])

"""A charter assessment: one employer's answers, facts and evidence, and the tier decided."""

from __future__ import annotations

from typing import Any

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models

from greatjobs.goodwork import PayFacts, TierDecision, decide_tier, get_framework
from greatjobs.web.accounts.models import OwnedByOrganisation


class Assessment(OwnedByOrganisation):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Awaiting verification"
        VERIFIED = "verified", "Verified"

    framework_id = models.CharField(max_length=40)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    district_code = models.CharField(max_length=9)
    district_name = models.CharField(max_length=100)
    sector = models.CharField(max_length=200)
    employees = models.PositiveIntegerField()
    answers = models.JSONField(default=dict)
    evidence = models.JSONField(default=dict)
    facts = models.JSONField(default=dict)
    self_tier = models.CharField(max_length=60, blank=True)
    tier = models.CharField(max_length=60, blank=True)
    """The tier decided now: self-assessed until verified, then the assessor's."""
    decision = models.JSONField(default=dict)
    rejected = models.JSONField(default=list)
    assessor_notes = models.TextField(blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    verified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-submitted_at", "-id")

    def __str__(self) -> str:
        return f"{self.organisation} ({self.submitted_at:%d %b %Y})"

    @property
    def framework(self) -> Any:
        return get_framework(self.framework_id)

    @property
    def verified(self) -> bool:
        return self.status == self.Status.VERIFIED

    def pay_facts(self) -> PayFacts:
        return PayFacts.from_dict(self.facts)

    def decide(self) -> TierDecision:
        """Decide the tier from the stored answers, facts and any evidence the assessor rejected."""
        return decide_tier(
            self.framework, self.answers, self.pay_facts(), self.rejected, self.verified
        )


auditlog.register(Assessment)

"""Contracts, bids, commitments, delivery returns and local measures. Every model is audited.

Ownership: a contract belongs to the commissioning organisation; a bid and a delivery return to
the supplier's organisation, so ``visible_to`` (accounts.scoping) keeps each supplier to its own.
Of the staff, only those who commission, analyse or administer see them all (``SEEN_WHOLE_BY``):
bids and returns are commercially confidential, and the charter's assessors have no part here.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, ClassVar, Self

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper

from greatjobs.socialvalue.limits import MAX_TERM_MONTHS
from greatjobs.web.accounts.models import OwnedByOrganisation
from greatjobs.web.accounts.roles import role_of
from greatjobs.web.accounts.scoping import OwnedQuerySet
from greatjobs.web.socialvalue.access import READS_EVERYTHING

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User


class LocalMeasure(OwnedByOrganisation):
    """A measure an organisation adds to the open library, with its own proxy if it has one.

    The library is one for everyone (contracts name measures by code), so a code is unique across
    every organisation, ignoring case, and never a library measure's (``local_code_problem``).
    A retired measure is not offered for new contracts; contracts already using it keep it.
    """

    code = models.CharField(max_length=20, help_text="For example LCR-CARE-01.")
    title = models.CharField(max_length=200)
    outcome = models.CharField(max_length=300)
    theme = models.CharField(max_length=100)
    unit = models.CharField(max_length=100)
    evidence = models.CharField(max_length=300)
    evidence_required = models.BooleanField(default=True)
    disadvantaged = models.BooleanField(default=False)
    proxy_value = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    proxy_price_year = models.PositiveIntegerField(null=True, blank=True)
    proxy_source = models.CharField(max_length=300, blank=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("code",)
        constraints = (
            models.UniqueConstraint(
                Upper("code"),
                name="sv_local_code_unique_ignoring_case",
                violation_error_message="There is already a local measure with this code.",
            ),
        )

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class ContractQuerySet(OwnedQuerySet["Contract"]):
    def visible_to(self, user: User | AnonymousUser | None) -> Self:
        """Staff see every contract; a supplier sees open opportunities and contracts it won."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if role_of(user) in READS_EVERYTHING:
            return self.all()
        return self.filter(
            Q(status=Contract.Status.OPEN) | Q(awarded_bid__organisation__memberships__user=user)
        ).distinct()


class Contract(OwnedByOrganisation):
    SEEN_WHOLE_BY = READS_EVERYTHING

    class Status(models.TextChoices):
        OPEN = "open", "Open for bids"
        AWARDED = "awarded", "Awarded"

    class Method(models.TextChoices):
        QUALITATIVE = "qualitative", "Method statement scores only"
        QUANTITATIVE = "quantitative", "Quantitative commitments only"
        BOTH = "both", "Method statement scores and quantitative commitments"

    title = models.CharField(max_length=200)
    value = models.DecimalField("Contract value (£)", max_digits=14, decimal_places=2)
    start_date = models.DateField()
    term_months = models.PositiveIntegerField("Term (months)")
    category = models.CharField(max_length=100)
    place_code = models.CharField("Place", max_length=9)
    place_name = models.CharField(max_length=100)
    price_weight = models.DecimalField("Price weighting (%)", max_digits=5, decimal_places=2)
    quality_weight = models.DecimalField("Quality weighting (%)", max_digits=5, decimal_places=2)
    social_value_weight = models.DecimalField(
        "Social value weighting (%)", max_digits=5, decimal_places=2
    )
    scoring_method = models.CharField(max_length=20, choices=Method.choices, default=Method.BOTH)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    awarded_bid = models.OneToOneField(
        "Bid", null=True, blank=True, on_delete=models.SET_NULL, related_name="won_contract"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # A class variable, like the manager it replaces (``OwnedByOrganisation.objects``).
    objects: ClassVar = ContractQuerySet.as_manager()

    class Meta:
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return self.title

    @property
    def term(self) -> int:
        """The term in months, within the bounds (a record from before they were checked may be
        outside them)."""
        return min(max(self.term_months, 1), MAX_TERM_MONTHS)

    @property
    def years(self) -> int:
        return max(1, -(-self.term // 12))

    def periods(self) -> list[tuple[str, dt.date, dt.date]]:
        """(label, end, due) for each quarter of the term; a return is due 30 days after."""
        out = []
        for q in range(-(-self.term // 3)):
            month = self.start_date.month - 1 + 3 * (q + 1)
            first_after = dt.date(self.start_date.year + month // 12, month % 12 + 1, 1)
            end = first_after - dt.timedelta(days=1)
            out.append((f"Quarter {q + 1} to {end:%d %b %Y}", end, end + dt.timedelta(days=30)))
        return out

    def open_periods(self) -> list[str]:
        """The labels of the periods that have no return yet."""
        returned = set(self.returns.values_list("period", flat=True))
        return [label for label, _end, _due in self.periods() if label not in returned]


class ContractMeasure(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="measures")
    measure_id = models.CharField(max_length=20)
    target = models.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        ordering = ("measure_id",)
        constraints = (
            models.UniqueConstraint(fields=("contract", "measure_id"), name="sv_unique_measure"),
        )

    def __str__(self) -> str:
        return f"{self.measure_id} on {self.contract}"


class Bid(OwnedByOrganisation):
    SEEN_WHOLE_BY = READS_EVERYTHING

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="bids")
    price = models.DecimalField("Price (£)", max_digits=14, decimal_places=2)
    narrative = models.TextField("How you will deliver social value")
    quality_score = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    method_statement_score = models.DecimalField(
        max_digits=4, decimal_places=1, null=True, blank=True
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("submitted_at", "id")
        constraints = (
            models.UniqueConstraint(fields=("contract", "organisation"), name="sv_one_bid_each"),
        )

    def __str__(self) -> str:
        return f"{self.organisation} bid for {self.contract}"


class Commitment(models.Model):
    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="commitments")
    measure_id = models.CharField(max_length=20)
    year = models.PositiveSmallIntegerField()
    quantity = models.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        ordering = ("measure_id", "year")

    def __str__(self) -> str:
        return f"{self.measure_id} year {self.year}: {self.quantity}"


class DeliveryReturn(OwnedByOrganisation):
    SEEN_WHOLE_BY = READS_EVERYTHING

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Awaiting verification"
        VERIFIED = "verified", "Verified"

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="returns")
    period = models.CharField(max_length=60)
    narrative = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("contract", "submitted_at", "id")
        constraints = (
            models.UniqueConstraint(fields=("contract", "period"), name="sv_one_return_a_period"),
        )

    def __str__(self) -> str:
        return f"{self.contract}: {self.period}"


def _evidence_path(instance: ReturnLine, filename: str) -> str:
    return f"organisation-{instance.delivery_return.organisation_id}/socialvalue/{filename}"


class ReturnLine(models.Model):
    delivery_return = models.ForeignKey(
        DeliveryReturn, on_delete=models.CASCADE, related_name="lines"
    )
    measure_id = models.CharField(max_length=20)
    quantity = models.DecimalField(max_digits=12, decimal_places=2)
    verified_quantity = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    evidence = models.FileField(upload_to=_evidence_path, blank=True)
    people = models.TextField(
        blank=True, help_text="Disadvantaged hires: the supplier's reference for each person."
    )

    class Meta:
        ordering = ("measure_id",)

    def __str__(self) -> str:
        return f"{self.measure_id}: {self.quantity}"


for _model in (
    LocalMeasure,
    Contract,
    ContractMeasure,
    Bid,
    Commitment,
    DeliveryReturn,
    ReturnLine,
):
    auditlog.register(_model)

"""Offers: a vendor's answer to a lead, and the evidence that it accepted the terms."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

from intents.models import Intent
from matching.models import Lead
from vendors.models import Vendor


class OfferQuerySet(models.QuerySet):
    def for_vendor(self, vendor: Vendor) -> OfferQuerySet:
        return self.filter(vendor=vendor)

    def for_customer(self, user) -> OfferQuerySet:
        return self.filter(intent__customer=user)

    def live(self, now: datetime | None = None) -> OfferQuerySet:
        """Pending and still valid: the ones a customer can accept."""
        return self.filter(status=Offer.Status.PENDING, valid_until__gt=now or timezone.now())

    def with_current_status(self, now: datetime | None = None) -> OfferQuerySet:
        """Annotate `status_now`, reading a pending offer past valid_until as expired."""
        return self.annotate(
            status_now=Case(
                When(
                    status=Offer.Status.PENDING,
                    valid_until__lte=now or timezone.now(),
                    then=Value(Offer.Status.EXPIRED.value),
                ),
                default=F("status"),
                output_field=models.CharField(),
            )
        )


class Offer(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"
        EXPIRED = "expired", "Expired"
        CLOSED = "closed", "Closed"

    intent = models.ForeignKey(Intent, on_delete=models.CASCADE, related_name="offers")
    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="offers")
    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="offers")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    price = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3)
    message = models.TextField(max_length=2000, blank=True)
    available_at = models.DateTimeField(null=True, blank=True)
    valid_until = models.DateTimeField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    # Set once by the vendor on an accepted offer (offers.services.mark_fulfilled): the
    # status stays "accepted", which is what the customer and the one-accepted rule read.
    fulfilled_at = models.DateTimeField(null=True, blank=True)

    objects = OfferQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["intent", "vendor"],
                condition=Q(status="pending"),
                name="offer_one_live_per_vendor",
            ),
            models.UniqueConstraint(
                fields=["intent"],
                condition=Q(status="accepted"),
                name="offer_one_accepted_per_intent",
            ),
            models.CheckConstraint(condition=Q(price__gte=Decimal(0)), name="offer_price_positive"),
        ]
        indexes = [
            models.Index(fields=["status", "valid_until"], name="offer_status_validity"),
            models.Index(fields=["vendor", "-created_at"], name="offer_vendor_recent"),
        ]

    def __str__(self) -> str:
        return f"Offer #{self.pk}: {self.price} {self.currency} on intent {self.intent_id}"

    @property
    def current_status(self) -> str:
        if self.status == self.Status.PENDING and self.valid_until <= timezone.now():
            return self.Status.EXPIRED
        return self.status


class TermsAcceptance(models.Model):
    """Evidence that a vendor accepted an intent's terms: who, when, which versions."""

    intent = models.ForeignKey(Intent, on_delete=models.CASCADE, related_name="acceptances")
    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="acceptances")
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    accepted_at = models.DateTimeField(default=timezone.now)
    term_versions = models.JSONField(help_text='{"answer-only": 1, ...} as accepted.')

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["intent", "vendor"], name="acceptance_once"),
        ]

    def __str__(self) -> str:
        return f"{self.vendor} accepted terms of intent {self.intent_id}"

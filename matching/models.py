"""Leads: one intent routed to one vendor, with why it matched."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Count, Exists, ExpressionWrapper, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from intents.models import Intent
from vendors.models import Subscription, Vendor


class LeadQuerySet(models.QuerySet):
    def for_vendor(self, vendor: Vendor) -> LeadQuerySet:
        """The only way a vendor reaches an intent: through a lead routed to it."""
        return self.filter(vendor=vendor)

    def unanswered(self) -> LeadQuerySet:
        return self.filter(status__in=Lead.UNANSWERED)

    def with_outcome(self) -> LeadQuerySet:
        """Annotate `won`: the customer accepted this vendor's offer on the intent."""
        from offers.models import Offer  # offers builds on leads, not the other way

        accepted = Offer.objects.filter(
            intent=OuterRef("intent"), vendor=OuterRef("vendor"), status=Offer.Status.ACCEPTED
        )
        return self.annotate(won=Exists(accepted))

    def with_disclosure(self) -> LeadQuerySet:
        """What deciding a vendor's view of each lead needs (intents.disclosure):
        `won`; `terms_accepted` (this vendor accepted the intent's terms); `recognised`
        (the customer lets vendors they accepted before know them, and accepted this one);
        `customer_accepted_intents` (how many of the customer's intents ended in an
        accepted offer: a sign they are for real)."""
        from offers.models import Offer, TermsAcceptance

        accepted_terms = TermsAcceptance.objects.filter(
            intent=OuterRef("intent"), vendor=OuterRef("vendor")
        )
        dealt_before = Offer.objects.filter(
            vendor=OuterRef("vendor"),
            intent__customer=OuterRef("intent__customer"),
            status=Offer.Status.ACCEPTED,
        )
        accepted_intents = (
            Intent.objects.filter(customer=OuterRef("intent__customer"), status="accepted")
            .order_by()
            .values("customer")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.with_outcome().annotate(
            terms_accepted=Exists(accepted_terms),
            recognised=ExpressionWrapper(
                Q(intent__customer__recognisable=True) & Exists(dealt_before),
                output_field=models.BooleanField(),
            ),
            customer_accepted_intents=Coalesce(Subquery(accepted_intents), 0),
        )


class Lead(models.Model):
    class Status(models.TextChoices):
        NEW = "new", "New"
        VIEWED = "viewed", "Viewed"
        OFFERED = "offered", "Offered"
        PASSED = "passed", "Passed"
        CLOSED = "closed", "Closed"

    UNANSWERED = (Status.NEW, Status.VIEWED)

    # No index of their own: each leads one in Meta (lead_once_per_vendor,
    # lead_vendor_inbox, lead_subscription_day), which serves it as well, and matching
    # writes about eight leads per intent, each an entry in every index.
    intent = models.ForeignKey(
        Intent, on_delete=models.CASCADE, related_name="leads", db_index=False
    )
    vendor = models.ForeignKey(
        Vendor, on_delete=models.CASCADE, related_name="leads", db_index=False
    )
    subscription = models.ForeignKey(
        Subscription,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="leads",
        db_index=False,
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.NEW)
    score = models.FloatField(help_text="1 at the intent's point, 0 at the edge of reach.")
    rank = models.PositiveSmallIntegerField()
    reasons = models.JSONField(default=list)
    distance_km = models.FloatField(help_text="From the subscription's point to the intent's.")
    matched_at = models.DateTimeField(default=timezone.now)
    viewed_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = LeadQuerySet.as_manager()

    class Meta:
        ordering = ["-matched_at", "rank", "id"]
        constraints = [
            # Not a check in code: running matching twice, or in two workers at once,
            # can never route one intent to one vendor twice.
            models.UniqueConstraint(fields=["intent", "vendor"], name="lead_once_per_vendor"),
        ]
        indexes = [
            models.Index(fields=["vendor", "status", "-matched_at"], name="lead_vendor_inbox"),
            models.Index(fields=["subscription", "matched_at"], name="lead_subscription_day"),
        ]

    def __str__(self) -> str:
        return f"Lead #{self.pk}: intent {self.intent_id} to {self.vendor_id}"


class Route(models.Model):
    """The routing facts of one live subscription: everything the rules need, in one row,
    so matching never reads the subscription and its relations. Rows exist only for
    active subscriptions of vendors that are not suspended; matching/routes.py rebuilds
    them (and their Reach rows) whenever a subscription or its vendor changes."""

    subscription = models.OneToOneField(
        Subscription, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="+")
    lat = models.FloatField()
    lng = models.FloatField()
    radius_km = models.FloatField()
    min_budget = models.DecimalField(max_digits=12, decimal_places=2, null=True)
    currency = models.CharField(max_length=3, blank=True)
    terms_mask = models.BigIntegerField()
    daily_cap = models.PositiveIntegerField()
    time_zone = models.CharField(max_length=64)
    hours_key = models.TextField(help_text="Opening hours as canonical JSON.")

    def __str__(self) -> str:
        return f"Route of subscription {self.subscription_id}"


class Reach(models.Model):
    """Where a route can be found: one row per topic and H3 cell its service area
    touches. `topic` is the category id, or minus the group id for a whole-group
    subscription; the cells cover the circle at the resolution of its radius tier.
    An intent looks up the one cell holding its point at each tier's resolution."""

    route = models.ForeignKey(Route, on_delete=models.CASCADE, related_name="reach")
    topic = models.IntegerField()
    cell = models.BigIntegerField()

    class Meta:
        verbose_name_plural = "reach"
        indexes = [
            # INCLUDE makes it an index-only scan on PostgreSQL (ignored elsewhere).
            models.Index(fields=["topic", "cell"], include=["route"], name="reach_topic_cell"),
        ]

    def __str__(self) -> str:
        return f"Route {self.route_id} reaches cell {self.cell:x} for topic {self.topic}"


class Quota(models.Model):
    """Leads a subscription received on one day of its vendor's calendar. Claimed with a
    conditional upsert (matching/quota.py), so a daily cap holds exactly however many
    workers route leads at once."""

    # Indexed by quota_once_a_day and quota_vendor_day, which lead with them.
    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="+", db_index=False)
    day = models.DateField()
    used = models.PositiveIntegerField(default=0)
    cap = models.PositiveIntegerField(help_text="The subscription's daily cap when last claimed.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["subscription", "day"], name="quota_once_a_day")
        ]
        indexes = [models.Index(fields=["vendor", "day"], name="quota_vendor_day")]

    def __str__(self) -> str:
        return f"{self.used} leads on {self.day} for subscription {self.subscription_id}"


class PendingMatch(models.Model):
    """Matching a committed change still owes: an intent to route, or a subscription to
    offer the open intents it now fits. Written in the change's own transaction and
    deleted by the run that does the matching, so it outlives whatever Redis or a worker
    loses; beat queues again whatever is still here once due (matching/pending.py)."""

    intent = models.OneToOneField(
        Intent, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    subscription = models.OneToOneField(
        Subscription, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    token = models.UUIDField(
        default=uuid.uuid4, help_text="New with every request: a run settles only what it saw."
    )
    due_at = models.DateTimeField(help_text="When beat queues it again if still owed.")
    attempts = models.PositiveSmallIntegerField(default=0, help_text="Times queued again.")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(intent__isnull=False, subscription__isnull=True)
                | Q(intent__isnull=True, subscription__isnull=False),
                name="pending_match_one_target",
            )
        ]
        indexes = [models.Index(fields=["due_at"], name="pending_match_due")]

    def __str__(self) -> str:
        if self.intent_id:
            return f"Matching owed to intent {self.intent_id}"
        return f"Matching owed to subscription {self.subscription_id}"

"""Matching diagnostics: every subscription near an intent, and why it did or did not
get a lead. The same rules as matching, read from the subscriptions themselves (not the
routing table), so a stale route would show up here as a disagreement."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from core.geo import bounding_box, distance_km
from intents.models import Intent
from matching.models import Lead
from matching.quota import used_today
from matching.rules import IntentFacts, SubscriptionFacts, evaluate
from vendors.models import Subscription

NEAR_KM = 50.0  # how far around the intent to look, beyond its own radius


@dataclass
class Explanation:
    subscription_id: int
    vendor_id: int
    vendor_name: str
    distance_km: float
    fits: bool
    rule: str  # the rule that failed, or "fits"
    words: str  # what that rule said
    reasons: list[str]  # every rule that passed
    lead: Lead | None


def explain(intent: Intent, *, vendor_id: int | None = None, now: datetime | None = None):
    """Rows for the subscriptions within reach of the intent (or of one vendor), nearest
    first."""
    now = now or timezone.now()
    box = bounding_box(intent.lat, intent.lng, max(intent.radius_km, NEAR_KM))
    subscriptions = (
        Subscription.objects.filter(
            lat__range=(box.min_lat, box.max_lat), lng__range=(box.min_lng, box.max_lng)
        )
        .select_related("vendor")
        .prefetch_related("categories", "groups", "accepted_terms")
    )
    if vendor_id is not None:
        subscriptions = subscriptions.filter(vendor_id=vendor_id)
    facts = IntentFacts.of(intent)
    subs = [(sub, SubscriptionFacts.of(sub)) for sub in subscriptions]
    counts = used_today([f for _, f in subs], now)
    leads = {lead.vendor_id: lead for lead in intent.leads.all()}
    rows = []
    for sub, sub_facts in subs:
        verdict = evaluate(facts, sub_facts, counts.by_subscription.get(sub.pk, 0))
        rows.append(
            Explanation(
                subscription_id=sub.pk,
                vendor_id=sub.vendor_id,
                vendor_name=sub.vendor.name,
                distance_km=round(distance_km(intent.lat, intent.lng, sub.lat, sub.lng), 2),
                fits=verdict.ok,
                rule=verdict.failed_rule.__name__ if verdict.failed_rule else "fits",
                words=verdict.failed or "Fits every rule",
                reasons=verdict.passed,
                lead=leads.get(sub.vendor_id),
            )
        )
    return sorted(rows, key=lambda row: (row.distance_km, row.subscription_id))

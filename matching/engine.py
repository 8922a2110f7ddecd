"""Routing intents to vendors: retrieve candidates, apply the rules, rank, create leads.

Every path that creates leads goes through `create_leads_for_intent` or
`create_leads_for_subscription`. Both lock the intent row first, so two runs for the
same intent take turns, and the (intent, vendor) unique constraint stops a second lead
even if something else slips through. Running either twice is harmless.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from core.geo import bounding_box
from intents.models import Intent
from matching.models import Lead
from matching.rules import IntentFacts, Verdict, evaluate, under_daily_cap
from vendors.models import Subscription

log = logging.getLogger(__name__)


def candidate_subscriptions(intent: Intent) -> QuerySet[Subscription]:
    """Live subscriptions for the intent's category whose point could be within reach.

    Both reaches must hold, so the intent's own radius bounds the search box; the exact
    distances and every other rule are checked afterwards by `rules.evaluate`.
    """
    box = bounding_box(intent.lat, intent.lng, intent.radius_km)
    return (
        Subscription.objects.live()
        .covering_category(intent.category)
        .filter(lat__range=(box.min_lat, box.max_lat), lng__range=(box.min_lng, box.max_lng))
        .select_related("vendor")
        .prefetch_related("categories", "groups", "accepted_terms")
    )


def local_day_start(now: datetime, zone) -> datetime:
    return now.astimezone(zone).replace(hour=0, minute=0, second=0, microsecond=0)


@dataclass
class LeadsToday:
    """Leads received since midnight in the vendor's time zone: per subscription (its
    daily cap) and per vendor across all its subscriptions (fairness in ranking)."""

    by_subscription: dict[int, int] = field(default_factory=dict)
    by_vendor: dict[int, int] = field(default_factory=dict)


def leads_today(subscriptions: Iterable[Subscription], now: datetime) -> LeadsToday:
    day_starts = {s.vendor_id: local_day_start(now, s.vendor.zone) for s in subscriptions}
    counts = LeadsToday(defaultdict(int), defaultdict(int))
    if not day_starts:
        return counts
    rows = Lead.objects.filter(
        vendor_id__in=day_starts, matched_at__gte=min(day_starts.values())
    ).values_list("vendor_id", "subscription_id", "matched_at")
    for vendor_id, subscription_id, matched_at in rows:
        if matched_at >= day_starts[vendor_id]:
            counts.by_vendor[vendor_id] += 1
            counts.by_subscription[subscription_id] += 1
    return counts


def ranking_key(verdict: Verdict, counts: LeadsToday) -> tuple:
    """Nearer first (to the nearest 100 m, so a few metres don't outrank fairness), then
    the vendor with fewer leads today, then the older vendor, then the older subscription:
    a total order, so the same world always gives the same ranking."""
    sub = verdict.subscription
    vendor_load = counts.by_vendor.get(sub.vendor_id, 0)
    return (round(verdict.distance_km, 1), vendor_load, sub.vendor_id, sub.pk)


def rank(intent: Intent, now: datetime | None = None) -> list[Verdict]:
    """Every vendor that fits the intent, best first, with its best-fitting subscription."""
    now = now or timezone.now()
    facts = IntentFacts.of(intent)
    candidates = list(candidate_subscriptions(intent))
    counts = leads_today(candidates, now)

    def key(verdict: Verdict) -> tuple:
        return ranking_key(verdict, counts)

    best_per_vendor: dict[int, Verdict] = {}
    for sub in candidates:
        verdict = evaluate(facts, sub, counts.by_subscription.get(sub.pk, 0))
        if not verdict.ok:
            continue
        current = best_per_vendor.get(sub.vendor_id)
        if current is None or key(verdict) < key(current):
            best_per_vendor[sub.vendor_id] = verdict
    return sorted(best_per_vendor.values(), key=key)


def _lead(intent: Intent, verdict: Verdict, rank_number: int, now: datetime) -> Lead:
    return Lead(
        intent=intent,
        vendor_id=verdict.subscription.vendor_id,
        subscription=verdict.subscription,
        score=verdict.score,
        rank=rank_number,
        reasons=verdict.passed,
        distance_km=round(verdict.distance_km, 3),
        matched_at=now,
    )


def _lock_open_intent(intent_id: int) -> Intent | None:
    intent = (
        Intent.objects.select_for_update(of=("self",))
        .select_related("category__group")
        .filter(pk=intent_id)
        .first()
    )
    return intent if intent is not None and intent.is_open else None


def create_leads_for_intent(intent_id: int) -> list[Lead]:
    """Route an open intent to the best-ranked vendors, up to its lead limit.

    Vendors that already hold a lead keep it and are skipped, so a second run only tops
    up (after a subscription changed, or from the admin's re-run) and never duplicates.
    """
    now = timezone.now()
    with transaction.atomic():
        intent = _lock_open_intent(intent_id)
        if intent is None:
            return []
        have = set(intent.leads.values_list("vendor_id", flat=True))
        room = intent.lead_limit - len(have)
        fresh = [v for v in rank(intent, now) if v.subscription.vendor_id not in have][
            : max(room, 0)
        ]
        leads = [_lead(intent, v, len(have) + i, now) for i, v in enumerate(fresh, start=1)]
        Lead.objects.bulk_create(leads, ignore_conflicts=True)
        Intent.objects.filter(pk=intent.pk).update(matched_at=now)
    log.info("intent %s matched: %s new leads", intent_id, len(leads))
    return leads


def open_intents_for_subscription(sub: Subscription) -> QuerySet[Intent]:
    box = bounding_box(sub.lat, sub.lng, sub.radius_km)
    return (
        Intent.objects.open()
        .filter(
            Q(category__in=sub.categories.all()) | Q(category__group__in=sub.groups.all()),
            lat__range=(box.min_lat, box.max_lat),
            lng__range=(box.min_lng, box.max_lng),
        )
        .exclude(leads__vendor_id=sub.vendor_id)
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)
    )


def create_leads_for_subscription(subscription_id: int) -> list[Lead]:
    """Offer a new or changed subscription the open intents it now fits, oldest first,
    each while the intent still has room under its lead limit."""
    sub = (
        Subscription.objects.live()
        .select_related("vendor")
        .prefetch_related("categories", "groups", "accepted_terms")
        .filter(pk=subscription_id)
        .first()
    )
    if sub is None:
        return []
    created: list[Lead] = []
    for intent_id in open_intents_for_subscription(sub):
        now = timezone.now()
        with transaction.atomic():
            intent = _lock_open_intent(intent_id)
            if intent is None:
                continue
            have = intent.leads.count()
            if have >= intent.lead_limit:
                continue
            today = leads_today([sub], now).by_subscription.get(sub.pk, 0)
            verdict = evaluate(IntentFacts.of(intent), sub, today)
            if verdict.failed_rule is under_daily_cap:
                break  # no more leads for this subscription today
            if not verdict.ok:
                continue
            lead = _lead(intent, verdict, have + 1, now)
            Lead.objects.bulk_create([lead], ignore_conflicts=True)
            created.append(lead)
    log.info("subscription %s matched %s open intents", subscription_id, len(created))
    return created

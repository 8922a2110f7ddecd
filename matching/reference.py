"""The brute-force reference matcher: the oracle the indexed matcher must agree with.

Deliberately plain: every subscription in the database, its facts read from the
subscription and its relations (not from the routing table), leads today counted from
the leads themselves (not from the quota table), the same rules, the same ranking.
Property tests run both on random worlds; the benchmark times both.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from intents.models import Intent
from matching.engine import rank_verdicts
from matching.models import Lead
from matching.quota import LeadsToday, local_day
from matching.rules import IntentFacts, SubscriptionFacts, Verdict, evaluate
from vendors.models import Subscription


def leads_counted_today(subs: list[SubscriptionFacts], now: datetime) -> LeadsToday:
    counts = LeadsToday()
    vendor_of = {s.id: s for s in subs}
    rows = Lead.objects.filter(subscription_id__in=vendor_of).values_list(
        "subscription_id", "matched_at"
    )
    for subscription_id, matched_at in rows:
        sub = vendor_of[subscription_id]
        if local_day(matched_at, sub.zone) == local_day(now, sub.zone):
            counts.by_subscription[subscription_id] += 1
            counts.by_vendor[sub.vendor_id] += 1
    return counts


def reference_rank(intent: Intent, now: datetime | None = None) -> list[Verdict]:
    now = now or timezone.now()
    facts = IntentFacts.of(intent)
    subs = [
        SubscriptionFacts.of(sub)
        for sub in Subscription.objects.select_related("vendor").prefetch_related(
            "categories", "groups", "accepted_terms"
        )
    ]
    counts = leads_counted_today(subs, now)
    verdicts = [evaluate(facts, sub, counts.by_subscription.get(sub.id, 0)) for sub in subs]
    return rank_verdicts(verdicts, counts)


def reference_leads(intent: Intent, now: datetime | None = None) -> list[tuple[int, int]]:
    """(vendor id, subscription id) of the leads the intent should get, in rank order."""
    ranked = reference_rank(intent, now)[: intent.lead_limit]
    return [(v.subscription.vendor_id, v.subscription.id) for v in ranked]

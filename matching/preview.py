""" "In the last 7 days, N intents would have matched this": a subscription that is not
saved yet, run through the matching rules against the intents posted recently in its
area. The vendor portal shows the count on the subscription form as the owner edits it.

The same rules as matching (matching/rules.py), on facts built from the form instead of
the routing table, with two differences, both deliberate: the daily cap is ignored (the
question is how much demand there is, not how much of it one day's cap would have let
through), and every intent posted in the period counts, whatever became of it since.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone

from accounts.models import VendorBlock
from core.geo import bounding_box
from intents.disclosure import disclosed_point
from intents.models import Category, CategoryGroup, Intent, IntentTerm, Term
from matching.rules import IntentFacts, SubscriptionFacts, evaluate, terms_mask, zone
from vendors.hours import spans_from_json
from vendors.models import Membership, Vendor

PREVIEW_DAYS = 7
UNCAPPED = 10**9  # the cap is not the question here


def draft_facts(
    vendor: Vendor,
    *,
    lat: float,
    lng: float,
    radius_km: float,
    categories: Iterable[Category] = (),
    groups: Iterable[CategoryGroup] = (),
    accepted_terms: Iterable[Term] = (),
    hours: list[dict] | None = None,
    min_budget: Decimal | None = None,
    currency: str = "",
) -> SubscriptionFacts:
    """The facts of a subscription as the form describes it (validated data: `hours` as
    the API stores them). It has no id yet: 0 stands in."""
    return SubscriptionFacts(
        id=0,
        vendor_id=vendor.pk,
        lat=lat,
        lng=lng,
        radius_km=radius_km,
        category_ids=frozenset(c.pk for c in categories),
        group_ids=frozenset(g.pk for g in groups),
        min_budget=min_budget,
        currency=currency or "",
        hours=tuple(spans_from_json(hours or [])),
        zone=zone(vendor.time_zone),
        terms_mask=terms_mask(t.bit for t in accepted_terms),
        daily_cap=UNCAPPED,
    )


def recent_intents(facts: SubscriptionFacts, since: datetime, until: datetime):
    """Intents posted in [since, until) in the subscription's categories and inside the
    bounding box of its area, with `own_vendor_id` (the customer's business, if any),
    leaving out the customers who blocked the business."""
    box = bounding_box(facts.lat, facts.lng, facts.radius_km)
    own_vendor = Membership.objects.filter(user_id=OuterRef("customer_id")).values("vendor_id")
    blocked = VendorBlock.objects.filter(
        customer_id=OuterRef("customer_id"), vendor_id=facts.vendor_id
    )
    return (
        Intent.objects.filter(
            Q(category_id__in=facts.category_ids) | Q(category__group_id__in=facts.group_ids),
            created_at__gte=since,
            created_at__lt=until,
            lat__range=(box.min_lat, box.max_lat),
            lng__range=(box.min_lng, box.max_lng),
        )
        .select_related("category__group")
        .annotate(own_vendor_id=Subquery(own_vendor[:1]))
        .exclude(Exists(blocked))
        .order_by()
    )


def would_have_matched(
    facts: SubscriptionFacts, *, now: datetime | None = None, days: int = PREVIEW_DAYS
) -> int:
    """How many intents posted in the last `days` days the subscription fits, by every
    matching rule but the daily cap."""
    if not facts.category_ids and not facts.group_ids:
        return 0
    now = now or timezone.now()
    intents = recent_intents(facts, now - timedelta(days=days), now)
    terms: dict[int, dict[int, str]] = defaultdict(dict)
    rows = IntentTerm.objects.filter(intent__in=intents.values("pk")).values_list(
        "intent_id", "term__bit", "term__slug"
    )
    for intent_id, bit, slug in rows:
        terms[intent_id][bit] = slug
    matched = 0
    for intent in intents:
        slugs = terms[intent.pk]
        intent_facts = IntentFacts(
            intent=intent,
            term_slugs=slugs,
            terms_mask=terms_mask(slugs),
            own_vendor_id=intent.own_vendor_id,
            disclosed=disclosed_point(intent),
        )
        matched += evaluate(intent_facts, facts, leads_today=0).ok
    return matched

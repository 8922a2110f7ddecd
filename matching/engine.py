"""Routing intents to vendors: retrieve candidates, apply the rules, rank, create leads.

Every path that creates leads goes through `create_leads_for_intent` or
`create_leads_for_subscription`. Both lock the intent row first, so two runs for the
same intent take turns; every lead first claims its subscription's daily quota
(matching/quota.py), so caps hold across workers; and the (intent, vendor) unique
constraint stops a second lead whatever happens. Running either twice is harmless.

Retrieval reads the routing table (matching/routes.py) through one B-tree on
(topic, H3 cell); matching/reference.py keeps the brute-force matcher that this one
must agree with, lead for lead, in the same order.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterable, Iterator
from datetime import datetime
from itertools import chain, islice
from typing import NamedTuple

from django.conf import settings
from django.db import OperationalError, transaction
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from core import live
from core.geo import bounding_box, distance_km
from intents.models import Intent
from matching import pending, quota, sql
from matching.models import Lead
from matching.quota import LeadsToday, local_day
from matching.routes import search_cells
from matching.rules import (
    IntentFacts,
    SubscriptionFacts,
    Verdict,
    evaluate,
    parsed_hours,
    under_daily_cap,
    zone,
)
from offers.models import Offer
from vendors.models import Subscription

log = logging.getLogger(__name__)


class Routes(NamedTuple):
    """What retrieval found for an intent: {subscription id: (km, rows)} within reach
    (a subscription to a leaf and its whole group has a row for each), the vendors
    holding a lead for the intent already, and the leads they had today."""

    reachable: dict[int, tuple[float, list[tuple]]]
    led: frozenset[int]
    counts: LeadsToday


def reachable_routes(facts: IntentFacts, now: datetime) -> Routes:
    """Routing rows for the intent's leaf or group, in the H3 cells within reach and the
    box of the intent's radius, already filtered on budget, terms, own business and
    blocked vendors (cheaper in SQL), by subscription with its distance, and the leads
    their vendors had today (at `now`). Rows out of reach are dropped here with the same
    computation as the distance rules, so nothing in reach is lost; the rules then check
    every row that is kept exactly."""
    intent = facts.intent
    rows, led = sql.route_rows(
        intent_id=intent.pk,
        topics=[intent.category_id, -intent.category.group_id],
        cells=search_cells(intent.lat, intent.lng),
        box=bounding_box(intent.lat, intent.lng, intent.radius_km),
        terms_mask=facts.terms_mask,
        budget=intent.budget_max,
        currency=intent.currency,
        excluded_vendor_ids=facts.excluded_vendor_ids,
        now=now,
    )
    reachable: dict[int, tuple[float, list[tuple]]] = {}
    counts = LeadsToday()
    for row in rows:
        if row[0] in reachable:
            reachable[row[0]][1].append(row)
        elif (d := distance_km(intent.lat, intent.lng, row[3], row[4])) <= row[5] and (
            d <= intent.radius_km
        ):
            reachable[row[0]] = (d, [row])
            counts.by_vendor[row[1]] = row[13]
            counts.by_subscription[row[0]] = row[14]
    return Routes(reachable, led, counts)


def subscription_facts(rows: list[tuple]) -> SubscriptionFacts:
    """The facts of one subscription from its routing rows (one per topic it reaches)."""
    (
        sub_id,
        vendor_id,
        _,
        lat,
        lng,
        radius_km,
        min_budget,
        currency,
        mask,
        daily_cap,
        time_zone,
        hours_key,
    ) = rows[0][:12]
    return SubscriptionFacts(
        id=sub_id,
        vendor_id=vendor_id,
        lat=lat,
        lng=lng,
        radius_km=radius_km,
        category_ids=frozenset(row[2] for row in rows if row[2] > 0),
        group_ids=frozenset(-row[2] for row in rows if row[2] < 0),
        min_budget=min_budget,
        currency=currency,
        hours=parsed_hours(hours_key),
        zone=zone(time_zone),
        terms_mask=mask,
        daily_cap=daily_cap,
    )


def ranking_key(vendor_id: int, subscription_id: int, km: float, counts: LeadsToday) -> tuple:
    """Nearer by a distance band first (MATCH_DISTANCE_BAND_KM: within a band, vendors
    count as equally near), then the vendor with fewer leads today, so leads spread
    among equally qualified vendors; then the older vendor and subscription, a total
    order, so the same world always ranks the same."""
    band = int(km // settings.MATCH_DISTANCE_BAND_KM)
    return (band, counts.by_vendor.get(vendor_id, 0), vendor_id, subscription_id)


def verdict_key(verdict: Verdict, counts: LeadsToday) -> tuple:
    sub = verdict.subscription
    return ranking_key(sub.vendor_id, sub.id, verdict.distance_km, counts)


def rank_verdicts(verdicts: Iterable[Verdict], counts: LeadsToday) -> list[Verdict]:
    """The fitting verdicts, one per vendor (its best subscription), best first: the
    plain way, every verdict at hand (the reference matcher's)."""
    best: dict[int, Verdict] = {}
    for verdict in verdicts:
        if not verdict.ok:
            continue
        vendor_id = verdict.subscription.vendor_id
        current = best.get(vendor_id)
        if current is None or verdict_key(verdict, counts) < verdict_key(current, counts):
            best[vendor_id] = verdict
    return sorted(best.values(), key=lambda v: verdict_key(v, counts))


def in_rank_order(
    facts: IntentFacts, routes: Routes, *, skip_vendors: Collection[int] = ()
) -> Iterator[Verdict]:
    """rank_verdicts' answer for the routes found, lazily, leaving out the vendors in
    `skip_vendors`.

    A ranking key needs only the distance and the vendor's count today, both known
    before any rule runs, so the candidates are sorted by it first and checked in that
    order: a vendor's first fitting subscription is then its best, and vendors come out
    best first. Matching stops as soon as it has the leads it wants, usually after
    checking a handful of the candidates. The reference agreement tests hold this to
    the brute-force answer."""
    reachable, counts = routes.reachable, routes.counts
    order = sorted(
        ranking_key(rows[0][1], sub_id, km, counts)
        for sub_id, (km, rows) in reachable.items()
        if rows[0][1] not in skip_vendors
    )
    done = set(skip_vendors)
    for _, _, vendor_id, sub_id in order:
        if vendor_id in done:
            continue
        sub = subscription_facts(reachable[sub_id][1])
        verdict = evaluate(facts, sub, counts.by_subscription.get(sub_id, 0))
        if verdict.ok:
            done.add(vendor_id)
            yield verdict


def rank(intent: Intent, now: datetime | None = None) -> list[Verdict]:
    """Every vendor that fits the intent, best first, with its best-fitting subscription."""
    facts = IntentFacts.of(intent)
    return list(in_rank_order(facts, reachable_routes(facts, now or timezone.now())))


def _lead(intent: Intent, verdict: Verdict, now: datetime, rank_number: int = 0) -> Lead:
    """The lead the verdict gives (its rank set when it is recorded, unless given)."""
    return Lead(
        intent=intent,
        vendor_id=verdict.subscription.vendor_id,
        subscription_id=verdict.subscription.id,
        score=verdict.score,
        rank=rank_number,
        reasons=verdict.passed,
        distance_km=round(verdict.distance_km, 3),
        matched_at=now,
    )


def lock_open_intent(intent_id: int, *, settle: bool = False) -> Intent | None:
    """The intent, row-locked for the rest of the transaction (PostgreSQL), with what
    matching needs to know of it (sql.locked_intent); None unless it is open and not
    held for e-mail verification. With `settle`, its PendingMatch row is deleted in the
    caller's transaction (`intent.owed`: there was one), which is rolled back when the
    intent is not open, so a held intent stays owed."""
    intent = sql.locked_intent(intent_id, settle=settle)
    if intent is None or not intent.is_open or intent.awaiting_verification:
        if settle:
            transaction.set_rollback(True)
        return None  # a held intent waits for its customer to confirm their e-mail
    return intent


def claim_in_rank_order(
    intent: Intent, ranked: Iterator[Verdict], room: int, now: datetime, *, after_rank: int
) -> list[Lead]:
    """Leads for the best `room` verdicts whose daily quota could be claimed, recorded
    with the intent marked matched, and exhausted if that was every fitting vendor left:
    in one statement (sql.claim_and_record), unless a quota taken by a concurrent worker
    since the counts were read passes its turn to the next-ranked, in another."""
    leads: list[Lead] = []
    refused = False
    while True:
        batch = list(islice(ranked, max(room - len(leads), 0)))
        following = next(ranked, None)
        kept = sql.claim_and_record(
            intent.pk,
            [_lead(intent, verdict, now) for verdict in batch],
            [(local_day(now, v.subscription.zone), v.subscription.daily_cap) for v in batch],
            now,
            after_rank=after_rank + len(leads),
            exhausted_if_all=not refused and following is None,
        )
        refused = refused or len(kept) < len(batch)
        leads += kept
        if following is None or len(leads) >= room:
            return leads
        ranked = chain([following], ranked)


DEADLOCK_RETRIES = 3


def is_deadlock(error: OperationalError) -> bool:
    return getattr(error.__cause__, "sqlstate", None) == "40P01"


def create_leads_for_intent(
    intent_id: int, *, room: int | None = None, unless_done: bool = False
) -> list[Lead]:
    """Route an open intent to the best-ranked vendors without a lead yet: up to its
    lead limit, or `room` more (fan-out). Marks the intent exhausted when no fitting
    vendor is left, and settles the matching it owed (matching/pending.py). With
    `unless_done`, an intent matched before that owes nothing since is left alone.

    Quota rows are claimed in id order within a batch, but a vendor capped meanwhile
    sends the claim to a second batch, so two workers can lock crosswise; PostgreSQL
    then rolls one back, and it simply runs again (nothing of it was kept)."""
    for attempt in range(1, DEADLOCK_RETRIES + 1):
        try:
            return _create_leads_for_intent(intent_id, room, unless_done)
        except OperationalError as error:
            if not is_deadlock(error) or attempt == DEADLOCK_RETRIES:
                raise
            log.info("intent %s: deadlock on quota rows, matching again", intent_id)
    raise AssertionError("unreachable")


def _create_leads_for_intent(intent_id: int, room: int | None, unless_done: bool) -> list[Lead]:
    now = timezone.now()
    with transaction.atomic():
        intent = lock_open_intent(intent_id, settle=True)
        if intent is None:
            return []
        if unless_done and not intent.owed and intent.matched_at is not None:
            return []
        facts = IntentFacts.of(intent)
        routes = reachable_routes(facts, now)  # read after the lock: no lead is missed
        have = routes.led
        if room is None:
            room = intent.lead_limit - len(have)
        ranked = in_rank_order(facts, routes, skip_vendors=have)
        leads = claim_in_rank_order(intent, ranked, room, now, after_rank=len(have))
        live.announce_to_vendors((lead.vendor_id for lead in leads), "lead.new", intent=intent.pk)
    log.info("intent %s matched: %s new leads", intent_id, len(leads))
    return leads


def open_intents_for_subscription(sub: Subscription):
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
    each while the intent still has room under its lead limit; then settle the request
    this run served (matching/pending.py: a change made meanwhile stays owed)."""
    request = pending.subscription_request(subscription_id)
    created = _create_leads_for_subscription(subscription_id)
    pending.settle_subscription(subscription_id, request)
    return created


def _create_leads_for_subscription(subscription_id: int) -> list[Lead]:
    sub = (
        Subscription.objects.live()
        .select_related("vendor")
        .prefetch_related("categories", "groups", "accepted_terms")
        .filter(pk=subscription_id)
        .first()
    )
    if sub is None:
        return []
    facts_of_sub = SubscriptionFacts.of(sub)
    created: list[Lead] = []
    for intent_id in open_intents_for_subscription(sub):
        now = timezone.now()
        with transaction.atomic():
            intent = lock_open_intent(intent_id)
            if intent is None:
                continue
            have = intent.leads.count()
            if have >= intent.lead_limit:
                continue
            today = quota.used_today([facts_of_sub], now).by_subscription.get(sub.pk, 0)
            verdict = evaluate(IntentFacts.of(intent), facts_of_sub, today)
            if verdict.failed_rule is under_daily_cap:
                break  # no more leads for this subscription today
            if not verdict.ok or not quota.claim([facts_of_sub], now):
                continue
            lead = _lead(intent, verdict, now, have + 1)
            sql.insert_leads([lead])
            live.announce_to_vendors([lead.vendor_id], "lead.new", intent=intent.pk)
            created.append(lead)
    log.info("subscription %s matched %s open intents", subscription_id, len(created))
    return created


def intents_due_for_fanout(now: datetime | None = None):
    """Open intents matched a while ago (FANOUT_AFTER) that still have fewer live offers
    than they asked for and fitting vendors left to ask."""
    now = now or timezone.now()
    live_offers = (
        Offer.objects.live(now)
        .filter(intent=OuterRef("pk"))
        .order_by()
        .values("intent")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Intent.objects.open(now)
        .filter(matched_at__lte=now - settings.FANOUT_AFTER, exhausted_at__isnull=True)
        .annotate(live_offers=Coalesce(Subquery(live_offers), 0))
        .filter(live_offers__lt=F("max_offers"))
    )


def fan_out(intent: Intent) -> list[Lead]:
    """Reach further down the ranking: as many new vendors as twice the offers still
    missing (each lead yields an offer about half the time is the working assumption
    behind LEADS_PER_OFFER_WANTED)."""
    missing = intent.max_offers - intent.live_offers
    leads = create_leads_for_intent(intent.pk, room=missing * settings.LEADS_PER_OFFER_WANTED)
    Intent.objects.filter(pk=intent.pk).update(fanout_rounds=F("fanout_rounds") + 1)
    return leads

"""The matching rules, one function each, in the order they are checked.

A subscription fits an intent only when every rule passes. Each rule answers in words,
so the same code gives a lead its reasons and an operator the rule that failed.
Rules read plain facts, not models: the brute-force reference matcher builds the facts
from subscriptions and their relations, the indexed matcher from routing rows, and both
then ask these same functions. Retrieval only narrows; these rules are the answer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from zoneinfo import ZoneInfo

from core.geo import distance_km
from core.money import format_money
from intents.disclosure import DisclosedPoint, disclosed_point
from intents.models import Intent
from matching import sql
from vendors.hours import Span, first_open_span, spans_from_json
from vendors.models import Membership, Subscription


def terms_mask(bits) -> int:
    """A set of terms as one integer (Term.bit): `needed & ~accepted` is what is missing.
    Both SQLite and PostgreSQL compute it on a BIGINT column."""
    mask = 0
    for bit in bits:
        mask |= 1 << bit
    return mask


@lru_cache(maxsize=4096)
def parsed_hours(hours_key: str) -> tuple[Span, ...]:
    """Opening hours parsed once per distinct weekly pattern (vendors share templates)."""
    import json

    return tuple(spans_from_json(json.loads(hours_key)))


@lru_cache(maxsize=1024)
def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


@dataclass(frozen=True, slots=True)
class SubscriptionFacts:
    """Everything the rules need to know about one subscription."""

    id: int
    vendor_id: int
    lat: float
    lng: float
    radius_km: float
    category_ids: frozenset[int]
    group_ids: frozenset[int]
    min_budget: Decimal | None
    currency: str
    hours: tuple[Span, ...]
    zone: ZoneInfo
    terms_mask: int
    daily_cap: int
    active: bool = True
    suspended: bool = False

    @classmethod
    def of(cls, sub: Subscription) -> SubscriptionFacts:
        """From a subscription with vendor, categories, groups and accepted_terms loaded."""
        return cls(
            id=sub.pk,
            vendor_id=sub.vendor_id,
            lat=sub.lat,
            lng=sub.lng,
            radius_km=sub.radius_km,
            category_ids=frozenset(c.pk for c in sub.categories.all()),
            group_ids=frozenset(g.pk for g in sub.groups.all()),
            min_budget=sub.min_budget,
            currency=sub.currency,
            hours=tuple(spans_from_json(sub.hours)),
            zone=zone(sub.vendor.time_zone),
            terms_mask=terms_mask(t.bit for t in sub.accepted_terms.all()),
            daily_cap=sub.daily_cap,
            active=sub.active,
            suspended=sub.vendor.suspended_at is not None,
        )


@dataclass(frozen=True)
class IntentFacts:
    """What the rules need to know about an intent, read once per matching run."""

    intent: Intent
    term_slugs: dict[int, str]  # the intent's terms, bit -> slug
    terms_mask: int
    own_vendor_id: int | None  # the business the customer belongs to, if any
    disclosed: DisclosedPoint  # what the vendor may learn of where the intent is
    blocked_vendor_ids: frozenset[int] = frozenset()  # businesses the customer blocked

    @property
    def excluded_vendor_ids(self) -> frozenset[int]:
        """Never matched, whatever else fits: the customer's own business and those
        the customer blocked."""
        own = {self.own_vendor_id} if self.own_vendor_id is not None else set()
        return self.blocked_vendor_ids | own

    @classmethod
    def of(cls, intent: Intent) -> IntentFacts:
        """Uses `intent.term_slugs`, `own_vendor_id` and `blocked_vendor_ids` when the
        query read them (matching.sql.locked_intent), else looks them up."""
        slugs = getattr(intent, "term_slugs", None)
        if slugs is None:
            slugs = sql.intent_terms(intent.pk)
        own_vendor_id = getattr(intent, "own_vendor_id", None)
        if not hasattr(intent, "own_vendor_id"):
            own_vendor_id = (
                Membership.objects.filter(user_id=intent.customer_id)
                .values_list("vendor_id", flat=True)
                .first()
            )
        blocked = getattr(intent, "blocked_vendor_ids", None)
        if blocked is None:
            blocked = sql.blocked_vendors(intent.customer_id)
        return cls(
            intent=intent,
            term_slugs=slugs,
            terms_mask=terms_mask(slugs),
            own_vendor_id=own_vendor_id,
            disclosed=disclosed_point(intent),
            blocked_vendor_ids=blocked,
        )


Rule = Callable[[IntentFacts, SubscriptionFacts, "Verdict"], tuple[bool, str]]


@dataclass
class Verdict:
    subscription: SubscriptionFacts
    leads_today: int
    reach_km: float
    distance_km: float = 0.0  # true distance: decides the match, never shown to the vendor
    disclosed_distance_km: float = 0.0  # to the disclosed point: what the vendor may see
    passed: list[str] = field(default_factory=list)
    failed: str | None = None
    failed_rule: Rule | None = None

    @property
    def ok(self) -> bool:
        return self.failed is None

    @property
    def score(self) -> float:
        """1 at the intent's (disclosed) point, falling to 0 at the edge of the shorter
        reach. The vendor sees it, so it must not be finer than the disclosure."""
        return round(max(0.0, 1 - self.disclosed_distance_km / self.reach_km), 2)


def vendor_can_receive(facts, sub, verdict):
    if not sub.active:
        return False, "Subscription is paused"
    if sub.suspended:
        return False, "Vendor is suspended"
    return True, "Vendor active"


def category_fits(facts, sub, verdict):
    category = facts.intent.category
    if category.pk in sub.category_ids:
        return True, f"Subscribed to {category.name}"
    if category.group_id in sub.group_ids:
        return True, f"Subscribed to all of {category.group.name}"
    return False, f"Not subscribed to {category.name}"


def intent_within_service_area(facts, sub, verdict):
    intent, shown = facts.intent, facts.disclosed
    verdict.distance_km = distance_km(intent.lat, intent.lng, sub.lat, sub.lng)
    verdict.disclosed_distance_km = distance_km(shown.lat, shown.lng, sub.lat, sub.lng)
    if verdict.distance_km <= sub.radius_km:
        # Stored on the lead, which the vendor reads: worded from the disclosed point.
        return True, (
            f"About {verdict.disclosed_distance_km:.1f} km away, inside its "
            f"{sub.radius_km:g} km area"
        )
    # Failures are never shown to vendors (only to operators), so the truth is fine here.
    return False, f"{verdict.distance_km:.1f} km away, outside its {sub.radius_km:g} km area"


def vendor_within_intent_radius(facts, sub, verdict):
    radius = facts.intent.radius_km
    if verdict.distance_km <= radius:
        return True, f"Within the customer's {radius:g} km"
    return False, f"Farther than the customer's {radius:g} km"


def open_during_window(facts, sub, verdict):
    if not sub.hours:
        return True, "Always open"
    found = first_open_span(sub.hours, sub.zone, facts.intent.starts_at, facts.intent.ends_at)
    if found is None:
        return False, "Closed throughout the requested time"
    span, _ = found
    return True, f"Open {span.label()} ({sub.zone.key}) during the requested time"


def budget_meets_minimum(facts, sub, verdict):
    intent = facts.intent
    if sub.min_budget is None:
        return True, "No minimum budget"
    if intent.budget_max is None:
        return True, "No budget stated"
    if intent.currency != sub.currency:
        return False, f"Budget in {intent.currency}, minimum set in {sub.currency}"
    budget = format_money(intent.budget_max, intent.currency)
    minimum = format_money(sub.min_budget, sub.currency)
    if intent.budget_max >= sub.min_budget:
        return True, f"Budget {budget} meets the {minimum} minimum"
    return False, f"Budget {budget} is under the {minimum} minimum"


def terms_pre_accepted(facts, sub, verdict):
    missing = facts.terms_mask & ~sub.terms_mask
    if missing:
        slugs = sorted(slug for bit, slug in facts.term_slugs.items() if missing >> bit & 1)
        return False, "Does not pre-accept " + ", ".join(slugs)
    return True, f"Pre-accepts all {len(facts.term_slugs)} of the customer's terms"


def not_own_business(facts, sub, verdict):
    if facts.own_vendor_id == sub.vendor_id:
        return False, "The customer works for this business"
    return True, "Not the customer's own business"


def not_blocked(facts, sub, verdict):
    if sub.vendor_id in facts.blocked_vendor_ids:
        return False, "The customer blocked this business"
    return True, "Not blocked by the customer"


def under_daily_cap(facts, sub, verdict):
    if verdict.leads_today >= sub.daily_cap:
        return False, f"Daily cap reached ({verdict.leads_today} of {sub.daily_cap})"
    return True, f"{verdict.leads_today} of {sub.daily_cap} leads today"


RULES: tuple[Rule, ...] = (
    vendor_can_receive,
    category_fits,
    intent_within_service_area,
    vendor_within_intent_radius,
    open_during_window,
    budget_meets_minimum,
    terms_pre_accepted,
    not_own_business,
    not_blocked,
    under_daily_cap,
)


def evaluate(facts: IntentFacts, sub: SubscriptionFacts, leads_today: int) -> Verdict:
    """Check the rules in order and stop at the first that fails."""
    verdict = Verdict(
        subscription=sub,
        leads_today=leads_today,
        reach_km=min(sub.radius_km, facts.intent.radius_km),
    )
    for rule in RULES:
        ok, words = rule(facts, sub, verdict)
        if not ok:
            verdict.failed, verdict.failed_rule = words, rule
            break
        verdict.passed.append(words)
    return verdict

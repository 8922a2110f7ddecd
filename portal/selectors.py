"""Every read the vendor portal makes, each scoped to the business of the signed-in
member: another vendor's lead, offer, subscription or reply is a 404, never a 403 that
would confirm it exists. Views get objects only through the `*_for_member` helpers."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.shortcuts import get_object_or_404
from django.utils import timezone

from intents.models import Category, Intent, IntentTerm
from matching.models import Lead
from offers.models import Offer
from portal.models import ReplyTemplate
from vendors.models import Membership, Subscription, Vendor
from vendors.permissions import membership_of

# ?status= on the inbox: (label, what it shows). The default is what still needs an answer.
INBOX_FILTERS = {
    "": "To answer",
    "offered": "Offered",
    "passed": "Passed",
    "closed": "Closed",
    "all": "All",
}
# ?status= on the offers page, in the order of its tabs.
OFFER_FILTERS = {
    "pending": "Pending",
    "accepted": "Accepted",
    "declined": "Declined",
    "expired": "Expired",
    "other": "Withdrawn or closed",
}


def vendor_of(request) -> Vendor:
    """The signed-in member's business (the views' decorators checked there is one)."""
    return membership_of(request).vendor


def _intent_status_now(now: datetime):
    """The intent's status as it reads now: open past its expiry is expired."""
    return Case(
        When(
            intent__status=Intent.Status.OPEN,
            intent__expires_at__lte=now,
            then=Value(Intent.Status.EXPIRED.value),
        ),
        default=F("intent__status"),
        output_field=CharField(),
    )


def leads_for_member(request, now: datetime | None = None) -> QuerySet[Lead]:
    """The business's leads with what every page shows of them: `intent_status_now`,
    what deciding the vendor's view needs (LeadQuerySet.with_disclosure: `won`,
    `terms_accepted`, ...), the intent's category, customer and terms."""
    vendor = vendor_of(request)
    now = now or timezone.now()
    terms = IntentTerm.objects.select_related("term").order_by("-term__is_default", "term__slug")
    return (
        Lead.objects.for_vendor(vendor)
        .with_disclosure()
        .annotate(intent_status_now=_intent_status_now(now))
        .select_related("intent__category__group", "intent__customer", "subscription", "vendor")
        .prefetch_related(Prefetch("intent__intent_terms", queryset=terms))
    )


def lead_for_member(request, lead_id: int) -> Lead:
    return get_object_or_404(leads_for_member(request), pk=lead_id)


def inbox(request, status: str = "", category: str = "") -> QuerySet[Lead]:
    """The inbox under its filters. "To answer" (the default) is new and viewed leads on
    intents still open, soonest to end first; passing a lead takes it out of there."""
    leads = leads_for_member(request)
    if category:
        leads = leads.filter(intent__category__slug=category)
    if status == "":
        return leads.filter(
            status__in=Lead.UNANSWERED, intent_status_now=Intent.Status.OPEN
        ).order_by("intent__expires_at", "-matched_at", "pk")
    if status == "offered":
        leads = leads.filter(status=Lead.Status.OFFERED)
    elif status == "passed":
        leads = leads.filter(status=Lead.Status.PASSED)
    elif status == "closed":
        leads = leads.filter(
            Q(status=Lead.Status.CLOSED)
            | Q(status__in=Lead.UNANSWERED) & ~Q(intent_status_now=Intent.Status.OPEN)
        )
    return leads.order_by("-matched_at", "-pk")


def inbox_counts(request) -> dict[str, int]:
    """Leads waiting for an answer: new (never opened) and all of them."""
    leads = Lead.objects.for_vendor(vendor_of(request)).filter(
        status__in=Lead.UNANSWERED, intent__status=Intent.Status.OPEN,
        intent__expires_at__gt=timezone.now(),
    )  # fmt: skip
    counts = leads.aggregate(waiting=Count("pk"), new=Count("pk", filter=Q(status=Lead.Status.NEW)))
    return counts


def inbox_categories(request) -> list[Category]:
    """The categories the business has had leads in, for the inbox's filter."""
    vendor = vendor_of(request)
    return list(Category.objects.filter(intents__leads__vendor=vendor).distinct().order_by("name"))


def offers_for_member(request) -> QuerySet[Offer]:
    """The business's offers with `status_now`, the intent, its terms and the lead."""
    terms = IntentTerm.objects.select_related("term").order_by("-term__is_default", "term__slug")
    return (
        Offer.objects.for_vendor(vendor_of(request))
        .with_current_status()
        .select_related("intent__category", "intent__customer", "lead__subscription", "vendor")
        .prefetch_related(Prefetch("intent__intent_terms", queryset=terms))
    )


def offer_for_member(request, offer_id: int) -> Offer:
    return get_object_or_404(offers_for_member(request), pk=offer_id)


def offers_page(request, status: str) -> QuerySet[Offer]:
    offers = offers_for_member(request)
    if status == "other":
        offers = offers.filter(status_now__in=[Offer.Status.WITHDRAWN, Offer.Status.CLOSED])
    else:
        offers = offers.filter(status_now=status)
    if status == "pending":
        return offers.order_by("valid_until", "-pk")
    if status == "accepted":  # the ones still to fulfil first
        return offers.order_by(
            F("fulfilled_at").desc(nulls_first=True), "-decided_at", "-created_at", "-pk"
        )
    return offers.order_by("-decided_at", "-created_at", "-pk")


def offer_counts(request) -> dict[str, int]:
    rows = (
        Offer.objects.for_vendor(vendor_of(request))
        .with_current_status()
        .order_by()
        .values("status_now")
        .annotate(n=Count("pk"))
    )
    counts = {row["status_now"]: row["n"] for row in rows}
    counts["other"] = counts.get(Offer.Status.WITHDRAWN, 0) + counts.get(Offer.Status.CLOSED, 0)
    return counts


def offers_on_lead(lead: Lead) -> list[Offer]:
    """The business's offers on a lead, newest first (`lead` came through
    lead_for_member, so it is the member's)."""
    return list(
        Offer.objects.for_vendor(lead.vendor)
        .filter(lead=lead)
        .with_current_status()
        .select_related("created_by")
        .order_by("-created_at", "-pk")
    )


def subscriptions_for_member(request) -> QuerySet[Subscription]:
    since = timezone.now() - timedelta(days=7)
    return (
        Subscription.objects.for_vendor(vendor_of(request))
        .prefetch_related("categories", "groups", "accepted_terms")
        .annotate(leads_7d=Count("leads", filter=Q(leads__matched_at__gte=since)))
        .order_by("-active", "id")
    )


def subscription_for_member(request, subscription_id: int) -> Subscription:
    return get_object_or_404(subscriptions_for_member(request), pk=subscription_id)


def team(request) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(vendor=vendor_of(request))
        .select_related("user")
        .order_by("role", "created_at", "pk")
    )


def replies_for_member(request) -> QuerySet[ReplyTemplate]:
    return ReplyTemplate.objects.for_vendor(vendor_of(request))


def reply_for_member(request, reply_id: int) -> ReplyTemplate:
    return get_object_or_404(replies_for_member(request), pk=reply_id)

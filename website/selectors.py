"""Every read the customer website makes, each scoped to the signed-in customer: someone
else's intent or offer is a 404, never a 403 that would confirm it exists."""

from __future__ import annotations

from django.db.models import Case, F, IntegerField, Prefetch, QuerySet, Value, When
from django.shortcuts import get_object_or_404

from intents.models import AccessEvent, Intent, IntentTerm
from matching.models import Lead
from offers.models import Offer

# ?sort= on an intent's offers: (label, ordering). Live offers always come first.
SORTS = {
    "price": ("Lowest price", [F("price").asc()]),
    "distance": ("Nearest", [F("lead__distance_km").asc()]),
    "rating": ("Best rated", [F("vendor__rating").desc(nulls_last=True)]),
    "time": ("Ending soonest", [F("valid_until").asc()]),
}
DEFAULT_SORT = "price"
CLOSED = [Intent.Status.ACCEPTED, Intent.Status.WITHDRAWN, Intent.Status.EXPIRED]


def customer_intents(user) -> QuerySet[Intent]:
    """The customer's intents with `status_now`, `leads_count` and `offers_count`."""
    return (
        Intent.objects.owned_by(user)
        .with_current_status()
        .with_counts()
        .select_related("category")
        .order_by("-created_at", "-id")
    )


def intent_for(user, intent_id: int) -> Intent:
    terms = IntentTerm.objects.select_related("term").order_by("term__slug")
    return get_object_or_404(
        customer_intents(user).prefetch_related(Prefetch("intent_terms", queryset=terms)),
        pk=intent_id,
    )


def offers_on(intent: Intent, sort: str) -> QuerySet[Offer]:
    """The intent's offers, live ones first in the chosen order, then the rest (newest
    first). Withdrawn offers are left out: the vendor took them back."""
    live_first = Case(
        When(status_now=Offer.Status.PENDING, then=Value(0)),
        When(status_now=Offer.Status.ACCEPTED, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return (
        Offer.objects.for_customer(intent.customer)
        .filter(intent=intent)
        .exclude(status=Offer.Status.WITHDRAWN)
        .with_current_status()
        .select_related("vendor", "lead")
        .order_by(live_first, *SORTS[sort][1], "-created_at", "-id")
    )


def offer_for(user, intent: Intent, offer_id: int) -> Offer:
    offers = (
        Offer.objects.for_customer(user)
        .filter(intent=intent)
        .with_current_status()
        .select_related("vendor", "lead")
    )
    return get_object_or_404(offers, pk=offer_id)


def leads_by_intent(user) -> QuerySet[Intent]:
    """For the privacy page: each intent with the vendors it reached (`leads`), first
    matched first, and its access log (`access_events`), newest first."""
    leads = Lead.objects.select_related("vendor").order_by("matched_at", "id")
    events = AccessEvent.objects.select_related("vendor", "user")
    return (
        Intent.objects.owned_by(user)
        .with_current_status()
        .select_related("category")
        .prefetch_related(
            Prefetch("leads", queryset=leads), Prefetch("access_events", queryset=events)
        )
        .order_by("-created_at", "-id")
    )

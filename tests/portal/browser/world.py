"""A believable business for screenshots: subscriptions, an inbox with leads in every
state, offers decided every way, a month of history for insights, saved replies."""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from intents.models import Intent, Term
from matching.models import Lead
from offers.models import Offer, TermsAcceptance
from portal.models import ReplyTemplate
from tests.factories import (
    GLASGOW,
    IntentFactory,
    LeadFactory,
    OfferFactory,
    SubscriptionFactory,
    UserFactory,
    VendorFactory,
    category,
    group,
    terms,
)
from vendors.models import Membership

EDINBURGH = (55.9533, -3.1883)
LUNCH_AND_DINNER = [
    span
    for day in range(6)
    for span in (
        {"weekday": day, "opens": "11:30", "closes": "14:30"},
        {"weekday": day, "opens": "18:00", "closes": "22:30"},
    )
]

# text, category, budget, quantity, hours until it starts, hours it lasts, extra terms
OPEN_REQUESTS = [
    (
        "Lunch for 2 near Buchanan Street now, something Italian",
        "restaurant-meal", "30", 2, 0, 2, (),
    ),
    (
        "Table for 6 tonight, a birthday, vegetarian options please",
        "restaurant-meal", "180", 6, 6, 4, ("no-contact-after-close",),
    ),
    (
        "Finger food for an office party of 25 on Friday",
        "catering", "400", 25, 50, 3, ("delete-within-30-days",),
    ),
    (
        "Pizza delivered to the West End in the next hour",
        "takeaway-delivery", None, 3, 0, 1, (),
    ),
    (
        "Quiet dinner for two tomorrow, around 8pm",
        "restaurant-meal", "90", 2, 30, 3, ("platform-contact-only",),
    ),
]  # fmt: skip


def _intent(text, slug, budget, quantity, starts_in_h, hours, extra, **fields) -> Intent:
    now = timezone.now()
    starts = now + timedelta(hours=starts_in_h)
    return IntentFactory(
        text=text,
        category=category(slug),
        budget_max=Decimal(budget) if budget else None,
        currency="GBP" if budget else "",
        quantity=quantity,
        starts_at=starts,
        ends_at=starts + timedelta(hours=hours),
        expires_at=starts + timedelta(hours=hours),
        terms=[*Term.objects.filter(is_default=True), *terms(*extra)],
        **fields,
    )


def lived_in_vendor():
    now = timezone.now()
    vendor = VendorFactory(
        name="Trattoria Lucca",
        description="Family-run Italian in the Merchant City since 1998.",
        email="ciao@lucca.example.com",
        phone="+44 141 496 0000",
        address="12 Candleriggs, Glasgow G1 1LD",
    )
    vendor.owner.name = "Lucia Rossi"
    vendor.owner.save()
    staff = UserFactory(name="Marco Bianchi", email="marco@lucca.example.com")
    Membership.objects.create(vendor=vendor, user=staff, role=Membership.Role.STAFF)
    main = SubscriptionFactory(
        vendor=vendor,
        categories=[category("restaurant-meal"), category("catering")],
        radius_km=3,
        hours=LUNCH_AND_DINNER,
        min_budget=Decimal(15),
        currency="GBP",
        daily_cap=25,
    )
    SubscriptionFactory(
        vendor=vendor, categories=[], groups=[group("food-drink")], radius_km=8, daily_cap=10
    )
    SubscriptionFactory(
        vendor=vendor,
        categories=[category("catering")],
        lat=EDINBURGH[0],
        lng=EDINBURGH[1],
        radius_km=10,
        active=False,
    )
    for title, message in [
        ("Lunch for two", "Two lunch menus (starter and main) with a soft drink each. "
         "We can seat you by the window within 15 minutes."),
        ("Group dinner", "Our private room seats up to 12. Set menu of three courses, "
         "vegetarian and vegan options on request."),
    ]:  # fmt: skip
        ReplyTemplate.objects.create(vendor=vendor, title=title, message=message)

    # The inbox: open requests in every state.
    leads = []
    for minutes_ago, km, request in zip(
        [2, 9, 25, 41, 70], [0.4, 1.3, 2.1, 0.8, 2.6], OPEN_REQUESTS, strict=True
    ):
        intent = _intent(*request, lat=GLASGOW[0] + km / 111, lng=GLASGOW[1])
        leads.append(
            LeadFactory(
                intent=intent,
                vendor=vendor,
                subscription=main,
                distance_km=km,
                matched_at=now - timedelta(minutes=minutes_ago),
                reasons=[
                    "Subscribed to " + intent.category.name,
                    "About 1.2 km away, inside its 3 km area",
                    "Open Mon 11:30-14:30 (Europe/London) during the requested time",
                ],
            )
        )
    Lead.objects.filter(pk__in=[leads[1].pk, leads[2].pk]).update(
        status=Lead.Status.VIEWED, viewed_at=now - timedelta(minutes=5)
    )
    offered = leads[3]
    TermsAcceptance.objects.create(
        intent=offered.intent, vendor=vendor, accepted_by=staff, term_versions={}
    )
    OfferFactory(
        lead=offered,
        price=Decimal("27.50"),
        message="Three large pizzas of your choice, at your door in 35 minutes.",
        created_by=staff,
        created_at=now - timedelta(minutes=30),
    )
    Lead.objects.filter(pk=offered.pk).update(status=Lead.Status.OFFERED)

    # An accepted offer, not yet fulfilled.
    won = _intent(
        "Dinner for 4 on Saturday, we love seafood", "restaurant-meal", "140", 4, -3, 2, (),
        created_at=now - timedelta(hours=6), status=Intent.Status.ACCEPTED,
    )  # fmt: skip
    won.customer.name, won.customer.email = "Ada Lovelace", "ada@example.com"
    won.customer.phone = "+44 7700 900123"
    won.customer.save()
    won_lead = LeadFactory(
        intent=won,
        vendor=vendor,
        subscription=main,
        status=Lead.Status.OFFERED,
        matched_at=now - timedelta(hours=6),
        viewed_at=now - timedelta(hours=6) + timedelta(minutes=3),
    )
    OfferFactory(
        lead=won_lead,
        price=Decimal("128.00"),
        message="Seafood platter for four and a bottle of prosecco on the house.",
        status=Offer.Status.ACCEPTED,
        created_at=now - timedelta(hours=5, minutes=50),
        decided_at=now - timedelta(hours=5),
        created_by=vendor.owner,
    )
    _history(vendor, main, now)
    return vendor


def _history(vendor, subscription, now) -> None:
    """A month of leads, two thirds answered, a third of the offers won."""
    rng = random.Random(7)  # fixed: the same pictures every time
    slugs = ["restaurant-meal"] * 5 + ["catering"] * 2 + ["takeaway-delivery"] * 2
    texts = {
        "restaurant-meal": ["Dinner for 2 tonight", "Lunch for 4, near the station", "Brunch"],
        "catering": ["Sandwiches for a meeting of 12", "Canapés for 40 on Saturday"],
        "takeaway-delivery": ["Pizza for 3, delivered", "Curry night for 5, delivered"],
    }
    for day in range(1, 31):
        for _ in range(rng.randint(0, 5)):
            matched = now - timedelta(days=day, hours=rng.randint(0, 10))
            slug = rng.choice(slugs)
            intent = IntentFactory(
                text=rng.choice(texts[slug]),
                category=category(slug),
                created_at=matched,
                starts_at=matched,
                ends_at=matched + timedelta(hours=2),
                expires_at=matched + timedelta(hours=2),
                status=Intent.Status.EXPIRED,
            )
            lead = LeadFactory(
                intent=intent, vendor=vendor, matched_at=matched, viewed_at=matched,
                status=Lead.Status.CLOSED,
            )  # fmt: skip
            if rng.random() < 0.66:
                won = rng.random() < 0.35
                OfferFactory(
                    lead=lead,
                    created_at=matched + timedelta(minutes=rng.randint(2, 40)),
                    status=Offer.Status.ACCEPTED if won else rng.choice(
                        [Offer.Status.DECLINED, Offer.Status.EXPIRED, Offer.Status.CLOSED]
                    ),
                    decided_at=matched + timedelta(hours=1),
                    fulfilled_at=matched + timedelta(hours=3) if won else None,
                )  # fmt: skip
                if won:
                    Intent.objects.filter(pk=intent.pk).update(status=Intent.Status.ACCEPTED)

"""The indexed matcher gives exactly the brute-force answer: the same leads, in the same
order, on random worlds (points near tier edges, poles and the antimeridian, every rule
in play, leads already delivered today)."""

import random
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import VendorBlock
from core.geo import KM_PER_DEGREE_LAT
from intents.models import Category, CategoryGroup, Term
from matching.engine import create_leads_for_intent, rank
from matching.models import Lead
from matching.reference import reference_leads, reference_rank
from tests.factories import IntentFactory, LeadFactory, SubscriptionFactory, VendorFactory
from vendors.models import Vendor
from vendors.services import suspend_vendor

pytestmark = pytest.mark.django_db

BASES = [(55.8642, -4.2518), (0.5, 179.97), (78.22, 15.65), (-33.87, 151.21), (40.71, -74.0)]
# Radii straddling the routing tiers' edges (3, 8, 25, 70 km) and both extremes.
RADII = [0.3, 1, 2.99, 3, 3.01, 5, 7.99, 8, 8.01, 12, 24.99, 25, 25.01, 40, 69.9, 70, 71, 150, 200]
ZONES = ["Europe/London", "America/New_York", "Pacific/Auckland", "Asia/Kolkata", "UTC"]
CATEGORY_SLUGS = ["restaurant-meal", "takeaway-delivery", "plumbing", "electrical"]
GROUP_SLUGS = ["food-drink", "home-services"]


def offset(rng: random.Random, base, max_km: float) -> tuple[float, float]:
    """A point within max_km of base, clipped to valid coordinates."""
    import math

    km = max_km * math.sqrt(rng.random())
    bearing = rng.uniform(0, 2 * math.pi)
    lat = base[0] + km * math.cos(bearing) / KM_PER_DEGREE_LAT
    cos_lat = max(math.cos(math.radians(lat)), 0.01)
    lng = base[1] + km * math.sin(bearing) / (KM_PER_DEGREE_LAT * cos_lat)
    lat = max(-89.9, min(89.9, lat))
    return lat, ((lng + 180) % 360) - 180


def random_hours(rng: random.Random) -> list[dict]:
    if rng.random() < 0.4:
        return []
    spans = []
    for weekday in rng.sample(range(7), rng.randint(1, 7)):
        opens = rng.randint(0, 23)
        closes = (opens + rng.randint(1, 23)) % 24  # sometimes past midnight
        spans.append({"weekday": weekday, "opens": f"{opens:02d}:00", "closes": f"{closes:02d}:30"})
    return spans


def build_world(rng: random.Random, base) -> None:
    categories = list(Category.objects.filter(slug__in=CATEGORY_SLUGS))
    groups = list(CategoryGroup.objects.filter(slug__in=GROUP_SLUGS))
    terms = list(Term.objects.all())
    for _ in range(rng.randint(5, 16)):
        vendor = VendorFactory(time_zone=rng.choice(ZONES))
        for _ in range(rng.randint(1, 2)):
            lat, lng = offset(rng, base, rng.choice([2, 5, 10, 40, 150]))
            with_budget = rng.random() < 0.3
            SubscriptionFactory(
                vendor=vendor,
                lat=lat,
                lng=lng,
                radius_km=rng.choice(RADII),
                hours=random_hours(rng),
                min_budget=Decimal(rng.choice([10, 25, 50])) if with_budget else None,
                currency=rng.choice(["GBP", "EUR"]) if with_budget else "",
                daily_cap=rng.randint(1, 4),
                active=rng.random() < 0.9,
                categories=rng.sample(categories, rng.randint(1, 3)),
                groups=rng.sample(groups, rng.randint(0, 1)),
                accepted_terms=terms
                if rng.random() < 0.6
                else rng.sample(terms, rng.randint(1, 5)),
            )
        if rng.random() < 0.1:
            suspend_vendor(vendor)
    # Leads already delivered today count against caps and spread the ranking.
    for sub in SubscriptionFactory._meta.model.objects.order_by("?")[: rng.randint(0, 6)]:
        LeadFactory(vendor=sub.vendor, subscription=sub, intent=IntentFactory())


def random_intent(rng: random.Random, base):
    lat, lng = offset(rng, base, rng.choice([1, 5, 30]))
    starts = timezone.now() + timedelta(hours=rng.randint(-2, 60))
    with_budget = rng.random() < 0.6
    intent = IntentFactory(
        lat=lat,
        lng=lng,
        radius_km=rng.choice([0.5, 2, 5, 10, 25, 80, 200]),
        category=Category.objects.get(slug=rng.choice(CATEGORY_SLUGS)),
        starts_at=starts,
        ends_at=starts + timedelta(hours=rng.choice([1, 3, 12, 72])),
        expires_at=timezone.now() + timedelta(days=1),
        budget_max=Decimal(rng.choice([5, 25, 100])) if with_budget else None,
        currency=rng.choice(["GBP", "EUR"]) if with_budget else "",
        max_offers=rng.randint(1, 4),
        terms=rng.sample(list(Term.objects.all()), rng.randint(0, 3)),
    )
    # Customers block a business now and then: blocked ones must drop out of both.
    vendors = list(Vendor.objects.all())
    for vendor in rng.sample(vendors, min(len(vendors), rng.choice([0, 0, 1, 3]))):
        VendorBlock.objects.create(customer=intent.customer, vendor=vendor)
    return intent


def signature(verdicts) -> list[tuple[int, int]]:
    return [(v.subscription.vendor_id, v.subscription.id) for v in verdicts]


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(seed=st.integers(min_value=0, max_value=2**32), base=st.sampled_from(BASES))
def test_indexed_matching_equals_brute_force_on_random_worlds(seed, base):
    rng = random.Random(seed)
    with transaction.atomic():
        build_world(rng, base)
        for _ in range(3):
            intent = random_intent(rng, base)
            assert signature(rank(intent)) == signature(reference_rank(intent))
            expected = reference_leads(intent)
            create_leads_for_intent(intent.pk)
            made = Lead.objects.filter(intent=intent).order_by("rank")
            assert [(lead.vendor_id, lead.subscription_id) for lead in made] == expected
        transaction.set_rollback(True)  # the next example starts from an empty world


def test_the_agreement_test_sees_matches_at_all():
    """Guard against a vacuous property: the random worlds do produce leads."""
    matched = blocks = 0
    for seed in range(20):
        rng = random.Random(seed)
        with transaction.atomic():
            build_world(rng, BASES[0])
            for _ in range(3):
                matched += len(reference_leads(random_intent(rng, BASES[0])))
            blocks += VendorBlock.objects.count()
            transaction.set_rollback(True)
    assert matched >= 30
    assert blocks >= 10  # and blocks are part of the worlds

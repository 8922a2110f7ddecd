"""Ranking: nearer first, then fewer leads today, then a fixed tie-break; only the top
max_offers x 2 vendors get a lead, one lead per vendor, with its score and reasons."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from intents.models import Intent
from intents.services import create_intent
from matching.engine import create_leads_for_intent
from matching.models import Lead
from tests.domain.helpers import match, next_weekday, north_of, on
from tests.factories import (
    IntentFactory,
    LeadFactory,
    SubscriptionFactory,
    UserFactory,
    VendorFactory,
    category,
)

pytestmark = pytest.mark.django_db


def ranked_vendors(intent) -> list[int]:
    create_leads_for_intent(intent.pk)
    return list(
        Lead.objects.filter(intent=intent).order_by("rank").values_list("vendor_id", flat=True)
    )


def give_leads_today(subscription, count: int) -> None:
    for _ in range(count):
        LeadFactory(
            vendor=subscription.vendor, subscription=subscription, matched_at=timezone.now()
        )


def test_nearer_vendors_rank_first():
    far = SubscriptionFactory(**north_of(3))
    near = SubscriptionFactory(**north_of(1))
    middle = SubscriptionFactory(**north_of(2))

    ranking = ranked_vendors(IntentFactory())

    assert ranking == [near.vendor_id, middle.vendor_id, far.vendor_id]


def test_at_the_same_distance_the_vendor_with_fewer_leads_today_ranks_first():
    busy = SubscriptionFactory(**north_of(1))
    quiet = SubscriptionFactory(**north_of(1))
    give_leads_today(busy, 2)
    give_leads_today(quiet, 1)

    assert ranked_vendors(IntentFactory()) == [quiet.vendor_id, busy.vendor_id]


def test_leads_from_yesterday_do_not_count_against_a_vendor():
    busy_yesterday = SubscriptionFactory(**north_of(1))
    busy_today = SubscriptionFactory(**north_of(1))
    for _ in range(3):
        LeadFactory(
            vendor=busy_yesterday.vendor,
            subscription=busy_yesterday,
            matched_at=timezone.now() - timedelta(days=2),
        )
    give_leads_today(busy_today, 1)

    assert ranked_vendors(IntentFactory()) == [busy_yesterday.vendor_id, busy_today.vendor_id]


def test_distance_counts_before_fairness():
    near_but_busy = SubscriptionFactory(**north_of(1))
    far_and_idle = SubscriptionFactory(**north_of(2))
    give_leads_today(near_but_busy, 5)

    assert ranked_vendors(IntentFactory()) == [near_but_busy.vendor_id, far_and_idle.vendor_id]


def test_a_few_metres_closer_does_not_outrank_a_vendor_with_fewer_leads():
    metres_closer = SubscriptionFactory(**north_of(0.02))
    idle = SubscriptionFactory(**north_of(0.04))
    give_leads_today(metres_closer, 1)

    assert ranked_vendors(IntentFactory()) == [idle.vendor_id, metres_closer.vendor_id]


def test_a_full_tie_goes_to_the_older_vendor_whatever_order_the_subscriptions_came_in():
    older, younger = VendorFactory(), VendorFactory()
    SubscriptionFactory(vendor=younger)
    SubscriptionFactory(vendor=older)

    assert ranked_vendors(IntentFactory()) == [older.pk, younger.pk]


def test_the_same_world_always_gives_the_same_ranking():
    for _ in range(5):
        SubscriptionFactory(daily_cap=100)
    # Each run gives every vendor one more lead today, so the counts stay tied.
    rankings = [ranked_vendors(IntentFactory()) for _ in range(3)]

    assert rankings[0] == rankings[1] == rankings[2]
    assert rankings[0] == sorted(rankings[0])


def test_a_vendor_with_two_fitting_subscriptions_gets_one_lead_through_the_nearer():
    vendor = VendorFactory()
    SubscriptionFactory(vendor=vendor, **north_of(2))
    nearer = SubscriptionFactory(vendor=vendor, **north_of(1))
    intent = IntentFactory()

    create_leads_for_intent(intent.pk)

    lead = Lead.objects.get(intent=intent)
    assert lead.vendor_id == vendor.pk
    assert lead.subscription_id == nearer.pk


def test_only_the_best_max_offers_times_two_vendors_get_leads():
    by_distance = [SubscriptionFactory(**north_of(km)) for km in (6, 1, 5, 2, 4, 3)]
    intent = IntentFactory(max_offers=2)

    create_leads_for_intent(intent.pk)

    leads = Lead.objects.filter(intent=intent).order_by("rank")
    nearest_four = sorted(by_distance, key=lambda s: s.lat)[:4]
    assert [lead.vendor_id for lead in leads] == [s.vendor_id for s in nearest_four]
    assert [lead.rank for lead in leads] == [1, 2, 3, 4]


def test_a_posted_intent_with_the_default_max_offers_reaches_ten_vendors(after_commit):
    for km in range(11):
        SubscriptionFactory(radius_km=20, **north_of(km * 0.5))

    with after_commit():
        intent = create_intent(
            customer=UserFactory(), text="Dinner", category=category(), **north_of(0)
        )

    assert intent.max_offers == 5
    assert Lead.objects.filter(intent=intent).count() == 10
    assert not Lead.objects.filter(intent=intent, distance_km__gt=4.6).exists()


def test_a_lead_stores_its_score_distance_and_the_reasons_it_matched():
    SubscriptionFactory(radius_km=5, **north_of(2))
    intent = IntentFactory(radius_km=10, disclosure=Intent.Disclosure.EXACT)

    create_leads_for_intent(intent.pk)

    lead = Lead.objects.get(intent=intent)
    assert lead.distance_km == pytest.approx(2.0, abs=0.001)
    assert lead.score == pytest.approx(0.6, abs=0.01)
    assert lead.status == Lead.Status.NEW
    assert lead.reasons == [
        "Vendor active",
        "Subscribed to Restaurant meal",
        "About 2.0 km away, inside its 5 km area",
        "Within the customer's 10 km",
        "Always open",
        "No minimum budget",
        "Pre-accepts all 2 of the customer's terms",
        "Not the customer's own business",
        "Not blocked by the customer",
        "0 of 20 leads today",
    ]


def test_the_score_falls_to_zero_at_the_shorter_of_the_two_reaches():
    SubscriptionFactory(radius_km=50, **north_of(1))
    intent = IntentFactory(radius_km=4, disclosure=Intent.Disclosure.EXACT)

    create_leads_for_intent(intent.pk)

    assert Lead.objects.get(intent=intent).score == pytest.approx(0.75, abs=0.01)


def test_reasons_say_which_opening_hours_budget_and_group_matched():
    monday = next_weekday(0)
    SubscriptionFactory(
        categories=[],
        groups=[category().group],
        hours=[{"weekday": 0, "opens": "18:00", "closes": "02:00"}],
        min_budget=Decimal("20.00"),
        currency="GBP",
    )
    intent = IntentFactory(
        starts_at=on(monday, "19:00"),
        ends_at=on(monday, "21:00"),
        budget_max=Decimal("25.00"),
        currency="GBP",
    )

    create_leads_for_intent(intent.pk)

    reasons = Lead.objects.get(intent=intent).reasons
    assert "Subscribed to all of Food & drink" in reasons
    assert "Open Mon 18:00-02:00 (Europe/London) during the requested time" in reasons
    assert "Budget £25.00 meets the £20.00 minimum" in reasons


def test_scores_never_rise_down_the_ranking():
    for km in (4, 0.5, 3, 2):
        SubscriptionFactory(**north_of(km))
    intent = IntentFactory()

    assert len(match(intent)) == 4
    scores = list(
        Lead.objects.filter(intent=intent).order_by("rank").values_list("score", flat=True)
    )
    assert scores == sorted(scores, reverse=True)
    assert scores[0] > scores[-1]


def test_a_vendors_leads_today_count_across_all_its_subscriptions_when_ranking():
    busy = VendorFactory()  # the older vendor: it would also win a full tie
    usual = SubscriptionFactory(vendor=busy, **north_of(1))
    SubscriptionFactory(vendor=busy, **north_of(1))
    other = SubscriptionFactory(**north_of(1))
    give_leads_today(usual, 4)
    give_leads_today(other, 1)

    assert ranked_vendors(IntentFactory()) == [other.vendor_id, busy.pk]

"""Matching is safe to repeat, and a subscription that arrives or changes later is
offered the intents still open that it now fits."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from intents.models import Intent
from matching.engine import create_leads_for_intent, rank
from matching.models import Lead
from matching.quota import used_today
from matching.rules import SubscriptionFacts
from matching.tasks import match_intent, match_subscription
from tests.domain.helpers import leads_snapshot, match, north_of, race
from tests.factories import (
    IntentFactory,
    LeadFactory,
    SubscriptionFactory,
    VendorFactory,
    category,
    terms,
)
from vendors.models import Subscription
from vendors.services import save_subscription, suspend_vendor, unsuspend_vendor

pytestmark = pytest.mark.django_db


def new_subscription(vendor=None, **fields) -> Subscription:
    """A subscription as the portal saves one: restaurant meals, central Glasgow, every
    term pre-accepted, unless told otherwise."""
    subscription = Subscription(
        vendor=vendor or VendorFactory(),
        **{**north_of(0), "radius_km": 5.0, **fields},
    )
    return save_subscription(
        subscription,
        categories=[category()],
        accepted_terms=terms(
            "answer-only",
            "no-resale",
            "no-contact-after-close",
            "delete-within-30-days",
            "platform-contact-only",
        ),
    )


# --- Running matching again ---------------------------------------------------------


def test_matching_twice_gives_the_same_leads_and_none_twice():
    for km in (1, 2, 3):
        SubscriptionFactory(**north_of(km))
    intent = IntentFactory()

    first = create_leads_for_intent(intent.pk)
    before = leads_snapshot(intent)
    second = create_leads_for_intent(intent.pk)

    assert len(first) == 3
    assert second == []
    assert leads_snapshot(intent) == before


def test_the_matching_task_run_twice_creates_leads_once():
    SubscriptionFactory()
    SubscriptionFactory()
    intent = IntentFactory()

    assert match_intent.delay(intent.pk).get() == 2
    assert match_intent.delay(intent.pk).get() == 0
    assert Lead.objects.filter(intent=intent).count() == 2


def test_the_matching_task_does_nothing_for_an_intent_that_is_gone():
    assert match_intent(987654321) == 0
    assert match_subscription(987654321) == 0


def test_a_second_run_only_tops_up_with_vendors_that_fit_since():
    first = SubscriptionFactory(**north_of(2))
    intent = IntentFactory()
    create_leads_for_intent(intent.pk)
    nearer = SubscriptionFactory(**north_of(1))

    create_leads_for_intent(intent.pk)

    assert leads_snapshot(intent)[0][:3] == (first.vendor_id, first.pk, 1)
    assert leads_snapshot(intent)[1][:3] == (nearer.vendor_id, nearer.pk, 2)


def test_the_database_refuses_a_second_lead_for_the_same_intent_and_vendor():
    lead = LeadFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        LeadFactory(intent=lead.intent, vendor=lead.vendor)


def test_matching_skips_intents_that_are_no_longer_open():
    SubscriptionFactory()
    past_expiry = IntentFactory(expires_at=timezone.now() - timedelta(seconds=1))
    withdrawn = IntentFactory(status=Intent.Status.WITHDRAWN)
    accepted = IntentFactory(status=Intent.Status.ACCEPTED)

    for intent in (past_expiry, withdrawn, accepted):
        assert match(intent) == set()


@pytest.mark.django_db(transaction=True)
def test_two_workers_matching_one_intent_at_once_create_each_lead_once():
    for km in (1, 2, 3):
        SubscriptionFactory(**north_of(km))
    intent = IntentFactory()

    outcomes = race(
        lambda: len(create_leads_for_intent(intent.pk)),
        lambda: len(create_leads_for_intent(intent.pk)),
    )

    assert sorted(outcomes) == [0, 3]
    assert Lead.objects.filter(intent=intent).count() == 3


# --- A subscription added or changed later ---------------------------------------------


def test_a_subscription_added_later_picks_up_the_open_intents_it_fits(after_commit):
    fits = IntentFactory()
    other_category = IntentFactory(category=category("plumbing"))
    too_far = IntentFactory(**north_of(8))

    with after_commit():
        subscription = new_subscription()

    leads = Lead.objects.filter(vendor=subscription.vendor)
    assert list(leads.values_list("intent_id", flat=True)) == [fits.pk]
    assert leads.get().subscription_id == subscription.pk
    assert not Lead.objects.filter(intent__in=[other_category, too_far]).exists()


def test_a_subscription_to_a_whole_group_added_later_picks_up_its_leaves(after_commit):
    meal = IntentFactory(category=category("restaurant-meal"))
    coffee = IntentFactory(category=category("coffee-bakery"))
    IntentFactory(category=category("plumbing"))
    subscription = Subscription(vendor=VendorFactory(), radius_km=5, **north_of(0))

    with after_commit():
        save_subscription(
            subscription,
            groups=[meal.category.group],
            accepted_terms=terms("answer-only", "no-resale"),
        )

    reached = set(
        Lead.objects.filter(vendor=subscription.vendor).values_list("intent_id", flat=True)
    )
    assert reached == {meal.pk, coffee.pk}


def test_a_subscription_added_later_leaves_intents_that_are_no_longer_open(after_commit):
    past_expiry = IntentFactory(expires_at=timezone.now() - timedelta(seconds=1))
    expired = IntentFactory(status=Intent.Status.EXPIRED)
    withdrawn = IntentFactory(status=Intent.Status.WITHDRAWN)
    accepted = IntentFactory(status=Intent.Status.ACCEPTED)
    still_open = IntentFactory()

    with after_commit():
        subscription = new_subscription()

    reached = set(
        Lead.objects.filter(vendor=subscription.vendor).values_list("intent_id", flat=True)
    )
    assert reached == {still_open.pk}
    assert not Lead.objects.filter(intent__in=[past_expiry, expired, withdrawn, accepted]).exists()


def test_a_subscription_added_later_does_not_push_an_intent_past_its_lead_limit(after_commit):
    full = IntentFactory(max_offers=1)
    LeadFactory(intent=full)
    LeadFactory(intent=full)
    one_short = IntentFactory(max_offers=1)
    LeadFactory(intent=one_short)

    with after_commit():
        subscription = new_subscription()

    reached = Lead.objects.filter(vendor=subscription.vendor)
    assert list(reached.values_list("intent_id", flat=True)) == [one_short.pk]
    assert reached.get().rank == 2
    assert Lead.objects.filter(intent=full).count() == 2


def test_a_subscription_added_later_stops_at_its_daily_cap_oldest_intents_first(after_commit):
    now = timezone.now()
    oldest = IntentFactory(created_at=now - timedelta(minutes=30))
    older = IntentFactory(created_at=now - timedelta(minutes=20))
    IntentFactory(created_at=now - timedelta(minutes=10))

    with after_commit():
        subscription = new_subscription(daily_cap=2)

    reached = set(
        Lead.objects.filter(vendor=subscription.vendor).values_list("intent_id", flat=True)
    )
    assert reached == {oldest.pk, older.pk}


def test_a_subscription_added_later_skips_intents_its_vendor_already_has(after_commit):
    vendor = VendorFactory()
    intent = IntentFactory()
    existing = LeadFactory(intent=intent, vendor=vendor)

    with after_commit():
        new_subscription(vendor=vendor)

    assert list(Lead.objects.filter(vendor=vendor)) == [existing]


def test_a_subscription_widened_later_picks_up_an_intent_it_now_reaches(after_commit):
    subscription = SubscriptionFactory(radius_km=1, **north_of(3))
    intent = IntentFactory()
    assert match(intent) == set()

    subscription.radius_km = 5
    with after_commit():
        save_subscription(subscription)

    assert Lead.objects.filter(intent=intent, vendor=subscription.vendor).exists()


def test_a_subscription_that_starts_accepting_the_terms_picks_up_the_intent(after_commit):
    subscription = SubscriptionFactory(accepted_terms=terms("answer-only"))
    intent = IntentFactory()
    assert match(intent) == set()

    with after_commit():
        save_subscription(subscription, accepted_terms=terms("answer-only", "no-resale"))

    assert Lead.objects.filter(intent=intent, vendor=subscription.vendor).exists()


def test_a_paused_subscription_picks_up_nothing_until_it_is_resumed(after_commit):
    intent = IntentFactory()

    with after_commit():
        subscription = new_subscription(active=False)
    assert not Lead.objects.filter(intent=intent).exists()

    subscription.active = True
    with after_commit():
        save_subscription(subscription)
    assert Lead.objects.filter(intent=intent, vendor=subscription.vendor).exists()


def test_an_unsuspended_vendor_picks_up_the_open_intents_it_missed(after_commit):
    subscription = SubscriptionFactory()
    suspend_vendor(subscription.vendor)
    intent = IntentFactory()
    assert match(intent) == set()

    with after_commit():
        unsuspend_vendor(subscription.vendor)

    assert Lead.objects.filter(intent=intent, vendor=subscription.vendor).exists()


def test_a_subscription_saved_twice_gets_each_intent_once(after_commit):
    intent = IntentFactory()
    with after_commit():
        subscription = new_subscription()
    with after_commit():
        save_subscription(subscription)

    assert Lead.objects.filter(intent=intent).count() == 1


# --- The daily cap counts the vendor's own day ------------------------------------------

# 10:00 UTC on Monday 2025-01-06 is 23:00 on Monday in Auckland (UTC+13) and 02:00 on
# Monday in Los Angeles (UTC-8).
NOW = datetime(2025, 1, 6, 10, 0, tzinfo=UTC)


def lead_at(subscription, when):
    LeadFactory(vendor=subscription.vendor, subscription=subscription, matched_at=when)


def test_leads_today_start_at_midnight_in_a_vendors_zone_ahead_of_utc():
    auckland = SubscriptionFactory(vendor=VendorFactory(time_zone="Pacific/Auckland"))
    local_midnight = datetime(2025, 1, 6, tzinfo=ZoneInfo("Pacific/Auckland"))  # 11:00 UTC Sunday
    lead_at(auckland, local_midnight - timedelta(seconds=1))
    lead_at(auckland, local_midnight)
    lead_at(auckland, local_midnight + timedelta(hours=2))  # 13:00 UTC Sunday: today there

    assert used_today([SubscriptionFacts.of(auckland)], NOW).by_subscription == {auckland.pk: 2}


def test_leads_today_start_at_midnight_in_a_vendors_zone_behind_utc():
    los_angeles = SubscriptionFactory(vendor=VendorFactory(time_zone="America/Los_Angeles"))
    local_midnight = datetime(2025, 1, 6, tzinfo=ZoneInfo("America/Los_Angeles"))  # 08:00 UTC
    lead_at(los_angeles, local_midnight - timedelta(minutes=1))  # 07:59 UTC: yesterday there
    lead_at(los_angeles, local_midnight)

    facts = SubscriptionFacts.of(los_angeles)
    assert used_today([facts], NOW).by_subscription == {los_angeles.pk: 1}


def test_a_vendor_capped_yesterday_in_its_own_zone_is_ranked_again_today():
    vendor = VendorFactory(time_zone="America/Los_Angeles")
    subscription = SubscriptionFactory(vendor=vendor, daily_cap=2)
    capped = SubscriptionFactory(vendor=VendorFactory(time_zone="America/Los_Angeles"), daily_cap=2)
    local_midnight = datetime(2025, 1, 6, tzinfo=ZoneInfo("America/Los_Angeles"))
    for _ in range(2):
        lead_at(subscription, local_midnight - timedelta(minutes=1))
        lead_at(capped, local_midnight)
    intent = IntentFactory(starts_at=NOW, ends_at=NOW + timedelta(hours=3))

    ranked = [verdict.subscription.id for verdict in rank(intent, NOW)]

    assert ranked == [subscription.pk]

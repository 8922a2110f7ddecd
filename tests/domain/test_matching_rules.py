"""Each matching rule, with one vendor just inside its boundary and one just outside.

Every test routes one intent through the matching engine and checks who got a lead; for
the vendor left out it also checks the rule an operator's diagnostics would name.
"""

from datetime import timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from intents.models import CategoryGroup
from tests.domain.helpers import LONDON, match, next_weekday, north_of, on, why_not
from tests.factories import (
    IntentFactory,
    LeadFactory,
    SubscriptionFactory,
    VendorFactory,
    add_staff,
    category,
    terms,
)
from vendors.services import suspend_vendor, unsuspend_vendor

pytestmark = pytest.mark.django_db


def test_a_vendor_that_fits_every_rule_gets_a_lead():
    subscription = SubscriptionFactory()
    intent = IntentFactory()

    assert match(intent) == {subscription.vendor_id}
    assert why_not(intent, subscription) is None


# --- Category: the leaf itself, or its whole group -----------------------------------


def test_vendor_subscribed_to_the_leaf_gets_a_lead_and_one_subscribed_to_a_sibling_does_not():
    leaf = SubscriptionFactory(categories=[category("restaurant-meal")])
    sibling = SubscriptionFactory(categories=[category("takeaway-delivery")])
    intent = IntentFactory(category=category("restaurant-meal"))

    assert match(intent) == {leaf.vendor_id}
    assert why_not(intent, sibling) == "Not subscribed to Restaurant meal"


def test_vendor_subscribed_to_the_group_gets_a_lead_and_one_subscribed_to_another_does_not():
    food = SubscriptionFactory(categories=[], groups=[CategoryGroup.objects.get(slug="food-drink")])
    home = SubscriptionFactory(
        categories=[], groups=[CategoryGroup.objects.get(slug="home-services")]
    )
    intent = IntentFactory(category=category("restaurant-meal"))

    assert match(intent) == {food.vendor_id}
    assert why_not(intent, food) is None
    assert why_not(intent, home) == "Not subscribed to Restaurant meal"


# --- Distance, both ways ---------------------------------------------------------------


def test_vendor_just_inside_its_service_area_gets_a_lead_and_one_just_outside_does_not():
    inside = SubscriptionFactory(radius_km=3, **north_of(2.99))
    outside = SubscriptionFactory(radius_km=3, **north_of(3.01))
    intent = IntentFactory(radius_km=50)

    assert match(intent) == {inside.vendor_id}
    assert why_not(intent, outside) == "3.0 km away, outside its 3 km area"


def test_vendor_just_inside_the_customers_radius_gets_a_lead_and_one_just_outside_does_not():
    inside = SubscriptionFactory(radius_km=50, **north_of(2.99))
    outside = SubscriptionFactory(radius_km=50, **north_of(3.01))
    intent = IntentFactory(radius_km=3)

    assert match(intent) == {inside.vendor_id}
    assert why_not(intent, outside) == "Farther than the customer's 3 km"


def test_distance_is_measured_the_same_whichever_side_of_the_intent_the_vendor_is():
    south = SubscriptionFactory(radius_km=3, **north_of(-2.99))
    far_south = SubscriptionFactory(radius_km=3, **north_of(-3.01))
    intent = IntentFactory(radius_km=50)

    assert match(intent) == {south.vendor_id}
    assert why_not(intent, far_south) is not None


# --- Opening hours, in the vendor's time zone ------------------------------------------


def test_vendor_open_past_midnight_until_just_inside_the_window_gets_a_lead():
    monday = next_weekday(0)
    tuesday = monday + timedelta(days=1)
    late = SubscriptionFactory(hours=[{"weekday": 0, "opens": "18:00", "closes": "02:00"}])
    closes_at_start = SubscriptionFactory(
        hours=[{"weekday": 0, "opens": "18:00", "closes": "01:30"}]
    )
    intent = IntentFactory(starts_at=on(tuesday, "01:30"), ends_at=on(tuesday, "02:30"))

    assert match(intent) == {late.vendor_id}
    assert why_not(intent, closes_at_start) == "Closed throughout the requested time"


def test_vendor_opening_just_before_the_window_ends_gets_a_lead_and_one_opening_at_its_end_not():
    tuesday = next_weekday(1)
    just_before = SubscriptionFactory(hours=[{"weekday": 1, "opens": "11:59", "closes": "15:00"}])
    at_the_end = SubscriptionFactory(hours=[{"weekday": 1, "opens": "12:00", "closes": "15:00"}])
    intent = IntentFactory(starts_at=on(tuesday, "11:00"), ends_at=on(tuesday, "12:00"))

    assert match(intent) == {just_before.vendor_id}
    assert why_not(intent, at_the_end) == "Closed throughout the requested time"


def test_opening_hours_are_read_in_the_vendors_time_zone_not_utc():
    new_york = ZoneInfo("America/New_York")
    monday = next_weekday(0, new_york)
    hours = [{"weekday": 0, "opens": "09:00", "closes": "17:00"}]
    vendor_in_new_york = VendorFactory(time_zone="America/New_York")
    vendor_in_london = VendorFactory(time_zone="Europe/London")
    open_there = SubscriptionFactory(vendor=vendor_in_new_york, hours=hours)
    closed_here = SubscriptionFactory(vendor=vendor_in_london, hours=hours)
    # 16:00 to 16:30 in New York is 21:00 or 20:00 in London: after closing there.
    intent = IntentFactory(
        starts_at=on(monday, "16:00", new_york), ends_at=on(monday, "16:30", new_york)
    )

    assert match(intent) == {open_there.vendor_id}
    assert why_not(intent, closed_here) == "Closed throughout the requested time"


def test_vendor_in_another_zone_closed_until_just_after_the_window_gets_no_lead():
    new_york = ZoneInfo("America/New_York")
    monday = next_weekday(0, new_york)
    vendor = VendorFactory(time_zone="America/New_York")
    subscription = SubscriptionFactory(
        vendor=vendor, hours=[{"weekday": 0, "opens": "09:00", "closes": "17:00"}]
    )
    just_before = IntentFactory(
        starts_at=on(monday, "08:00", new_york), ends_at=on(monday, "09:00", new_york)
    )
    just_inside = IntentFactory(
        starts_at=on(monday, "08:00", new_york), ends_at=on(monday, "09:01", new_york)
    )

    assert match(just_before) == set()
    assert why_not(just_before, subscription) == "Closed throughout the requested time"
    assert match(just_inside) == {vendor.pk}


# --- Budget and currency ---------------------------------------------------------------


def test_budget_equal_to_the_minimum_gets_a_lead_and_a_penny_under_does_not():
    subscription = SubscriptionFactory(min_budget=Decimal("20.00"), currency="GBP")
    at_minimum = IntentFactory(budget_max=Decimal("20.00"), currency="GBP")
    under = IntentFactory(budget_max=Decimal("19.99"), currency="GBP")

    assert match(at_minimum) == {subscription.vendor_id}
    assert match(under) == set()
    assert why_not(under, subscription) == "Budget £19.99 is under the £20.00 minimum"


def test_budget_in_another_currency_gets_no_lead_however_large():
    subscription = SubscriptionFactory(min_budget=Decimal("20.00"), currency="GBP")
    intent = IntentFactory(budget_max=Decimal("5000.00"), currency="EUR")

    assert match(intent) == set()
    assert why_not(intent, subscription) == "Budget in EUR, minimum set in GBP"


def test_intent_with_no_budget_passes_a_minimum():
    subscription = SubscriptionFactory(min_budget=Decimal("20.00"), currency="GBP")
    intent = IntentFactory(budget_max=None, currency="")

    assert match(intent) == {subscription.vendor_id}


def test_subscription_with_no_minimum_takes_any_budget_in_any_currency():
    subscription = SubscriptionFactory(min_budget=None, currency="")
    intent = IntentFactory(budget_max=Decimal("0.01"), currency="JPY")

    assert match(intent) == {subscription.vendor_id}


# --- The customer's terms ---------------------------------------------------------------


def test_vendor_pre_accepting_exactly_the_intents_terms_gets_a_lead_and_one_missing_one_does_not():
    carried = terms("answer-only", "no-resale", "no-contact-after-close")
    all_of_them = SubscriptionFactory(accepted_terms=carried)
    one_short = SubscriptionFactory(accepted_terms=terms("answer-only", "no-resale"))
    intent = IntentFactory(terms=carried)

    assert match(intent) == {all_of_them.vendor_id}
    assert why_not(intent, one_short) == "Does not pre-accept no-contact-after-close"


def test_vendor_pre_accepting_no_terms_gets_no_lead_on_an_intent_with_the_defaults():
    subscription = SubscriptionFactory(accepted_terms=[])
    intent = IntentFactory()

    assert match(intent) == set()
    assert why_not(intent, subscription) == "Does not pre-accept answer-only, no-resale"


# --- Daily cap ---------------------------------------------------------------------------


def _leads_today(subscription, count):
    for _ in range(count):
        LeadFactory(
            vendor=subscription.vendor, subscription=subscription, matched_at=timezone.now()
        )


def test_vendor_one_lead_under_its_daily_cap_gets_a_lead_and_one_at_the_cap_does_not():
    under = SubscriptionFactory(daily_cap=3)
    at_cap = SubscriptionFactory(daily_cap=3)
    _leads_today(under, 2)
    _leads_today(at_cap, 3)
    intent = IntentFactory()

    assert match(intent) == {under.vendor_id}
    assert why_not(intent, at_cap) == "Daily cap reached (3 of 3)"


# --- Suspended vendors and paused subscriptions --------------------------------------


def test_suspended_vendor_gets_no_lead_and_gets_them_again_once_unsuspended():
    subscription = SubscriptionFactory()
    suspend_vendor(subscription.vendor, "unpaid invoices")
    intent = IntentFactory()

    assert match(intent) == set()
    assert why_not(intent, subscription) == "Vendor is suspended"

    unsuspend_vendor(subscription.vendor)
    assert match(intent) == {subscription.vendor_id}


def test_paused_subscription_gets_no_lead():
    paused = SubscriptionFactory(active=False)
    intent = IntentFactory()

    assert match(intent) == set()
    assert why_not(intent, paused) == "Subscription is paused"


# --- The customer's own business ---------------------------------------------------------


def test_owner_of_a_business_posting_an_intent_is_not_routed_to_it():
    own = SubscriptionFactory()
    other = SubscriptionFactory()
    intent = IntentFactory(customer=own.vendor.owner)

    assert match(intent) == {other.vendor_id}
    assert why_not(intent, own) == "The customer works for this business"


def test_staff_of_a_business_posting_an_intent_is_not_routed_to_it():
    own = SubscriptionFactory()
    staff = add_staff(own.vendor)
    intent = IntentFactory(customer=staff)

    assert match(intent) == set()
    assert why_not(intent, own) == "The customer works for this business"


def test_someone_working_elsewhere_is_routed_to_this_business_as_any_customer():
    subscription = SubscriptionFactory()
    elsewhere = VendorFactory()
    intent = IntentFactory(customer=add_staff(elsewhere))

    assert match(intent) == {subscription.vendor_id}


def test_a_vendor_with_no_subscriptions_never_gets_a_lead():
    VendorFactory()
    intent = IntentFactory()

    assert match(intent) == set()


def test_hours_are_checked_in_london_time_across_the_weekday_boundary():
    sunday = next_weekday(6)
    monday = sunday + timedelta(days=1)
    sunday_night = SubscriptionFactory(hours=[{"weekday": 6, "opens": "20:00", "closes": "01:00"}])
    monday_night = SubscriptionFactory(hours=[{"weekday": 0, "opens": "20:00", "closes": "01:00"}])
    intent = IntentFactory(
        starts_at=on(monday, "00:30", LONDON), ends_at=on(monday, "00:45", LONDON)
    )

    assert match(intent) == {sunday_night.vendor_id}
    assert why_not(intent, monday_night) == "Closed throughout the requested time"

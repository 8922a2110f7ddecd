"""/api/v1/vendor/subscriptions/: a vendor's opt-ins. Owners change them, staff read them."""

import pytest

from tests.api.helpers import EDINBURGH, ids, page, rejected
from tests.conftest import client_for
from tests.factories import (
    GLASGOW,
    IntentFactory,
    SubscriptionFactory,
    add_staff,
    category,
    terms,
)
from vendors.models import Subscription

pytestmark = pytest.mark.django_db

SUBSCRIPTIONS = "/api/v1/vendor/subscriptions/"
CONTRACT_FIELDS = {
    "categories",
    "lat",
    "lng",
    "radius_km",
    "min_budget",
    "currency",
    "hours",
    "daily_cap",
    "accepted_terms",
    "active",
}


def subscription(**fields) -> dict:
    return {
        "categories": ["restaurant-meal"],
        "lat": GLASGOW[0],
        "lng": GLASGOW[1],
        "radius_km": 5,
        **fields,
    }


def detail(sub) -> str:
    return f"{SUBSCRIPTIONS}{sub.pk}/"


def test_an_owner_creates_a_subscription(vendor_api, vendor):
    response = vendor_api.post(
        SUBSCRIPTIONS,
        subscription(
            min_budget="15.00",
            currency="GBP",
            hours=[{"weekday": 0, "opens": "09:00", "closes": "17:30"}],
            daily_cap=7,
            accepted_terms=["answer-only", "no-resale"],
            active=True,
        ),
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) >= CONTRACT_FIELDS
    assert body["categories"] == ["restaurant-meal"]
    assert (body["lat"], body["lng"]) == GLASGOW
    assert body["radius_km"] == 5
    assert body["min_budget"] == "15.00"
    assert body["currency"] == "GBP"
    assert body["hours"] == [{"weekday": 0, "opens": "09:00", "closes": "17:30"}]
    assert body["daily_cap"] == 7
    assert set(body["accepted_terms"]) == {"answer-only", "no-resale"}
    assert body["active"] is True
    assert Subscription.objects.get(pk=body["id"]).vendor == vendor


def test_a_new_subscription_defaults_to_always_open_and_active(vendor_api):
    body = vendor_api.post(SUBSCRIPTIONS, subscription()).json()

    assert body["hours"] == []
    assert body["active"] is True
    assert body["min_budget"] is None


def test_a_subscription_may_name_whole_groups_and_leaves_together(vendor_api):
    response = vendor_api.post(SUBSCRIPTIONS, subscription(categories=["food-drink", "plumbing"]))

    assert response.status_code == 201
    assert set(response.json()["categories"]) == {"food-drink", "plumbing"}


def test_hours_may_run_past_midnight_and_close_at_24_00(vendor_api):
    hours = [
        {"weekday": 4, "opens": "18:00", "closes": "02:00"},
        {"weekday": 6, "opens": "10:00", "closes": "24:00"},
    ]

    response = vendor_api.post(SUBSCRIPTIONS, subscription(hours=hours))

    assert response.status_code == 201, response.content
    assert response.json()["hours"][0] == {"weekday": 4, "opens": "18:00", "closes": "02:00"}


def test_it_lists_the_vendors_own_subscriptions(vendor_api, vendor):
    mine = SubscriptionFactory.create_batch(2, vendor=vendor)
    SubscriptionFactory()  # another vendor's

    assert ids(vendor_api.get(SUBSCRIPTIONS)) == {s.pk for s in mine}


def test_it_shows_one_subscription(vendor_api, vendor):
    sub = SubscriptionFactory(vendor=vendor, accepted_terms=terms("answer-only"))

    body = vendor_api.get(detail(sub)).json()

    assert body["id"] == sub.pk
    assert body["categories"] == ["restaurant-meal"]
    assert body["accepted_terms"] == ["answer-only"]


def test_an_owner_changes_a_subscription(vendor_api, vendor):
    sub = SubscriptionFactory(vendor=vendor)

    response = vendor_api.patch(
        detail(sub), {"radius_km": 12.5, "active": False, "categories": ["plumbing"]}
    )

    assert response.status_code == 200, response.content
    assert response.json()["radius_km"] == 12.5
    assert response.json()["active"] is False
    assert response.json()["categories"] == ["plumbing"]
    sub.refresh_from_db()
    assert sub.radius_km == 12.5
    assert list(sub.categories.all()) == [category("plumbing")]


def test_a_patch_leaves_what_it_does_not_mention(vendor_api, vendor):
    sub = SubscriptionFactory(vendor=vendor, accepted_terms=terms("answer-only", "no-resale"))

    body = vendor_api.patch(detail(sub), {"daily_cap": 3}).json()

    assert body["categories"] == ["restaurant-meal"]
    assert set(body["accepted_terms"]) == {"answer-only", "no-resale"}


def test_an_owner_deletes_a_subscription(vendor_api, vendor):
    sub = SubscriptionFactory(vendor=vendor)

    assert vendor_api.delete(detail(sub)).status_code == 204
    assert not Subscription.objects.filter(pk=sub.pk).exists()
    assert vendor_api.get(detail(sub)).status_code == 404


def test_subscriptions_cannot_be_replaced_with_put(vendor_api, vendor):
    sub = SubscriptionFactory(vendor=vendor)

    assert vendor_api.put(detail(sub), subscription()).status_code == 405


def test_a_new_subscription_receives_the_open_intents_it_fits(vendor_api, after_commit):
    fits = IntentFactory()
    IntentFactory(lat=EDINBURGH[0], lng=EDINBURGH[1])  # outside the area
    IntentFactory(category=category("plumbing"))  # not subscribed

    with after_commit():
        vendor_api.post(SUBSCRIPTIONS, subscription(accepted_terms=["answer-only", "no-resale"]))

    leads = page(vendor_api.get("/api/v1/vendor/leads/"))
    assert [lead["intent"]["id"] for lead in leads] == [fits.pk]


def test_a_paused_subscription_receives_no_intents(vendor_api, after_commit):
    IntentFactory()

    with after_commit():
        vendor_api.post(
            SUBSCRIPTIONS, subscription(accepted_terms=["answer-only", "no-resale"], active=False)
        )

    assert page(vendor_api.get("/api/v1/vendor/leads/")) == []


def test_a_subscription_that_does_not_accept_the_terms_receives_no_intents(
    vendor_api, after_commit
):
    IntentFactory()

    with after_commit():
        vendor_api.post(SUBSCRIPTIONS, subscription(accepted_terms=["answer-only"]))

    assert page(vendor_api.get("/api/v1/vendor/leads/")) == []


def test_resuming_a_paused_subscription_picks_up_the_open_intents_it_fits(
    vendor_api, vendor, after_commit
):
    sub = SubscriptionFactory(vendor=vendor, active=False)
    intent = IntentFactory()

    with after_commit():
        vendor_api.patch(detail(sub), {"active": True})

    assert [lead["intent"]["id"] for lead in page(vendor_api.get("/api/v1/vendor/leads/"))] == [
        intent.pk
    ]


def test_a_subscription_receives_no_more_than_its_daily_cap(vendor_api, after_commit):
    IntentFactory.create_batch(3)

    with after_commit():
        vendor_api.post(
            SUBSCRIPTIONS, subscription(accepted_terms=["answer-only", "no-resale"], daily_cap=2)
        )

    assert len(page(vendor_api.get("/api/v1/vendor/leads/"))) == 2


def test_a_minimum_budget_keeps_smaller_intents_away(vendor_api, after_commit):
    big = IntentFactory(budget_max="60.00", currency="GBP")
    IntentFactory(budget_max="20.00", currency="GBP")

    with after_commit():
        vendor_api.post(
            SUBSCRIPTIONS,
            subscription(
                accepted_terms=["answer-only", "no-resale"], min_budget="50.00", currency="GBP"
            ),
        )

    assert [lead["intent"]["id"] for lead in page(vendor_api.get("/api/v1/vendor/leads/"))] == [
        big.pk
    ]


# --- refusals ------------------------------------------------------------------------


def test_it_rejects_an_unknown_category(vendor_api):
    rejected(vendor_api.post(SUBSCRIPTIONS, subscription(categories=["time-travel"])), "categories")


def test_it_rejects_no_categories_at_all(vendor_api):
    rejected(vendor_api.post(SUBSCRIPTIONS, subscription(categories=[])), "categories")


def test_it_rejects_an_unknown_accepted_term(vendor_api):
    response = vendor_api.post(SUBSCRIPTIONS, subscription(accepted_terms=["sell-my-data"]))

    rejected(response, "accepted_terms")


@pytest.mark.parametrize(
    "hours",
    [
        [{"weekday": 7, "opens": "09:00", "closes": "17:00"}],
        [{"weekday": -1, "opens": "09:00", "closes": "17:00"}],
        [{"weekday": 1, "opens": "25:00", "closes": "26:00"}],
        [{"weekday": 1, "opens": "09:00", "closes": "17:60"}],
        [{"weekday": 1, "opens": "9am", "closes": "5pm"}],
        [{"weekday": 1, "opens": "24:00", "closes": "10:00"}],
        [{"weekday": 1, "opens": "09:00"}],
        [{"opens": "09:00", "closes": "17:00"}],
        [{}],
        "always",
    ],
)
def test_it_rejects_bad_opening_hours(vendor_api, hours):
    rejected(vendor_api.post(SUBSCRIPTIONS, subscription(hours=hours)), "hours")


def test_it_rejects_a_minimum_budget_without_a_currency(vendor_api):
    rejected(vendor_api.post(SUBSCRIPTIONS, subscription(min_budget="20.00")), "currency")


def test_it_rejects_removing_the_currency_of_a_minimum_budget(vendor_api, vendor):
    sub = SubscriptionFactory(vendor=vendor, min_budget="20.00", currency="GBP")

    rejected(vendor_api.patch(detail(sub), {"currency": ""}), "currency")


def test_it_rejects_a_minimum_budget_patched_onto_a_subscription_without_currency(
    vendor_api, vendor
):
    sub = SubscriptionFactory(vendor=vendor)

    rejected(vendor_api.patch(detail(sub), {"min_budget": "20.00"}), "currency")


def test_it_rejects_an_unknown_currency(vendor_api):
    response = vendor_api.post(SUBSCRIPTIONS, subscription(min_budget="20.00", currency="XYZ"))

    rejected(response, "currency")


def test_it_rejects_a_negative_minimum_budget(vendor_api):
    response = vendor_api.post(SUBSCRIPTIONS, subscription(min_budget="-1.00", currency="GBP"))

    rejected(response, "min_budget")


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"lat": 91}, "lat"),
        ({"lng": -181}, "lng"),
        ({"radius_km": 0}, "radius_km"),
        ({"radius_km": 201}, "radius_km"),
        ({"daily_cap": 0}, "daily_cap"),
    ],
)
def test_it_rejects_values_out_of_range(vendor_api, fields, field):
    rejected(vendor_api.post(SUBSCRIPTIONS, subscription(**fields)), field)


@pytest.mark.parametrize("missing", ["categories", "lat", "lng", "radius_km"])
def test_it_requires_the_essentials(vendor_api, missing):
    payload = subscription()
    del payload[missing]

    rejected(vendor_api.post(SUBSCRIPTIONS, payload), missing)


# --- who may do what -----------------------------------------------------------------


def test_staff_can_read_the_subscriptions(vendor):
    sub = SubscriptionFactory(vendor=vendor)
    staff = client_for(add_staff(vendor))

    assert ids(staff.get(SUBSCRIPTIONS)) == {sub.pk}
    assert staff.get(detail(sub)).status_code == 200


def test_staff_cannot_create_change_or_delete_subscriptions(vendor):
    sub = SubscriptionFactory(vendor=vendor, radius_km=5)
    staff = client_for(add_staff(vendor))

    assert staff.post(SUBSCRIPTIONS, subscription()).status_code == 403
    assert staff.patch(detail(sub), {"radius_km": 50}).status_code == 403
    assert staff.delete(detail(sub)).status_code == 403
    sub.refresh_from_db()
    assert sub.radius_km == 5
    assert Subscription.objects.count() == 1


def test_a_customer_gets_403_on_subscriptions(customer_api):
    response = customer_api.get(SUBSCRIPTIONS)

    assert response.status_code == 403
    assert response.json()["detail"]
    assert customer_api.post(SUBSCRIPTIONS, subscription()).status_code == 403

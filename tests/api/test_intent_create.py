"""POST /api/v1/intents/: what a customer may send, what is read from the text, and how
every bad input is refused."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from intents.models import Category
from tests.api.helpers import EDINBURGH, ISO_WITH_OFFSET, ago, ahead, page, rejected
from tests.conftest import client_for
from tests.factories import GLASGOW, SubscriptionFactory, UserFactory, category

pytestmark = pytest.mark.django_db

INTENTS = "/api/v1/intents/"
CONTRACT_FIELDS = {
    "id",
    "status",
    "text",
    "category",
    "lat",
    "lng",
    "radius_km",
    "starts_at",
    "ends_at",
    "budget_max",
    "currency",
    "quantity",
    "terms",
    "disclosure",
    "max_offers",
    "expires_at",
    "created_at",
}


def intent(**fields) -> dict:
    return {"text": "Lunch for 2 in Glasgow", **fields}


def test_it_creates_an_intent_from_text_alone(customer_api):
    response = customer_api.post(INTENTS, {"text": "Lunch for 2 in Glasgow"})

    assert response.status_code == 201
    body = response.json()
    assert set(body) >= CONTRACT_FIELDS
    assert body["status"] == "open"
    assert body["text"] == "Lunch for 2 in Glasgow"
    assert body["category"] == "restaurant-meal"
    assert body["lat"] == pytest.approx(55.86, abs=0.05)
    assert body["lng"] == pytest.approx(-4.25, abs=0.05)


def test_it_saves_the_intent_for_the_signed_in_customer(customer_api, customer):
    response = customer_api.post(INTENTS, intent())

    assert customer.intents.get().pk == response.json()["id"]


def test_an_intent_with_no_time_given_opens_now_for_a_day(customer_api):
    before = timezone.now()

    body = customer_api.post(INTENTS, intent()).json()

    starts_at = datetime.fromisoformat(body["starts_at"])
    ends_at = datetime.fromisoformat(body["ends_at"])
    assert before - timedelta(seconds=1) <= starts_at <= timezone.now()
    assert ends_at - starts_at == timedelta(hours=24)
    assert datetime.fromisoformat(body["expires_at"]) == ends_at


def test_it_answers_times_in_iso_8601_with_an_offset(customer_api):
    body = customer_api.post(INTENTS, intent()).json()

    for field in ("starts_at", "ends_at", "expires_at", "created_at"):
        assert ISO_WITH_OFFSET.match(body[field]), body[field]


def test_it_applies_the_defaults_for_what_neither_the_fields_nor_the_text_say(customer_api):
    body = customer_api.post(INTENTS, intent()).json()

    assert body["radius_km"] == 10.0
    assert body["disclosure"] == "approximate"
    assert body["max_offers"] == 5
    assert body["budget_max"] is None


def test_explicit_fields_override_what_the_text_says(customer_api):
    response = customer_api.post(
        INTENTS,
        intent(category="catering", lat=EDINBURGH[0], lng=EDINBURGH[1]),
    )

    assert response.status_code == 201
    body = response.json()
    assert body["category"] == "catering"
    assert (body["lat"], body["lng"]) == EDINBURGH


def test_it_keeps_every_field_the_customer_gives(customer_api):
    starts_at, ends_at = ahead(hours=2), ahead(hours=5)

    response = customer_api.post(
        INTENTS,
        {
            "text": "Dinner for four near me",
            "category": "restaurant-meal",
            "lat": GLASGOW[0],
            "lng": GLASGOW[1],
            "radius_km": 3.5,
            "starts_at": starts_at,
            "ends_at": ends_at,
            "budget_max": "80.00",
            "currency": "gbp",
            "quantity": 4,
            "disclosure": "area",
            "max_offers": 3,
        },
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["radius_km"] == 3.5
    assert datetime.fromisoformat(body["starts_at"]) == datetime.fromisoformat(starts_at)
    assert datetime.fromisoformat(body["ends_at"]) == datetime.fromisoformat(ends_at)
    assert body["budget_max"] == "80.00"
    assert body["currency"] == "GBP"
    assert body["quantity"] == 4
    assert body["disclosure"] == "area"
    assert body["max_offers"] == 3


def test_an_intent_stops_taking_offers_after_a_week_even_if_its_window_is_longer(customer_api):
    body = customer_api.post(
        INTENTS, intent(starts_at=ahead(days=1), ends_at=ahead(days=30))
    ).json()

    expires_at = datetime.fromisoformat(body["expires_at"])
    assert expires_at <= timezone.now() + timedelta(days=7)
    assert expires_at > timezone.now() + timedelta(days=6)


def test_every_intent_carries_the_default_terms(customer_api):
    body = customer_api.post(INTENTS, intent()).json()

    assert set(body["terms"]) == {"answer-only", "no-resale"}


def test_the_default_terms_are_kept_when_the_customer_adds_others(customer_api):
    body = customer_api.post(INTENTS, intent(terms=["platform-contact-only"])).json()

    assert set(body["terms"]) == {"answer-only", "no-resale", "platform-contact-only"}


def test_the_default_terms_are_kept_when_the_customer_sends_no_terms(customer_api):
    body = customer_api.post(INTENTS, intent(terms=[])).json()

    assert set(body["terms"]) == {"answer-only", "no-resale"}


def test_a_new_intent_is_matched_to_subscribed_vendors_after_commit(customer_api, after_commit):
    SubscriptionFactory()  # restaurant meals around central Glasgow
    SubscriptionFactory(lat=EDINBURGH[0], lng=EDINBURGH[1])  # too far
    SubscriptionFactory(categories=[category("plumbing")])  # wrong category

    with after_commit():
        created = customer_api.post(INTENTS, intent())

    detail = customer_api.get(f"{INTENTS}{created.json()['id']}/").json()
    assert detail["leads_count"] == 1


def test_a_matched_intent_reaches_the_vendor_inbox(customer_api, after_commit):
    subscription = SubscriptionFactory()

    with after_commit():
        created = customer_api.post(INTENTS, intent())

    leads = client_for(subscription.vendor.owner).get("/api/v1/vendor/leads/").json()
    assert [lead["intent"]["id"] for lead in leads["results"]] == [created.json()["id"]]


def test_an_intent_reaches_at_most_twice_as_many_vendors_as_offers_wanted(
    customer_api, after_commit
):
    SubscriptionFactory.create_batch(5)

    with after_commit():
        created = customer_api.post(INTENTS, intent(max_offers=2))

    assert customer_api.get(f"{INTENTS}{created.json()['id']}/").json()["leads_count"] == 4


def test_an_intent_is_never_routed_to_the_customers_own_business(after_commit):
    own = SubscriptionFactory()
    other = SubscriptionFactory()
    api = client_for(own.vendor.owner)

    with after_commit():
        created = api.post(INTENTS, intent())

    assert created.status_code == 201
    assert page(api.get("/api/v1/vendor/leads/")) == []
    assert len(page(client_for(other.vendor.owner).get("/api/v1/vendor/leads/"))) == 1


def test_a_customer_posting_too_many_intents_is_throttled(customer_api):
    answers = [customer_api.post(INTENTS, {}).status_code for _ in range(31)]

    assert answers[:30] == [400] * 30
    assert answers[30] == 429
    assert client_for(UserFactory()).post(INTENTS, intent()).status_code == 201


# --- refusals ------------------------------------------------------------------------


def test_it_requires_text(customer_api):
    rejected(customer_api.post(INTENTS, {"lat": GLASGOW[0], "lng": GLASGOW[1]}), "text")


def test_it_rejects_blank_text(customer_api):
    rejected(customer_api.post(INTENTS, intent(text="   ")), "text")


def test_it_rejects_text_over_1000_characters(customer_api):
    rejected(customer_api.post(INTENTS, intent(text="Lunch in Glasgow " * 60)), "text")


def test_it_says_where_is_missing_when_no_location_is_given_or_named(customer_api):
    response = customer_api.post(INTENTS, {"text": "Lunch for 2 near me"})

    rejected(response, "location")


def test_it_says_the_category_is_missing_when_the_text_does_not_tell(customer_api):
    response = customer_api.post(INTENTS, {"text": "Something nice in Glasgow"})

    rejected(response, "category")


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"lat": 91, "lng": 0}, "lat"),
        ({"lat": -90.5, "lng": 0}, "lat"),
        ({"lat": 0, "lng": 180.5}, "lng"),
        ({"lat": "north", "lng": 0}, "lat"),
    ],
)
def test_it_rejects_bad_coordinates(customer_api, fields, field):
    rejected(customer_api.post(INTENTS, intent(**fields)), field)


def test_it_rejects_lat_without_lng(customer_api):
    rejected(customer_api.post(INTENTS, intent(lat=GLASGOW[0])), "lng")


def test_it_rejects_lng_without_lat(customer_api):
    rejected(customer_api.post(INTENTS, intent(lng=GLASGOW[1])), "lat")


@pytest.mark.parametrize("radius_km", [0, 0.05, 200.1, 5000, -1])
def test_it_rejects_a_radius_out_of_range(customer_api, radius_km):
    rejected(customer_api.post(INTENTS, intent(radius_km=radius_km)), "radius_km")


def test_it_rejects_a_window_that_ends_before_it_starts(customer_api):
    response = customer_api.post(INTENTS, intent(starts_at=ahead(hours=3), ends_at=ahead(hours=1)))

    rejected(response, "ends_at")


def test_it_rejects_a_window_that_ends_when_it_starts(customer_api):
    moment = ahead(hours=3)

    rejected(customer_api.post(INTENTS, intent(starts_at=moment, ends_at=moment)), "ends_at")


def test_it_rejects_a_window_that_is_already_over(customer_api):
    response = customer_api.post(INTENTS, intent(starts_at=ago(hours=5), ends_at=ago(hours=1)))

    rejected(response, "ends_at")


def test_it_rejects_a_start_more_than_a_year_ahead(customer_api):
    response = customer_api.post(
        INTENTS, intent(starts_at=ahead(days=370), ends_at=ahead(days=371))
    )

    rejected(response, "starts_at")


def test_it_rejects_a_window_longer_than_90_days(customer_api):
    response = customer_api.post(INTENTS, intent(starts_at=ahead(hours=1), ends_at=ahead(days=95)))

    rejected(response, "ends_at")


def test_it_rejects_a_time_that_is_not_a_time(customer_api):
    rejected(customer_api.post(INTENTS, intent(starts_at="next tuesday-ish")), "starts_at")


def test_it_rejects_a_budget_without_a_currency(customer_api):
    rejected(customer_api.post(INTENTS, intent(budget_max="25.00")), "currency")


@pytest.mark.parametrize("currency", ["XYZ", "POUNDS", "£", "G"])
def test_it_rejects_an_unknown_currency(customer_api, currency):
    response = customer_api.post(INTENTS, intent(budget_max="25.00", currency=currency))

    rejected(response, "currency")


@pytest.mark.parametrize("budget", ["-5.00", "0", "0.00", "100000000.01", "1e20", "cheap"])
def test_it_rejects_a_budget_that_is_not_a_sensible_positive_amount(customer_api, budget):
    response = customer_api.post(INTENTS, intent(budget_max=budget, currency="GBP"))

    rejected(response, "budget_max")


def test_it_rejects_an_unknown_category_slug(customer_api):
    rejected(customer_api.post(INTENTS, intent(category="time-travel")), "category")


def test_it_rejects_a_retired_category(customer_api):
    Category.objects.filter(slug="locksmith").update(active=False)

    rejected(customer_api.post(INTENTS, intent(category="locksmith")), "category")


def test_it_rejects_an_unknown_term_slug(customer_api):
    rejected(customer_api.post(INTENTS, intent(terms=["sell-my-data"])), "terms")


def test_it_rejects_an_unknown_disclosure(customer_api):
    rejected(customer_api.post(INTENTS, intent(disclosure="public")), "disclosure")


@pytest.mark.parametrize("max_offers", [0, 21])
def test_it_rejects_max_offers_out_of_range(customer_api, max_offers):
    rejected(customer_api.post(INTENTS, intent(max_offers=max_offers)), "max_offers")


@pytest.mark.parametrize("quantity", [0, -2, 10001])
def test_it_rejects_a_quantity_out_of_range(customer_api, quantity):
    rejected(customer_api.post(INTENTS, intent(quantity=quantity)), "quantity")


def test_a_refused_intent_is_not_saved(customer_api, customer):
    customer_api.post(INTENTS, intent(starts_at=ago(hours=5), ends_at=ago(hours=1)))

    assert not customer.intents.exists()

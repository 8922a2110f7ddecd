"""Hostile input: the limits on everything a client may send, one parametrized test per
family of rules, and the rates that stop a client from sending too much of it. Every
refusal must be a 4xx naming the field at fault (never a 500, never a 201), and a
refusal for the wrong reason fails the test."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from django.conf import settings
from django.test import Client
from rest_framework.test import APIClient
from rest_framework.throttling import ScopedRateThrottle

from portal.forms import MAX_SLOTS, SubscriptionForm
from tests.api.helpers import ago, ahead, offer_payload, rejected
from tests.conftest import client_for
from tests.factories import (
    GLASGOW,
    PASSWORD,
    LeadFactory,
    UserFactory,
    VendorFactory,
    add_staff,
)

pytestmark = pytest.mark.django_db

INTENTS = "/api/v1/intents/"
PARSE = "/api/v1/intents/parse/"
SUBSCRIPTIONS = "/api/v1/vendor/subscriptions/"
REGISTER = "/api/v1/auth/register/"
TOKEN = "/api/v1/auth/token/"
ME = "/api/v1/me/"
HOUR = {"weekday": 0, "opens": "09:00", "closes": "17:00"}


@pytest.fixture
def send(customer_api, vendor_api, vendor, anon):
    """`send(where, **fields)`: the usual valid request to `where`, changed by `fields`."""

    def send(where: str, **fields):
        if where == "intent":
            return customer_api.post(INTENTS, {"text": "Lunch for 2 in Glasgow", **fields})
        if where == "parse":
            return anon.post(PARSE, {"text": "Lunch tomorrow at 1pm in Glasgow", **fields})
        if where == "subscription":
            valid = {"categories": ["restaurant-meal"], "lat": GLASGOW[0], "lng": GLASGOW[1]}
            return vendor_api.post(SUBSCRIPTIONS, {**valid, "radius_km": 5, **fields})
        if where == "offer":
            url = f"/api/v1/vendor/leads/{LeadFactory(vendor=vendor).pk}/offers/"
            return vendor_api.post(url, offer_payload(**fields))
        if where == "register":
            valid = {"email": "new@example.com", "password": PASSWORD, "role": "customer"}
            return anon.post(REGISTER, {**valid, "name": "Ada", **fields})
        if where == "me":
            return customer_api.patch(ME, fields)
        raise AssertionError(where)

    return send


# --- Text -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("where", "field", "value"),
    [
        ("intent", "text", "Lunch in Glasgow " + "x" * 1000),
        ("parse", "text", "y" * 1001),
        ("parse", "tz", "Europe/" + "z" * 60),
        ("parse", "now", "2026-03-14T11:30:00.000000000000000000000000000000000"),
        ("offer", "message", "m" * 2001),
        ("register", "name", "n" * 121),
        ("register", "email", "e" * 250 + "@example.com"),
        ("register", "password", "p" * 129),
        ("me", "name", "n" * 121),
        ("me", "phone", "0" * 33),
        ("subscription", "categories", ["s" * 65]),
        ("subscription", "hours", [{**HOUR, "opens": "0" * 1000}]),
    ],
)
def test_text_longer_than_its_limit_is_refused(send, where, field, value):
    message = rejected(send(where, **{field: value}), field)

    assert "no more than" in message


# --- Lists ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("where", "field", "value", "says"),
    [
        ("intent", "terms", ["answer-only"] * 21, "At most 20 terms."),
        ("intent", "terms", ["answer-only"] * 5000, "At most 20 terms."),
        ("subscription", "accepted_terms", ["no-resale"] * 5000, "At most 20 terms."),
        ("subscription", "categories", ["restaurant-meal"] * 101, "no more than 100"),
        ("subscription", "hours", [HOUR] * 51, "no more than 50"),
        ("subscription", "hours", [HOUR] * 5000, "no more than 50"),
    ],
)
def test_a_list_longer_than_its_limit_is_refused_before_any_lookup(
    send, django_assert_max_num_queries, where, field, value, says
):
    # A per-item lookup would cost thousands of queries; the count comes first.
    with django_assert_max_num_queries(8):
        message = rejected(send(where, **{field: value}), field)

    assert says in message


# --- Coordinates ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("where", "fields", "field"),
    [
        ("intent", {"lat": 90.0001, "lng": 0}, "lat"),
        ("intent", {"lat": -91, "lng": 0}, "lat"),
        ("intent", {"lat": 0, "lng": 180.5}, "lng"),
        ("intent", {"lat": 0, "lng": -181}, "lng"),
        ("intent", {"lat": "NaN", "lng": 0}, "lat"),
        ("intent", {"lat": 0, "lng": "Infinity"}, "lng"),
        ("intent", {"lat": 55.9}, "lng"),
        ("parse", {"lat": 91, "lng": 0}, "lat"),
        ("subscription", {"lat": 95}, "lat"),
        ("subscription", {"lng": -200}, "lng"),
        ("subscription", {"lat": "nan"}, "lat"),
    ],
)
def test_a_point_off_the_globe_is_refused(send, where, fields, field):
    rejected(send(where, **fields), field)


# --- Radii ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("where", "radius"),
    [
        ("intent", 0),
        ("intent", 0.05),
        ("intent", -3),
        ("intent", 200.5),
        ("intent", "NaN"),
        ("subscription", 0),
        ("subscription", 201),
        ("subscription", "-Infinity"),
    ],
)
def test_a_radius_out_of_range_is_refused(send, where, radius):
    rejected(send(where, radius_km=radius), "radius_km")


# --- Money ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("where", "field", "amount"),
    [
        ("intent", "budget_max", "0"),
        ("intent", "budget_max", "-5"),
        ("intent", "budget_max", "100000000.01"),
        ("intent", "budget_max", "12.345"),
        ("intent", "budget_max", "NaN"),
        ("intent", "budget_max", "1e400"),
        ("offer", "price", "-1"),
        ("offer", "price", "1e30"),
        ("offer", "price", "9.999"),
        ("offer", "price", "Infinity"),
        ("subscription", "min_budget", "-1"),
        ("subscription", "min_budget", "0.001"),
    ],
)
def test_an_amount_out_of_range_is_refused(send, where, field, amount):
    currency = {"currency": "GBP"}
    rejected(send(where, **{field: amount}, **currency), field)


# --- Quantities and counts --------------------------------------------------------------
@pytest.mark.parametrize(
    ("where", "field", "value"),
    [
        ("intent", "quantity", 0),
        ("intent", "quantity", -1),
        ("intent", "quantity", 10001),
        ("intent", "quantity", 1.5),
        ("intent", "quantity", "lots"),
        ("intent", "max_offers", 0),
        ("intent", "max_offers", 21),
        ("subscription", "daily_cap", 0),
        ("subscription", "daily_cap", 10001),
        ("subscription", "hours", [{**HOUR, "weekday": 7}]),
    ],
)
def test_a_count_out_of_range_is_refused(send, where, field, value):
    rejected(send(where, **{field: value}), field)


# --- Time windows -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("where", "fields", "field", "says"),
    [
        # Intents: start before end, not over, not begun long ago, not years ahead.
        ("intent", {"starts_at": ahead(hours=3), "ends_at": ahead(hours=1)}, "ends_at", "after"),
        ("intent", {"starts_at": ago(hours=5), "ends_at": ago(hours=1)}, "ends_at", "over"),
        ("intent", {"starts_at": ago(hours=3), "ends_at": ahead(hours=2)}, "starts_at", "past"),
        ("intent", {"starts_at": ahead(days=370)}, "starts_at", "a year ahead"),
        ("intent", {"starts_at": ahead(hours=1), "ends_at": ahead(days=95)}, "ends_at", "90"),
        ("intent", {"starts_at": "9999-12-31T23:00:00Z"}, "starts_at", "a year ahead"),
        ("intent", {"ends_at": "9999-12-31T23:00:00Z"}, "ends_at", "ahead"),
        ("intent", {"starts_at": "0001-01-01T00:00:00Z"}, "starts_at", "past"),
        ("intent", {"starts_at": "0001-01-01T00:00:00+05:00"}, "starts_at", "range"),
        ("intent", {"starts_at": "next tuesday-ish"}, "starts_at", "format"),
        # Offers: deliverable from now, within a year; valid for a while, at most a year.
        ("offer", {"available_at": ago(hours=1)}, "available_at", "past"),
        ("offer", {"available_at": ahead(days=400)}, "available_at", "within a year"),
        ("offer", {"available_at": "9999-12-31T23:00:00Z"}, "available_at", "within a year"),
        ("offer", {"valid_until": ago(minutes=1)}, "valid_until", "from now"),
        ("offer", {"valid_until": "9999-12-31T23:00:00Z"}, "valid_until", "at most a year"),
        # The parser's "now": a moment near today, however it is written.
        ("parse", {"now": "0001-01-01T00:00"}, "now", "ten years"),
        ("parse", {"now": "0001-01-01T00:00+14:00"}, "now", "ten years"),
        ("parse", {"now": "9999-12-31T23:59"}, "now", "ten years"),
    ],
)
def test_a_time_out_of_range_is_refused(send, where, fields, field, says):
    assert says in rejected(send(where, **fields), field)


def test_a_window_typed_a_moment_ago_is_still_accepted(send):
    response = send("intent", starts_at=ago(minutes=20), ends_at=ahead(hours=2))

    assert response.status_code == 201, response.content


# --- Size of the request ----------------------------------------------------------------
@pytest.mark.parametrize(
    ("who", "path"),
    [("customer_api", INTENTS), ("vendor_api", SUBSCRIPTIONS), ("anon", REGISTER), ("anon", PARSE)],
)
def test_a_body_over_the_upload_limit_is_a_413_in_json(request, who, path):
    body = json.dumps({"text": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)})

    response = request.getfixturevalue(who).post(path, body, content_type="application/json")

    assert response.status_code == 413
    assert response.json() == {"detail": "The request body is too large."}


# --- Forms ------------------------------------------------------------------------------
def test_a_typed_city_longer_than_its_limit_is_an_inline_error(customer):
    site = Client()
    site.force_login(customer)

    response = site.post("/intents/new/", {"text": "Lunch", "where": "city", "city": "c" * 121})

    assert response.status_code == 400
    assert response.context["form"].errors["city"] == [
        "Ensure this value has at most 120 characters (it has 121)."
    ]


def test_a_posted_opening_hours_slot_number_cannot_inflate_the_form(vendor):
    data = {"hours_mode": "set", "day0_open": "on", "day0_opens80": "09:00"}
    data["day1_opens" + "9" * 5000] = "09:00"  # past int()'s digit limit: no ValueError

    form = SubscriptionForm(data, vendor=vendor)

    assert form.slots == MAX_SLOTS
    assert "day0_opens80" not in form.fields


# --- Rates ------------------------------------------------------------------------------
def budget(scope: str) -> int:
    """How many requests the scope's rate allows (THROTTLE_* may change it)."""
    return int(ScopedRateThrottle.THROTTLE_RATES[scope].split("/")[0])


def intents_of(customer) -> Callable[[int], int]:
    api = client_for(customer)
    return lambda n: api.post(INTENTS, {"text": f"Lunch for {n % 9 + 1} in Glasgow"}).status_code


def offers_of(*people, vendor) -> Callable[[int], int]:
    """Offers on one lead by turns from each of `people` (one business's team)."""
    lead = LeadFactory(vendor=vendor)
    apis = [client_for(person) for person in people]
    url = f"/api/v1/vendor/leads/{lead.pk}/offers/"
    return lambda n: apis[n % len(apis)].post(url, offer_payload()).status_code


def api_sign_in_from(address: str) -> Callable[[int], int]:
    """Wrong passwords to the token endpoint, each claiming a new X-Forwarded-For."""
    api = APIClient(REMOTE_ADDR=address)
    return lambda n: (
        api.post(
            TOKEN,
            {"email": "ada@example.com", "password": f"guess {n}"},
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n % 250}",
        ).status_code
    )


def form_sign_in_from(address: str, path: str) -> Callable[[int], int]:
    site = Client(REMOTE_ADDR=address)
    return lambda n: (
        site.post(
            path,
            {"username": "ada@example.com", "password": f"guess {n}"},
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n % 250}",
        ).status_code
    )


def intents_case():
    return "intents", intents_of(UserFactory()), intents_of(UserFactory())


def offers_case():
    ours, theirs = VendorFactory(), VendorFactory()
    team = offers_of(ours.owner, add_staff(ours), vendor=ours)
    return "offers", team, offers_of(theirs.owner, vendor=theirs)


def sign_in_case(path: str | None):
    def case():
        if path is None:
            return "auth", api_sign_in_from("198.51.100.7"), api_sign_in_from("198.51.100.8")
        here, there = form_sign_in_from("198.51.100.7", path), form_sign_in_from("10.1.2.3", path)
        return "auth", here, there

    return case


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(intents_case, id="intents per customer per hour"),
        pytest.param(offers_case, id="offers per business per minute, its whole team"),
        pytest.param(sign_in_case(None), id="sign-in per address: API token"),
        pytest.param(sign_in_case("/accounts/login/"), id="sign-in per address: website"),
        pytest.param(sign_in_case("/portal/login/"), id="sign-in per address: portal"),
    ],
)
def test_a_rate_refuses_with_429_past_its_budget_and_only_for_that_budget(case):
    scope, attempt, someone_else = case()
    allowed = budget(scope)

    answers = [attempt(n) for n in range(allowed + 1)]

    assert 429 not in answers[:allowed], answers
    assert answers[allowed] == 429
    assert someone_else(0) != 429


def test_a_business_has_one_offer_budget_on_the_api_and_the_portal():
    vendor = VendorFactory()
    staff = add_staff(vendor)
    api_offer = offers_of(vendor.owner, vendor=vendor)
    for n in range(budget("offers")):
        api_offer(n)
    portal = Client()
    portal.force_login(staff)
    lead = LeadFactory(vendor=vendor)

    response = portal.post(f"/portal/leads/{lead.pk}/offer/", {"price": "20", "message": "Hi"})

    assert response.status_code == 429

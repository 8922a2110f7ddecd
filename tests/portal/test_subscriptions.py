"""Subscriptions, the opt-in: owners create and change them through the form, which
saves through save_subscription (routes rebuilt, open intents matched)."""

from decimal import Decimal

import pytest

from matching.models import Lead, Route
from tests.factories import (
    GLASGOW,
    IntentFactory,
    SubscriptionFactory,
    VendorFactory,
    category,
    group,
    terms,
)
from tests.portal.helpers import form_errors, subscription_form, text_of
from vendors.models import Subscription

pytestmark = pytest.mark.django_db

NEW = "/portal/subscriptions/new/"


def test_an_owner_subscribes_to_restaurant_meals_within_3_km_of_a_city(portal, vendor):
    response = portal.post(NEW, subscription_form(place="Glasgow"))

    assert response.status_code == 302
    assert response["Location"] == "/portal/subscriptions/"
    sub = Subscription.objects.get(vendor=vendor)
    assert [c.slug for c in sub.categories.all()] == ["restaurant-meal"]
    assert not sub.groups.exists()
    assert (round(sub.lat, 2), round(sub.lng, 2), sub.radius_km) == (55.87, -4.26, 3)
    assert sub.hours == []
    assert sub.daily_cap == 20
    assert sub.active
    assert sorted(t.slug for t in sub.accepted_terms.all()) == ["answer-only", "no-resale"]
    assert Route.objects.filter(subscription=sub).exists()


def test_the_list_names_the_area_by_its_town(portal, vendor):
    portal.post(NEW, subscription_form(place="Glasgow"))

    assert "Within 3 km of Glasgow" in text_of(portal.get("/portal/subscriptions/"))


def test_a_new_subscription_gets_the_open_requests_it_fits(portal, vendor, after_commit):
    intent = IntentFactory()

    with after_commit():
        portal.post(NEW, subscription_form())

    assert Lead.objects.filter(vendor=vendor, intent=intent).exists()


def test_a_whole_group_and_its_leaves_save_as_the_group(portal, vendor):
    portal.post(
        NEW,
        subscription_form(groups=["food-drink"], categories=["restaurant-meal", "plumbing"]),
    )

    sub = Subscription.objects.get(vendor=vendor)
    assert [g.slug for g in sub.groups.all()] == ["food-drink"]
    assert [c.slug for c in sub.categories.all()] == ["plumbing"]


def test_opening_hours_minimum_budget_cap_and_terms_are_saved(portal, vendor):
    portal.post(
        NEW,
        subscription_form(
            hours_mode="set",
            day0_open="on",
            day0_opens1="11:30",
            day0_closes1="14:30",
            day0_opens2="18:00",
            day0_closes2="23:00",
            day5_open="on",
            day5_opens1="18:00",
            day5_closes1="02:00",
            min_budget="15",
            currency="GBP",
            daily_cap="7",
            terms=["platform-contact-only"],
        ),
    )

    sub = Subscription.objects.get(vendor=vendor)
    assert sub.hours == [
        {"weekday": 0, "opens": "11:30", "closes": "14:30"},
        {"weekday": 0, "opens": "18:00", "closes": "23:00"},
        {"weekday": 5, "opens": "18:00", "closes": "02:00"},
    ]
    assert (sub.min_budget, sub.currency, sub.daily_cap) == (Decimal(15), "GBP", 7)
    assert sorted(t.slug for t in sub.accepted_terms.all()) == [
        "answer-only",
        "no-resale",
        "platform-contact-only",
    ]


def test_any_time_ignores_hours_left_in_the_day_rows(portal, vendor):
    portal.post(
        NEW,
        subscription_form(hours_mode="always", day0_open="on", day0_opens1="09:00"),
    )

    assert Subscription.objects.get(vendor=vendor).hours == []


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"categories": []}, "categories", "Choose at least one kind of request"),
        ({"categories": ["no-such-thing"]}, "categories", "Select a valid choice."),
        ({"place": ""}, "place", "This field is required."),
        ({"place": "Xyzzyville"}, "place", "We don't know a place called “Xyzzyville”"),
        ({"radius_km": "0"}, "radius_km", "greater than or equal to 0.1"),
        ({"radius_km": "500"}, "radius_km", "less than or equal to 200"),
        ({"radius_km": "far"}, "radius_km", "A valid number is required."),
        ({"daily_cap": "0"}, "daily_cap", "greater than or equal to 1"),
        ({"min_budget": "15"}, "currency", "Give the currency of the minimum budget."),
        ({"min_budget": "-1", "currency": "GBP"}, "min_budget", "greater than or equal to 0"),
        ({"hours_mode": "set"}, "hours_mode", "Tick the days you are open"),
        (
            {"hours_mode": "set", "day2_open": "on"},
            "day2_opens1",
            "Give your hours on Wednesday, or untick it",
        ),
        (
            {"hours_mode": "set", "day2_open": "on", "day2_opens1": "09:00"},
            "day2_closes1",
            "Give both times on Wednesday",
        ),
        (
            {"hours_mode": "set", "day2_open": "on", "day2_opens1": "9", "day2_closes1": "17"},
            "hours_mode",
            "must be a time like 09:30",
        ),
    ],
)
def test_each_mistake_is_explained_on_its_field(portal, vendor, fields, field, message):
    response = portal.post(NEW, subscription_form(**fields))

    errors = form_errors(response)
    assert any(message in error for error in errors.get(field, [])), errors
    assert not Subscription.objects.filter(vendor=vendor).exists()


def test_the_form_shows_the_errors_on_top_linked_to_their_fields(portal):
    page = text_of(portal.post(NEW, subscription_form(categories=[], place="")))

    assert "There are 2 problems" in page
    assert 'href="#id_categories"' in page
    assert 'href="#id_place"' in page


def test_an_owner_changes_a_subscription(portal, vendor, after_commit):
    sub = SubscriptionFactory(vendor=vendor, radius_km=5)

    with after_commit():
        response = portal.post(
            f"/portal/subscriptions/{sub.pk}/",
            subscription_form(categories=["catering"], radius_km="8", daily_cap="3"),
        )

    assert response.status_code == 302
    sub.refresh_from_db()
    assert [c.slug for c in sub.categories.all()] == ["catering"]
    assert (sub.radius_km, sub.daily_cap) == (8, 3)
    assert Route.objects.get(subscription=sub).radius_km == 8


def test_the_edit_form_starts_from_the_subscription(portal, vendor):
    sub = SubscriptionFactory(
        vendor=vendor,
        categories=[category("catering")],
        groups=[group("pets")],
        hours=[{"weekday": 1, "opens": "08:00", "closes": "12:00"}],
        min_budget=Decimal("12.50"),
        currency="EUR",
        accepted_terms=terms("answer-only", "no-resale", "delete-within-30-days"),
    )

    form = portal.get(f"/portal/subscriptions/{sub.pk}/").context["form"]

    assert form["categories"].value() == ["catering"]
    assert form["groups"].value() == ["pets"]
    assert form["hours_mode"].value() == "set"
    assert form["day1_open"].value() is True
    assert (form["day1_opens1"].value(), form["day1_closes1"].value()) == ("08:00", "12:00")
    assert (form["min_budget"].value(), form["currency"].value()) == ("12.5", "EUR")
    assert "delete-within-30-days" in form["terms"].value()


def test_a_day_with_three_spans_keeps_all_three(portal, vendor):
    hours = [
        {"weekday": 0, "opens": "07:00", "closes": "09:00"},
        {"weekday": 0, "opens": "12:00", "closes": "14:00"},
        {"weekday": 0, "opens": "18:00", "closes": "22:00"},
    ]
    sub = SubscriptionFactory(vendor=vendor, hours=hours)

    form = portal.get(f"/portal/subscriptions/{sub.pk}/").context["form"]

    assert form["day0_opens3"].value() == "18:00"


def test_copying_to_another_area_keeps_everything_but_the_place(portal, vendor):
    sub = SubscriptionFactory(vendor=vendor, categories=[category("catering")], daily_cap=4)

    page = portal.get(f"{NEW}?copy={sub.pk}")
    form = page.context["form"]

    assert "Same settings, another area" in text_of(page)
    assert form["categories"].value() == ["catering"]
    assert form["daily_cap"].value() == 4
    assert form["place"].value() == ""


def test_an_owner_pauses_and_resumes_a_subscription(portal, vendor):
    sub = SubscriptionFactory(vendor=vendor)

    portal.post(f"/portal/subscriptions/{sub.pk}/pause/")
    paused = Subscription.objects.get(pk=sub.pk).active
    routed_when_paused = Route.objects.filter(subscription=sub).exists()
    portal.post(f"/portal/subscriptions/{sub.pk}/resume/")

    assert paused is False
    assert routed_when_paused is False
    assert Subscription.objects.get(pk=sub.pk).active is True
    assert Route.objects.filter(subscription=sub).exists()


def test_pausing_needs_a_post(portal, vendor):
    sub = SubscriptionFactory(vendor=vendor)

    assert portal.get(f"/portal/subscriptions/{sub.pk}/pause/").status_code == 405


def test_another_businesss_subscription_is_not_found(portal):
    theirs = SubscriptionFactory(vendor=VendorFactory())

    assert portal.get(f"/portal/subscriptions/{theirs.pk}/").status_code == 404
    assert portal.post(f"/portal/subscriptions/{theirs.pk}/pause/").status_code == 404
    assert portal.get(f"{NEW}?copy={theirs.pk}").context["form"]["daily_cap"].value() == 20
    assert Subscription.objects.get(pk=theirs.pk).active


def test_coordinates_are_taken_as_they_are(portal, vendor):
    portal.post(NEW, subscription_form(place=f"{GLASGOW[0]}, {GLASGOW[1]}"))

    sub = Subscription.objects.get(vendor=vendor)
    assert (sub.lat, sub.lng) == GLASGOW

"""POST /api/v1/intents/parse/: a sentence read into intent fields, for anyone."""

import pytest

from tests.api.helpers import rejected
from tests.conftest import client_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PARSE = "/api/v1/intents/parse/"
CONTRACT_FIELDS = {
    "category",
    "budget_max",
    "currency",
    "quantity",
    "starts_at",
    "ends_at",
    "place",
    "near_me",
}


def test_it_reads_the_category_and_the_city_from_the_text(anon):
    response = anon.post(PARSE, {"text": "Lunch for 2 in Glasgow"})

    assert response.status_code == 200
    parsed = response.json()
    assert set(parsed) >= CONTRACT_FIELDS
    assert parsed["category"] == "restaurant-meal"
    assert parsed["place"]["name"] == "Glasgow"
    assert parsed["place"]["lat"] == pytest.approx(55.86, abs=0.05)
    assert parsed["place"]["lng"] == pytest.approx(-4.25, abs=0.05)
    assert parsed["near_me"] is False


def test_it_says_near_me_and_gives_no_place_when_none_is_named(anon):
    parsed = anon.post(PARSE, {"text": "Lunch for 2 near me"}).json()

    assert parsed["near_me"] is True
    assert parsed["place"] is None


def test_it_answers_nulls_for_what_the_text_does_not_say(anon):
    parsed = anon.post(PARSE, {"text": "something or other"}).json()

    assert parsed["category"] is None
    assert parsed["place"] is None
    assert parsed["budget_max"] is None


def test_it_works_for_a_signed_in_customer_too():
    api = client_for(UserFactory(time_zone="Europe/London"))

    response = api.post(PARSE, {"text": "Lunch in Glasgow"})

    assert response.status_code == 200
    assert response.json()["category"] == "restaurant-meal"


def test_it_accepts_a_local_now_and_a_time_zone(anon):
    response = anon.post(
        PARSE, {"text": "Lunch in Glasgow", "now": "2026-03-14T11:30", "tz": "Europe/London"}
    )

    assert response.status_code == 200


def test_it_rejects_a_time_zone_that_is_not_iana(anon):
    rejected(anon.post(PARSE, {"text": "Lunch", "tz": "Mars/Olympus_Mons"}), "tz")


def test_it_rejects_a_now_that_is_not_iso_8601(anon):
    rejected(anon.post(PARSE, {"text": "Lunch", "now": "half past eleven"}), "now")


def test_it_requires_text(anon):
    rejected(anon.post(PARSE, {}), "text")


def test_it_rejects_text_over_1000_characters(anon):
    rejected(anon.post(PARSE, {"text": "lunch " * 200}), "text")


def test_it_rejects_coordinates_out_of_range(anon):
    rejected(anon.post(PARSE, {"text": "Lunch", "lat": 95, "lng": 0}), "lat")

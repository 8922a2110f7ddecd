"""Posting an intent from the form: read from the words, corrected in fields, and every
bad input answered inline with the API's own messages."""

from datetime import UTC, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone

from intents.models import Intent
from tests.factories import GLASGOW, UserFactory
from tests.website.helpers import NEW, form_errors, intent_form, near_glasgow, text_of
from website.forms import WHERE_MISSING
from website.models import SavedPlace

pytestmark = pytest.mark.django_db


def test_the_form_offers_the_disclosure_choices_in_plain_words_and_the_default_terms(site):
    page = text_of(site.get(NEW))

    assert "Vendors see a point within about a kilometre of you" in page
    assert 'value="approximate" id="id_disclosure_1" aria-describedby' in page
    assert "Answer only" in page
    assert "No resale" in page
    assert page.count("checked disabled") == 2
    assert "Talk only through Beckon" in page


def test_it_posts_an_intent_read_from_the_words_and_opens_its_page(site, customer):
    answer = site.post(NEW, intent_form())

    intent = Intent.objects.get(customer=customer)
    assert answer["Location"] == f"/intents/{intent.pk}/"
    assert intent.category.slug == "restaurant-meal"
    assert (intent.budget_max, intent.currency, intent.quantity) == (Decimal(30), "GBP", 2)
    assert intent.place_name == "Glasgow"
    assert intent.disclosure == "approximate"
    assert intent.max_offers == 5


def test_near_me_uses_the_location_the_browser_gave(site, customer):
    site.post(NEW, intent_form(text="lunch for 2 near me now", **near_glasgow()))

    intent = Intent.objects.get(customer=customer)
    assert (intent.lat, intent.lng) == GLASGOW
    assert intent.place_name == ""


def test_a_typed_city_sets_the_place(site, customer):
    site.post(NEW, intent_form(text="a plumber tomorrow", where="city", city="Edinburgh"))

    intent = Intent.objects.get(customer=customer)
    assert intent.place_name == "Edinburgh"
    assert round(intent.lat, 1) == 56.0


def test_an_unknown_city_is_an_inline_error(site, customer):
    answer = site.post(NEW, intent_form(where="city", city="Qwxzyville"))

    assert form_errors(answer) == {
        "city": ["We don't know a place called “Qwxzyville”. Try a nearby city."]
    }
    assert not Intent.objects.exists()


def test_a_city_choice_without_a_city_asks_for_one(site):
    assert form_errors(site.post(NEW, intent_form(where="city", city=" "))) == {
        "city": ["Type the city or town."]
    }


def test_near_me_without_a_location_says_where_is_missing(site):
    answer = site.post(NEW, intent_form(text="lunch for 2 near me now"))

    assert form_errors(answer) == {"where": [WHERE_MISSING]}
    assert 'href="#id_where"' in text_of(answer)


def test_remembering_a_place_saves_it_for_next_time(site, customer):
    site.post(NEW, intent_form(where="city", city="Edinburgh", remember_place="on"))

    saved = SavedPlace.objects.get(user=customer)
    assert saved.name == "Edinburgh"
    assert "My saved place: Edinburgh" in text_of(site.get(NEW))

    site.post(NEW, intent_form(text="a taxi now", where="saved"))
    assert Intent.objects.filter(customer=customer, place_name="Edinburgh").count() == 2


def test_blank_words_are_refused_with_the_apis_message(site):
    assert form_errors(site.post(NEW, intent_form(text="  ", **near_glasgow()))) == {
        "text": ["This field may not be blank."]
    }


def test_words_without_a_category_ask_to_choose_one(site):
    errors = form_errors(site.post(NEW, intent_form(text="zzqx in Glasgow")))

    assert errors == {"category": ["Could not tell the category from the text; choose one."]}


def test_fields_the_customer_set_win_over_the_words(site, customer):
    site.post(
        NEW,
        intent_form(
            category="takeaway-delivery",
            quantity="4",
            budget_max="50",
            currency="EUR",
            radius_km="25",
            disclosure="area",
            max_offers="3",
        ),
    )

    intent = Intent.objects.get(customer=customer)
    assert intent.category.slug == "takeaway-delivery"
    assert (intent.quantity, intent.budget_max, intent.currency) == (4, Decimal(50), "EUR")
    assert (intent.radius_km, intent.disclosure, intent.max_offers) == (25, "area", 3)


def test_typed_times_are_the_customers_own_wall_clock():
    customer = UserFactory(time_zone="America/New_York")
    client = Client()
    client.force_login(customer)
    day = (timezone.now() + timedelta(days=3)).astimezone(ZoneInfo("America/New_York")).date()

    client.post(NEW, intent_form(starts_at=f"{day}T10:00", ends_at=f"{day}T12:00"))

    intent = Intent.objects.get(customer=customer)
    new_york_ten = datetime.combine(day, time(10), tzinfo=ZoneInfo("America/New_York"))
    assert intent.starts_at == new_york_ten.astimezone(UTC)


def test_a_window_that_ends_before_it_starts_is_refused(site):
    errors = form_errors(
        site.post(NEW, intent_form(starts_at="2030-01-02T10:00", ends_at="2030-01-02T09:00"))
    )

    assert errors == {"ends_at": ["The end of the time window must be after its start."]}


def test_a_budget_without_a_currency_asks_for_one(site):
    errors = form_errors(site.post(NEW, intent_form(text="a plumber in Glasgow", budget_max="80")))

    assert errors == {"currency": ["Give the currency of the budget, like GBP or EUR."]}


def test_every_malformed_field_gets_its_own_message_never_a_500(site):
    answer = site.post(
        NEW,
        intent_form(
            category="no-such-thing",
            budget_max="lots",
            quantity="-1",
            max_offers="99",
            radius_km="far",
            disclosure="everywhere",
            starts_at="next tuesday-ish",
            currency="XXQ",
        ),
    )

    errors = form_errors(answer)
    assert set(errors) == {
        "category",
        "budget_max",
        "quantity",
        "max_offers",
        "radius_km",
        "disclosure",
        "starts_at",
        "currency",
    }
    assert errors["max_offers"] == ["Ensure this value is less than or equal to 20."]
    assert errors["budget_max"] == ["A valid number is required."]
    assert "There are 8 problems" in text_of(answer)


def test_an_unknown_where_choice_is_refused(site):
    assert "where" in form_errors(site.post(NEW, intent_form(where="moon")))


def test_the_details_unfold_when_one_of_them_has_an_error(site):
    page = text_of(site.post(NEW, intent_form(quantity="0")))

    assert '<details class="card adjust" open' in page


def test_chosen_terms_travel_with_the_intent_beside_the_defaults(site, customer):
    site.post(NEW, intent_form(terms=["platform-contact-only", "delete-within-30-days"]))

    intent = Intent.objects.get(customer=customer)
    assert set(intent.terms.values_list("slug", flat=True)) == {
        "answer-only",
        "no-resale",
        "platform-contact-only",
        "delete-within-30-days",
    }


def test_an_unknown_term_is_refused(site):
    errors = form_errors(site.post(NEW, intent_form(terms=["sell-my-data"])))

    assert errors == {"__all__": ["Object with slug=sell-my-data does not exist."]}


def test_words_over_1000_characters_are_refused(site):
    errors = form_errors(site.post(NEW, intent_form(text="Lunch in Glasgow " * 60)))

    assert errors == {"text": ["Ensure this field has no more than 1000 characters."]}


def test_posting_is_rate_limited_together_with_the_api(site, customer):
    answers = [site.post(NEW, intent_form(text="")).status_code for _ in range(31)]

    assert answers[:30] == [400] * 30
    assert answers[30] == 429
    assert "a lot of tries" in text_of(site.post(NEW, intent_form()))
    assert not Intent.objects.exists()

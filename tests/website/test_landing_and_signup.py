"""The landing page, sign-up, and a visitor's first words surviving the sign-up."""

import pytest

from accounts.models import User
from tests.factories import UserFactory
from tests.website.helpers import form_errors, text_of

pytestmark = pytest.mark.django_db

SIGNUP = "/accounts/signup/"


def signup_form(**fields) -> dict:
    return {
        "name": "Ada Lovelace",
        "email": "ada@example.com",
        "password": "a long passphrase",
        **fields,
    }


def test_the_landing_page_says_what_beckon_does_and_offers_the_box(visitor):
    page = text_of(visitor.get("/"))

    assert "Say what you need." in page
    assert '<label class="ask-label" for="id_text">What do you need?</label>' in page
    assert 'action="/start/"' in page


def test_a_visitors_words_wait_in_the_session_while_they_sign_up(visitor):
    started = visitor.post("/start/", {"text": "Lunch for 2 near me now"})

    assert started.status_code == 302
    assert started["Location"] == "/accounts/signup/?next=/intents/new/"
    assert "Lunch for 2 near me now" in text_of(visitor.get(started["Location"]))

    signed_up = visitor.post(SIGNUP, {**signup_form(), "next": "/intents/new/"})

    assert signed_up["Location"] == "/intents/new/"
    form = visitor.get("/intents/new/")
    assert form.context["form"]["text"].value() == "Lunch for 2 near me now"


def test_an_example_button_starts_with_its_words(visitor):
    visitor.post("/start/", {"text": "", "example": "A plumber tomorrow morning"})

    assert "A plumber tomorrow morning" in text_of(visitor.get(SIGNUP))


def test_a_signed_in_customer_goes_straight_to_the_form(site):
    started = site.post("/start/", {"text": "Lunch for 2"})

    assert started["Location"] == "/intents/new/"


def test_a_visitor_opening_the_form_is_sent_to_sign_up_with_the_words_kept(visitor):
    answer = visitor.get("/intents/new/", {"text": "Coffee for 4"})

    assert answer["Location"] == "/accounts/signup/?next=/intents/new/"
    assert "Coffee for 4" in text_of(visitor.get(SIGNUP))


def test_sign_up_creates_a_customer_signs_them_in_and_keeps_their_time_zone(visitor):
    answer = visitor.post(SIGNUP, signup_form(tz="Europe/Paris"))

    assert answer.status_code == 302
    user = User.objects.get(email="ada@example.com")
    assert user.role == User.Role.CUSTOMER
    assert user.time_zone == "Europe/Paris"
    assert visitor.get("/intents/").status_code == 200


def test_an_unknown_time_zone_from_the_browser_is_ignored(visitor):
    visitor.post(SIGNUP, signup_form(tz="Mars/Olympus"))

    assert User.objects.get(email="ada@example.com").time_zone == "UTC"


def test_sign_up_shows_each_missing_field_inline(visitor):
    answer = visitor.post(SIGNUP, {"name": "", "email": "", "password": ""})

    errors = form_errors(answer)
    assert set(errors) == {"name", "email", "password"}
    assert errors["email"] == ["This field may not be blank."]
    assert 'aria-invalid="true"' in text_of(answer)


def test_sign_up_refuses_an_email_already_used_with_the_apis_message(visitor):
    UserFactory(email="ada@example.com")

    errors = form_errors(visitor.post(SIGNUP, signup_form(email="ADA@example.com")))

    assert errors == {"email": ["An account with this email already exists."]}


def test_sign_up_refuses_a_weak_password_with_the_validators_words(visitor):
    errors = form_errors(visitor.post(SIGNUP, signup_form(password="12345678")))

    assert "This password is entirely numeric." in errors["password"]


def test_sign_up_refuses_a_malformed_email(visitor):
    errors = form_errors(visitor.post(SIGNUP, signup_form(email="not-an-email")))

    assert errors == {"email": ["Enter a valid email address."]}


def test_sign_up_ignores_a_next_that_leaves_the_site(visitor):
    answer = visitor.post(SIGNUP, {**signup_form(), "next": "https://evil.example.com/"})

    assert answer["Location"] == "/intents/"


def test_sign_up_is_rate_limited_per_address(visitor):
    answers = [visitor.post(SIGNUP, {"name": ""}).status_code for _ in range(21)]

    assert answers[:20] == [400] * 20
    assert answers[20] == 429

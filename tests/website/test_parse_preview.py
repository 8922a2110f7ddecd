"""The live parse preview on the landing page and the post form."""

import pytest

from tests.factories import GLASGOW
from tests.website.helpers import text_of

pytestmark = pytest.mark.django_db

PREVIEW = "/intents/preview/"


def test_it_shows_what_was_read_from_the_words_to_a_visitor(visitor):
    page = text_of(visitor.post(PREVIEW, {"text": "lunch for 2 near me now under $30"}))

    assert "Restaurant meal" in page
    assert "Up to US$30" in page
    assert "Now until" in page
    assert "Near you (we will ask your browser)" in page
    assert page.count("from your words") == 5


def test_fields_the_customer_set_show_as_theirs(site):
    page = text_of(
        site.post(
            PREVIEW,
            {
                "text": "lunch for 2 in Glasgow",
                "category": "takeaway-delivery",
                "quantity": "6",
                "budget_max": "40",
                "currency": "EUR",
                "where": "here",
                "lat": str(GLASGOW[0]),
                "lng": str(GLASGOW[1]),
                "adjustable": "1",
            },
        )
    )

    assert "Takeaway" in page
    assert "Up to €40" in page
    assert "your current location" in page
    assert page.count("you set this") == 4
    assert 'href="#id_category" data-adjust' in page


def test_what_is_missing_is_marked_as_needed(visitor):
    page = text_of(visitor.post(PREVIEW, {"text": "zzqx"}))

    assert "Not sure yet: choose a category" in page
    assert "Not said: use your location or type a city" in page
    assert page.count("needed") == 2


def test_no_words_show_the_hint(visitor):
    assert "Type what you need" in text_of(visitor.post(PREVIEW, {"text": ""}))


def test_nonsense_input_is_answered_not_an_error(visitor):
    answer = visitor.post(
        PREVIEW,
        {
            "text": "\x00🙂" * 3000,
            "starts_at": "yesterday-ish",
            "budget_max": "NaN",
            "quantity": "-3",
            "tz": "Nowhere/Else",
        },
    )

    assert answer.status_code == 200


def test_the_visitors_browser_zone_reads_the_times(visitor):
    london = text_of(visitor.post(PREVIEW, {"text": "dinner at 7pm", "tz": "Europe/London"}))

    assert "19:00" in london


def test_the_preview_only_answers_posts(visitor):
    assert visitor.get(PREVIEW).status_code == 405


def test_the_preview_is_rate_limited(visitor):
    answers = [visitor.post(PREVIEW, {"text": "x"}).status_code for _ in range(121)]

    assert answers[-1] == 429

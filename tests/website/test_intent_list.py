"""My intents: open and closed, with status, counts and time left."""

from datetime import timedelta

import pytest
from django.utils import timezone

from intents.models import Intent
from offers.models import Offer
from tests.factories import IntentFactory, LeadFactory, OfferFactory
from tests.website.helpers import text_of

pytestmark = pytest.mark.django_db

MINE = "/intents/"


def test_it_lists_open_and_closed_intents_with_counts(site, customer, someone_else):
    open_one = IntentFactory(customer=customer, text="Lunch for 2 now")
    LeadFactory.create_batch(2, intent=open_one)
    OfferFactory.create_batch(3, lead__intent=open_one)
    OfferFactory(lead__intent=open_one, status=Offer.Status.WITHDRAWN)
    past = timezone.now() - timedelta(hours=5)
    IntentFactory(
        customer=customer, text="Old dinner", starts_at=past, ends_at=past + timedelta(hours=1)
    )
    IntentFactory(customer=customer, text="A plumber", status=Intent.Status.WITHDRAWN)
    IntentFactory(customer=someone_else, text="Not mine")

    answer = site.get(MINE)

    assert [i.text for i in answer.context["open_intents"]] == ["Lunch for 2 now"]
    assert [i.text for i in answer.context["closed_page"]] == ["A plumber", "Old dinner"]
    listed = answer.context["open_intents"][0]
    assert (listed.leads_count, listed.offers_count) == (6, 3)
    page = text_of(answer)
    assert "6 vendors reached" in page
    assert "<strong>3</strong> offers" in page
    assert "left" in page
    assert "Not mine" not in page
    assert "Expired" in page
    assert "Withdrawn" in page


def test_with_nothing_yet_it_helps_to_post_one(site):
    page = text_of(site.get(MINE))

    assert "Nothing open right now." in page
    assert 'href="/intents/new/">Post an intent</a>' in page
    assert "Intents you accept, withdraw or that run out of time will be listed here." in page


def test_closed_intents_are_paged(site, customer):
    IntentFactory.create_batch(25, customer=customer, status=Intent.Status.WITHDRAWN)

    assert len(site.get(MINE).context["closed_page"]) == 20
    assert len(site.get(MINE, {"page": "2"}).context["closed_page"]) == 5
    assert len(site.get(MINE, {"page": "lots"}).context["closed_page"]) == 20

"""Accepting (after one confirmation) and declining offers from the intent page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from intents.models import Intent, Term
from offers.models import Offer
from tests.factories import IntentFactory, OfferFactory, VendorFactory
from tests.website.helpers import text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def intent(customer):
    return IntentFactory(customer=customer)


@pytest.fixture
def offer(intent):
    vendor = VendorFactory(
        name="Trattoria Lucca",
        email="ciao@lucca.example.com",
        phone="+44 141 496 0000",
        address="1 Byres Road, Glasgow",
    )
    return OfferFactory(lead__intent=intent, lead__vendor=vendor)


def accept_url(offer) -> str:
    return f"/intents/{offer.intent_id}/offers/{offer.pk}/accept/"


def decline_url(offer) -> str:
    return f"/intents/{offer.intent_id}/offers/{offer.pk}/decline/"


def test_accepting_asks_once_with_what_it_means(site, offer):
    page = text_of(site.get(accept_url(offer)))

    assert "Accept Trattoria Lucca&#x27;s offer of £24.50?" in page
    assert "Your intent closes and the other offers are declined." in page
    assert Offer.objects.get(pk=offer.pk).status == Offer.Status.PENDING


def test_accepting_closes_the_intent_and_shows_the_vendors_contact(site, intent, offer):
    other = OfferFactory(lead__intent=intent)

    answer = site.post(accept_url(offer))

    assert answer["Location"] == f"/intents/{intent.pk}/#accepted"
    assert Offer.objects.get(pk=offer.pk).status == Offer.Status.ACCEPTED
    assert Offer.objects.get(pk=other.pk).status == Offer.Status.CLOSED
    assert Intent.objects.get(pk=intent.pk).status == Intent.Status.ACCEPTED
    page = text_of(site.get(f"/intents/{intent.pk}/"))
    assert "You accepted Trattoria Lucca\u2019s offer" in page
    assert 'href="mailto:ciao@lucca.example.com"' in page
    assert 'href="tel:+441414960000"' in page
    assert "1 Byres Road, Glasgow" in page


def test_platform_contact_only_keeps_the_vendors_contact_hidden(site, customer):
    intent = IntentFactory(
        customer=customer,
        terms=[
            *Term.objects.filter(is_default=True),
            Term.objects.get(slug="platform-contact-only"),
        ],
    )
    offer = OfferFactory(
        lead__intent=intent, lead__vendor=VendorFactory(email="hidden@example.com")
    )

    site.post(accept_url(offer))

    page = text_of(site.get(f"/intents/{intent.pk}/"))
    assert "hidden@example.com" not in page
    assert "Platform contact only" in page


def test_accepting_an_offer_that_lapsed_explains_and_changes_nothing(site, intent):
    lapsed = OfferFactory(lead__intent=intent, valid_until=timezone.now() - timedelta(minutes=1))

    answer = site.post(accept_url(lapsed), follow=True)

    assert "This offer is expired, not pending." in text_of(answer)
    assert Intent.objects.get(pk=intent.pk).status == Intent.Status.OPEN


def test_accepting_on_a_closed_intent_explains(site, intent, offer):
    Intent.objects.filter(pk=intent.pk).update(status=Intent.Status.WITHDRAWN)

    answer = site.post(accept_url(offer), follow=True)

    assert "This intent is withdrawn; no offer can be accepted now." in text_of(answer)


def test_the_confirmation_of_an_offer_no_longer_pending_sends_back(site, offer):
    Offer.objects.filter(pk=offer.pk).update(status=Offer.Status.DECLINED)

    answer = site.get(accept_url(offer), follow=True)

    assert "This offer is declined; it can&#x27;t be accepted." in text_of(answer)


def test_declining_declines_that_offer_only(site, intent, offer):
    other = OfferFactory(lead__intent=intent)

    answer = site.post(decline_url(offer), follow=True)

    assert "Declined Trattoria Lucca&#x27;s offer." in text_of(answer)
    assert Offer.objects.get(pk=offer.pk).status == Offer.Status.DECLINED
    assert Offer.objects.get(pk=other.pk).status == Offer.Status.PENDING
    assert Intent.objects.get(pk=intent.pk).status == Intent.Status.OPEN


def test_declining_twice_explains(site, offer):
    site.post(decline_url(offer))

    assert "This offer is declined, not pending." in text_of(
        site.post(decline_url(offer), follow=True)
    )


def test_declining_needs_a_post(site, offer):
    assert site.get(decline_url(offer)).status_code == 405


def test_decisions_are_rate_limited(site, intent):
    offers = OfferFactory.create_batch(3, lead__intent=intent)
    for _ in range(120):
        site.post(decline_url(offers[0]))

    assert site.post(decline_url(offers[1])).status_code == 429
    assert Offer.objects.get(pk=offers[1].pk).status == Offer.Status.PENDING


def test_the_confirmation_needs_csrf(customer, offer):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(customer)

    assert strict.post(accept_url(offer)).status_code == 403
    assert Offer.objects.get(pk=offer.pk).status == Offer.Status.PENDING

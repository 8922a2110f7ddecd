"""GET /api/v1/intents/{id}/offers/: the offers on one of the customer's intents."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from offers.models import Offer
from tests.api.helpers import ids, offer_from, page
from tests.factories import IntentFactory, OfferFactory, VendorFactory, terms

pytestmark = pytest.mark.django_db


def offers_url(intent) -> str:
    return f"/api/v1/intents/{intent.pk}/offers/"


def test_it_lists_the_offers_with_the_contract_fields(customer_api, customer):
    intent = IntentFactory(customer=customer)
    vendor = VendorFactory(name="Bella Pasta", rating=Decimal("4.5"))
    offer = offer_from(vendor, intent, lead__distance_km=1.234)

    [listed] = page(customer_api.get(offers_url(intent)))

    assert {
        "id",
        "status",
        "price",
        "currency",
        "message",
        "available_at",
        "valid_until",
        "vendor",
    } <= set(listed)
    assert listed["id"] == offer.pk
    assert listed["status"] == "pending"
    assert listed["price"] == "24.50"
    assert listed["currency"] == "GBP"
    assert listed["message"] == "A table by the window"
    assert listed["vendor"] == {
        "id": vendor.pk,
        "name": "Bella Pasta",
        "rating": "4.5",
        "distance_km": 1.2,
    }


def test_it_lists_only_the_offers_on_that_intent(customer_api, customer):
    intent, other = IntentFactory.create_batch(2, customer=customer)
    here = OfferFactory.create_batch(2, lead__intent=intent)
    OfferFactory(lead__intent=other)

    assert ids(customer_api.get(offers_url(intent))) == {o.pk for o in here}


def test_a_vendor_without_a_rating_shows_null(customer_api, customer):
    intent = IntentFactory(customer=customer)
    offer_from(VendorFactory(rating=None), intent)

    assert page(customer_api.get(offers_url(intent)))[0]["vendor"]["rating"] is None


def test_it_filters_offers_by_status(customer_api, customer):
    intent = IntentFactory(customer=customer)
    pending = OfferFactory(lead__intent=intent)
    declined = OfferFactory(lead__intent=intent, status=Offer.Status.DECLINED)

    assert ids(customer_api.get(offers_url(intent), {"status": "pending"})) == {pending.pk}
    assert ids(customer_api.get(offers_url(intent), {"status": "declined"})) == {declined.pk}


def test_a_pending_offer_past_valid_until_lists_and_reads_as_expired(customer_api, customer):
    intent = IntentFactory(customer=customer)
    stale = OfferFactory(lead__intent=intent, valid_until=timezone.now() - timedelta(minutes=1))
    live = OfferFactory(lead__intent=intent)

    expired = page(customer_api.get(offers_url(intent), {"status": "expired"}))

    assert [o["id"] for o in expired] == [stale.pk]
    assert expired[0]["status"] == "expired"
    assert ids(customer_api.get(offers_url(intent), {"status": "pending"})) == {live.pk}


def test_there_is_no_vendor_contact_on_a_pending_offer(customer_api, customer):
    intent = IntentFactory(customer=customer)
    OfferFactory(lead__intent=intent)

    assert page(customer_api.get(offers_url(intent)))[0].get("vendor_contact") is None


def test_an_accepted_offer_shows_how_to_reach_the_vendor(customer_api, customer):
    intent = IntentFactory(customer=customer)
    vendor = VendorFactory(email="hello@bella.example.com", phone="+44 141 555 0100")
    offer = offer_from(vendor, intent)

    accepted = customer_api.post(f"/api/v1/offers/{offer.pk}/accept/").json()

    assert accepted["vendor_contact"]["email"] == "hello@bella.example.com"
    assert accepted["vendor_contact"]["phone"] == "+44 141 555 0100"
    listed = page(customer_api.get(offers_url(intent)))[0]
    assert listed["vendor_contact"]["email"] == "hello@bella.example.com"


def test_only_the_accepted_offer_shows_vendor_contact(customer_api, customer):
    intent = IntentFactory(customer=customer)
    winner, loser = OfferFactory.create_batch(2, lead__intent=intent)

    customer_api.post(f"/api/v1/offers/{winner.pk}/accept/")

    by_id = {o["id"]: o for o in page(customer_api.get(offers_url(intent)))}
    assert by_id[winner.pk]["vendor_contact"] is not None
    assert by_id[loser.pk].get("vendor_contact") is None


def test_no_vendor_contact_when_the_customer_keeps_talk_on_the_platform(customer_api, customer):
    intent = IntentFactory(
        customer=customer, terms=terms("answer-only", "no-resale", "platform-contact-only")
    )
    vendor = VendorFactory(email="hello@bella.example.com")
    offer = offer_from(vendor, intent)

    accepted = customer_api.post(f"/api/v1/offers/{offer.pk}/accept/")

    assert accepted.status_code == 200
    assert accepted.json().get("vendor_contact") is None
    assert "hello@bella.example.com" not in customer_api.get(offers_url(intent)).content.decode()


def test_it_answers_404_for_an_intent_that_does_not_exist(customer_api):
    assert customer_api.get("/api/v1/intents/999999/offers/").status_code == 404

"""POST /api/v1/offers/{id}/accept/ and /decline/: the intent's customer decides."""

from datetime import timedelta

import pytest
from django.utils import timezone

from intents.models import Intent
from matching.models import Lead
from offers.models import Offer
from tests.api.helpers import conflict, lead_for, offer_from, past_expiry_intent
from tests.conftest import client_for
from tests.factories import IntentFactory, OfferFactory, VendorFactory

pytestmark = pytest.mark.django_db


def accept(api, offer):
    return api.post(f"/api/v1/offers/{offer.pk}/accept/")


def decline(api, offer):
    return api.post(f"/api/v1/offers/{offer.pk}/decline/")


def status_of(obj) -> str:
    obj.refresh_from_db()
    return obj.status


def test_accepting_an_offer_answers_with_the_accepted_offer(customer_api, customer):
    offer = OfferFactory(lead__intent__customer=customer)

    response = accept(customer_api, offer)

    assert response.status_code == 200
    assert response.json()["id"] == offer.pk
    assert response.json()["status"] == "accepted"


def test_accepting_an_offer_accepts_the_intent(customer_api, customer):
    offer = OfferFactory(lead__intent__customer=customer)

    accept(customer_api, offer)

    intent = customer_api.get(f"/api/v1/intents/{offer.intent_id}/").json()
    assert intent["status"] == "accepted"
    assert customer_api.get("/api/v1/intents/", {"status": "accepted"}).json()["count"] == 1


def test_accepting_closes_every_other_offer_and_lead_on_the_intent(customer_api, customer):
    intent = IntentFactory(customer=customer)
    winner = OfferFactory(lead__intent=intent)
    other_offer = OfferFactory(lead__intent=intent)
    unanswered = lead_for(VendorFactory(), intent=intent)
    viewed = lead_for(VendorFactory(), intent=intent, status=Lead.Status.VIEWED)

    accept(customer_api, winner)

    assert status_of(other_offer) == Offer.Status.CLOSED
    assert status_of(other_offer.lead) == Lead.Status.CLOSED
    assert status_of(unanswered) == Lead.Status.CLOSED
    assert status_of(viewed) == Lead.Status.CLOSED
    assert status_of(winner.lead) == Lead.Status.OFFERED


def test_the_winning_vendor_sees_its_offer_accepted(customer_api, customer):
    vendor = VendorFactory()
    offer = offer_from(vendor, IntentFactory(customer=customer))

    accept(customer_api, offer)

    mine = client_for(vendor.owner).get(f"/api/v1/vendor/offers/{offer.pk}/").json()
    assert mine["status"] == "accepted"
    assert mine["decided_at"] is not None


def test_a_closed_competitor_reads_its_offer_and_lead_as_closed(customer_api, customer):
    intent = IntentFactory(customer=customer)
    rival = VendorFactory()
    winner, rivals_offer = OfferFactory(lead__intent=intent), offer_from(rival, intent)

    accept(customer_api, winner)

    rival_api = client_for(rival.owner)
    assert rival_api.get(f"/api/v1/vendor/offers/{rivals_offer.pk}/").json()["status"] == "closed"
    lead = rival_api.get(f"/api/v1/vendor/leads/{rivals_offer.lead_id}/").json()
    assert lead["status"] == "closed"
    assert lead["intent"]["status"] == "accepted"


def test_it_refuses_to_accept_a_second_offer_on_an_accepted_intent(customer_api, customer):
    intent = IntentFactory(customer=customer)
    first, second = OfferFactory.create_batch(2, lead__intent=intent)
    accept(customer_api, first)

    assert "accepted" in conflict(accept(customer_api, second))
    assert status_of(first) == Offer.Status.ACCEPTED
    assert status_of(second) == Offer.Status.CLOSED


def test_it_refuses_to_accept_the_same_offer_twice(customer_api, customer):
    offer = OfferFactory(lead__intent__customer=customer)
    accept(customer_api, offer)

    conflict(accept(customer_api, offer))


def test_it_refuses_to_accept_an_offer_on_a_withdrawn_intent(customer_api, customer):
    offer = OfferFactory(lead__intent__customer=customer)
    customer_api.post(f"/api/v1/intents/{offer.intent_id}/withdraw/")

    assert "withdrawn" in conflict(accept(customer_api, offer))
    assert status_of(offer.intent) == Intent.Status.WITHDRAWN


def test_it_refuses_to_accept_an_offer_on_an_expired_intent(customer_api, customer):
    offer = OfferFactory(lead__intent=past_expiry_intent(customer=customer))

    assert "expired" in conflict(accept(customer_api, offer))
    assert status_of(offer) == Offer.Status.PENDING


def test_it_refuses_to_accept_an_expired_offer_and_leaves_the_intent_open(customer_api, customer):
    offer = OfferFactory(
        lead__intent__customer=customer, valid_until=timezone.now() - timedelta(minutes=1)
    )

    assert "expired" in conflict(accept(customer_api, offer))
    assert status_of(offer.intent) == Intent.Status.OPEN


def test_it_refuses_to_accept_a_declined_offer_and_leaves_the_intent_open(customer_api, customer):
    offer = OfferFactory(lead__intent__customer=customer, status=Offer.Status.DECLINED)

    conflict(accept(customer_api, offer))
    assert status_of(offer.intent) == Intent.Status.OPEN


def test_it_refuses_to_accept_a_withdrawn_offer(customer_api, customer):
    offer = OfferFactory(lead__intent__customer=customer, status=Offer.Status.WITHDRAWN)

    conflict(accept(customer_api, offer))
    assert status_of(offer.intent) == Intent.Status.OPEN


def test_declining_an_offer_leaves_the_intent_open_for_others(customer_api, customer):
    intent = IntentFactory(customer=customer)
    declined, other = OfferFactory.create_batch(2, lead__intent=intent)

    response = decline(customer_api, declined)

    assert response.status_code == 200
    assert response.json()["status"] == "declined"
    assert status_of(intent) == Intent.Status.OPEN
    assert status_of(other) == Offer.Status.PENDING
    assert accept(customer_api, other).status_code == 200


@pytest.mark.parametrize(
    "status",
    [Offer.Status.DECLINED, Offer.Status.WITHDRAWN, Offer.Status.ACCEPTED, Offer.Status.CLOSED],
)
def test_it_refuses_to_decline_an_offer_that_is_not_pending(customer_api, customer, status):
    offer = OfferFactory(lead__intent__customer=customer, status=status)

    assert "not pending" in conflict(decline(customer_api, offer))
    assert status_of(offer) == status


def test_it_refuses_to_decline_an_offer_past_valid_until(customer_api, customer):
    offer = OfferFactory(
        lead__intent__customer=customer, valid_until=timezone.now() - timedelta(minutes=1)
    )

    assert "expired" in conflict(decline(customer_api, offer))


def test_the_vendor_cannot_accept_its_own_offer(vendor):
    offer = offer_from(vendor)

    assert accept(client_for(vendor.owner), offer).status_code == 404
    assert status_of(offer) == Offer.Status.PENDING


@pytest.mark.parametrize("verb", ["accept", "decline"])
def test_it_answers_404_for_an_offer_that_does_not_exist(customer_api, verb):
    assert customer_api.post(f"/api/v1/offers/999999/{verb}/").status_code == 404

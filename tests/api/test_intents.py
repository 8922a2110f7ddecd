"""A customer's own intents: list, filter, read, withdraw."""

import pytest

from intents.models import Intent
from matching.models import Lead
from offers.models import Offer
from tests.api.helpers import (
    conflict,
    ids,
    lead_for,
    offer_from,
    page,
    past_expiry_intent,
)
from tests.factories import IntentFactory, LeadFactory, OfferFactory, VendorFactory, category

pytestmark = pytest.mark.django_db

INTENTS = "/api/v1/intents/"


def withdraw(api, intent):
    return api.post(f"{INTENTS}{intent.pk}/withdraw/")


def test_it_lists_only_the_customers_own_intents(customer_api, customer):
    mine = IntentFactory.create_batch(2, customer=customer)
    IntentFactory()  # someone else's

    assert ids(customer_api.get(INTENTS)) == {i.pk for i in mine}


def test_it_lists_newest_first_page_after_page(customer_api, customer):
    intents = IntentFactory.create_batch(23, customer=customer)
    newest_first = [i.pk for i in reversed(intents)]

    first = customer_api.get(INTENTS).json()
    second = customer_api.get(first["next"]).json()

    assert [i["id"] for i in first["results"] + second["results"]] == newest_first


def test_it_paginates_the_list(customer_api, customer):
    IntentFactory.create_batch(21, customer=customer)

    first = customer_api.get(INTENTS).json()
    second = customer_api.get(first["next"]).json()

    assert first["count"] == 21
    assert len(first["results"]) == 20
    assert first["previous"] is None
    assert len(second["results"]) == 1
    assert second["next"] is None


def test_it_filters_the_list_by_status(customer_api, customer):
    open_ = IntentFactory(customer=customer)
    withdrawn = IntentFactory(customer=customer, status=Intent.Status.WITHDRAWN)
    accepted = IntentFactory(customer=customer, status=Intent.Status.ACCEPTED)

    assert ids(customer_api.get(INTENTS, {"status": "open"})) == {open_.pk}
    assert ids(customer_api.get(INTENTS, {"status": "withdrawn"})) == {withdrawn.pk}
    assert ids(customer_api.get(INTENTS, {"status": "accepted"})) == {accepted.pk}


def test_an_open_intent_past_its_expiry_lists_as_expired_before_any_sweep(customer_api, customer):
    stale = past_expiry_intent(customer=customer)
    IntentFactory(customer=customer)

    expired = page(customer_api.get(INTENTS, {"status": "expired"}))

    assert [i["id"] for i in expired] == [stale.pk]
    assert expired[0]["status"] == "expired"
    assert stale.pk not in ids(customer_api.get(INTENTS, {"status": "open"}))


def test_an_open_intent_past_its_expiry_reads_expired(customer_api, customer):
    stale = past_expiry_intent(customer=customer)

    assert customer_api.get(f"{INTENTS}{stale.pk}/").json()["status"] == "expired"


def test_it_rejects_an_unknown_status_filter(customer_api):
    response = customer_api.get(INTENTS, {"status": "pending"})

    assert response.status_code == 400
    assert "status" in response.json()


def test_it_filters_the_list_by_category(customer_api, customer):
    meal = IntentFactory(customer=customer)
    IntentFactory(customer=customer, category=category("plumbing"))

    assert ids(customer_api.get(INTENTS, {"category": "restaurant-meal"})) == {meal.pk}


def test_the_detail_has_the_contract_fields_and_counts(customer_api, customer):
    intent = IntentFactory(customer=customer)
    answered = LeadFactory(intent=intent)
    LeadFactory(intent=intent)
    OfferFactory(lead=answered)

    response = customer_api.get(f"{INTENTS}{intent.pk}/")

    assert response.status_code == 200
    body = response.json()
    assert body["id"] == intent.pk
    assert body["leads_count"] == 2
    assert body["offers_count"] == 1
    assert set(body["terms"]) == {"answer-only", "no-resale"}
    assert body["category"] == "restaurant-meal"


def test_withdrawn_offers_do_not_count_as_offers(customer_api, customer):
    intent = IntentFactory(customer=customer)
    OfferFactory(lead__intent=intent, status=Offer.Status.WITHDRAWN)
    OfferFactory(lead__intent=intent)

    assert customer_api.get(f"{INTENTS}{intent.pk}/").json()["offers_count"] == 1


def test_the_list_carries_the_counts_too(customer_api, customer):
    intent = IntentFactory(customer=customer)
    LeadFactory.create_batch(3, intent=intent)

    assert page(customer_api.get(INTENTS))[0]["leads_count"] == 3


def test_it_withdraws_an_open_intent(customer_api, customer):
    intent = IntentFactory(customer=customer)

    response = withdraw(customer_api, intent)

    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"
    assert customer_api.get(f"{INTENTS}{intent.pk}/").json()["status"] == "withdrawn"


def test_withdrawing_closes_the_intents_leads_and_pending_offers(customer_api, customer):
    intent = IntentFactory(customer=customer)
    vendor = VendorFactory()
    offer = offer_from(vendor, intent)
    untouched_lead = lead_for(VendorFactory(), intent=intent)

    withdraw(customer_api, intent)

    offer.refresh_from_db()
    untouched_lead.refresh_from_db()
    assert offer.status == Offer.Status.CLOSED
    assert untouched_lead.status == Lead.Status.CLOSED
    assert Lead.objects.get(pk=offer.lead_id).status == Lead.Status.CLOSED


def test_it_refuses_to_withdraw_an_intent_twice(customer_api, customer):
    intent = IntentFactory(customer=customer, status=Intent.Status.WITHDRAWN)

    assert "withdrawn" in conflict(withdraw(customer_api, intent))


def test_it_refuses_to_withdraw_an_accepted_intent(customer_api, customer):
    intent = IntentFactory(customer=customer, status=Intent.Status.ACCEPTED)

    conflict(withdraw(customer_api, intent))
    intent.refresh_from_db()
    assert intent.status == Intent.Status.ACCEPTED


def test_it_refuses_to_withdraw_an_intent_past_its_expiry(customer_api, customer):
    intent = past_expiry_intent(customer=customer)

    assert "expired" in conflict(withdraw(customer_api, intent))


def test_it_answers_404_for_an_intent_that_does_not_exist(customer_api):
    assert customer_api.get(f"{INTENTS}999999/").status_code == 404
    assert customer_api.post(f"{INTENTS}999999/withdraw/").status_code == 404


def test_intents_cannot_be_changed_or_deleted_through_the_api(customer_api, customer):
    intent = IntentFactory(customer=customer)

    assert customer_api.patch(f"{INTENTS}{intent.pk}/", {"text": "x"}).status_code == 405
    assert customer_api.delete(f"{INTENTS}{intent.pk}/").status_code == 405

"""A vendor answers a lead with an offer (POST /api/v1/vendor/leads/{id}/offers/), lists
its offers (/api/v1/vendor/offers/) and withdraws one."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from intents.models import Intent
from matching.models import Lead
from offers.models import Offer
from tests.api.helpers import (
    ago,
    ahead,
    conflict,
    ids,
    lead_for,
    offer_from,
    offer_payload,
    page,
    past_expiry_intent,
    rejected,
)
from tests.conftest import client_for
from tests.factories import IntentFactory, OfferFactory, VendorFactory, add_staff

pytestmark = pytest.mark.django_db

OFFERS = "/api/v1/vendor/offers/"


def make_offer(api, lead, **overrides):
    return api.post(f"/api/v1/vendor/leads/{lead.pk}/offers/", offer_payload(**overrides))


def withdraw(api, offer):
    return api.post(f"{OFFERS}{offer.pk}/withdraw/")


# --- making an offer -----------------------------------------------------------------


def test_a_vendor_answers_a_lead_with_an_offer(vendor_api, vendor):
    lead = lead_for(vendor)
    available_at = ahead(hours=1)

    response = make_offer(vendor_api, lead, available_at=available_at)

    assert response.status_code == 201, response.content
    body = response.json()
    assert {"id", "status", "price", "currency", "message", "available_at", "valid_until"} <= set(
        body
    )
    assert body["status"] == "pending"
    assert body["price"] == "22.00"
    assert body["currency"] == "GBP"
    assert body["message"] == "Table for two at 13:00"
    assert datetime.fromisoformat(body["available_at"]) == datetime.fromisoformat(available_at)
    assert body["lead"] == lead.pk
    assert body["intent"] == lead.intent_id


def test_an_offer_marks_the_lead_offered(vendor_api, vendor):
    lead = lead_for(vendor)

    make_offer(vendor_api, lead)

    assert vendor_api.get(f"/api/v1/vendor/leads/{lead.pk}/").json()["status"] == "offered"


def test_the_customer_sees_the_new_offer(vendor_api, vendor, customer, customer_api):
    lead = lead_for(vendor, intent=IntentFactory(customer=customer))

    made = make_offer(vendor_api, lead).json()

    listed = page(customer_api.get(f"/api/v1/intents/{lead.intent_id}/offers/"))
    assert [o["id"] for o in listed] == [made["id"]]
    assert listed[0]["vendor"]["name"] == vendor.name


def test_making_an_offer_records_the_terms_accepted_at_their_versions(vendor_api, vendor, customer):
    lead = lead_for(vendor, intent=IntentFactory(customer=customer))

    make_offer(vendor_api, lead)

    export = client_for(customer).get("/api/v1/me/export/").json()
    [acceptance] = export["intents"][0]["terms_acceptances"]
    assert acceptance["vendor"] == vendor.name
    assert acceptance["term_versions"] == {"answer-only": 1, "no-resale": 1}
    assert acceptance["accepted_at"]


def test_an_offer_is_valid_until_the_intent_expires_by_default(vendor_api, vendor):
    lead = lead_for(vendor)

    body = make_offer(vendor_api, lead).json()

    assert datetime.fromisoformat(body["valid_until"]) == lead.intent.expires_at


def test_an_offer_cannot_outlive_its_intent(vendor_api, vendor):
    lead = lead_for(vendor)

    body = make_offer(vendor_api, lead, valid_until=ahead(days=30)).json()

    assert datetime.fromisoformat(body["valid_until"]) == lead.intent.expires_at


def test_an_offer_may_be_valid_for_less_than_the_intent(vendor_api, vendor):
    lead = lead_for(vendor)
    valid_until = ahead(minutes=30)

    body = make_offer(vendor_api, lead, valid_until=valid_until).json()

    assert datetime.fromisoformat(body["valid_until"]) == datetime.fromisoformat(valid_until)


def test_the_currency_defaults_to_the_customers_budget_currency(vendor_api, vendor):
    lead = lead_for(vendor, intent=IntentFactory(budget_max="50.00", currency="EUR"))
    payload = offer_payload()
    del payload["currency"]

    response = vendor_api.post(f"/api/v1/vendor/leads/{lead.pk}/offers/", payload)

    assert response.status_code == 201, response.content
    assert response.json()["currency"] == "EUR"


def test_it_needs_a_currency_when_the_intent_has_no_budget(vendor_api, vendor):
    lead = lead_for(vendor)
    payload = offer_payload()
    del payload["currency"]

    rejected(vendor_api.post(f"/api/v1/vendor/leads/{lead.pk}/offers/", payload), "currency")


def test_a_free_offer_is_allowed(vendor_api, vendor):
    assert make_offer(vendor_api, lead_for(vendor), price="0.00").status_code == 201


def test_staff_can_answer_leads(vendor):
    lead = lead_for(vendor)
    staff = client_for(add_staff(vendor))

    response = make_offer(staff, lead)

    assert response.status_code == 201
    assert ids(staff.get(OFFERS)) == {response.json()["id"]}


# --- refusals ------------------------------------------------------------------------


@pytest.mark.parametrize("accept_terms", [False, "no"])
def test_it_refuses_an_offer_that_does_not_accept_the_terms(vendor_api, vendor, accept_terms):
    lead = lead_for(vendor, terms_accepted=False)

    response = make_offer(vendor_api, lead, accept_terms=accept_terms)

    assert response.status_code == 403, response.content
    assert response.json()["code"] == "terms_not_accepted"
    assert not Offer.objects.exists()


def test_it_refuses_an_offer_without_accept_terms_when_they_were_never_accepted(vendor_api, vendor):
    lead = lead_for(vendor, terms_accepted=False)
    payload = offer_payload()
    del payload["accept_terms"]

    response = vendor_api.post(f"/api/v1/vendor/leads/{lead.pk}/offers/", payload)

    assert response.status_code == 403
    assert not Offer.objects.exists()


def test_terms_accepted_earlier_need_not_be_accepted_again(vendor_api, vendor):
    lead = lead_for(vendor)  # accepted through accept-terms
    payload = offer_payload()
    del payload["accept_terms"]

    assert vendor_api.post(f"/api/v1/vendor/leads/{lead.pk}/offers/", payload).status_code == 201


def test_accept_terms_must_be_a_boolean(vendor_api, vendor):
    rejected(make_offer(vendor_api, lead_for(vendor), accept_terms=None), "accept_terms")


def test_it_refuses_valid_until_in_the_past(vendor_api, vendor):
    rejected(make_offer(vendor_api, lead_for(vendor), valid_until=ago(minutes=1)), "valid_until")


def test_it_refuses_a_currency_other_than_the_budgets(vendor_api, vendor):
    lead = lead_for(vendor, intent=IntentFactory(budget_max="50.00", currency="GBP"))

    rejected(make_offer(vendor_api, lead, currency="EUR"), "currency")
    assert not Offer.objects.exists()


def test_it_refuses_an_unknown_currency(vendor_api, vendor):
    rejected(make_offer(vendor_api, lead_for(vendor), currency="XYZ"), "currency")


@pytest.mark.parametrize("price", ["-1.00", "abc", "100000000.01"])
def test_it_refuses_a_bad_price(vendor_api, vendor, price):
    rejected(make_offer(vendor_api, lead_for(vendor), price=price), "price")


def test_it_requires_a_price(vendor_api, vendor):
    payload = offer_payload()
    del payload["price"]

    response = vendor_api.post(f"/api/v1/vendor/leads/{lead_for(vendor).pk}/offers/", payload)

    rejected(response, "price")


def test_it_refuses_an_offer_on_a_passed_lead(vendor_api, vendor):
    lead = lead_for(vendor, status=Lead.Status.PASSED)

    assert "passed" in conflict(make_offer(vendor_api, lead))


def test_it_refuses_an_offer_on_a_closed_lead(vendor_api, vendor):
    lead = lead_for(vendor, status=Lead.Status.CLOSED)

    conflict(make_offer(vendor_api, lead))


def test_it_refuses_a_second_live_offer_on_the_same_intent(vendor_api, vendor):
    lead = lead_for(vendor)
    make_offer(vendor_api, lead)

    conflict(make_offer(vendor_api, lead, price="18.00"))
    assert Offer.objects.count() == 1


def test_it_refuses_offers_beyond_the_intents_max_offers(vendor_api, vendor):
    intent = IntentFactory(max_offers=2)
    OfferFactory.create_batch(2, lead__intent=intent)

    conflict(make_offer(vendor_api, lead_for(vendor, intent=intent)))
    assert intent.offers.count() == 2


def test_offers_that_are_no_longer_live_leave_room_under_max_offers(vendor_api, vendor):
    intent = IntentFactory(max_offers=2)
    OfferFactory(lead__intent=intent)
    OfferFactory(lead__intent=intent, status=Offer.Status.WITHDRAWN)

    assert make_offer(vendor_api, lead_for(vendor, intent=intent)).status_code == 201


def test_it_refuses_an_offer_after_the_customer_declined_this_vendor(
    vendor_api, vendor, customer, customer_api
):
    offer = offer_from(vendor, IntentFactory(customer=customer))
    customer_api.post(f"/api/v1/offers/{offer.pk}/decline/")

    assert "declined" in conflict(make_offer(vendor_api, offer.lead))


@pytest.mark.parametrize("status", [Intent.Status.WITHDRAWN, Intent.Status.ACCEPTED])
def test_it_refuses_an_offer_on_an_intent_that_ended(vendor_api, vendor, status):
    lead = lead_for(vendor, intent=IntentFactory(status=status))

    assert status in conflict(make_offer(vendor_api, lead))


def test_it_refuses_an_offer_on_an_intent_past_its_expiry(vendor_api, vendor):
    lead = lead_for(vendor, intent=past_expiry_intent())

    assert "expired" in conflict(make_offer(vendor_api, lead))


def test_a_vendor_may_offer_again_after_withdrawing(vendor_api, vendor):
    lead = lead_for(vendor)
    first = make_offer(vendor_api, lead).json()
    vendor_api.post(f"{OFFERS}{first['id']}/withdraw/")

    again = make_offer(vendor_api, lead, price="19.00")

    assert again.status_code == 201
    assert again.json()["price"] == "19.00"


def test_a_vendor_may_offer_again_once_its_earlier_offer_expired(vendor_api, vendor):
    lead = lead_for(vendor)
    OfferFactory(lead=lead, valid_until=timezone.now() - timedelta(minutes=1))

    response = make_offer(vendor_api, lead)

    assert response.status_code == 201, response.content


# --- listing and withdrawing ---------------------------------------------------------


def test_it_lists_the_vendors_own_offers(vendor_api, vendor):
    mine = [offer_from(vendor), offer_from(vendor)]
    OfferFactory()  # another vendor's

    assert ids(vendor_api.get(OFFERS)) == {o.pk for o in mine}


def test_it_shows_one_offer(vendor_api, vendor):
    offer = offer_from(vendor)

    body = vendor_api.get(f"{OFFERS}{offer.pk}/").json()

    assert body["id"] == offer.pk
    assert body["status"] == "pending"
    assert body["price"] == "24.50"


def test_it_filters_offers_by_status(vendor_api, vendor):
    pending = offer_from(vendor)
    withdrawn = offer_from(vendor, status=Offer.Status.WITHDRAWN)

    assert ids(vendor_api.get(OFFERS, {"status": "pending"})) == {pending.pk}
    assert ids(vendor_api.get(OFFERS, {"status": "withdrawn"})) == {withdrawn.pk}


def test_a_pending_offer_past_valid_until_lists_and_reads_as_expired(vendor_api, vendor):
    stale = offer_from(vendor, valid_until=timezone.now() - timedelta(minutes=1))
    live = offer_from(vendor)

    expired = page(vendor_api.get(OFFERS, {"status": "expired"}))

    assert [o["id"] for o in expired] == [stale.pk]
    assert expired[0]["status"] == "expired"
    assert ids(vendor_api.get(OFFERS, {"status": "pending"})) == {live.pk}
    assert vendor_api.get(f"{OFFERS}{stale.pk}/").json()["status"] == "expired"


def test_a_vendor_withdraws_a_pending_offer(vendor_api, vendor, customer, customer_api):
    offer = offer_from(vendor, IntentFactory(customer=customer))

    response = withdraw(vendor_api, offer)

    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"
    customer_view = page(customer_api.get(f"/api/v1/intents/{offer.intent_id}/offers/"))
    assert customer_view[0]["status"] == "withdrawn"


@pytest.mark.parametrize(
    "status",
    [Offer.Status.WITHDRAWN, Offer.Status.ACCEPTED, Offer.Status.DECLINED, Offer.Status.CLOSED],
)
def test_it_refuses_to_withdraw_an_offer_that_is_not_pending(vendor_api, vendor, status):
    offer = offer_from(vendor, status=status)

    assert "not pending" in conflict(withdraw(vendor_api, offer))
    offer.refresh_from_db()
    assert offer.status == status


def test_it_refuses_to_withdraw_an_offer_past_valid_until(vendor_api, vendor):
    offer = offer_from(vendor, valid_until=timezone.now() - timedelta(minutes=1))

    assert "expired" in conflict(withdraw(vendor_api, offer))


def test_offers_cannot_be_changed_or_deleted_through_the_api(vendor_api, vendor):
    offer = offer_from(vendor)

    assert vendor_api.patch(f"{OFFERS}{offer.pk}/", {"price": "1.00"}).status_code == 405
    assert vendor_api.delete(f"{OFFERS}{offer.pk}/").status_code == 405


def test_a_customer_gets_403_making_or_listing_vendor_offers(customer_api):
    lead = lead_for(VendorFactory())

    assert make_offer(customer_api, lead).status_code == 403
    assert customer_api.get(OFFERS).status_code == 403


def test_it_rejects_a_delivery_time_in_the_past(vendor_api, vendor):
    response = make_offer(vendor_api, lead_for(vendor), available_at=ago(hours=2))
    assert "past" in rejected(response, "available_at")


def test_a_suspended_vendor_cannot_make_offers(vendor_api, vendor):
    from vendors.services import suspend_vendor

    lead = lead_for(vendor)
    suspend_vendor(vendor)
    assert "suspended" in conflict(make_offer(vendor_api, lead))
    assert not Offer.objects.filter(lead=lead).exists()

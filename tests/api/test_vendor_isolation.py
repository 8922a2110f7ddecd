"""Nobody reaches what is not theirs: another customer's intents and offers, another
vendor's leads, offers and subscriptions, or an intent that was not routed to you.
Someone else's object is a 404, exactly like one that does not exist."""

import pytest

from intents.models import Intent
from matching.models import Lead
from offers.models import Offer
from tests.api.helpers import EDINBURGH, ids, lead_for, offer_from, offer_payload, page
from tests.conftest import client_for
from tests.factories import (
    IntentFactory,
    SubscriptionFactory,
    UserFactory,
    VendorFactory,
    add_staff,
)
from vendors.models import Subscription

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_vendor():
    return VendorFactory()


# --- customers -----------------------------------------------------------------------


@pytest.fixture
def strangers_intent():
    return IntentFactory(customer=UserFactory())


def test_a_customer_gets_404_for_another_customers_intent(customer_api, strangers_intent):
    assert customer_api.get(f"/api/v1/intents/{strangers_intent.pk}/").status_code == 404


def test_a_customer_gets_404_for_the_offers_on_another_customers_intent(
    customer_api, strangers_intent
):
    offer_from(VendorFactory(), strangers_intent)

    response = customer_api.get(f"/api/v1/intents/{strangers_intent.pk}/offers/")

    assert response.status_code == 404


def test_a_customer_cannot_withdraw_another_customers_intent(customer_api, strangers_intent):
    response = customer_api.post(f"/api/v1/intents/{strangers_intent.pk}/withdraw/")

    assert response.status_code == 404
    strangers_intent.refresh_from_db()
    assert strangers_intent.status == Intent.Status.OPEN


@pytest.mark.parametrize("verb", ["accept", "decline"])
def test_a_customer_cannot_decide_on_an_offer_to_another_customers_intent(
    customer_api, strangers_intent, verb
):
    offer = offer_from(VendorFactory(), strangers_intent)

    response = customer_api.post(f"/api/v1/offers/{offer.pk}/{verb}/")

    assert response.status_code == 404
    offer.refresh_from_db()
    assert offer.status == Offer.Status.PENDING


def test_another_customers_intents_never_appear_in_my_lists(customer_api, strangers_intent):
    assert page(customer_api.get("/api/v1/intents/")) == []
    assert page(customer_api.get("/api/v1/intents/", {"status": "open"})) == []


# --- vendors and intents ------------------------------------------------------------


def test_a_vendor_cannot_fetch_an_intent_routed_to_it(vendor_api, vendor):
    lead = lead_for(vendor)

    assert vendor_api.get(f"/api/v1/intents/{lead.intent_id}/").status_code == 404
    assert vendor_api.get(f"/api/v1/intents/{lead.intent_id}/offers/").status_code == 404
    assert page(vendor_api.get("/api/v1/intents/")) == []


def test_a_vendor_cannot_fetch_an_intent_routed_to_another_vendor(vendor_api, other_vendor):
    lead = lead_for(other_vendor)

    assert vendor_api.get(f"/api/v1/intents/{lead.intent_id}/").status_code == 404
    assert vendor_api.get(f"/api/v1/intents/{lead.intent_id}/offers/").status_code == 404


def test_a_vendor_cannot_withdraw_an_intent_routed_to_it(vendor_api, vendor):
    lead = lead_for(vendor)

    assert vendor_api.post(f"/api/v1/intents/{lead.intent_id}/withdraw/").status_code == 404
    lead.intent.refresh_from_db()
    assert lead.intent.status == Intent.Status.OPEN


def test_the_inbox_never_lists_intents_routed_to_other_vendors(vendor_api, vendor, other_vendor):
    mine = lead_for(vendor)
    lead_for(other_vendor)
    shared_intent = IntentFactory()
    mine_on_shared = lead_for(vendor, intent=shared_intent)
    lead_for(other_vendor, intent=shared_intent)

    listed = page(vendor_api.get("/api/v1/vendor/leads/"))

    assert {lead["id"] for lead in listed} == {mine.pk, mine_on_shared.pk}
    assert {lead["intent"]["id"] for lead in listed} == {mine.intent_id, shared_intent.pk}


def test_matching_routes_an_intent_only_to_the_vendors_that_fit(customer_api, after_commit):
    near = SubscriptionFactory()
    far = SubscriptionFactory(lat=EDINBURGH[0], lng=EDINBURGH[1])

    with after_commit():
        customer_api.post("/api/v1/intents/", {"text": "Lunch for 2 in Glasgow"})

    assert len(page(client_for(near.vendor.owner).get("/api/v1/vendor/leads/"))) == 1
    assert page(client_for(far.vendor.owner).get("/api/v1/vendor/leads/")) == []


def test_the_vendor_offers_list_never_shows_other_vendors_offers(vendor_api, vendor, other_vendor):
    intent = IntentFactory()
    mine = offer_from(vendor, intent)
    offer_from(other_vendor, intent)

    assert ids(vendor_api.get("/api/v1/vendor/offers/")) == {mine.pk}


def test_subscriptions_of_other_vendors_are_not_listed(vendor_api, other_vendor):
    SubscriptionFactory(vendor=other_vendor)

    assert page(vendor_api.get("/api/v1/vendor/subscriptions/")) == []


# --- vendors and each other's objects -----------------------------------------------


@pytest.fixture(params=["owner", "staff"])
def member_api(request, vendor):
    user = vendor.owner if request.param == "owner" else add_staff(vendor)
    return client_for(user)


def test_a_vendor_gets_404_for_another_vendors_lead(member_api, other_vendor):
    lead = lead_for(other_vendor)

    assert member_api.get(f"/api/v1/vendor/leads/{lead.pk}/").status_code == 404
    lead.refresh_from_db()
    assert lead.status == Lead.Status.NEW


def test_a_vendor_cannot_pass_another_vendors_lead(member_api, other_vendor):
    lead = lead_for(other_vendor)

    assert member_api.post(f"/api/v1/vendor/leads/{lead.pk}/pass/").status_code == 404
    lead.refresh_from_db()
    assert lead.status == Lead.Status.NEW


def test_a_vendor_cannot_offer_on_another_vendors_lead(member_api, other_vendor):
    lead = lead_for(other_vendor)

    response = member_api.post(f"/api/v1/vendor/leads/{lead.pk}/offers/", offer_payload())

    assert response.status_code == 404
    assert not Offer.objects.exists()


def test_a_vendor_gets_404_for_another_vendors_offer(member_api, other_vendor):
    offer = offer_from(other_vendor)

    assert member_api.get(f"/api/v1/vendor/offers/{offer.pk}/").status_code == 404


def test_a_vendor_cannot_withdraw_another_vendors_offer(member_api, other_vendor):
    offer = offer_from(other_vendor)

    assert member_api.post(f"/api/v1/vendor/offers/{offer.pk}/withdraw/").status_code == 404
    offer.refresh_from_db()
    assert offer.status == Offer.Status.PENDING


def test_a_vendor_gets_404_for_another_vendors_subscription(member_api, other_vendor):
    sub = SubscriptionFactory(vendor=other_vendor)

    assert member_api.get(f"/api/v1/vendor/subscriptions/{sub.pk}/").status_code == 404


def test_an_owner_cannot_change_or_delete_another_vendors_subscription(vendor_api, other_vendor):
    sub = SubscriptionFactory(vendor=other_vendor, radius_km=5)
    url = f"/api/v1/vendor/subscriptions/{sub.pk}/"

    assert vendor_api.patch(url, {"radius_km": 50}).status_code == 404
    assert vendor_api.delete(url).status_code == 404
    sub.refresh_from_db()
    assert sub.radius_km == 5
    assert Subscription.objects.filter(pk=sub.pk).exists()


# --- customers and the vendor API ----------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/vendor/subscriptions/"),
        ("post", "/api/v1/vendor/subscriptions/"),
        ("get", "/api/v1/vendor/subscriptions/{sub}/"),
        ("patch", "/api/v1/vendor/subscriptions/{sub}/"),
        ("delete", "/api/v1/vendor/subscriptions/{sub}/"),
        ("get", "/api/v1/vendor/leads/"),
        ("get", "/api/v1/vendor/leads/{lead}/"),
        ("post", "/api/v1/vendor/leads/{lead}/pass/"),
        ("post", "/api/v1/vendor/leads/{lead}/offers/"),
        ("get", "/api/v1/vendor/offers/"),
        ("get", "/api/v1/vendor/offers/{offer}/"),
        ("post", "/api/v1/vendor/offers/{offer}/withdraw/"),
    ],
)
def test_a_customer_gets_403_on_every_vendor_endpoint(customer_api, method, path):
    vendor = VendorFactory()
    sub = SubscriptionFactory(vendor=vendor)
    offer = offer_from(vendor)
    url = path.format(sub=sub.pk, lead=offer.lead_id, offer=offer.pk)

    response = getattr(customer_api, method)(url, offer_payload())

    assert response.status_code == 403
    assert response.json()["detail"]

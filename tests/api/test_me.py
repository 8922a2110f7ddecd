"""/api/v1/me/: my account, my data as JSON, and leaving with no roadblocks."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.models import User
from matching.models import Lead
from offers.models import Offer
from tests.api.helpers import lead_for, offer_from, offer_payload, past_expiry_intent, rejected
from tests.conftest import client_for
from tests.factories import IntentFactory, UserFactory, VendorFactory, add_staff
from vendors.models import Vendor

pytestmark = pytest.mark.django_db

ME = "/api/v1/me/"
EXPORT = "/api/v1/me/export/"


def token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def test_it_shows_my_account():
    user = UserFactory(email="morag@example.com", name="Morag", time_zone="Europe/London")

    body = client_for(user).get(ME).json()

    assert body["id"] == user.pk
    assert body["email"] == "morag@example.com"
    assert body["name"] == "Morag"
    assert body["role"] == "customer"
    assert body["alias"] == user.alias
    assert body["time_zone"] == "Europe/London"
    assert body["vendor"] is None
    assert "password" not in body


def test_it_shows_the_business_a_vendor_works_for(vendor):
    staff = add_staff(vendor)

    assert client_for(vendor.owner).get(ME).json()["vendor"] == {
        "id": vendor.pk,
        "name": vendor.name,
        "role": "owner",
    }
    assert client_for(staff).get(ME).json()["vendor"]["role"] == "staff"


def test_it_changes_my_name_and_time_zone(customer_api, customer):
    response = customer_api.patch(ME, {"name": "Morag M.", "time_zone": "America/New_York"})

    assert response.status_code == 200
    assert response.json()["name"] == "Morag M."
    assert response.json()["time_zone"] == "America/New_York"
    customer.refresh_from_db()
    assert (customer.name, customer.time_zone) == ("Morag M.", "America/New_York")


@pytest.mark.parametrize("time_zone", ["Mars/Olympus_Mons", "GMT+25", ""])
def test_it_rejects_a_time_zone_that_is_not_iana(customer_api, customer, time_zone):
    rejected(customer_api.patch(ME, {"time_zone": time_zone}), "time_zone")
    customer.refresh_from_db()
    assert customer.time_zone != time_zone


def test_it_rejects_a_blank_name(customer_api):
    rejected(customer_api.patch(ME, {"name": ""}), "name")


def test_email_role_and_alias_cannot_be_changed_here(customer_api, customer):
    alias = customer.alias

    customer_api.patch(
        ME, {"email": "new@example.com", "role": "operator", "alias": "chosen-alias"}
    )

    customer.refresh_from_db()
    assert customer.email != "new@example.com"
    assert customer.role == User.Role.CUSTOMER
    assert customer.alias == alias


def test_the_export_holds_my_profile_intents_leads_and_offers(customer_api, customer):
    intent = IntentFactory(customer=customer, text="Lunch for 2 in Glasgow")
    bella = VendorFactory(name="Bella Pasta")
    offer = offer_from(bella, intent, price="31.00")
    lead_for(VendorFactory(name="Curry Club"), intent=intent, status=Lead.Status.VIEWED)
    IntentFactory()  # someone else's

    response = customer_api.get(EXPORT)

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = response.json()
    assert data["profile"]["email"] == customer.email
    assert data["profile"]["name"] == customer.name
    [exported] = data["intents"]
    assert exported["id"] == intent.pk
    assert exported["text"] == "Lunch for 2 in Glasgow"
    assert exported["status"] == "open"
    assert {t["slug"] for t in exported["terms"]} == {"answer-only", "no-resale"}
    assert {(lead["vendor"], lead["status"]) for lead in exported["leads"]} == {
        ("Bella Pasta", "offered"),
        ("Curry Club", "viewed"),
    }
    [exported_offer] = exported["offers"]
    assert exported_offer["id"] == offer.pk
    assert exported_offer["vendor"] == "Bella Pasta"
    assert exported_offer["price"] == "31.00"
    assert exported_offer["status"] == "pending"


def test_a_vendors_export_holds_the_offers_it_made_and_the_terms_it_accepted(vendor):
    lead = lead_for(vendor)
    api = client_for(vendor.owner)
    made = api.post(f"/api/v1/vendor/leads/{lead.pk}/offers/", offer_payload()).json()

    data = api.get(EXPORT).json()

    assert data["vendor_membership"] == {"vendor": vendor.name, "role": "owner"}
    assert [o["id"] for o in data["offers_made"]] == [made["id"]]
    assert [a["intent"] for a in data["terms_accepted_for_vendor"]] == [lead.intent_id]
    assert data["intents"] == []


def test_the_export_reads_an_intent_past_expiry_as_expired(customer_api, customer):
    past_expiry_intent(customer=customer)

    assert customer_api.get(EXPORT).json()["intents"][0]["status"] == "expired"


def test_deleting_my_account_answers_204_and_removes_it(customer):
    api = token_client(customer)

    response = api.delete(ME)

    assert response.status_code == 204
    assert not User.objects.filter(pk=customer.pk).exists()


def test_after_deleting_my_account_my_token_no_longer_works(customer):
    api = token_client(customer)
    api.delete(ME)

    assert api.get(ME).status_code == 401


def test_a_sole_owner_leaving_takes_the_business_with_it(vendor):
    offer = offer_from(vendor)

    assert client_for(vendor.owner).delete(ME).status_code == 204

    assert not Vendor.objects.filter(pk=vendor.pk).exists()
    assert not Offer.objects.filter(pk=offer.pk).exists()


def test_staff_leaving_leaves_the_business_in_place(vendor):
    staff = add_staff(vendor)

    client_for(staff).delete(ME)

    assert Vendor.objects.filter(pk=vendor.pk).exists()
    assert client_for(vendor.owner).get(ME).status_code == 200

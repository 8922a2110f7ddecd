"""Every time someone at a vendor opens an intent or the customer's contact, the customer
can see it: which business, who there, what, when."""

import pytest

from intents.models import AccessEvent
from tests.api.helpers import lead_for
from tests.conftest import client_for
from tests.factories import IntentFactory, OfferFactory, UserFactory, add_staff
from tests.privacy.helpers import INTENTS, LEADS

pytestmark = pytest.mark.django_db


def log_of(customer, intent) -> list[dict]:
    response = client_for(customer).get(f"{INTENTS}{intent.pk}/access-log/")
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_each_opening_is_logged_with_the_business_the_person_and_the_time(vendor, customer):
    intent = IntentFactory(customer=customer)
    lead = lead_for(vendor, intent=intent)
    staff = add_staff(vendor)

    client_for(vendor.owner).get(f"{LEADS}{lead.pk}/")
    client_for(staff).get(f"{LEADS}{lead.pk}/")

    log = log_of(customer, intent)
    assert [(e["vendor"], e["by"], e["what"]) for e in log] == [
        (vendor.name, staff.name, "detail"),
        (vendor.name, vendor.owner.name, "detail"),
    ]
    assert all(e["at"] for e in log)


def test_listing_leads_is_not_opening_them(vendor, customer):
    intent = IntentFactory(customer=customer)
    lead_for(vendor, intent=intent)

    client_for(vendor.owner).get(LEADS)

    assert log_of(customer, intent) == []


def test_seeing_the_contact_after_acceptance_is_logged_too(vendor, customer):
    intent = IntentFactory(customer=customer)
    offer = OfferFactory(lead__vendor=vendor, lead__intent=intent)
    client_for(customer).post(f"/api/v1/offers/{offer.pk}/accept/")

    client_for(vendor.owner).get(f"{LEADS}{offer.lead_id}/")

    assert {e["what"] for e in log_of(customer, intent)} == {"detail", "contact"}


def test_a_refused_opening_is_not_logged(vendor, customer):
    intent = IntentFactory(customer=customer)
    lead = lead_for(vendor, intent=intent, terms_accepted=False)

    assert client_for(vendor.owner).get(f"{LEADS}{lead.pk}/").status_code == 403

    assert not AccessEvent.objects.exists()


def test_only_the_customer_reads_the_log(vendor, customer):
    intent = IntentFactory(customer=customer)
    lead_for(vendor, intent=intent)
    path = f"{INTENTS}{intent.pk}/access-log/"

    assert client_for(UserFactory()).get(path).status_code == 404
    assert client_for(vendor.owner).get(path).status_code == 404
    assert client_for(None).get(path).status_code == 401


def test_the_privacy_page_shows_the_log(vendor, customer, client):
    intent = IntentFactory(customer=customer)
    lead = lead_for(vendor, intent=intent)
    client_for(vendor.owner).get(f"{LEADS}{lead.pk}/")
    client.force_login(customer)

    page = client.get("/privacy/").content.decode()

    assert "Access log (1)" in page
    assert f"{vendor.name} ({vendor.owner.name})" in page
    assert "opened the intent" in page

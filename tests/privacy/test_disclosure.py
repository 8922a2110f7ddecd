"""What a vendor learns of the customer: a fresh alias per intent (unless the customer
chose to be recognised), the point at the chosen precision, and signs they are real."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.geo import distance_km
from intents.models import Intent
from tests.api.helpers import lead_for
from tests.conftest import client_for
from tests.factories import GLASGOW, IntentFactory, OfferFactory, UserFactory, VendorFactory
from tests.privacy.helpers import LEADS

pytestmark = pytest.mark.django_db


def shown(vendor, lead) -> dict:
    response = client_for(vendor.owner).get(f"{LEADS}{lead.pk}/")
    assert response.status_code == 200, response.content
    return response.json()["intent"]


def test_two_intents_of_one_customer_show_different_aliases_to_the_same_vendor(vendor):
    customer = UserFactory()
    first = lead_for(vendor, intent=IntentFactory(customer=customer))
    second = lead_for(vendor, intent=IntentFactory(customer=customer))

    one, two = shown(vendor, first)["customer_alias"], shown(vendor, second)["customer_alias"]

    assert one != two
    assert customer.alias not in (one, two)


def test_a_recognisable_customer_is_known_to_a_vendor_they_accepted_before(vendor):
    customer = UserFactory(recognisable=True)
    OfferFactory(
        lead__vendor=vendor, lead__intent=IntentFactory(customer=customer), status="accepted"
    )
    stranger = VendorFactory()
    fresh = IntentFactory(customer=customer)
    ours, theirs = lead_for(vendor, intent=fresh), lead_for(stranger, intent=fresh)

    assert shown(vendor, ours)["customer_alias"] == customer.alias
    assert shown(stranger, theirs)["customer_alias"] == fresh.alias


def test_without_the_opt_in_even_a_past_vendor_sees_a_fresh_alias(vendor):
    customer = UserFactory(recognisable=False)
    OfferFactory(
        lead__vendor=vendor, lead__intent=IntentFactory(customer=customer), status="accepted"
    )
    fresh = lead_for(vendor, intent=IntentFactory(customer=customer))

    assert shown(vendor, fresh)["customer_alias"] == fresh.intent.alias


def test_approximate_is_within_about_a_km_and_the_same_on_every_read(vendor):
    true_point = (GLASGOW[0] + 0.0031, GLASGOW[1] - 0.0047)
    lead = lead_for(vendor, intent=IntentFactory(lat=true_point[0], lng=true_point[1]))

    reads = [shown(vendor, lead)["area"] for _ in range(5)]

    assert all(read == reads[0] for read in reads)  # nothing to average out
    assert reads[0]["precision_km"] == 1.0
    assert distance_km(*true_point, reads[0]["lat"], reads[0]["lng"]) <= 1.0
    assert (reads[0]["lat"], reads[0]["lng"]) != true_point


def test_area_is_within_about_5_km(vendor):
    true_point = (GLASGOW[0] + 0.011, GLASGOW[1] + 0.02)
    lead = lead_for(
        vendor, intent=IntentFactory(lat=true_point[0], lng=true_point[1], disclosure="area")
    )

    area = shown(vendor, lead)["area"]

    assert area["precision_km"] == 5.0
    assert distance_km(*true_point, area["lat"], area["lng"]) <= 5.0


def test_vendors_see_that_the_customer_is_real_without_learning_who(vendor):
    customer = UserFactory(date_joined=timezone.now() - timedelta(days=400))
    for _ in range(2):
        IntentFactory(customer=customer, status=Intent.Status.ACCEPTED)
    IntentFactory(customer=customer, status=Intent.Status.WITHDRAWN)
    lead = lead_for(vendor, intent=IntentFactory(customer=customer))

    signals = shown(vendor, lead)["customer_signals"]

    assert signals == {
        "email_verified": True,
        "account_age": "over a year",
        "intents_accepted": 2,
    }


def test_a_new_unconfirmed_account_says_so(vendor):
    customer = UserFactory(email_verified_at=None)
    lead = lead_for(vendor, intent=IntentFactory(customer=customer))

    signals = shown(vendor, lead)["customer_signals"]

    assert signals == {
        "email_verified": False,
        "account_age": "under a month",
        "intents_accepted": 0,
    }


def test_contact_reaches_only_the_accepted_vendor_and_never_with_platform_contact_only(vendor):
    customer = UserFactory(name="Isla Brown", email="isla@example.com", phone="+44 7700 900555")
    intent = IntentFactory(customer=customer)
    winner = OfferFactory(lead__vendor=vendor, lead__intent=intent)
    loser = OfferFactory(lead__intent=intent)
    client_for(customer).post(f"/api/v1/offers/{winner.pk}/accept/")

    winner_view = client_for(vendor.owner).get(f"{LEADS}{winner.lead.pk}/").json()

    assert winner_view["customer_contact"] == {
        "name": "Isla Brown",
        "email": "isla@example.com",
        "phone": "+44 7700 900555",
    }
    loser_view = client_for(loser.vendor.owner).get(f"{LEADS}{loser.lead.pk}/").json()
    assert loser_view["customer_contact"] is None

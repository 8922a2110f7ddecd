"""What a vendor learns about a customer from a lead: an alias, the intent, the location
at the precision the customer chose, and contact details only after winning (and only
if the customer's terms allow contact outside Beckon)."""

import pytest

from core.geo import distance_km
from tests.api.helpers import lead_for, offer_from, page
from tests.conftest import client_for
from tests.factories import (
    GLASGOW,
    IntentFactory,
    SubscriptionFactory,
    UserFactory,
    VendorFactory,
    terms,
)

pytestmark = pytest.mark.django_db

LEADS = "/api/v1/vendor/leads/"


@pytest.fixture
def customer():
    return UserFactory(
        name="Morag MacLeod", email="morag.macleod@example.com", phone="+44 7700 900123"
    )


def lead_view(vendor, lead) -> dict:
    return client_for(vendor.owner).get(f"{LEADS}{lead.pk}/").json()


def test_a_lead_shows_the_customers_alias_never_their_name_or_email(vendor, customer):
    lead = lead_for(vendor, intent=IntentFactory(customer=customer))

    response = client_for(vendor.owner).get(f"{LEADS}{lead.pk}/")

    assert response.json()["intent"]["customer_alias"] == lead.intent.alias
    text = response.content.decode()
    for secret in ("Morag", "MacLeod", "morag.macleod@example.com", "7700 900123"):
        assert secret not in text


def test_the_inbox_list_does_not_show_the_customers_name_or_email_either(vendor, customer):
    lead_for(vendor, intent=IntentFactory(customer=customer))

    text = client_for(vendor.owner).get(LEADS).content.decode()

    assert "Morag" not in text
    assert "morag.macleod@example.com" not in text


def test_an_exact_disclosure_shows_the_true_point(vendor):
    lead = lead_for(vendor, intent=IntentFactory(disclosure="exact"))

    area = lead_view(vendor, lead)["intent"]["area"]

    assert area == {"lat": GLASGOW[0], "lng": GLASGOW[1], "precision_km": 0.0}


@pytest.mark.parametrize(("disclosure", "precision_km"), [("approximate", 1.0), ("area", 5.0)])
def test_a_coarse_disclosure_shows_a_nearby_point_at_that_precision(
    vendor, disclosure, precision_km
):
    lead = lead_for(vendor, intent=IntentFactory(disclosure=disclosure))

    area = lead_view(vendor, lead)["intent"]["area"]

    assert area["precision_km"] == precision_km
    assert (area["lat"], area["lng"]) != GLASGOW
    assert distance_km(area["lat"], area["lng"], *GLASGOW) <= precision_km


@pytest.mark.parametrize("disclosure", ["approximate", "area"])
def test_a_coarse_disclosure_never_reveals_the_true_coordinates(vendor, disclosure):
    lead = lead_for(vendor, intent=IntentFactory(disclosure=disclosure))

    text = client_for(vendor.owner).get(f"{LEADS}{lead.pk}/").content.decode()

    assert str(GLASGOW[0]) not in text
    assert str(GLASGOW[1]) not in text


def test_the_distance_shown_is_to_the_disclosed_point_not_the_true_one(vendor):
    # The vendor (and so the lead's origin) is exactly where the customer is.
    lead = lead_for(vendor, intent=IntentFactory(disclosure="area"))

    shown = lead_view(vendor, lead)["intent"]

    assert shown["distance_km"] == pytest.approx(
        distance_km(*GLASGOW, shown["area"]["lat"], shown["area"]["lng"]), abs=0.1
    )
    assert shown["distance_km"] > 0


def test_nothing_in_a_lead_depends_on_where_in_the_disclosed_area_the_customer_is(
    customer_api, after_commit
):
    subscription = SubscriptionFactory(radius_km=10)
    # Two points 2.4 km apart inside the same ~5 km disclosure cell.
    with after_commit():
        for lat, lng in [(55.8803, -4.2877), (55.8603, -4.2727)]:
            customer_api.post(
                "/api/v1/intents/",
                {"text": "Lunch for 2", "lat": lat, "lng": lng, "disclosure": "area"},
            )

    first, second = page(client_for(subscription.vendor.owner).get(LEADS))

    assert first["intent"]["area"] == second["intent"]["area"]
    assert first["intent"]["distance_km"] == second["intent"]["distance_km"]
    # The daily-cap line counts the vendor's own leads; every other reason is about place.
    assert without_cap(first["reasons"]) == without_cap(second["reasons"])
    assert first["score"] == second["score"]


def without_cap(reasons: list[str]) -> list[str]:
    return [reason for reason in reasons if "leads today" not in reason]


def test_there_is_no_customer_contact_before_an_offer_is_accepted(vendor, customer):
    offer = offer_from(vendor, IntentFactory(customer=customer))

    assert lead_view(vendor, offer.lead)["customer_contact"] is None


def test_the_winning_vendor_gets_the_customers_contact(vendor, customer):
    offer = offer_from(vendor, IntentFactory(customer=customer))

    client_for(customer).post(f"/api/v1/offers/{offer.pk}/accept/")

    assert lead_view(vendor, offer.lead)["customer_contact"] == {
        "name": "Morag MacLeod",
        "email": "morag.macleod@example.com",
        "phone": "+44 7700 900123",
    }


def test_a_losing_vendor_never_gets_the_customers_contact(vendor, customer):
    intent = IntentFactory(customer=customer)
    winner = offer_from(vendor, intent)
    rival = VendorFactory()
    rivals_offer = offer_from(rival, intent)
    bystander = lead_for(VendorFactory(), intent=intent)

    client_for(customer).post(f"/api/v1/offers/{winner.pk}/accept/")

    assert lead_view(rival, rivals_offer.lead)["customer_contact"] is None
    assert lead_view(bystander.vendor, bystander)["customer_contact"] is None
    assert "morag" not in client_for(rival.owner).get(LEADS).content.decode().lower()


def test_no_customer_contact_when_the_intent_keeps_talk_on_the_platform(vendor, customer):
    intent = IntentFactory(
        customer=customer, terms=terms("answer-only", "no-resale", "platform-contact-only")
    )
    offer = offer_from(vendor, intent)

    client_for(customer).post(f"/api/v1/offers/{offer.pk}/accept/")

    shown = lead_view(vendor, offer.lead)
    assert shown["customer_contact"] is None
    assert "platform-contact-only" in shown["intent"]["terms"]
    assert "morag.macleod@example.com" not in str(shown)

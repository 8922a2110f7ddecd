"""The customer sets who may answer and how Beckon reaches them: max offers, e-mail or
not, quiet hours, and businesses blocked for good."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from accounts.models import VendorBlock
from intents.models import Intent
from matching.engine import create_leads_for_subscription
from matching.explain import explain
from matching.models import Lead
from offers.models import Offer
from offers.notifications import email_about_offer
from tests.api.helpers import lead_for, offer_payload
from tests.conftest import client_for
from tests.factories import IntentFactory, OfferFactory, SubscriptionFactory, UserFactory
from tests.privacy.helpers import LEADS, post_intent

pytestmark = pytest.mark.django_db

BLOCKS = "/api/v1/me/blocks/"


def test_a_blocked_vendor_is_never_matched_with_that_customer_again(after_commit):
    blocked, other = SubscriptionFactory(), SubscriptionFactory()
    customer = UserFactory()
    first = post_intent(customer, after_commit)
    assert Intent.objects.get(pk=first["id"]).leads.count() == 2

    response = client_for(customer).post(BLOCKS, {"vendor": blocked.vendor_id})
    second = post_intent(customer, after_commit)

    assert response.status_code == 201
    assert response.json()["vendor_name"] == blocked.vendor.name
    reached = set(Intent.objects.get(pk=second["id"]).leads.values_list("vendor", flat=True))
    assert reached == {other.vendor_id}
    # Other customers still reach it.
    third = post_intent(UserFactory(), after_commit)
    assert Intent.objects.get(pk=third["id"]).leads.count() == 2


def test_explain_names_the_block(after_commit):
    blocked = SubscriptionFactory()
    customer = UserFactory()
    VendorBlock.objects.create(customer=customer, vendor=blocked.vendor)
    intent = Intent.objects.get(pk=post_intent(customer, after_commit)["id"])

    [row] = explain(intent, vendor_id=blocked.vendor_id)

    assert (row.fits, row.rule, row.words) == (
        False,
        "not_blocked",
        "The customer blocked this business",
    )


def test_a_subscription_changed_later_still_skips_the_customer_who_blocked_it(after_commit):
    customer = UserFactory()
    intent = IntentFactory(customer=customer)
    subscription = SubscriptionFactory()
    VendorBlock.objects.create(customer=customer, vendor=subscription.vendor)
    assert create_leads_for_subscription(subscription.pk) == []
    assert not intent.leads.exists()


def test_blocking_ends_what_the_business_has_open_with_the_customer(vendor, customer):
    offer = OfferFactory(lead__vendor=vendor, lead__intent=IntentFactory(customer=customer))
    unanswered = lead_for(vendor, intent=IntentFactory(customer=customer))

    client_for(customer).post(BLOCKS, {"vendor": vendor.pk})

    offer.refresh_from_db()
    unanswered.refresh_from_db()
    assert offer.status == Offer.Status.DECLINED
    assert unanswered.status == Lead.Status.CLOSED
    response = client_for(vendor.owner).post(
        f"{LEADS}{unanswered.pk}/offers/", offer_payload(), format="json"
    )
    assert response.status_code == 409


def test_only_a_business_that_received_your_intents_can_be_blocked(vendor, customer):
    response = client_for(customer).post(BLOCKS, {"vendor": vendor.pk})

    assert response.status_code == 400
    assert "vendor" in response.json()
    assert not VendorBlock.objects.exists()


def test_blocks_are_listed_and_can_be_lifted(vendor, customer):
    lead_for(vendor, intent=IntentFactory(customer=customer))
    api = client_for(customer)
    api.post(BLOCKS, {"vendor": vendor.pk})

    assert [b["vendor"] for b in api.get(BLOCKS).json()] == [vendor.pk]
    assert api.delete(f"{BLOCKS}{vendor.pk}/").status_code == 204
    assert api.get(BLOCKS).json() == []
    assert api.delete(f"{BLOCKS}{vendor.pk}/").status_code == 404


def test_the_privacy_page_blocks_and_unblocks(vendor, customer, client):
    lead_for(vendor, intent=IntentFactory(customer=customer))
    client.force_login(customer)

    page = client.post(f"/privacy/block/{vendor.pk}/", follow=True).content.decode()
    assert f"{vendor.name} is blocked" in page
    assert VendorBlock.objects.filter(customer=customer, vendor=vendor).exists()

    client.post(f"/privacy/unblock/{vendor.pk}/")
    assert not VendorBlock.objects.exists()
    assert client.post("/privacy/block/999999/").status_code == 404


def test_the_customers_default_max_offers_applies_to_new_intents(after_commit):
    customer = UserFactory(default_max_offers=2)

    assert post_intent(customer, after_commit)["max_offers"] == 2
    assert post_intent(customer, after_commit, max_offers=7)["max_offers"] == 7


def test_preferences_are_read_and_changed_through_me(customer):
    api = client_for(customer)

    response = api.patch(
        "/api/v1/me/",
        {
            "notify_by_email": False,
            "quiet_hours_start": "22:00",
            "quiet_hours_end": "07:00",
            "default_max_offers": 3,
            "preferred_terms": ["delete-within-30-days"],
            "recognisable": True,
        },
        format="json",
    )

    assert response.status_code == 200, response.content
    customer.refresh_from_db()
    assert (customer.notify_by_email, customer.default_max_offers) == (False, 3)
    assert customer.quiet_hours_start == time(22)
    assert customer.quiet_hours_end == time(7)
    assert [t.slug for t in customer.preferred_terms.all()] == ["delete-within-30-days"]
    assert customer.recognisable


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"quiet_hours_start": "22:00"}, "quiet_hours_end"),
        ({"default_max_offers": 0}, "default_max_offers"),
        ({"default_max_offers": 21}, "default_max_offers"),
        ({"preferred_terms": ["no-such-term"]}, "preferred_terms"),
        ({"quiet_hours_start": "25:00", "quiet_hours_end": "07:00"}, "quiet_hours_start"),
    ],
)
def test_bad_preferences_are_a_400_naming_the_field(customer, change, field):
    response = client_for(customer).patch("/api/v1/me/", change, format="json")

    assert response.status_code == 400
    assert field in response.json()


def test_the_privacy_page_saves_preferences_and_shows_errors_inline(customer, client):
    client.force_login(customer)

    bad = client.post(
        "/privacy/preferences/", {"quiet_hours_start": "22:00", "default_max_offers": 5}
    )
    good = client.post(
        "/privacy/preferences/",
        {"quiet_hours_start": "22:00", "quiet_hours_end": "07:00", "default_max_offers": 4},
    )

    assert bad.status_code == 400
    assert "Give quiet hours as a start and an end" in bad.content.decode()
    assert good.status_code == 302
    customer.refresh_from_db()
    assert customer.default_max_offers == 4
    assert customer.notify_by_email is False  # an unticked box is a no


LONDON = ZoneInfo("Europe/London")


@pytest.mark.parametrize(
    ("local", "sent"),
    [((23, 30), False), ((6, 59), False), ((7, 0), True), ((12, 0), True)],
)
def test_no_offer_email_in_quiet_hours_across_midnight(local, sent):
    customer = UserFactory(
        time_zone="Europe/London", quiet_hours_start=time(22), quiet_hours_end=time(7)
    )
    offer = OfferFactory(lead__intent=IntentFactory(customer=customer))

    at = datetime(2026, 11, 24, *local, tzinfo=LONDON)  # on the customer's own clock

    assert email_about_offer(offer, now=at) is sent
    assert len(mail.outbox) == int(sent)


def test_no_offer_email_when_the_customer_turned_email_off():
    offer = OfferFactory(lead__intent=IntentFactory(customer=UserFactory(notify_by_email=False)))

    assert email_about_offer(offer) is False
    assert mail.outbox == []


def test_a_new_offer_emails_the_customer_after_it_is_committed(vendor, customer, after_commit):
    lead = lead_for(vendor, intent=IntentFactory(customer=customer, text="Dinner for 4"))

    with after_commit():
        client_for(vendor.owner).post(f"{LEADS}{lead.pk}/offers/", offer_payload(), format="json")

    [message] = mail.outbox
    assert message.to == [customer.email]
    assert vendor.name in message.body
    assert "Dinner for 4" in message.body


def test_the_site_shows_waiting_offers_unless_the_customer_turned_site_notices_off(client):
    customer = UserFactory()
    OfferFactory(lead__intent=IntentFactory(customer=customer))
    client.force_login(customer)

    assert "1 offer waiting for you" in client.get("/privacy/").content.decode()
    customer.notify_on_site = False
    customer.save()
    assert "waiting for you" not in client.get("/privacy/").content.decode()

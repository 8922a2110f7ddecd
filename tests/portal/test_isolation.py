"""A vendor never sees another vendor's leads, offers or insights: every page reads
through the signed-in member's business, and anything else is a 404."""

import pytest

from matching.models import Lead
from offers.models import Offer
from tests.factories import IntentFactory, LeadFactory, OfferFactory
from tests.portal.helpers import text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def theirs(rival):
    """The rival's lead and accepted offer, on an intent our vendor also has a lead on."""
    lead = LeadFactory(vendor=rival, intent=IntentFactory(text="Their customer's secret request"))
    offer = OfferFactory(lead=lead, status=Offer.Status.ACCEPTED, message="Their offer")
    return lead, offer


def test_their_leads_are_not_in_the_inbox(portal, vendor, theirs):
    ours = LeadFactory(vendor=vendor, intent=theirs[0].intent)

    for status in ("", "offered", "passed", "closed", "all"):
        response = portal.get(f"/portal/?status={status}")
        assert theirs[0].pk not in [lead.pk for lead in response.context["leads"]]
    assert [lead.pk for lead in portal.get("/portal/?status=all").context["leads"]] == [ours.pk]


def test_their_lead_is_not_found_and_not_touched(portal, theirs):
    lead, _ = theirs

    for path in ("", "live/", "composer/"):
        assert portal.get(f"/portal/leads/{lead.pk}/{path}").status_code == 404
    for path in ("accept-terms/", "offer/", "pass/"):
        assert portal.post(f"/portal/leads/{lead.pk}/{path}", {"price": "1"}).status_code == 404
    lead.refresh_from_db()
    assert (lead.status, lead.viewed_at) == (Lead.Status.NEW, None)
    assert not lead.intent.acceptances.exclude(vendor=lead.vendor).exists()  # only theirs


def test_their_offers_are_not_listed_nor_changed(portal, theirs):
    _, offer = theirs

    for status in ("pending", "accepted", "declined", "expired", "other"):
        page = text_of(portal.get(f"/portal/offers/?status={status}"))
        assert "Their offer" not in page
    assert portal.post(f"/portal/offers/{offer.pk}/fulfil/").status_code == 404
    assert portal.post(f"/portal/offers/{offer.pk}/withdraw/").status_code == 404
    offer.refresh_from_db()
    assert offer.fulfilled_at is None


def test_their_numbers_are_not_in_the_insights(portal, theirs):
    response = portal.get("/portal/insights/?days=7")
    csv_text = portal.get("/portal/insights/export.csv?days=7").content.decode()

    assert response.context["numbers"].total.leads == 0
    assert csv_text.splitlines()[-1].startswith("total,all,0,0")


def test_the_inbox_count_is_ours_only(portal, theirs):
    assert portal.get("/portal/").context["inbox_counts"]["waiting"] == 0


def test_our_customers_contact_never_reaches_them(rival_portal, rival, vendor):
    ours = LeadFactory(vendor=vendor)
    OfferFactory(lead=ours, status=Offer.Status.ACCEPTED)
    LeadFactory(vendor=rival, intent=ours.intent, status=Lead.Status.CLOSED)

    page = text_of(rival_portal.get("/portal/?status=all")) + text_of(
        rival_portal.get("/portal/offers/?status=accepted")
    )

    assert ours.intent.customer.email not in page

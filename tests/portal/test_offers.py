"""The offers page by status; withdrawing; marking an accepted offer fulfilled."""

from datetime import timedelta

import pytest
from django.utils import timezone

from intents.models import Intent, Term
from offers.models import Offer
from tests.factories import IntentFactory, LeadFactory, OfferFactory, UserFactory, terms
from tests.portal.helpers import text_of

pytestmark = pytest.mark.django_db


def offers_shown(response) -> list[int]:
    return [offer.pk for offer in response.context["offers"]]


@pytest.fixture
def offer_of(vendor):
    def make(status=Offer.Status.PENDING, **fields):
        return OfferFactory(lead=LeadFactory(vendor=vendor), status=status, **fields)

    return make


def test_pending_offers_come_first_by_default(portal, offer_of):
    pending = offer_of()
    offer_of(Offer.Status.ACCEPTED)

    response = portal.get("/portal/offers/")

    assert response.context["status"] == "pending"
    assert offers_shown(response) == [pending.pk]


@pytest.mark.parametrize("status", ["accepted", "declined", "expired"])
def test_each_outcome_has_its_tab(portal, offer_of, status):
    wanted = offer_of(status)
    offer_of()

    assert offers_shown(portal.get(f"/portal/offers/?status={status}")) == [wanted.pk]


def test_a_pending_offer_past_its_time_reads_as_expired(portal, offer_of):
    lapsed = offer_of(valid_until=timezone.now() - timedelta(minutes=1))

    assert offers_shown(portal.get("/portal/offers/")) == []
    assert offers_shown(portal.get("/portal/offers/?status=expired")) == [lapsed.pk]


def test_withdrawn_and_closed_share_a_tab(portal, offer_of):
    gone = [offer_of(Offer.Status.WITHDRAWN), offer_of(Offer.Status.CLOSED)]

    assert sorted(offers_shown(portal.get("/portal/offers/?status=other"))) == sorted(
        o.pk for o in gone
    )


def test_the_tabs_count_the_offers(portal, offer_of):
    offer_of()
    offer_of()
    offer_of(Offer.Status.ACCEPTED)

    counts = portal.get("/portal/offers/").context["counts"]

    assert (counts["pending"], counts["accepted"], counts["other"]) == (2, 1, 0)


def test_an_accepted_offer_shows_the_customers_contact(portal, vendor):
    ada = UserFactory(name="Ada Lovelace", email="ada@example.com")
    OfferFactory(
        lead=LeadFactory(vendor=vendor, intent=IntentFactory(customer=ada)),
        status=Offer.Status.ACCEPTED,
    )

    page = text_of(portal.get("/portal/offers/?status=accepted"))

    assert "ada@example.com" in page
    assert "Mark fulfilled" in page


def test_an_accepted_offer_under_platform_contact_only_hides_the_contact(portal, vendor):
    ada = UserFactory(email="ada@example.com")
    intent = IntentFactory(
        customer=ada,
        terms=[*Term.objects.filter(is_default=True), *terms("platform-contact-only")],
    )
    OfferFactory(lead=LeadFactory(vendor=vendor, intent=intent), status=Offer.Status.ACCEPTED)

    page = text_of(portal.get("/portal/offers/?status=accepted"))

    assert "ada@example.com" not in page
    assert "Platform contact only" in page


def test_a_pending_offer_never_shows_the_contact(portal, vendor):
    ada = UserFactory(email="ada@example.com")
    OfferFactory(lead=LeadFactory(vendor=vendor, intent=IntentFactory(customer=ada)))

    assert "ada@example.com" not in text_of(portal.get("/portal/offers/"))


def test_marking_fulfilled_records_when(portal, offer_of):
    offer = offer_of(Offer.Status.ACCEPTED)

    response = portal.post(f"/portal/offers/{offer.pk}/fulfil/")

    assert response["Location"] == f"/portal/leads/{offer.lead_id}/"
    offer.refresh_from_db()
    assert offer.status == Offer.Status.ACCEPTED
    assert offer.fulfilled_at is not None


def test_a_fulfilled_offer_goes_to_the_end_of_its_tab_without_the_contact(portal, vendor):
    ada = UserFactory(email="ada@example.com")
    done = OfferFactory(
        lead=LeadFactory(vendor=vendor, intent=IntentFactory(customer=ada)),
        status=Offer.Status.ACCEPTED,
        fulfilled_at=timezone.now(),
        decided_at=timezone.now(),
    )
    todo = OfferFactory(
        lead=LeadFactory(vendor=vendor),
        status=Offer.Status.ACCEPTED,
        decided_at=timezone.now() - timedelta(days=1),
    )

    response = portal.get("/portal/offers/?status=accepted")

    assert offers_shown(response) == [todo.pk, done.pk]
    assert "ada@example.com" not in text_of(response)


def test_only_an_accepted_offer_can_be_fulfilled(portal, offer_of):
    offer = offer_of()

    response = portal.post(f"/portal/offers/{offer.pk}/fulfil/", follow=True)

    assert "only an accepted offer can be fulfilled" in text_of(response)
    assert Offer.objects.get(pk=offer.pk).fulfilled_at is None


def test_fulfilling_twice_says_so(portal, offer_of):
    offer = offer_of(Offer.Status.ACCEPTED)
    portal.post(f"/portal/offers/{offer.pk}/fulfil/")

    response = portal.post(f"/portal/offers/{offer.pk}/fulfil/", follow=True)

    assert "marked fulfilled already" in text_of(response)


def test_staff_withdraw_and_fulfil_too(staff_portal, offer_of):
    pending, accepted = offer_of(), offer_of(Offer.Status.ACCEPTED)

    staff_portal.post(f"/portal/offers/{pending.pk}/withdraw/")
    staff_portal.post(f"/portal/offers/{accepted.pk}/fulfil/")

    assert Offer.objects.get(pk=pending.pk).status == Offer.Status.WITHDRAWN
    assert Offer.objects.get(pk=accepted.pk).fulfilled_at is not None


def test_withdrawing_a_decided_offer_says_why(portal, offer_of):
    offer = offer_of(Offer.Status.DECLINED)

    response = portal.post(f"/portal/offers/{offer.pk}/withdraw/", follow=True)

    assert "This offer is declined, not pending." in text_of(response)


def test_going_back_stays_on_the_site(portal, offer_of):
    offer = offer_of()

    response = portal.post(
        f"/portal/offers/{offer.pk}/withdraw/", {"next": "https://evil.example.com/"}
    )

    assert response["Location"] == f"/portal/leads/{offer.lead_id}/"


def test_the_accepted_intent_stays_accepted_for_the_customer(portal, offer_of):
    offer = offer_of(Offer.Status.ACCEPTED)
    Intent.objects.filter(pk=offer.intent_id).update(status=Intent.Status.ACCEPTED)

    portal.post(f"/portal/offers/{offer.pk}/fulfil/")

    assert Intent.objects.get(pk=offer.intent_id).status == Intent.Status.ACCEPTED

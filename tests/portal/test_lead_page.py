"""One lead: reading it marks it viewed; the customer's terms first; the offer composer
after they are accepted; what the vendor may learn of the customer, and when."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from intents.models import AccessEvent, Intent, Term
from matching.models import Lead
from offers.models import Offer, TermsAcceptance
from portal.models import ReplyTemplate
from tests.factories import (
    GLASGOW,
    IntentFactory,
    LeadFactory,
    OfferFactory,
    SubscriptionFactory,
    UserFactory,
    terms,
)
from tests.portal.helpers import form_errors, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def customer_ada():
    return UserFactory(name="Ada Lovelace", email="ada@example.com", phone="+44 7700 900123")


@pytest.fixture
def lead(vendor, customer_ada):
    intent = IntentFactory(
        customer=customer_ada,
        text="Lunch for 2 near me",
        budget_max=Decimal(30),
        currency="GBP",
        quantity=2,
        terms=[*Term.objects.filter(is_default=True), *terms("delete-within-30-days")],
    )
    return LeadFactory(
        intent=intent, vendor=vendor, subscription=SubscriptionFactory(vendor=vendor)
    )


def url(lead, action=""):
    return f"/portal/leads/{lead.pk}/{action}"


def offer_form(**fields):
    return {"price": "24", "message": "Two lunch menus", **fields}


def accepted(lead, user):
    TermsAcceptance.objects.create(
        intent=lead.intent, vendor=lead.vendor, accepted_by=user, term_versions={}
    )


def test_opening_a_lead_marks_it_viewed(portal, lead, owner):
    accepted(lead, owner)

    portal.get(url(lead))

    lead.refresh_from_db()
    assert lead.status == Lead.Status.VIEWED
    assert lead.viewed_at is not None
    assert AccessEvent.objects.filter(intent=lead.intent, vendor=lead.vendor, user=owner).exists()


def test_before_the_terms_are_accepted_the_request_stays_hidden_and_unopened(portal, lead):
    page = text_of(portal.get(url(lead)))

    assert lead.intent.text not in page
    assert "Accept the customer's terms (below) to read what they wrote" in page
    lead.refresh_from_db()
    assert lead.status == Lead.Status.NEW
    assert not AccessEvent.objects.exists()


def test_the_terms_come_first_with_what_they_mean(portal, lead):
    page = text_of(portal.get(url(lead)))

    for slug in ("answer-only", "no-resale", "delete-within-30-days"):
        term = Term.objects.get(slug=slug)
        assert term.title in page
        assert term.summary.replace("'", "&#x27;") in page
    assert "Accept the terms" in page
    assert "Send offer" not in page


def test_the_vendor_sees_the_alias_never_the_name_or_contact(portal, lead, customer_ada):
    page = text_of(portal.get(url(lead)))

    assert lead.intent.alias in page
    assert customer_ada.alias not in page
    assert customer_ada.name not in page
    assert customer_ada.email not in page


def test_the_distance_is_to_the_disclosed_point(portal, vendor, customer_ada):
    """The customer is 300 m from the area's centre but disclosed only a 5 km area."""
    intent = IntentFactory(
        customer=customer_ada, lat=GLASGOW[0] + 0.0027, lng=GLASGOW[1], disclosure="area"
    )
    lead = LeadFactory(
        intent=intent, vendor=vendor, subscription=SubscriptionFactory(vendor=vendor)
    )

    response = portal.get(url(lead))

    assert response.context["distance"] != 0.3
    assert "to about 5 km" in text_of(response)


def test_accepting_the_terms_records_who_when_and_which_versions(portal, lead, owner):
    response = portal.post(url(lead, "accept-terms/"))

    assert response["Location"] == url(lead) + "#composer"
    acceptance = TermsAcceptance.objects.get(intent=lead.intent, vendor=lead.vendor)
    assert acceptance.accepted_by == owner
    assert acceptance.term_versions == {
        "answer-only": 1,
        "no-resale": 1,
        "delete-within-30-days": 1,
    }


def test_once_accepted_the_composer_shows(portal, lead, owner):
    accepted(lead, owner)

    page = text_of(portal.get(url(lead)))

    assert "Send offer" in page
    assert "Accept the terms" not in page
    assert "Accepted" in page


def test_an_offer_is_made_through_make_offer(portal, lead, owner):
    accepted(lead, owner)

    response = portal.post(url(lead, "offer/"), offer_form(available_at="", valid_until=""))

    assert response.status_code == 302
    offer = Offer.objects.get(lead=lead)
    assert (offer.price, offer.currency, offer.message) == (Decimal(24), "GBP", "Two lunch menus")
    assert offer.created_by == owner
    assert offer.valid_until == lead.intent.expires_at
    assert Lead.objects.get(pk=lead.pk).status == Lead.Status.OFFERED


def test_typed_times_are_the_vendors_wall_clock(portal, vendor, lead, owner):
    vendor.time_zone = "America/New_York"
    vendor.save()
    accepted(lead, owner)
    soon = (
        (timezone.now() + timedelta(hours=1))
        .astimezone(vendor.zone)
        .replace(second=0, microsecond=0)
    )

    portal.post(url(lead, "offer/"), offer_form(available_at=soon.strftime("%Y-%m-%dT%H:%M")))

    assert Offer.objects.get(lead=lead).available_at == soon


def test_staff_make_offers_too(staff_portal, lead, staff):
    staff_portal.post(url(lead, "accept-terms/"))
    staff_portal.post(url(lead, "offer/"), offer_form())

    assert Offer.objects.get(lead=lead).created_by == staff


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"price": ""}, "price", "Give your price."),
        ({"price": "cheap"}, "price", "A valid number is required."),
        ({"price": "-3"}, "price", "greater than or equal to 0"),
        ({"message": "x" * 2001}, "message", "no more than 2000 characters"),
        ({"valid_until": "2020-01-01T10:00"}, "valid_until", "valid for some time from now"),
        ({"available_at": "2020-01-01T10:00"}, "available_at", "cannot be in the past"),
        ({"available_at": "soon"}, "available_at", "Datetime has wrong format"),
    ],
)
def test_each_mistake_is_explained_on_its_field(portal, lead, owner, fields, field, message):
    accepted(lead, owner)

    errors = form_errors(portal.post(url(lead, "offer/"), offer_form(**fields)))

    assert any(message in error for error in errors.get(field, [])), errors
    assert not Offer.objects.filter(lead=lead).exists()


def test_without_a_budget_the_vendor_chooses_the_currency(portal, vendor, owner):
    lead = LeadFactory(vendor=vendor, intent=IntentFactory(budget_max=None, currency=""))
    accepted(lead, owner)

    form = portal.get(url(lead)).context["form"]
    portal.post(url(lead, "offer/"), offer_form(currency="EUR"))

    assert form["currency"].value() == "GBP"  # the usual one in the vendor's zone
    assert Offer.objects.get(lead=lead).currency == "EUR"


def test_an_offer_needs_the_terms_accepted_first(portal, lead):
    response = portal.post(url(lead, "offer/"), offer_form(), follow=True)

    assert "terms first: then you can offer" in text_of(response)
    assert not Offer.objects.exists()


def test_a_refused_offer_says_why(portal, lead, owner):
    accepted(lead, owner)
    Intent.objects.filter(pk=lead.intent_id).update(status=Intent.Status.WITHDRAWN)

    response = portal.post(url(lead, "offer/"), offer_form(), follow=True)

    assert "This intent is withdrawn; it takes no more offers." in text_of(response)


def test_a_saved_reply_starts_the_message(portal, vendor, lead, owner):
    accepted(lead, owner)
    reply = ReplyTemplate.objects.create(vendor=vendor, title="Lunch", message="Two menus, £12")

    page = portal.get(f"{url(lead)}?template={reply.pk}")
    fragment = portal.get(f"{url(lead, 'composer/')}?template={reply.pk}&price=25")

    assert page.context["form"]["message"].value() == "Two menus, £12"
    assert fragment.context["form"]["message"].value() == "Two menus, £12"
    assert fragment.context["form"]["price"].value() == "25"


def test_another_businesss_reply_is_not_used(portal, lead, owner, rival):
    accepted(lead, owner)
    theirs = ReplyTemplate.objects.create(vendor=rival, title="Theirs", message="Secret")

    page = portal.get(f"{url(lead)}?template={theirs.pk}")

    assert page.context["form"]["message"].value() in (None, "")


def test_a_pending_offer_shows_instead_of_the_composer_and_can_be_withdrawn(portal, lead, owner):
    accepted(lead, owner)
    offer = OfferFactory(lead=lead, price=Decimal(24))

    page = text_of(portal.get(url(lead)))
    portal.post(f"/portal/offers/{offer.pk}/withdraw/", {"next": url(lead)})

    assert "Waiting for the customer" in page
    assert "Send offer" not in page
    assert Offer.objects.get(pk=offer.pk).status == Offer.Status.WITHDRAWN
    assert "Send offer" in text_of(portal.get(url(lead)))  # may offer again


def test_after_acceptance_the_vendor_sees_the_customers_contact(portal, lead, customer_ada):
    OfferFactory(lead=lead, status=Offer.Status.ACCEPTED)
    Intent.objects.filter(pk=lead.intent_id).update(status=Intent.Status.ACCEPTED)

    page = text_of(portal.get(url(lead)))

    assert "Ada Lovelace" in page
    assert "ada@example.com" in page
    assert "+44 7700 900123" in page
    assert "Mark fulfilled" in page


def test_platform_contact_only_keeps_the_contact_hidden_after_acceptance(
    portal, vendor, customer_ada
):
    intent = IntentFactory(
        customer=customer_ada,
        terms=[*Term.objects.filter(is_default=True), *terms("platform-contact-only")],
        status=Intent.Status.ACCEPTED,
    )
    lead = LeadFactory(intent=intent, vendor=vendor)
    OfferFactory(lead=lead, status=Offer.Status.ACCEPTED)

    page = text_of(portal.get(url(lead)))

    assert "ada@example.com" not in page
    assert "Platform contact only" in page


def test_a_declined_offer_cannot_be_made_again(portal, lead, owner):
    accepted(lead, owner)
    OfferFactory(lead=lead, status=Offer.Status.DECLINED)

    response = portal.get(url(lead))

    assert response.context["can_offer"] is False
    assert "Send offer" not in text_of(response)


def test_the_live_fragment_shows_the_decision(portal, lead, customer_ada):
    offer = OfferFactory(lead=lead)
    version = portal.get(url(lead)).context["version"]
    unchanged = portal.get(f"{url(lead, 'live/')}?v={version}")
    Offer.objects.filter(pk=offer.pk).update(status=Offer.Status.ACCEPTED)

    changed = portal.get(f"{url(lead, 'live/')}?v={version}")

    assert unchanged.status_code == 204
    assert changed.status_code == 200
    assert "ada@example.com" in text_of(changed)


def test_making_an_offer_is_rate_limited(portal, vendor, owner):
    leads = [LeadFactory(vendor=vendor) for _ in range(2)]
    for lead in leads:
        accepted(lead, owner)
    for _ in range(60):  # THROTTLE_OFFERS: 60 a minute
        portal.post(url(leads[0], "offer/"), {"price": ""})

    response = portal.post(url(leads[1], "offer/"), offer_form())

    assert response.status_code == 429
    assert not Offer.objects.exists()


@pytest.mark.parametrize("action", ["accept-terms/", "offer/", "pass/"])
def test_writes_need_a_post(portal, lead, action):
    assert portal.get(url(lead, action)).status_code == 405

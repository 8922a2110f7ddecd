"""A vendor sees the customer's terms before anything else, and accepts them (who, when,
which versions) before it reads the request or answers it."""

import pytest

from intents.models import Intent, Term
from offers.models import TermsAcceptance
from tests.api.helpers import lead_for, offer_payload
from tests.conftest import client_for
from tests.factories import IntentFactory, SubscriptionFactory, UserFactory, terms
from tests.privacy.helpers import LEADS, post_intent
from vendors.services import publish_term_version

pytestmark = pytest.mark.django_db


def test_before_accepting_the_list_shows_the_terms_but_not_the_words(vendor, vendor_api):
    lead_for(vendor, terms_accepted=False, intent=IntentFactory(text="Sushi for my team"))

    [listed] = vendor_api.get(LEADS).json()["results"]

    assert listed["terms_accepted"] is False
    assert listed["intent"]["text"] is None
    assert set(listed["intent"]["terms"]) == {"answer-only", "no-resale"}
    assert "Sushi" not in str(listed)


def test_a_vendor_that_has_not_accepted_the_terms_gets_403_on_the_lead(vendor, vendor_api):
    lead = lead_for(vendor, terms_accepted=False)

    response = vendor_api.get(f"{LEADS}{lead.pk}/")

    assert response.status_code == 403
    assert response.json()["code"] == "terms_not_accepted"
    lead.refresh_from_db()
    assert lead.viewed_at is None  # nothing was opened


def test_a_vendor_that_has_not_accepted_the_terms_gets_403_on_an_offer(vendor, vendor_api):
    lead = lead_for(vendor, terms_accepted=False)

    response = vendor_api.post(
        f"{LEADS}{lead.pk}/offers/", {**offer_payload(), "accept_terms": False}, format="json"
    )

    assert response.status_code == 403
    assert not lead.intent.offers.exists()


def test_accepting_keeps_who_when_and_which_versions_then_the_lead_opens(vendor, vendor_api):
    lead = lead_for(vendor, terms_accepted=False, intent=IntentFactory(text="Sushi for 6"))

    accepted = vendor_api.post(f"{LEADS}{lead.pk}/accept-terms/")
    opened = vendor_api.get(f"{LEADS}{lead.pk}/")

    assert accepted.status_code == 200
    assert accepted.json()["intent"]["text"] == "Sushi for 6"
    evidence = TermsAcceptance.objects.get(intent=lead.intent, vendor=vendor)
    assert evidence.accepted_by == vendor.owner
    assert evidence.accepted_at is not None
    assert evidence.term_versions == {"answer-only": 1, "no-resale": 1}
    assert opened.status_code == 200


def test_accepting_with_the_offer_is_enough_too(vendor, vendor_api):
    lead = lead_for(vendor, terms_accepted=False)

    response = vendor_api.post(
        f"{LEADS}{lead.pk}/offers/", {**offer_payload(), "accept_terms": True}, format="json"
    )

    assert response.status_code == 201
    assert TermsAcceptance.objects.filter(intent=lead.intent, vendor=vendor).exists()


def test_an_intent_carries_the_defaults_and_the_customers_saved_terms(after_commit):
    customer = UserFactory()
    customer.preferred_terms.set(terms("delete-within-30-days"))

    intent = post_intent(customer, after_commit)

    assert set(intent["terms"]) == {"answer-only", "no-resale", "delete-within-30-days"}


def test_terms_chosen_for_an_intent_replace_the_saved_ones_but_never_the_defaults(after_commit):
    customer = UserFactory()
    customer.preferred_terms.set(terms("delete-within-30-days"))

    intent = post_intent(customer, after_commit, terms=["platform-contact-only"])

    assert set(intent["terms"]) == {"answer-only", "no-resale", "platform-contact-only"}


def test_a_new_version_of_a_term_does_not_silently_apply_to_earlier_acceptances(after_commit):
    subscription = SubscriptionFactory()
    term = Term.objects.get(slug="delete-within-30-days")
    before = post_intent(UserFactory(), after_commit, terms=[term.slug])
    assert Intent.objects.get(pk=before["id"]).leads.count() == 1

    Term.objects.filter(pk=term.pk).update(summary="Delete my details within 14 days.")
    publish_term_version(term)
    after = post_intent(UserFactory(), after_commit, terms=[term.slug])

    # The subscription agreed to version 1: it hears no intent carrying version 2 until
    # its owner accepts the new wording; the earlier intent keeps version 1.
    assert not Intent.objects.get(pk=after["id"]).leads.exists()
    assert Intent.objects.get(pk=before["id"]).term_versions()[term.slug] == 1
    assert Intent.objects.get(pk=after["id"]).term_versions()[term.slug] == 2
    assert term not in subscription.accepted_terms.all()

    subscription.accepted_terms.add(term)  # the owner accepts version 2
    from matching.routes import rebuild_routes

    rebuild_routes(subscription.pk)
    again = post_intent(UserFactory(), after_commit, terms=[term.slug])
    assert Intent.objects.get(pk=again["id"]).leads.count() == 1


def test_routing_only_reaches_subscriptions_that_pre_accept_every_term(after_commit):
    agrees = SubscriptionFactory()
    declines = SubscriptionFactory(accepted_terms=terms("answer-only", "no-resale"))

    intent = post_intent(UserFactory(), after_commit, terms=["delete-within-30-days"])

    vendors = set(Intent.objects.get(pk=intent["id"]).leads.values_list("vendor", flat=True))
    assert vendors == {agrees.vendor_id}
    assert client_for(declines.vendor.owner).get(LEADS).json()["count"] == 0

"""The leads inbox: what needs an answer, its filters, and its live fragment."""

from datetime import timedelta

import pytest
from django.utils import timezone

from intents.models import Intent
from matching.models import Lead
from offers.services import accept_terms
from tests.factories import IntentFactory, LeadFactory, SubscriptionFactory, category
from tests.portal.helpers import text_of

pytestmark = pytest.mark.django_db


def leads_shown(response) -> list[int]:
    return [lead.pk for lead in response.context["leads"]]


@pytest.fixture
def inbox_of(vendor):
    """Leads of the vendor in each state, on intents ending at different times."""
    now = timezone.now()

    def lead(
        status=Lead.Status.NEW, hours=3, slug="restaurant-meal", terms_accepted=True, **intent
    ):
        made = LeadFactory(
            vendor=vendor,
            status=status,
            intent=IntentFactory(
                category=category(slug),
                ends_at=now + timedelta(hours=hours),
                expires_at=now + timedelta(hours=hours),
                **intent,
            ),
        )
        if terms_accepted:
            accept_terms(made, vendor.owner)
        return made

    return lead


def test_it_lists_leads_to_answer_ending_soonest_first(portal, inbox_of):
    later = inbox_of(hours=5)
    sooner = inbox_of(Lead.Status.VIEWED, hours=1)
    inbox_of(Lead.Status.OFFERED)
    inbox_of(Lead.Status.PASSED)
    inbox_of(Lead.Status.CLOSED)

    assert leads_shown(portal.get("/portal/")) == [sooner.pk, later.pk]


def test_a_lead_on_an_intent_that_ran_out_is_not_to_answer(portal, inbox_of):
    lapsed = inbox_of()
    Intent.objects.filter(pk=lapsed.intent_id).update(expires_at=timezone.now())

    assert leads_shown(portal.get("/portal/")) == []
    assert leads_shown(portal.get("/portal/?status=closed")) == [lapsed.pk]


@pytest.mark.parametrize("status", ["offered", "passed", "closed"])
def test_each_status_has_its_filter(portal, inbox_of, status):
    wanted = inbox_of(status)
    inbox_of()

    assert leads_shown(portal.get(f"/portal/?status={status}")) == [wanted.pk]


def test_all_shows_every_lead(portal, inbox_of):
    leads = [inbox_of(status) for status in ("new", "offered", "passed", "closed")]

    assert sorted(leads_shown(portal.get("/portal/?status=all"))) == sorted(
        lead.pk for lead in leads
    )


def test_an_unknown_status_means_to_answer(portal, inbox_of):
    lead = inbox_of()
    inbox_of(Lead.Status.PASSED)

    assert leads_shown(portal.get("/portal/?status=whatever")) == [lead.pk]


def test_the_category_filter_keeps_one_category(portal, inbox_of):
    catering = inbox_of(slug="catering")
    inbox_of()

    response = portal.get("/portal/?category=catering")

    assert leads_shown(response) == [catering.pk]
    assert [c.slug for c in response.context["categories"]] == ["catering", "restaurant-meal"]


def test_a_row_shows_what_a_vendor_needs_to_decide(portal, inbox_of):
    inbox_of(
        text="Lunch for 2 <script>alert(1)</script>",
        budget_max=30,
        currency="GBP",
        quantity=2,
    )

    page = text_of(portal.get("/portal/"))

    assert "Restaurant meal" in page
    assert "Up to £30" in page
    assert "For 2" in page
    assert "left" in page
    assert "Answer only" in page
    assert "No resale" in page
    assert "&lt;script&gt;" in page
    assert "<script>alert" not in page


def test_a_row_keeps_the_request_hidden_until_the_terms_are_accepted(portal, inbox_of):
    inbox_of(text="Lunch for 2 by the river", terms_accepted=False)

    page = text_of(portal.get("/portal/"))

    assert "Lunch for 2 by the river" not in page
    assert "accept the terms to read it" in page
    assert "Answer only" in page


def test_passing_removes_a_lead_from_the_inbox(portal, inbox_of):
    lead = inbox_of()

    response = portal.post(f"/portal/leads/{lead.pk}/pass/")

    assert response["Location"] == "/portal/"
    assert Lead.objects.get(pk=lead.pk).status == Lead.Status.PASSED
    assert leads_shown(portal.get("/portal/")) == []
    assert leads_shown(portal.get("/portal/?status=passed")) == [lead.pk]


def test_a_lead_answered_already_cannot_be_passed(portal, inbox_of):
    lead = inbox_of(Lead.Status.OFFERED)

    response = portal.post(f"/portal/leads/{lead.pk}/pass/", follow=True)

    assert "only a new or viewed lead can be passed" in text_of(response)
    assert Lead.objects.get(pk=lead.pk).status == Lead.Status.OFFERED


def test_staff_pass_leads_too(staff_portal, inbox_of):
    lead = inbox_of()

    staff_portal.post(f"/portal/leads/{lead.pk}/pass/")

    assert Lead.objects.get(pk=lead.pk).status == Lead.Status.PASSED


def test_the_nav_counts_the_leads_to_answer(portal, inbox_of):
    inbox_of()
    inbox_of(Lead.Status.VIEWED)
    inbox_of(Lead.Status.OFFERED)

    assert portal.get("/portal/offers/").context["inbox_counts"] == {"waiting": 2, "new": 1}


def test_an_empty_inbox_says_it_is_listening(portal):
    page = text_of(portal.get("/portal/"))

    assert "Nothing to answer right now." in page
    assert "You have no subscription yet" in page


def test_an_empty_inbox_with_a_subscription_just_waits(portal, vendor):
    SubscriptionFactory(vendor=vendor)

    page = text_of(portal.get("/portal/")) + text_of(portal.get("/portal/live/"))

    assert "Nothing to answer right now." in page
    assert "You have no subscription yet" not in page


# --- The live fragment -------------------------------------------------------------------


def test_the_live_fragment_answers_204_while_nothing_changed(portal, inbox_of):
    inbox_of()
    version = portal.get("/portal/").context["version"]

    assert portal.get(f"/portal/live/?v={version}").status_code == 204


def test_the_live_fragment_brings_a_new_lead(portal, inbox_of):
    version = portal.get("/portal/").context["version"]
    lead = inbox_of(text="A brand new request")

    response = portal.get(f"/portal/live/?v={version}")

    assert response.status_code == 200
    assert "A brand new request" in text_of(response)
    assert f'data-lead="{lead.pk}"' in text_of(response)
    assert 'id="live-version"' in text_of(response)


def test_the_live_fragment_keeps_the_filters(portal, inbox_of):
    inbox_of(text="Catering for 30", slug="catering")
    inbox_of(text="Dinner for 2")

    page = text_of(portal.get("/portal/live/?category=catering"))

    assert "Catering for 30" in page
    assert "Dinner for 2" not in page


def test_under_wsgi_the_page_polls(portal):
    response = portal.get("/portal/")

    assert response.context["live_mode"] == "poll"
    assert 'hx-trigger="refresh, every 2s"' in text_of(response)
    assert "data-events" not in text_of(response)

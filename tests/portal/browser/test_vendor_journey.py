"""A vendor's whole journey in a real browser: join, describe the business, subscribe to
restaurant meals within 3 km of Glasgow, see a customer's request arrive live, accept
its terms, offer, see the offer accepted with the customer's contact, mark it fulfilled."""

import time

import pytest
from playwright.sync_api import expect
from rest_framework.authtoken.models import Token

from intents.models import Intent
from matching.models import Lead
from offers.models import Offer, TermsAcceptance
from tests.factories import GLASGOW, UserFactory
from tests.portal.browser.conftest import PHONE

pytestmark = pytest.mark.django_db(transaction=True)

LIVE_WITHIN_MS = 2000
HIDDEN_REQUEST = "A request for restaurant meal: accept the terms to read it"
REQUEST = "Lunch for 2 near Glasgow Central, something Italian"


@pytest.fixture
def ada():
    """A customer with an API token."""
    user = UserFactory(name="Ada Lovelace", email="ada@example.com", phone="+44 7700 900123")
    user.token = Token.objects.create(user=user).key
    return user


@pytest.fixture
def customer_api(playwright_instance, asgi_server, ada):
    """The customer's app, talking to the API over HTTP."""
    api = playwright_instance.request.new_context(
        base_url=asgi_server.url, extra_http_headers={"Authorization": f"Token {ada.token}"}
    )
    yield api
    api.dispose()


def post_intent(api) -> int:
    made = api.post(
        "/api/v1/intents/",
        data={
            "text": REQUEST,
            "category": "restaurant-meal",
            "lat": GLASGOW[0],
            "lng": GLASGOW[1],
            "radius_km": 5,
        },
    )
    assert made.status == 201, made.text()
    return made.json()["id"]


def accept_the_offer(api, intent_id: int) -> None:
    offers = api.get(f"/api/v1/intents/{intent_id}/offers/").json()["results"]
    assert len(offers) == 1, offers
    accepted = api.post(f"/api/v1/offers/{offers[0]['id']}/accept/")
    assert accepted.ok, accepted.text()


def test_a_vendor_joins_subscribes_and_wins_a_request_that_arrives_live(
    new_page, asgi_server, customer_api, ada
):
    page = new_page(PHONE)
    page.goto(asgi_server.url + "/portal/join/")

    # Join: the business and its owner.
    page.get_by_label("Business name").fill("Trattoria Lucca")
    page.get_by_label("Your name").fill("Lucia Rossi")
    page.get_by_label("Email").fill("lucia@lucca.example.com")
    page.get_by_label("Password").fill("a long enough passphrase")
    page.get_by_role("button", name="Create my business account").click()

    # The business: where it is; the zone came from the browser.
    expect(page.get_by_role("heading", name="Tell customers about Trattoria Lucca")).to_be_visible()
    expect(page.get_by_label("Time zone")).to_have_value("Europe/London")
    page.get_by_label("Phone").fill("+44 141 496 0000")
    page.get_by_label("Where you are").fill("Glasgow")
    page.get_by_role("button", name="Save and continue").click()

    # Subscribe: restaurant meals within 3 km of Glasgow.
    expect(page.get_by_role("heading", name="New subscription")).to_be_visible()
    page.get_by_text("Food & drink", exact=True).click()
    page.get_by_label("Restaurant meal").check()
    page.get_by_label("Centre of the area").fill("Glasgow")
    page.get_by_label("Radius in km").fill("3")
    expect(page.locator("#sub-preview")).to_contain_text("would have matched")
    page.get_by_role("button", name="Subscribe").click()
    expect(page.get_by_text("Within 3 km of Glasgow")).to_be_visible()

    # The inbox is open and listening; a customer posts through the API.
    page.get_by_role("link", name="Inbox", exact=True).click()
    expect(page.get_by_text("Nothing to answer right now.")).to_be_visible()
    assert page.locator("#live").get_attribute("data-live-mode") == "sse"
    page.evaluate("window.stillTheSamePage = true")
    intent_id = post_intent(customer_api)
    posted_at = time.monotonic()
    # Before the terms are accepted the row shows what the request is about, not its words.
    lead_row = page.get_by_role("article", name=HIDDEN_REQUEST)
    expect(lead_row).to_be_visible(timeout=LIVE_WITHIN_MS)
    assert time.monotonic() - posted_at < LIVE_WITHIN_MS / 1000
    assert page.evaluate("window.stillTheSamePage") is True  # no reload
    expect(lead_row).to_contain_text("Restaurant meal")
    expect(lead_row).to_contain_text("Answer only")

    # Open it: the terms come first, and the request stays unread until they are accepted.
    lead_row.get_by_role("link", name=HIDDEN_REQUEST).click()
    expect(page.get_by_role("heading", name="The customer's terms")).to_be_visible()
    lead = Lead.objects.get(intent_id=intent_id)
    expect(page.get_by_text(lead.intent.alias)).to_be_visible()
    expect(page.get_by_text(ada.name)).to_have_count(0)
    expect(page.get_by_text(REQUEST)).to_have_count(0)
    expect(page.get_by_role("button", name="Send offer")).to_have_count(0)
    page.get_by_role("button", name="Accept the terms").click()
    assert TermsAcceptance.objects.filter(intent_id=intent_id).exists()
    # Now it is read (the customer can see it was opened).
    expect(page.get_by_role("heading", name=REQUEST)).to_be_visible()
    lead.refresh_from_db()
    assert lead.status == Lead.Status.VIEWED

    # The offer.
    page.get_by_label("Price").fill("24")
    page.get_by_label("Message").fill("Two lunch menus, a table by the window.")
    page.get_by_role("button", name="Send offer").click()
    expect(page.get_by_text("Offer sent.")).to_be_visible()
    expect(page.get_by_role("heading", name="Waiting for the customer")).to_be_visible()
    page.evaluate("window.stillTheSamePage = true")

    # The customer accepts (API); the open page shows it with their contact.
    accept_the_offer(customer_api, intent_id)
    expect(page.get_by_role("heading", name="Accepted")).to_be_visible(timeout=LIVE_WITHIN_MS)
    expect(page.get_by_role("link", name="ada@example.com")).to_be_visible()
    expect(page.get_by_role("link", name="+44 7700 900123")).to_be_visible()
    assert page.evaluate("window.stillTheSamePage") is True

    # Done: mark it fulfilled.
    page.get_by_role("button", name="Mark fulfilled").click()
    expect(page.get_by_text("Marked fulfilled.")).to_be_visible()
    offer = Offer.objects.get(intent_id=intent_id)
    assert offer.status == Offer.Status.ACCEPTED
    assert (offer.price, offer.currency) == (24, "GBP")  # the usual currency in London
    assert offer.fulfilled_at is not None
    assert Intent.objects.get(pk=intent_id).status == Intent.Status.ACCEPTED

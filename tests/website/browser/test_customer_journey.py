"""The customer's whole journey in a real browser: arrive, type, sign up, check the parse,
post, watch an offer arrive live, accept it, see who saw the intent."""

import re
import time

import pytest
from django.core import mail
from playwright.sync_api import expect
from rest_framework.authtoken.models import Token

from intents.models import Intent
from tests.factories import SubscriptionFactory, VendorFactory

pytestmark = pytest.mark.django_db(transaction=True)

WORDS = "lunch for 2 near me now under $30"
LIVE_WITHIN_MS = 2000


@pytest.fixture
def trattoria():
    """A restaurant in central Glasgow that opted in to hear about restaurant meals, with
    an API token."""
    vendor = VendorFactory(
        name="Trattoria Lucca", email="ciao@lucca.example.com", phone="+44 141 496 0000"
    )
    SubscriptionFactory(vendor=vendor)
    vendor.token = Token.objects.create(user=vendor.owner).key
    return vendor


@pytest.fixture
def vendor_api(playwright_instance, asgi_server, trattoria):
    """The vendor's own program, talking to the API over HTTP."""
    api = playwright_instance.request.new_context(
        base_url=asgi_server.url,
        extra_http_headers={"Authorization": f"Token {trattoria.token}"},
    )
    yield api
    api.dispose()


def answer_with_an_offer(api) -> None:
    leads = api.get("/api/v1/vendor/leads/").json()["results"]
    assert len(leads) == 1, leads
    lead_id = leads[0]["id"]
    assert leads[0]["intent"]["text"] is None  # the terms come first
    assert api.post(f"/api/v1/vendor/leads/{lead_id}/accept-terms/").ok
    assert api.get(f"/api/v1/vendor/leads/{lead_id}/").ok  # opening it marks it viewed
    made = api.post(
        f"/api/v1/vendor/leads/{lead_id}/offers/",
        data={
            "price": "24.00",
            "message": "Two lunch menus, table by the window",
            "accept_terms": True,
        },
    )
    assert made.status == 201, made.text()


def test_a_visitor_posts_an_intent_and_accepts_an_offer_that_arrives_live(
    phone, asgi_server, vendor_api, trattoria
):
    page = phone
    page.goto(asgi_server.url + "/")
    page.get_by_label("What do you need?").fill(WORDS)
    page.get_by_role("button", name="Get offers").click()

    # Sign up; the words wait.
    expect(page.get_by_role("heading", name="Create your account")).to_be_visible()
    expect(page.get_by_text(WORDS)).to_be_visible()
    page.get_by_label("Your name").fill("Ada Lovelace")
    page.get_by_label("Email").fill("ada@example.com")
    page.get_by_label("Password").fill("a long enough passphrase")
    page.get_by_role("button", name="Create account").click()

    # The post page, with the words and what Beckon read from them.
    expect(page.get_by_role("heading", name="Post an intent")).to_be_visible()
    expect(page.get_by_label("What do you need?")).to_have_value(WORDS)
    preview = page.locator("#preview")
    expect(preview).to_contain_text("Restaurant")
    expect(preview).to_contain_text("US$30")
    expect(preview).to_contain_text("2")
    expect(preview).to_contain_text("Near you")
    page.get_by_role("button", name="Use my location").click()
    expect(page.get_by_text("Got your location.")).to_be_visible()
    page.get_by_role("button", name="Post my intent").click()

    # Held until Ada confirms her address: she opens the link from the e-mail.
    expect(page.get_by_text("Waiting for you to confirm your e-mail")).to_be_visible()
    intent = Intent.objects.get(customer__email="ada@example.com")
    assert intent.awaiting_verification
    assert not intent.leads.exists()
    link = re.search(r"https?://\S+(/accounts/verify/\S+/)", mail.outbox[-1].body)
    mailbox_tab = page.context.new_page()
    mailbox_tab.goto(asgi_server.url + link.group(1))
    expect(mailbox_tab.get_by_text("ada@example.com is confirmed")).to_be_visible()
    mailbox_tab.close()
    page.reload()

    # The intent page is open, waiting; the vendor answers through the API.
    expect(page.get_by_text("Waiting for offers.")).to_be_visible()
    assert intent.budget_max == 30
    assert intent.currency == "USD"
    assert intent.quantity == 2
    intent.refresh_from_db()
    assert page.locator("#live").get_attribute("data-live-mode") == "sse"
    page.evaluate("window.stillTheSamePage = true")
    answer_with_an_offer(vendor_api)
    offered_at = time.monotonic()
    offer = page.get_by_role("article", name="Trattoria Lucca")
    expect(offer).to_be_visible(timeout=LIVE_WITHIN_MS)
    assert time.monotonic() - offered_at < LIVE_WITHIN_MS / 1000
    assert page.evaluate("window.stillTheSamePage") is True  # no reload
    expect(offer).to_contain_text("US$24")

    # Accept, after one confirmation; the vendor's contact shows.
    offer.get_by_role("link", name="Accept").click()
    page.get_by_role("button", name="Yes, accept this offer").click()
    accepted = page.get_by_role("heading", name="You accepted Trattoria Lucca\u2019s offer")
    expect(accepted).to_be_visible()
    expect(page.get_by_role("link", name="ciao@lucca.example.com")).to_be_visible()
    expect(page.get_by_role("link", name="+44 141 496 0000")).to_be_visible()

    # The privacy page: that vendor received the intent and opened it.
    page.get_by_role("link", name="Privacy").click()
    row = page.get_by_role("row", name="Trattoria Lucca")
    expect(row).to_be_visible()
    received, opened, block = row.get_by_role("cell").all_inner_texts()
    assert received.strip()
    assert opened.strip()
    assert opened.strip() != "Not opened"
    assert block.strip() == "Block"
    page.get_by_text("Access log").click()
    expect(page.locator(".access-log")).to_contain_text("Trattoria Lucca")
    expect(page.locator(".access-log")).to_contain_text("opened the intent")

"""The embedded default: under WSGI (runserver, or here pytest-django's live_server) the
intent page polls its live fragment, and an offer still appears without a reload."""

import pytest
from playwright.sync_api import expect

from offers.services import make_offer
from tests.factories import PASSWORD, IntentFactory, LeadFactory, VendorFactory
from tests.website.browser.conftest import PHONE

pytestmark = pytest.mark.django_db(transaction=True)


def test_under_wsgi_an_offer_appears_by_polling_without_a_reload(browser, live_server, customer):
    intent = IntentFactory(customer=customer)
    lead = LeadFactory(intent=intent, vendor=VendorFactory(name="Poll Pizza"))
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(5000)
    page.goto(f"{live_server.url}/accounts/login/?next=/intents/{intent.pk}/")
    page.get_by_label("Email").fill(customer.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Waiting for offers.")).to_be_visible()
    assert page.locator("#live").get_attribute("data-live-mode") == "poll"
    page.evaluate("window.stillTheSamePage = true")

    make_offer(lead, lead.vendor.owner, price=18, currency="GBP", terms_accepted=True)

    expect(page.get_by_role("article", name="Poll Pizza")).to_be_visible(timeout=3000)
    assert page.evaluate("window.stillTheSamePage") is True
    expect(page.locator("#live-announce")).to_have_text("1 offer so far")
    context.close()

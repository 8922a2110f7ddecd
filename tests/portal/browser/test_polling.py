"""The embedded default: under WSGI (runserver, or here pytest-django's live_server) the
inbox polls its live fragment, and a new lead still appears without a reload."""

import pytest
from playwright.sync_api import expect

from offers.services import accept_terms
from tests.factories import IntentFactory, LeadFactory, VendorFactory
from tests.portal.browser.conftest import PHONE, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_under_wsgi_a_new_lead_appears_by_polling_without_a_reload(new_page, live_server):
    vendor = VendorFactory(name="Poll Pizza")
    page = new_page(PHONE)
    sign_in(page, live_server.url, vendor.owner)
    expect(page.get_by_text("Nothing to answer right now.")).to_be_visible()
    assert page.locator("#live").get_attribute("data-live-mode") == "poll"
    page.evaluate("window.stillTheSamePage = true")

    lead = LeadFactory(vendor=vendor, intent=IntentFactory(text="Two margheritas, delivered"))
    accept_terms(lead, vendor.owner)

    expect(page.get_by_role("article", name="Two margheritas, delivered")).to_be_visible(
        timeout=3000
    )
    assert page.evaluate("window.stillTheSamePage") is True
    expect(page.locator("#live-announce")).to_have_text("1 lead to answer")

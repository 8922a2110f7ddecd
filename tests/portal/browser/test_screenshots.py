"""Screenshots of the portal's pages at phone and desktop widths, saved as
docs/screenshots/portal/<page>-<width>.png so anyone can look at the portal."""

import pytest
from playwright.sync_api import expect

from matching.models import Lead
from tests.portal.browser.conftest import DESKTOP, PHONE, screenshot, sign_in
from tests.portal.browser.world import lived_in_vendor

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_it_saves_screenshots_of_the_portal(new_page, asgi_server, viewport):
    vendor = lived_in_vendor()
    page = new_page(viewport)
    page.goto(asgi_server.url + "/portal/join/")
    screenshot(page, "join")
    sign_in(page, asgi_server.url, vendor.owner)

    expect(page.get_by_role("heading", name="Inbox")).to_be_visible()
    expect(page.locator("[data-lead]").first).to_be_visible()
    screenshot(page, "inbox")

    lead = Lead.objects.filter(vendor=vendor, status=Lead.Status.NEW).order_by("matched_at").last()
    page.goto(f"{asgi_server.url}/portal/leads/{lead.pk}/")
    expect(page.get_by_role("heading", name="The customer's terms")).to_be_visible()
    screenshot(page, "lead")
    page.get_by_role("button", name="Accept the terms").click()
    page.get_by_role("link", name="Lunch for two").click()
    expect(page.get_by_label("Message")).to_have_value(
        "Two lunch menus (starter and main) with a soft drink each. "
        "We can seat you by the window within 15 minutes."
    )
    page.get_by_label("Price").fill("26")
    screenshot(page, "lead-offer")

    page.goto(f"{asgi_server.url}/portal/offers/?status=accepted")
    expect(page.get_by_role("link", name="ada@example.com")).to_be_visible()
    screenshot(page, "offers")

    page.goto(f"{asgi_server.url}/portal/subscriptions/")
    screenshot(page, "subscriptions")
    page.get_by_role("link", name="Edit").first.click()
    expect(page.locator("#sub-preview")).to_contain_text("would have matched")
    screenshot(page, "subscription-form")

    page.goto(f"{asgi_server.url}/portal/insights/")
    expect(page.locator("[data-metric=leads]")).not_to_have_text("0")
    screenshot(page, "insights")

    page.goto(f"{asgi_server.url}/portal/business/")
    screenshot(page, "business")
    page.goto(f"{asgi_server.url}/portal/team/")
    screenshot(page, "team")

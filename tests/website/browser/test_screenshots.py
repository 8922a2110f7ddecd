"""Screenshots of the customer pages at phone and desktop widths, saved as
docs/screenshots/customer/<page>-<width>.png so anyone can look at the site."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from intents.models import Intent, Term
from offers.models import Offer
from tests.factories import PASSWORD, IntentFactory, LeadFactory, OfferFactory, VendorFactory
from tests.website.browser.conftest import DESKTOP, GLASGOW_GEO, PHONE, screenshot

pytestmark = pytest.mark.django_db(transaction=True)

WORDS = "Lunch for 2 near me now, under $30"


def a_lived_in_account(customer) -> Intent:
    """An open intent with three offers and a few vendors that opened it, and an older
    one that ended with an accepted offer."""
    now = timezone.now()
    intent = IntentFactory(
        customer=customer,
        text=WORDS,
        budget_max=Decimal(30),
        currency="USD",
        quantity=2,
        ends_at=now + timedelta(hours=2),
        terms=[
            *Term.objects.filter(is_default=True),
            Term.objects.get(slug="no-contact-after-close"),
        ],
    )
    offers = [
        (
            "Trattoria Lucca",
            "4.7",
            0.8,
            "24.00",
            "Two lunch menus with a drink, table by the window.",
        ),
        (
            "The Green Bowl",
            "4.4",
            1.6,
            "19.50",
            "Two big salad bowls, ready for pick-up in 15 minutes.",
        ),
        ("Bánh Mì Corner", None, 2.3, "16.00", "2 bánh mì and 2 iced coffees, delivered."),
    ]
    for minutes, (name, rating, km, price, message) in enumerate(offers, start=1):
        vendor = VendorFactory(name=name, rating=Decimal(rating) if rating else None)
        OfferFactory(
            lead__intent=intent,
            lead__vendor=vendor,
            lead__distance_km=km,
            lead__matched_at=now - timedelta(minutes=20),
            lead__viewed_at=now - timedelta(minutes=18 - minutes * 4),
            price=Decimal(price),
            currency="USD",
            message=message,
            valid_until=now + timedelta(minutes=45 * minutes),
        )
    for name, viewed in [("Noodle Bar 88", True), ("Café Rosa", False), ("Pizza Piccola", False)]:
        LeadFactory(
            intent=intent,
            vendor=VendorFactory(name=name),
            matched_at=now - timedelta(minutes=20),
            viewed_at=now - timedelta(minutes=2) if viewed else None,
        )
    earlier = IntentFactory(
        customer=customer,
        text="A plumber tomorrow morning, leaking kitchen tap",
        created_at=now - timedelta(days=2),
        starts_at=now - timedelta(days=1, hours=10),
        ends_at=now - timedelta(days=1, hours=6),
        status=Intent.Status.ACCEPTED,
    )
    OfferFactory(
        lead__intent=earlier,
        lead__vendor=VendorFactory(name="Clyde Plumbing"),
        lead__matched_at=now - timedelta(days=2),
        lead__viewed_at=now - timedelta(days=2) + timedelta(minutes=4),
        status=Offer.Status.ACCEPTED,
    )
    return intent


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_it_saves_screenshots_of_the_main_pages(browser, asgi_server, customer, viewport):
    intent = a_lived_in_account(customer)
    context = browser.new_context(
        viewport=viewport, geolocation=GLASGOW_GEO, permissions=["geolocation"], locale="en-GB"
    )
    page = context.new_page()
    page.set_default_timeout(5000)

    page.goto(asgi_server.url + "/")
    page.get_by_label("What do you need?").fill(WORDS)
    expect(page.locator("#preview")).to_contain_text("US$30")
    screenshot(page, "landing")

    page.goto(asgi_server.url + "/accounts/login/?next=/intents/new/")
    page.get_by_label("Email").fill(customer.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("What do you need?").fill(WORDS)
    page.get_by_role("button", name="Use my location").click()
    expect(page.locator("#preview")).to_contain_text("your current location")
    screenshot(page, "post")

    page.goto(f"{asgi_server.url}/intents/{intent.pk}/")
    expect(page.get_by_role("article", name="Trattoria Lucca")).to_be_visible()
    screenshot(page, "intent")

    page.goto(asgi_server.url + "/intents/")
    screenshot(page, "intents")

    page.goto(asgi_server.url + "/privacy/")
    expect(page.get_by_role("row", name="Noodle Bar 88")).to_be_visible()
    screenshot(page, "privacy")
    context.close()

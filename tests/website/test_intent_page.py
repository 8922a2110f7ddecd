"""The intent page and its live fragment: offers, sorting, time left, what it shows once
the intent is over, and nobody else's intent."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from intents.models import Intent
from offers.models import Offer
from tests.factories import IntentFactory, LeadFactory, OfferFactory, VendorFactory
from tests.website.helpers import text_of

pytestmark = pytest.mark.django_db


def page_of(intent) -> str:
    return f"/intents/{intent.pk}/"


def offer_names(response) -> list[str]:
    return [offer.vendor.name for offer in response.context["live_offers"]]


@pytest.fixture
def intent(customer):
    return IntentFactory(customer=customer, text="Lunch for 2 near me <b>now</b>")


@pytest.fixture
def three_offers(intent):
    now = timezone.now()
    rows = [
        ("Cheap", "12.00", "3.5", 2.0, 30),
        ("Near", "20.00", None, 0.3, 90),
        ("Star", "25.00", "4.9", 1.0, 60),
    ]
    for name, price, rating, km, minutes in rows:
        OfferFactory(
            lead__intent=intent,
            lead__vendor=VendorFactory(name=name, rating=Decimal(rating) if rating else None),
            lead__distance_km=km,
            price=Decimal(price),
            valid_until=now + timedelta(minutes=minutes),
        )


def test_it_shows_the_intent_escaped_with_its_offers_and_time_left(site, intent, three_offers):
    page = text_of(site.get(page_of(intent)))

    assert "Lunch for 2 near me &lt;b&gt;now&lt;/b&gt;" in page
    assert "2 h 59 min left" in page or "3 h left" in page
    assert "£12" in page
    assert "Valid for 29 min" in page
    assert "Sent to 3 vendors" in page


@pytest.mark.parametrize(
    ("sort", "order"),
    [
        ("price", ["Cheap", "Near", "Star"]),
        ("distance", ["Near", "Star", "Cheap"]),
        ("rating", ["Star", "Cheap", "Near"]),
        ("time", ["Cheap", "Star", "Near"]),
        ("nonsense", ["Cheap", "Near", "Star"]),
    ],
)
def test_offers_sort_by_price_distance_rating_and_time_left(
    site, intent, three_offers, sort, order
):
    assert offer_names(site.get(page_of(intent), {"sort": sort})) == order


def test_declined_and_closed_offers_move_below_the_live_ones(site, intent, three_offers):
    Offer.objects.filter(vendor__name="Cheap").update(status=Offer.Status.DECLINED)

    answer = site.get(page_of(intent))

    assert offer_names(answer) == ["Near", "Star"]
    assert [o.vendor.name for o in answer.context["other_offers"]] == ["Cheap"]


def test_withdrawn_offers_are_not_shown(site, intent, three_offers):
    Offer.objects.filter(vendor__name="Cheap").update(status=Offer.Status.WITHDRAWN)

    assert "Cheap" not in text_of(site.get(page_of(intent)))


def test_an_open_intent_without_offers_says_it_is_waiting(site, intent):
    LeadFactory(intent=intent)

    page = text_of(site.get(page_of(intent)))

    assert "Waiting for offers." in page
    assert "no need to reload" in page


def test_how_many_vendors_opened_it_is_shown(site, intent):
    LeadFactory(intent=intent, viewed_at=timezone.now())
    LeadFactory(intent=intent)

    assert "Sent to 2 vendors · 1 opened it" in text_of(site.get(page_of(intent)))


def test_under_wsgi_the_page_polls_every_two_seconds(site, intent):
    page = text_of(site.get(page_of(intent)))

    assert 'hx-trigger="refresh, every 2s"' in page
    assert 'data-live-mode="poll"' in page
    assert "data-events" not in page


def test_the_live_fragment_answers_204_when_nothing_changed(site, intent, three_offers):
    first = site.get(f"{page_of(intent)}live/")
    version = first.context["version"]

    assert site.get(f"{page_of(intent)}live/", {"v": version}).status_code == 204
    OfferFactory(lead__intent=intent, lead__vendor=VendorFactory(name="Late"))
    changed = site.get(f"{page_of(intent)}live/", {"v": version})
    assert changed.status_code == 200
    assert "Late" in text_of(changed)


def test_the_live_fragment_stops_the_polling_once_the_intent_is_over(site, intent):
    Intent.objects.filter(pk=intent.pk).update(status=Intent.Status.WITHDRAWN)

    answer = site.get(f"{page_of(intent)}live/")

    assert answer.status_code == 286
    assert "This intent was withdrawn" in text_of(answer)


def test_an_expired_intent_reads_as_expired_and_offers_to_post_it_again(site, customer):
    past = timezone.now() - timedelta(hours=4)
    intent = IntentFactory(customer=customer, starts_at=past, ends_at=past + timedelta(hours=3))

    page = text_of(site.get(page_of(intent)))

    assert "This intent was expired with no offer accepted" in page
    assert "Post it again" in page
    assert "Withdraw this intent" not in page


def test_another_customers_intent_is_a_404_everywhere(site, someone_else):
    theirs = IntentFactory(customer=someone_else)
    offer = OfferFactory(lead__intent=theirs)
    base = page_of(theirs)

    for url in [base, f"{base}live/", f"{base}withdraw/", f"{base}offers/{offer.pk}/accept/"]:
        assert site.get(url).status_code == 404, url
    for url in [
        f"{base}withdraw/",
        f"{base}offers/{offer.pk}/accept/",
        f"{base}offers/{offer.pk}/decline/",
    ]:
        assert site.post(url).status_code == 404, url
    assert Intent.objects.get(pk=theirs.pk).status == Intent.Status.OPEN
    assert Offer.objects.get(pk=offer.pk).status == Offer.Status.PENDING


def test_an_offer_on_another_intent_of_mine_is_a_404(site, customer, intent):
    other = OfferFactory(lead__intent=IntentFactory(customer=customer))

    assert site.get(f"{page_of(intent)}offers/{other.pk}/accept/").status_code == 404


def test_a_missing_intent_is_the_404_page(site):
    answer = site.get("/intents/999999/")

    assert answer.status_code == 404
    assert "We can't find that page" in text_of(answer)


def test_withdraw_asks_first_then_withdraws(site, intent):
    offer = OfferFactory(lead__intent=intent)
    confirm = site.get(f"{page_of(intent)}withdraw/")

    assert "Withdraw this intent?" in text_of(confirm)
    assert Intent.objects.get(pk=intent.pk).status == Intent.Status.OPEN

    done = site.post(f"{page_of(intent)}withdraw/", follow=True)

    assert Intent.objects.get(pk=intent.pk).status == Intent.Status.WITHDRAWN
    assert Offer.objects.get(pk=offer.pk).status == Offer.Status.CLOSED
    assert "Withdrawn. Vendors can no longer answer it." in text_of(done)


def test_withdrawing_twice_explains_instead_of_failing(site, intent):
    site.post(f"{page_of(intent)}withdraw/")

    again = site.post(f"{page_of(intent)}withdraw/", follow=True)

    assert "This intent is withdrawn, not open." in text_of(again)
    assert "This intent is withdrawn already." in text_of(
        site.get(f"{page_of(intent)}withdraw/", follow=True)
    )

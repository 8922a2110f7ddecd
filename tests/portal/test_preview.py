"""The "would have matched" preview: matching/preview.py, and the form's fragment."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from intents.models import Intent
from matching.preview import draft_facts, would_have_matched
from tests.factories import (
    GLASGOW,
    IntentFactory,
    VendorFactory,
    category,
    group,
    terms,
)
from tests.portal.helpers import subscription_form, text_of
from vendors.models import Membership

pytestmark = pytest.mark.django_db

EDINBURGH = (55.9533, -3.1883)


def facts(vendor, **fields):
    values = {
        "lat": GLASGOW[0],
        "lng": GLASGOW[1],
        "radius_km": 3.0,
        "categories": [category()],
        "accepted_terms": terms("answer-only", "no-resale"),
        **fields,
    }
    return draft_facts(vendor, **values)


def posted(days_ago: float, **fields) -> Intent:
    moment = timezone.now() - timedelta(days=days_ago)
    return IntentFactory(
        created_at=moment,
        starts_at=moment,
        ends_at=moment + timedelta(hours=3),
        **fields,
    )


def test_it_counts_the_intents_of_the_last_7_days_the_subscription_fits(vendor):
    posted(0.1)
    posted(3)
    posted(6.9)
    posted(7.5)  # too long ago

    assert would_have_matched(facts(vendor)) == 3


def test_it_counts_whatever_became_of_the_intents(vendor):
    posted(1, status=Intent.Status.ACCEPTED)
    posted(2, status=Intent.Status.EXPIRED)

    assert would_have_matched(facts(vendor)) == 2


def test_it_applies_every_matching_rule(vendor):
    posted(1, category=category("plumbing"))  # another category
    posted(1, lat=EDINBURGH[0], lng=EDINBURGH[1])  # outside the area
    posted(1, radius_km=0.1, lat=GLASGOW[0] + 0.02)  # the customer does not reach 2 km
    posted(1, budget_max=Decimal(10), currency="GBP")  # under the minimum
    posted(1, terms=terms("answer-only", "no-resale", "platform-contact-only"))
    own = posted(1)
    Membership.objects.create(vendor=vendor, user=own.customer)  # the vendor's own people
    posted(1)  # fits

    assert would_have_matched(facts(vendor, min_budget=Decimal(15), currency="GBP")) == 1


def test_it_reads_opening_hours_in_the_vendors_zone(vendor):
    moment = timezone.now() - timedelta(days=1)
    IntentFactory(created_at=moment, starts_at=moment, ends_at=moment + timedelta(minutes=30))
    local = moment.astimezone(vendor.zone)
    closed_then = {"weekday": (local.weekday() + 3) % 7, "opens": "00:00", "closes": "23:59"}
    open_then = {"weekday": local.weekday(), "opens": "00:00", "closes": "00:00"}

    assert would_have_matched(facts(vendor, hours=[closed_then])) == 0
    assert would_have_matched(facts(vendor, hours=[open_then])) == 1


def test_it_ignores_the_daily_cap(vendor):
    for _ in range(5):
        posted(0.5)

    assert would_have_matched(facts(vendor)) == 5


def test_a_whole_group_counts_each_of_its_leaves(vendor):
    posted(1, category=category("catering"))
    posted(1, category=category("takeaway-delivery"))
    posted(1, category=category("plumbing"))

    assert would_have_matched(facts(vendor, categories=[], groups=[group("food-drink")])) == 2


def test_nothing_chosen_matches_nothing(vendor):
    posted(1)

    assert would_have_matched(facts(vendor, categories=[])) == 0


def test_it_sees_other_vendors_intents_but_not_their_leads(vendor):
    """The preview counts demand; which vendor got the leads does not matter."""
    posted(1)
    VendorFactory()

    assert would_have_matched(facts(vendor)) == 1


# --- The fragment on the form -----------------------------------------------------------


def test_the_form_shows_the_count_as_it_changes(portal):
    posted(1)
    posted(2)

    response = portal.post("/portal/subscriptions/preview/", subscription_form())

    assert response.status_code == 200
    assert "2</span> requests" in text_of(response)
    assert "in the last 7 days would have matched this" in text_of(response)


def test_the_fragment_says_what_is_missing(portal):
    response = portal.post(
        "/portal/subscriptions/preview/", subscription_form(categories=[], place="")
    )

    assert "Choose what you want to hear about and where" in text_of(response)


def test_the_fragment_says_where_a_town_put_the_centre(portal):
    response = portal.post("/portal/subscriptions/preview/", subscription_form(place="Glasgow"))

    assert "Centre: Glasgow (55.8" in text_of(response)


def test_the_edit_page_opens_with_the_count(portal, vendor):
    from tests.factories import SubscriptionFactory

    sub = SubscriptionFactory(vendor=vendor)
    posted(1)

    response = portal.get(f"/portal/subscriptions/{sub.pk}/")

    assert response.context["preview"]["count"] == 1

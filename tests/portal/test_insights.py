"""Insights: a hand-built month of leads and offers, and the exact numbers they make, in
the vendor's own time zone."""

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest

from offers.models import Offer
from portal import insights
from tests.factories import IntentFactory, LeadFactory, OfferFactory, VendorFactory, category
from tests.portal.helpers import text_of

pytestmark = pytest.mark.django_db

NOW = datetime(2025, 11, 20, 12, 0, tzinfo=UTC)  # 07:00 in New York (UTC-5)
MEAL, CATERING = "Restaurant meal", "Catering"


def at(day: int, hour: int, month: int = 11) -> datetime:
    return datetime(2025, month, day, hour, 0, tzinfo=UTC)


def lead(vendor, matched_at, slug="restaurant-meal", offers=()):
    """A lead with its offers: (minutes after matching, status)."""
    made = LeadFactory(
        vendor=vendor,
        intent=IntentFactory(category=category(slug), created_at=matched_at),
        matched_at=matched_at,
    )
    for minutes, status in offers:
        OfferFactory(lead=made, status=status, created_at=matched_at + timedelta(minutes=minutes))
    return made


@pytest.fixture
def new_york_vendor():
    """Seven leads over three months, every outcome, two of them either side of a local
    midnight; and another business's lead, which must count for nothing."""
    vendor = VendorFactory(time_zone="America/New_York")
    accepted, declined = Offer.Status.ACCEPTED, Offer.Status.DECLINED
    withdrawn, pending, expired = (
        Offer.Status.WITHDRAWN,
        Offer.Status.PENDING,
        Offer.Status.EXPIRED,
    )
    lead(vendor, at(20, 10), offers=[(10, accepted)])  # Nov 20, 05:00 local
    lead(vendor, at(19, 3), offers=[(30, withdrawn), (50, pending)])  # Nov 18, 22:00 local
    lead(vendor, at(16, 15), "catering")  # Nov 16: passed, no offer
    lead(vendor, at(15, 12), "catering", offers=[(90, expired)])  # Nov 15
    lead(vendor, at(14, 4), "catering", offers=[(20, accepted)])  # Nov 13, 23:00 local
    lead(vendor, at(25, 14, month=10), offers=[(5, accepted)])  # Oct 25
    lead(vendor, at(1, 14, month=9))  # Sep 1, no offer
    lead(VendorFactory(), at(20, 10), offers=[(1, accepted), (2, declined)])
    return vendor


def test_the_last_7_days_are_local_days_up_to_now(new_york_vendor):
    numbers = insights.compute(new_york_vendor, 7, now=NOW)

    assert (numbers.first_day, numbers.last_day) == (date(2025, 11, 14), date(2025, 11, 20))
    assert [(day.day, t.leads, t.answered) for day, t in numbers.per_day] == [
        (14, 0, 0),  # the lead at 04:00 UTC on the 14th was 23:00 on the 13th in New York
        (15, 1, 1),
        (16, 1, 0),
        (17, 0, 0),
        (18, 1, 1),  # 03:00 UTC on the 19th is 22:00 on the 18th
        (19, 0, 0),
        (20, 1, 1),
    ]


def test_the_numbers_of_the_last_7_days(new_york_vendor):
    total = insights.compute(new_york_vendor, 7, now=NOW).total

    assert (total.leads, total.answered, total.offers, total.accepted) == (4, 3, 3, 1)
    assert total.response_rate == 3 / 4
    assert total.win_rate == 1 / 3  # the withdrawn offer is not counted as made
    assert total.median_minutes == 30  # of 10, 30 (the first offer) and 90


def test_the_last_7_days_by_category(new_york_vendor):
    by_category = dict(insights.compute(new_york_vendor, 7, now=NOW).by_category)

    meal, catering = by_category[MEAL], by_category[CATERING]
    assert (meal.leads, meal.answered, meal.offers, meal.accepted) == (2, 2, 2, 1)
    assert (meal.response_rate, meal.win_rate, meal.median_minutes) == (1, 1 / 2, 20)
    assert (catering.leads, catering.answered, catering.offers, catering.accepted) == (2, 1, 1, 0)
    assert (catering.response_rate, catering.win_rate, catering.median_minutes) == (1 / 2, 0, 90)


def test_the_last_30_days(new_york_vendor):
    total = insights.compute(new_york_vendor, 30, now=NOW).total

    assert (total.leads, total.answered, total.offers, total.accepted) == (6, 5, 5, 3)
    assert (total.response_rate, total.win_rate) == (5 / 6, 3 / 5)
    assert total.median_minutes == 20  # of 5, 10, 20, 30, 90


def test_the_last_90_days(new_york_vendor):
    numbers = insights.compute(new_york_vendor, 90, now=NOW)

    assert numbers.first_day == date(2025, 8, 23)
    assert len(numbers.per_day) == 90
    assert (numbers.total.leads, numbers.total.answered) == (7, 5)
    assert numbers.total.response_rate == 5 / 7


def test_no_leads_means_no_rates():
    numbers = insights.compute(VendorFactory(), 7, now=NOW)

    assert numbers.total.leads == 0
    assert numbers.total.response_rate is None
    assert numbers.total.win_rate is None
    assert numbers.total.median_minutes is None
    assert numbers.by_category == []


def test_only_7_30_and_90_days():
    with pytest.raises(ValueError, match="7, 30, 90"):
        insights.compute(VendorFactory(), 14, now=NOW)


def test_the_csv_has_a_row_per_day_and_category_then_the_totals(new_york_vendor):
    rows = list(
        csv.reader(io.StringIO(insights.as_csv(insights.compute(new_york_vendor, 7, now=NOW))))
    )

    assert rows == [
        insights.CSV_HEADER,
        ["2025-11-15", CATERING, "1", "1", "1.000", "1", "0", "0.000", "90.0"],
        ["2025-11-16", CATERING, "1", "0", "0.000", "0", "0", "", ""],
        ["2025-11-18", MEAL, "1", "1", "1.000", "1", "0", "0.000", "30.0"],
        ["2025-11-20", MEAL, "1", "1", "1.000", "1", "1", "1.000", "10.0"],
        ["total", CATERING, "2", "1", "0.500", "1", "0", "0.000", "90.0"],
        ["total", MEAL, "2", "2", "1.000", "2", "1", "0.500", "20.0"],
        ["total", "all", "4", "3", "0.750", "3", "1", "0.333", "30.0"],
    ]


# --- The pages -------------------------------------------------------------------------


@pytest.fixture
def recent_vendor():
    """Leads in the last few days from the real now (the pages use the clock)."""
    vendor = VendorFactory(time_zone="Europe/London")
    now = datetime.now(UTC)
    lead(vendor, now - timedelta(hours=30), offers=[(12, Offer.Status.ACCEPTED)])
    lead(vendor, now - timedelta(hours=50), "catering", offers=[(4, Offer.Status.DECLINED)])
    lead(vendor, now - timedelta(hours=70))
    lead(VendorFactory(), now - timedelta(hours=5), offers=[(1, Offer.Status.ACCEPTED)])
    return vendor


def test_the_page_shows_the_numbers_and_the_charts(client, recent_vendor):
    client.force_login(recent_vendor.owner)

    response = client.get("/portal/insights/?days=7")
    page = text_of(response)

    assert response.context["numbers"].total.leads == 3
    assert 'data-metric="leads">3<' in page
    assert 'data-metric="response-rate">67%<' in page
    assert 'data-metric="median-time">8 min<' in page
    assert 'data-metric="win-rate">50%<' in page
    assert page.count('<svg class="chart') == 3  # daily (phone and desktop), by category
    assert "Leads per day" in page


def test_an_unknown_period_shows_30_days(client, recent_vendor):
    client.force_login(recent_vendor.owner)

    assert client.get("/portal/insights/?days=365").context["numbers"].days == 30


def test_the_csv_download(client, recent_vendor):
    client.force_login(recent_vendor.owner)

    response = client.get("/portal/insights/export.csv?days=7")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="beckon-insights-')
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[-1][:4] == ["total", "all", "3", "2"]


def test_a_category_name_is_never_a_formula(new_york_vendor):
    from intents.models import Category

    Category.objects.filter(slug="catering").update(name="=HYPERLINK(1)")

    text = insights.as_csv(insights.compute(new_york_vendor, 7, now=NOW))

    assert "'=HYPERLINK(1)" in text
    assert "\n2025-11-15,=HYPERLINK" not in text


def test_staff_see_the_insights_too(staff_portal):
    assert staff_portal.get("/portal/insights/").status_code == 200

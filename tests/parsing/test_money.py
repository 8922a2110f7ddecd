from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from tests.parsing.helpers import NOW, parse


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("lunch for 2 under £25", "25", "GBP"),
        ("table for 4, max 120 euros", "120", "EUR"),
        ("used road bike, $1,500", "1500", "USD"),
        ("haircut, 40 bucks", "40", "USD"),
        ("deep clean up to CAD 250", "250", "CAD"),
        ("pizza €40 max", "40", "EUR"),
        ("tutor $60/hr", "60", "USD"),
        ("catering, max €1.200", "1200", "EUR"),
        ("landscaper, about £2k", "2000", "GBP"),
        ("painting the house, about 4 grand", "4000", "GBP"),
        ("hotel in Tokyo under ¥20,000", "20000", "JPY"),
        ("massage, 900 kr", "900", "SEK"),
        ("sushi, 60 CHF", "60", "CHF"),
        ("photographer, US$200", "200", "USD"),
        ("plumber, max 150€", "150", "EUR"),
        ("haircut £20-30", "30", "GBP"),
        ("between 100 and 150 euros for a massage", "150", "EUR"),
        ("new website, budget 800", "800", "GBP"),
        ("dress, size 8, under 50", "50", "GBP"),
        ("no more than fifty quid", "50", "GBP"),
        ("vet, under 150 pounds", "150", "GBP"),
    ],
)
def test_budget_reads_amount_and_currency(text, amount, currency):
    result = parse(text)
    assert (result.budget_max, result.currency) == (Decimal(amount), currency)


@pytest.mark.parametrize(
    "text",
    [
        "wheel rims for a 1967 Peugeot 404",
        "iphone 15 pro screen repair",
        "boots in size 9E",
        "room 101 at the hotel",
        "catering for 40 people",
        "90 minute massage",
        "200 watt power converter",
        "maths tutor for my 14 year old",
        "kids party for under 5s",
        "5 pounds of potatoes",
        "a 20 pound turkey",
        "taxi around 7",
        "brake pads for a 2018 VW Golf",
    ],
)
def test_budget_is_never_read_from_years_models_sizes_rooms_counts_or_durations(text):
    result = parse(text)
    assert result.budget_max is None
    assert result.currency is None


def test_budget_ignores_a_year():
    assert parse("MOT and service for a 2012 Ford Focus").budget_max is None


def test_dollars_are_the_local_dollar_in_canada_and_australia():
    toronto, sydney = ZoneInfo("America/Toronto"), ZoneInfo("Australia/Sydney")
    assert parse("guitar teacher, 50 bucks an hour", tz=toronto).currency == "CAD"
    assert parse("haircut under 20 dollars", tz=sydney).currency == "AUD"
    assert parse("haircut under US$20", tz=sydney).currency == "USD"


def test_a_bare_budget_is_in_the_currency_of_the_customers_zone():
    assert parse("cleaner, max 80", tz=ZoneInfo("Europe/Paris")).currency == "EUR"
    assert parse("cleaner, max 80", tz=ZoneInfo("UTC")).currency == "USD"


def test_an_upper_bound_wins_over_other_amounts():
    result = parse("usually pay $40 but budget max $30 this time")
    assert result.budget_max == Decimal("30")


def test_currency_is_set_whenever_a_budget_is():
    for text in ("under £25", "max 5k", "40 quid", "budget 300"):
        result = parse(text, now=NOW)
        assert result.budget_max is not None
        assert result.currency is not None


@pytest.mark.parametrize(
    ("text", "amount"),
    [("app for a gym, budget 3 lakh", "300000"), ("flat renovation, 1.5 crore", "15000000")],
)
def test_indian_numbering_is_money_in_rupees(text, amount):
    kolkata = ZoneInfo("Asia/Kolkata")
    result = parse(text, now=NOW.astimezone(kolkata), tz=kolkata)
    assert (result.budget_max, result.currency) == (Decimal(amount), "INR")


@pytest.mark.parametrize(
    "text",
    ["moving van from LA, budget", "wedding cake, 3 tier", "tent for 4 nights", "3 dozen bagels"],
)
def test_no_budget_without_an_amount_of_money(text):
    assert parse(text).budget_max is None


def test_rand_is_read_only_where_it_is_the_local_currency():
    from zoneinfo import ZoneInfo

    from tests.parsing.helpers import NOW

    joburg = ZoneInfo("Africa/Johannesburg")
    result = parse("car rental, budget R3000", now=NOW.astimezone(joburg), tz=joburg)
    assert (result.budget_max, result.currency) == (3000, "ZAR")
    tyres = parse("4 tyres 205/55 R16", now=NOW.astimezone(joburg), tz=joburg)
    assert tyres.budget_max is None
    assert parse("car rental, budget R3000").budget_max is None

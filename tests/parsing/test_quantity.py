import pytest

from tests.parsing.helpers import parse


@pytest.mark.parametrize(
    ("text", "quantity"),
    [
        ("table for 4 tonight", 4),
        ("brunch for two people", 2),
        ("a dozen red roses", 12),
        ("two dozen cupcakes", 24),
        ("villa for a family of 7", 7),
        ("venue for 25 guests", 25),
        ("cocktail bar for 8 of us", 8),
        ("hotel for 2 adults and 2 kids", 4),
        ("rent a minivan that seats six", 6),
        ("hire a 7 seater", 7),
        ("cottage that sleeps 8", 8),
        ("catering for an office party of 40", 40),
        ("4 new tyres for a Golf", 4),
        ("hot air balloon ride, £200 for two", 2),
        ("the two of us for dinner", 2),
    ],
)
def test_quantity_reads_people_and_goods_counts(text, quantity):
    assert parse(text).quantity == quantity


@pytest.mark.parametrize(
    "text",
    [
        "I need a stroller for twins in Glasgow",
        "electrician to install three ceiling lights",
        "translate a 5 page contract",
        "maths tutor for my 14 year old",
        "DJ for a 30th birthday party",
        "90 minute massage",
        "movers for a one bedroom flat",
        "boots in size 9E",
        "200 watt power converter",
        "hotel for 2 nights",
        "3 seater sofa",
        "2 person tent",
        "lunch under £25",
        "taxi at 5am",
        "maid for a one-off clean",
    ],
)
def test_quantity_ignores_measures_ages_ordinals_and_job_details(text):
    assert parse(text).quantity is None

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


@pytest.mark.parametrize(
    ("text", "quantity"),
    [
        ("need 3 dozen bagels for a team breakfast", 36),
        ("valentines roses delivered today, 2 dozen", 24),
        ("all season tires for a Camry, set of 4", 4),
        ("school uniform jumpers x3", 3),
        ("self catering holiday home, 4 adults 2 kids", 6),
        ("roast dinner near me, 3 adults 1 toddler", 4),
        ("sandwiches and tea for about 40", 40),
        ("pizza for 5 delivered by 7pm", 5),
    ],
)
def test_quantity_reads_dozens_sets_and_listed_people(text, quantity):
    assert parse(text).quantity == quantity


@pytest.mark.parametrize(
    "text",
    [
        "need 2 guys and a truck to help me move",  # the crew, not the party
        "daily walks for 2 dogs",  # what the job is for
        "blackout curtains for 3 windows",
        "tune up for 2 bikes",
        "set of floor mats for a 191 Octavia",
        "black suit for a funeral, 42 regular",
        "room for one night in Madrid",
        "second hand surfboard, 7'2 mid length",
        "usb-c hub, at least 2 hdmi",
    ],
)
def test_quantity_ignores_crews_targets_and_specs(text):
    assert parse(text).quantity is None


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("please recommend a good place for ramen, we are 2", 2),
        ("canal boat tour, we're 3 adults and a teenager", 4),
        ("birthday cake that feeds about 15", 15),
        ("looking for 4 all-season tires", 4),
        ("snow chains for my car, 205 55 r16", None),
        ("ncert books for class 12", None),
    ],
)
def test_more_counts(text, count):
    assert parse(text).quantity == count

import pytest

from tests.parsing.helpers import parse


@pytest.mark.parametrize(
    ("text", "city"),
    [
        ("stroller in Glasgow", "Glasgow"),
        ("minivan in Salt Lake City next week", "Salt Lake City"),
        ("hotel in New York", "New York City"),
        ("taxi in san francisco", "San Francisco"),
        ("sushi in Nice", "Nice"),
        ("flat in Reading", "Reading"),
        ("plumber in Bath", "Bath"),
        ("hotel in st. louis", "St. Louis"),
        ("sushi takeaway in Zurich", "Zürich"),
        ("minicab in Newcastle", "Newcastle upon Tyne"),
        ("taxi from Leeds to Manchester", "Leeds"),
        ("London plumber needed", "London"),
        ("vinyl records, 70s soul, in Berlin", "Berlin"),
    ],
)
def test_place_finds_the_city_named(text, city):
    place = parse(text).place
    assert place is not None
    assert place.name == city


def test_place_has_coordinates():
    place = parse("wedding photographer in Lisbon").place
    assert round(place.lat) == 39
    assert round(place.lng) == -9


@pytest.mark.parametrize(
    "text",
    [
        "nice sushi place",
        "reading glasses",
        "bath and blow dry for my poodle",
        "mobile dog grooming",
        "march madness party",
        "best pizza",
        "cottage in Cornwall",
        "b&b in the Lake District",
        "oem side mirror for a 2016 Toyota Camry",
        "DJ for a party",
        "translate from German to English",
        "flat tyre on the M6",
    ],
)
def test_place_is_not_read_from_everyday_words_regions_or_brands(text):
    assert parse(text).place is None


@pytest.mark.parametrize(
    "text", ["lunch near me", "cafe around here", "pub nearby", "a local plumber", "closest vet"]
)
def test_near_me_phrases_set_near_me(text):
    assert parse(text).near_me is True


def test_someone_stranded_needs_help_where_they_are():
    assert parse("locked out of my flat!! need someone asap").near_me is True
    assert parse("flat tyre on the M6, need help now").near_me is True


def test_no_near_me_without_saying_so():
    assert parse("my kitchen tap is leaking, need a plumber today").near_me is False
    assert parse("need my van towed to a garage in Leeds tomorrow").near_me is False


@pytest.mark.parametrize(
    "text",
    [
        "could murder a curry, anywhere deliver to SE15?",  # a postcode
        "taxi home from Temple Bar tonight",  # a landmark in another city
        "vinyl copy of Rumours by Fleetwood Mac",  # part of a longer name
    ],
)
def test_place_is_not_read_from_postcodes_landmarks_or_names(text):
    assert parse(text).place is None


@pytest.mark.parametrize(
    "text",
    [
        "car towing service needed, accident on highway",
        "my car is broken in the road and I need a crane",
        "I lost the key of my apartment and cannot enter",
        "ute bogged at the beach, need a recovery",
    ],
)
def test_more_ways_of_being_stranded_set_near_me(text):
    assert parse(text).near_me is True

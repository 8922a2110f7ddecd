import json

import pytest

from intents.catalogue import SEED_DIR
from tests.parsing.helpers import parse


def leaf_slugs() -> set[str]:
    taxonomy = json.loads((SEED_DIR / "taxonomy.json").read_text())
    return {c["slug"] for group in taxonomy["groups"] for c in group["categories"]}


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("my dog ate chocolate", "vet"),
        ("plumer needed for a dripping tap", "plumbing"),
        ("need an electrcian asap", "electrical"),
        ("accomodation for one night", "hotel"),
        ("hairdreser for a trim", "hair-beauty"),
        ("sparky to fit a socket", "electrical"),
        ("can't get into my house", "locksmith"),
        ("brekkie spot open now", "restaurant-meal"),
        ("sushi delivered to my door", "takeaway-delivery"),
        ("a dozen red roses delivered today", "flowers-gifts"),
        ("car seat for a newborn", "baby-kids"),
        ("face painter for a kids party", "entertainment"),
        ("logo for my coffee shop", "web-design"),
        ("flat tyre on the M6, need help now", "towing"),
        ("slow puncture in my tyre", "tires"),
        ("bike puncture repair", "bike-repair"),
        ("mountain bike for a beginner", "sports-outdoors"),
        ("laptop power supply", "electronics"),
        ("laptop won't turn on", "computer-repair"),
        ("cracked iphone screen", "phone-repair"),
        ("bath and blow dry for my poodle", "pet-grooming"),
        ("deep tissue massage for my back", "massage-spa"),
        ("hurt my back lifting boxes", "physiotherapy"),
    ],
)
def test_category_reads_meaning_synonyms_and_misspellings(text, category):
    assert parse(text).category == category


def test_category_is_a_leaf_slug_with_runners_up_best_first():
    result = parse("lunch for 2 near me")
    assert result.category in leaf_slugs()
    assert len(result.alternatives) >= 2
    assert set(result.alternatives) <= leaf_slugs()
    assert result.category not in result.alternatives


def test_confidence_is_high_when_clear_and_lower_when_torn():
    clear = parse("locksmith, locked out")
    torn = parse("pizza")
    assert 0 <= torn.confidence < clear.confidence <= 1


def test_no_category_and_no_confidence_for_text_about_nothing():
    result = parse("hello there")
    assert result.category is None
    assert result.confidence == 0
    assert result.alternatives == ()


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # the thing asked for comes before "for/with/before/when"; what follows is context
        ("magician for a 6 year old's party", "entertainment"),
        ("somewhere for a quick bite before the cinema", "restaurant-meal"),
        ("my lights flicker when the washing machine runs", "electrical"),
        ("brewery with food trucks, dog friendly", "drinks-nightlife"),
        # party counts are who is coming, not what is wanted
        ("anywhere do a decent roast dinner near me? 3 adults 1 toddler", "restaurant-meal"),
        # a longer phrase that does not apply gives way to the words inside it
        ("iphone 13 screen has green lines after I dropped it", "phone-repair"),
        # a known word plus a suffix is not a misspelling of the known word
        ("install a tesla wall connector in my garage", "electrical"),
        # "my bakery" is the customer's business when a professional service is asked for
        ("SEO help, my bakery doesn't show up on google maps", "web-design"),
        # ties go to the thing named first
        ("bouquet and cake combo delivery at midnight", "flowers-gifts"),
        # -ing forms of words ending in -e
        ("shark cage diving, 2 people", "tours-activities"),
        # regional and problem-first wording
        ("chipper delivery asap", "takeaway-delivery"),
        ("yum cha for 8 this sunday", "restaurant-meal"),
        ("Leaving Cert Irish grinds", "tutoring"),
        ("my dog keeps scratching his ear and shaking his head", "vet"),
        ("sciatica down my left leg cant sit", "physiotherapy"),
        ("ute hire for the day to move some stuff", "car-rental"),
        ("car ac not cooling", "car-repair"),
        ("e-bike battery not charging", "bike-repair"),
        ("need a will drawn up", "legal"),
        ("pet friendly motel in Sacramento tonight", "hotel"),
    ],
)
def test_category_reads_heads_context_and_regional_wording(text, category):
    assert parse(text).category == category


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # two letters swapped or one wrong, from six letters on (Damerau, not just insertions)
        ("need a pulmber today", "plumbing"),
        ("burnch for 2 on sunday", "restaurant-meal"),
        ("caetrer for a wedding", "catering"),
        # a compound typed as one word
        ("dogwalker needed", "dog-walking"),
        ("petsitter for my cat", "pet-sitting"),
        # nothing named outright: words met inside the lexicon's phrases decide
        ("bungy jump and jet boat", "tours-activities"),
        # the customer's own place is where they are, not what they want
        ("our holiday rental changeover is every saturday, the cleaner quit", "cleaning"),
        ("jazz trio to play at our restaurant's anniversary night", "entertainment"),
        # a relative or purpose clause after the thing asked for is context
        ("pure veg caterer who can serve food on banana leaves for 150 guests", "catering"),
        # a symptom as people learning English write it
        ("Samsung phone does not charge, maybe the port", "phone-repair"),
    ],
)
def test_general_mechanisms(text, category):
    assert parse(text).category == category


@pytest.mark.parametrize(
    ("word", "kept"),
    [("commuter", True), ("similar", True), ("kernel", True), ("leeds", True), ("spain", True)],
)
def test_real_words_and_places_are_not_read_as_slips(word, kept):
    from intents.parsing.categories import correct

    assert (correct(word) == word) is kept

"""Quantity: how many people ("for 4", "two people", "family of 7", "25 guests") or, for
goods, how many items ("a dozen roses", "4 new tyres").

Read from working text where money and time were already masked, so "£25" or "at 5am"
cannot be a count. A number next to a unit ("90 minute", "200 watt", "size 9", "14 year
old", "2 nights") is a measure, not a quantity; a count of things a tradesperson works on
("install three ceiling lights") is part of the job, not a quantity of the intent.
"""

from __future__ import annotations

import re
from itertools import pairwise

MAX_PEOPLE = 1000
MAX_ITEMS = 500

_PEOPLE = (
    r"people|persons?|ppl|pax|peeps|guests?|adults?|kids|children|child|friends|girls|guys|"
    r"lads|ladies|of us|passengers?|attendees|delegates|covers|heads|diners|players|students|"
    r"pupils|teens|teenagers|toddlers|babies|boys|men|women|couples|family members|colleagues|"
    r"staff|employees|members|participants|visitors|travell?ers|seniors|mates|pals|ppl|"
    r"toddler|baby|infant|infants|teen|teens|teenager|kid|boy|girl|student|senior|adult"
)
_UNITS = (
    r"%|x\d|[:./-]\d|-on\b|-to-|years?|yrs?|yo\b|y/o|months?|weeks?|days?|nights?|hours?|hrs?|h\b|mins?|"
    r"minutes?|seconds?|am\b|pm\b|o'?clock|km|kms|miles?|mi\b|kg|kgs|g\b|grams?|lbs?|pounds?|"
    r"oz|inch|inches|cm|mm|m\b|ft|feet|foot|metres?|meters?|sq|sqm|sqft|gb|tb|mb|w\b|"
    r"watts?|kw|kwh|v\b|volts?|hz|mph|bed|beds|bedroom|bedrooms|bed\b|rooms?|storey|storeys|"
    r"story|stories|floors?|stars?|pages?|words?|items|pieces|pcs|sessions?|lessons?|times?|"
    r"st\b|nd\b|rd\b|th\b|s\b|'s|seater|door|doors|litres?|liters?|l\b|ml|gallons?|tier|"
    r"step|steps|pack\b|speed|piece|page|ply|way|star|point|percent|quid|euros?|dollars?|bucks|"
    r"person|man|berth|player|burner|drawer|seat|regular|reg\b|waist|chest|inseam"
)
_GROUP_OF = re.compile(
    r"\b(?:party|group|family|team|table|booking|reservation|crew|gang|class|squad|reunion|"
    rf"gathering|wedding|event|celebration|bunch|dinner|lunch|meal|seating)\s(?:of|for)\s"
    rf"(?P<n>\d+)\b(?!\s?(?:{_UNITS}))"
)
_PEOPLE_COUNT = re.compile(rf"\b(?P<n>\d+)\s?(?P<who>{_PEOPLE})\b")
_JOINED = re.compile(
    r"^\s*(?:(?:and|&|\+|,|plus)\s*)?$"
)  # "2 adults and 2 kids", "4 adults 2 kids"
_CAPACITY = re.compile(
    r"\b(?:sleeps|seats|seating for|capacity(?: of)?|accommodates|fits|room for|serves|"
    r"feeds|to feed|enough for)\s(?:about\s|around\s|up to\s|roughly\s|approx\.?\s|"
    rf"approximately\s|~\s?)?(?P<n>\d+)\b(?!\s?(?:{_UNITS}))"
    r"|\b(?P<n2>\d+)[- ]?seat(?:er|s)?\b"
)
_FOR_N = re.compile(
    r"\bfor\s(?:the\s|about\s|around\s|roughly\s|approx\s|approximately\s|~\s?|up to\s)?"
    rf"(?P<n>\d+)\b(?!\s?(?:{_UNITS})|-[a-z])"
)
_AND_ONE_MORE = re.compile(
    r"^\s?(?:,\s?)?(?:and|&|\+|plus|with)\s(?:a|an|one|1)\s(?:(?:little|young|small|older|"
    r"teenage)\s)?(?:teen|teenager|toddler|baby|infant|kid|child|boy|girl|adult|grandparent|"
    r"granny|grandma|grandpa|friend|student|senior)\b"
)
_PEOPLE_WORD = re.compile(rf"^(?:{_PEOPLE})$")
_NEXT_WORDS = re.compile(r"[a-z][a-z'-]*")
# "a set of 4", "pack of 6", "x3", "3x": counts of goods
_SET_OF = re.compile(r"\b(?:set|pack|box|bag|case|bundle|lot|crate|tray)s? of (?P<n>\d+)\b")
_TIMES = re.compile(r"(?<![\w.])(?:x\s?(?P<n>\d+)|(?P<n2>\d+)\s?x)\b(?!\s?\d)")
# Hands for the job, not the party: "2 men and a van", "need 3 guys" for a move.
_CREW = re.compile(r"^(?:guys|men|lads|blokes|movers|helpers|workers|cleaners|hands)$")
CREW_CATEGORIES = {"moving", "cleaning", "handyman", "gardening", "painting-decorating"}
_GOODS = re.compile(
    rf"(?<![\w.,/#'\"-])(?P<n>\d+)(?:\s?x)?\s(?!(?:{_UNITS}))(?P<next>[a-z][a-z'-]*)"
)
_NOT_A_COUNT_BEFORE = re.compile(
    r"(?:size|sz|model|no\.?|number|#|age|aged|ages|year|version|v|gen|series|iphone|"
    r"galaxy|pixel|xps|ps|model\s?s|level|grade|room|flat|apt|apartment|unit|house|"
    r"gate|platform|bus|route|channel|page|chapter|vol|volume|at least|minimum|min|class|"
    r"std|standard|form|grade|year)\s?$"
)
# "mats for a 191 Octavia", "curtains for 3 windows": what the goods are for, not how many
_FOR_A = re.compile(
    r"(?<!looking )(?<!searching )(?<!shopping )(?<!hunting )(?<!look )"
    r"\bfor (?:(?:a|an|my|the|our|his|her)\s)?$"
)
_SIZE_BEFORE = re.compile(r"\d\s?[/x]?\s?$")  # "205 55 r16", "2 x 4": part of a size
_FUNCTION_WORDS = {
    "or", "and", "to", "for", "of", "in", "on", "at", "by", "the", "a", "an", "is", "are",
    "with", "from", "max", "min", "plus", "ish", "each", "per", "please", "pls", "asap",
    "now", "today", "tomorrow", "tonight", "near", "nearby", "but", "so", "if", "then", "pro",
    "mini", "ultra", "lite", "inch", "series",
}  # fmt: skip

# Categories whose intents buy things: there a count of items is the quantity.
GOODS_CATEGORIES = {
    "takeaway-delivery", "coffee-bakery", "groceries", "electronics", "clothing-shoes",
    "baby-kids", "furniture-home", "flowers-gifts", "sports-outdoors", "books-media",
    "health-products", "auto-parts", "tires",
}  # fmt: skip
# Where "seats 6", "7 seater", "serves 20" is about people travelling or eating, not a
# sofa's size.
CAPACITY_CATEGORIES = {
    "car-rental", "taxi-ride", "restaurant-meal", "event-venue", "vacation-rental", "hotel",
    "tours-activities", "drinks-nightlife", "catering", "moving", "coffee-bakery",
    "takeaway-delivery", "groceries",
}  # fmt: skip


def find_quantity(text: str, category: str | None) -> int | None:
    """A count of people or, for goods, of items, in masked lower-case working text."""
    for finder in (_people, _group_of, _we_are, _capacity, _for_n, _goods):
        found = finder(text, category)
        if found is not None:
            return found
    return None


def _people(text: str, category: str | None) -> int | None:
    matches = list(_PEOPLE_COUNT.finditer(text))
    if category in CREW_CATEGORIES:
        matches = [m for m in matches if not _CREW.match(m["who"])]
    if not matches:
        return None
    total = _count(matches[0], MAX_PEOPLE)
    last = matches[0]
    for previous, match in pairwise(matches):
        if not _JOINED.match(text[previous.end() : match.start()]):
            break
        total = (total or 0) + (_count(match, MAX_PEOPLE) or 0)  # "2 adults and 2 kids"
        last = match
    if total and _AND_ONE_MORE.match(text[last.end() :]):
        total += 1  # "3 adults and a teenager", "2 adults plus a baby"
    return total


def _count(match: re.Match[str], ceiling: int) -> int | None:
    value = int(match["n"])
    who = match.groupdict().get("who")
    if who == "couples":
        value *= 2
    if who == "person" and value != 1:
        return None  # "2 person tent": a size; people come as "2 people" or "2 persons"
    return value if 0 < value <= ceiling else None


def _group_of(text: str, category: str | None) -> int | None:
    match = _GROUP_OF.search(text)
    return _count(match, MAX_PEOPLE) if match else None


_WE_ARE = re.compile(
    r"\b(?:we are|we're|we will be|we'll be|there are|there will be)\s(?:about\s|around\s)?"
    rf"(?P<n>\d+)\b(?!\s?(?:{_UNITS}))(?!\s?[a-z])"
)


def _we_are(text: str, category: str | None) -> int | None:
    """'we are 2', 'we'll be 5': a party counted the way many people write it."""
    match = _WE_ARE.search(text)
    return _count(match, MAX_PEOPLE) if match else None


def _capacity(text: str, category: str | None) -> int | None:
    if category not in CAPACITY_CATEGORIES:
        return None
    match = _CAPACITY.search(text)
    if not match:
        return None
    value = int(match["n"] or match["n2"])
    return value if 0 < value <= MAX_PEOPLE else None


def _for_n(text: str, category: str | None) -> int | None:
    for match in _FOR_N.finditer(text):
        value = int(match["n"])
        if (
            0 < value <= MAX_PEOPLE
            and not 1900 <= value <= 2100
            and not _things_follow(text, match)
        ):
            return value
    return None


def _things_follow(text: str, match: re.Match[str]) -> bool:
    """'for 2 dogs', 'for 3 windows', 'for 2 split ACs': a count of things the job is for,
    not of people. A plural noun in the next two words, before any people word, says so."""
    clause = re.split(r"[,.;:!?()]", text[match.end() : match.end() + 30], maxsplit=1)[0]
    for word in _NEXT_WORDS.findall(clause)[:2]:
        if _PEOPLE_WORD.match(word) or word in _FUNCTION_WORDS or word.endswith(("ed", "ing")):
            return False
        if len(word) >= 3 and word.endswith("s") and not word.endswith("ss"):
            return True
    return False


def _goods(text: str, category: str | None) -> int | None:
    if category not in GOODS_CATEGORIES:
        return None
    for pattern in (_SET_OF, _TIMES):
        for match in pattern.finditer(text):
            value = int(match["n"] or match.groupdict().get("n2") or 0)
            if 0 < value <= MAX_ITEMS:
                return value
    for match in _GOODS.finditer(text):
        value = int(match["n"])
        if not 0 < value <= MAX_ITEMS or match["next"] in _FUNCTION_WORDS:
            continue
        before = text[: match.start()]
        if (
            _NOT_A_COUNT_BEFORE.search(before)
            or _FOR_A.search(before)
            or _SIZE_BEFORE.search(before)
        ):
            continue
        return value
    return None

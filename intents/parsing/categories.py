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

from intents.catalogue import SEED_DIR
from intents.parsing.text import fold

LEXICON = Path(__file__).resolve().parent / "lexicon"
MAX_ALTERNATIVES = 4
PHRASE_BONUS = 0.5
BUSINESS_DAMPING = 0.25  # "a logo for my coffee shop": the coffee shop is the client, not the ask
CONTEXT_DAMPING = 0.5  # "a magician for a kids party": the party is the occasion, not the ask
CONTEXT_WORDS = frozenset(
    {"for", "with", "without", "before", "after", "when", "whenever", "while", "because"}
)
_WORD = re.compile(r"[a-z0-9]+")
_ROAD = re.compile(r"^(?:m|a|i)\d{1,3}$")  # "on the M6", "the A1", "I-95"
_SPECIALS = [
    (re.compile(r"\bb\s?&\s?b\b|\bbnb\b"), " bandb "),
    # "3 bed house", "2bhk flat": a size, not a bed
    (re.compile(r"\b\d+\s?(?:bed|bedroom|bdr|br|bd|bhk|rk)s?\b"), " "),
    (re.compile(r"\ba/c\b"), " ac "),
    # "3 adults 1 toddler", "2 kids": who is coming, not baby gear or a lesson
    (
        re.compile(
            r"\b\d+\s?(?:adults?|kids?|children|toddlers?|babies|baby|teens?|teenagers?|"
            r"people|persons?|ppl|pax|guests?|infants?)\b"
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
    vocabulary: frozenset[str]  # folded words of the lexicon, for spelling and places
    spelling: frozenset[str]  # the vocabulary plus the flags' words ("staffy", "hilux")
    stems: frozenset[str]
    order: tuple[str, ...]  # taxonomy leaves in seed order
    groups: dict[str, str]  # leaf -> group slug
    exceptions: dict[str, str]


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
    r"[a-z]+ing\b|\b(?:wont|won't|doesnt|doesn't|cant|can't|cannot)\s(?:turn|switch|start|open|"
    r"close|shut|lock|unlock|charge|connect|load|boot|print|work|flush|drain|spin|heat|cool|"
    r"light|fire|go|run|stay|hold|stop|pair|sync|power)\b"
)

# Text-speak for the small words phrases hinge on: "man w a van", "fish n chips".
_SHORTHAND = {"w": "with", "n": "and", "u": "you", "ur": "your", "r": "are", "bc": "because"}


def words_of(text: str) -> list[str]:
    text = fold(text)
    for pattern, replacement in _SPECIALS:
        text = pattern.sub(replacement, text)
    return [
        "motorway" if _ROAD.match(word) else _SHORTHAND.get(word, word)
        for word in _WORD.findall(text)
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
        vocabulary=frozenset(w for w in raw_words if w.isalpha()),
        spelling=frozenset(w for w in raw_words | flag_words if w.isalpha()),
        stems=frozenset(stem(w, exceptions) for w in raw_words | flag_words),
        order=order,
        groups=groups,
        exceptions=exceptions,
    )


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
def _spelling_choices() -> tuple[str, ...]:
    return tuple(sorted(word for word in lexicon().spelling if len(word) >= 4))


@lru_cache(maxsize=4096)
def correct(word: str) -> str:
    """The lexicon word a misspelling most likely meant ('plumer' -> 'plumber'), or the word.
    Short words and words that are already known or common are left alone: one wrong letter
    in four is too often another word."""
    lex = lexicon()
    if len(word) < 5 or not word.isalpha() or word in lex.spelling or word in _common_words():
        return word
    if stem(word, lex.exceptions) in lex.stems:
        return word
    # One missing or extra letter for short words, about one slip per eight letters for long
    # ones; and the first letter must agree ("replace" is not "fireplace").
    cutoff = 90 if len(word) <= 6 else (88 if len(word) <= 8 else 85)
    match = process.extractOne(word, _spelling_choices(), scorer=fuzz.ratio, score_cutoff=cutoff)
    if not match or match[0][0] != word[0] or word.startswith(match[0]):
        return word  # "connector" is not a slip for "connect": a known word plus a suffix
    return match[0]


def _merge_compounds(words: list[str], lex: Lexicon) -> list[str]:
    """'handy man' -> 'handyman', 'take out' -> 'takeout' when the lexicon knows the joined word
    and not the pair."""
    merged: list[str] = []
    i = 0
    while i < len(words):
        if i + 1 < len(words):
            joined = words[i] + words[i + 1]
            pair = (stem(words[i], lex.exceptions), stem(words[i + 1], lex.exceptions))
            if (stem(joined, lex.exceptions),) in lex.phrases and pair not in lex.phrases:
                merged.append(joined)
                i += 2
                continue
        merged.append(words[i])
        i += 1
    return merged


# --- scoring -------------------------------------------------------------------------------


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
        if word in CONTEXT_WORDS and strongest >= 4:
            return position
        strongest = max(strongest, ending.get(position + 1, 0.0))
    return len(stems)


def score(text: str) -> dict[str, float]:
    return _score(text)[0]


def _score(text: str) -> tuple[dict[str, float], dict[str, int]]:
    """Scores per leaf, and where each leaf's first word of weight 3 or more is (ties go to
    the leaf named first: 'bouquet and cake' is flowers)."""
    lex = lexicon()
    words = _merge_compounds([correct(word) for word in words_of(text)], lex)
    stems = [stem(word, lex.exceptions) for word in words]
    grams = _ngrams(stems, max(3, lex.flag_longest))
    flags = {name for name, phrases in lex.flags.items() if phrases & grams}
    if _SYMPTOM.search(" ".join(words)):
        flags.add("fix")  # "not printing", "stopped syncing", "won't open": something is wrong
    damped = _business_positions(stems, lex) if "b2b" in flags else set()
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
    for start, _, entries in matches:
        factor = BUSINESS_DAMPING if start in damped else 1.0
        if start >= context:
            factor *= CONTEXT_DAMPING
        for entry in entries:
            scores[entry.category] += entry.weight * factor
            if entry.weight >= 3:
                first.setdefault(entry.category, start)
    for rule in lex.transfers:  # "bike+fix": every named flag must be present
        moved = scores.get(rule["from"], 0) * rule["share"]
        if moved > 0 and all(name in flags for name in rule["if"].split("+")):
            scores[rule["from"]] -= moved
            scores[rule["to"]] += moved
    return {slug: value for slug, value in scores.items() if value > 0}, first


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
    classify("warm up the plumber")

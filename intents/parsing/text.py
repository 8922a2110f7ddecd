"""Text clean-up shared by every extractor.

Two views of the same text are used:
- `clean(text)`: printable, NFKC-normalised, whitespace collapsed, original case. Places
  need the case ("in Nice" vs "nice place").
- `working(clean_text)`: lower case with number words turned into digits ("three" -> "3",
  "a dozen" -> "12"), so budgets, quantities and times need one pattern per shape, not one
  per spelling. Extractors that share it can mask what an earlier one claimed.
"""

from __future__ import annotations

import re
import unicodedata

MAX_CHARS = 1000  # a request longer than this is a letter; its first lines carry the intent

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202f\u2060\ufeff]")
_SPACES = re.compile(r"\s+")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
_DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2212": "-"})


def clean(text: object) -> str:
    """Printable single-line text, at most MAX_CHARS long; '' for anything that is not text."""
    if not isinstance(text, str):
        return ""
    text = unicodedata.normalize("NFKC", text[: MAX_CHARS * 2])
    text = _CONTROL.sub(" ", text).translate(_QUOTES).translate(_DASHES)
    return _SPACES.sub(" ", text).strip()[:MAX_CHARS]


# Letters NFKD does not split into a base letter and an accent.
_LETTERS = str.maketrans(
    {"ł": "l", "ø": "o", "ß": "ss", "æ": "ae", "œ": "oe", "đ": "d", "\u0131": "i"}
)


def fold(text: str) -> str:
    """Lower case without accents: 'Zürich' -> 'zurich', 'canapés' -> 'canapes'."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(_LETTERS))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# --- number words ---------------------------------------------------------------------

UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_UNIT = "|".join(sorted(UNITS, key=len, reverse=True))
_TEN = "|".join(TENS)
_NUMBER_WORDS = re.compile(
    rf"\b(?:(?P<lead>a|an|one|{_UNIT}|{_TEN}|(?:{_TEN})[- ](?:{_UNIT}))\s+"
    rf"(?P<scale>hundred|thousand|dozen)"
    rf"|(?P<tens>{_TEN})(?:[- ](?P<unit2>{_UNIT}))?"
    rf"|(?P<unit>{_UNIT}))\b"
)
_COUPLE = re.compile(r"\ba (?:couple|pair)(?: of)?\b")
# "3 dozen bagels" -> "36 x bagels", "two dozen" -> "24 x": a count of things, readable even
# when the thing is not named after it; "a dozen people" stays people.
_DOZENS = re.compile(
    rf"\b(?P<lead>half a|an?|{_UNIT}|\d{{1,3}})\s?(?:dozen|doz)\b"
    r"(?P<who>\s(?:people|persons|ppl|guests|adults|kids|children|friends|of us|pax)\b)?"
)


def _small_number(words: str) -> int:
    words = words.replace("-", " ").split()
    if words[0] in ("a", "an"):
        return 1
    value = TENS.get(words[0], 0) + UNITS.get(words[-1], 0)
    return value or UNITS.get(words[0], 0)


def _number_from_match(match: re.Match[str]) -> str:
    if match["scale"]:
        base = _small_number(match["lead"])
        return str(base * {"hundred": 100, "thousand": 1000, "dozen": 12}[match["scale"]])
    if match["tens"]:
        return str(TENS[match["tens"]] + UNITS.get(match["unit2"] or "", 0))
    return str(UNITS[match["unit"]])


def _dozens(match: re.Match[str]) -> str:
    lead = match["lead"]
    count = 6 if lead == "half a" else 12 * (int(lead) if lead.isdigit() else _small_number(lead))
    return f"{count}{match['who'] or ' x'}"


def digits_for_number_words(lowered: str) -> str:
    """'two dozen' -> '24 x', 'twenty-five' -> '25', 'a couple of' -> '2 '. Lower-case input."""
    lowered = _DOZENS.sub(_dozens, lowered)
    lowered = _COUPLE.sub("2", lowered)
    return _NUMBER_WORDS.sub(_number_from_match, lowered)


def working(clean_text: str) -> str:
    return digits_for_number_words(clean_text.lower())


def mask(text: str, spans: list[tuple[int, int]]) -> str:
    """Blank out claimed spans (same length, so later offsets still line up)."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)

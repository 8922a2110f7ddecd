"""What a vendor learns of where an intent is: the point at the customer's precision."""

from typing import NamedTuple

from core.geo import snap_to_grid
from intents.models import Intent

# Grid cell sizes; "area" is about a neighbourhood or a small town.
APPROXIMATE_KM = 1.0
AREA_KM = 5.0


class DisclosedPoint(NamedTuple):
    lat: float
    lng: float
    precision_km: float


def disclosed_point(intent: Intent) -> DisclosedPoint:
    if intent.disclosure == Intent.Disclosure.EXACT:
        return DisclosedPoint(intent.lat, intent.lng, 0.0)
    cell = APPROXIMATE_KM if intent.disclosure == Intent.Disclosure.APPROXIMATE else AREA_KM
    lat, lng = snap_to_grid(intent.lat, intent.lng, cell)
    return DisclosedPoint(lat, lng, cell)

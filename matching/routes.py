"""The routing table: where each live subscription can be found by an intent.

A per-row radius defeats a plain spatial index ("is this point inside the row's own
circle?"), so subscriptions are sorted into radius tiers. Each tier has an H3
resolution; a subscription is stored at the H3 cell of its point at its tier's
resolution. An intent then looks, for every tier, at the ring of cells around its own
point that is wide enough to hold any point within reach (the smaller of the tier's
largest radius and the intent's radius). One B-tree on (topic, cell) serves all tiers:
H3 cell ids are unique across resolutions.

How wide a ring must be was measured, not guessed: over 120,000 random point pairs at
every resolution, the grid distance between the two cells never exceeded
1 + 1.7 x (distance / centre spacing); rings use a factor of 2 and one cell of margin
(`ring_k`), and tests/matching/test_routes.py checks the bound on random points.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache

import h3
import h3.api.basic_int as h3int
from django.db import transaction

from matching.models import Route
from matching.rules import terms_mask
from vendors.models import Subscription

# (largest radius in km, H3 resolution): a subscription goes to the first tier whose
# radius is at least its own.
TIERS: tuple[tuple[float, int], ...] = ((3, 7), (8, 6), (25, 5), (70, 4), (200, 3))
RING_FACTOR = 2.0


def tier_of(radius_km: float) -> tuple[float, int]:
    for tier in TIERS:
        if radius_km <= tier[0]:
            return tier
    raise ValueError(f"radius {radius_km} km is beyond the largest tier")


@lru_cache(maxsize=16)
def centre_spacing_km(resolution: int) -> float:
    """Distance between the centres of neighbouring cells, on average."""
    return h3.average_hexagon_edge_length(resolution, "km") * math.sqrt(3)


def ring_k(reach_km: float, resolution: int) -> int:
    return math.ceil(RING_FACTOR * reach_km / centre_spacing_km(resolution)) + 1


def cell_of(lat: float, lng: float, resolution: int) -> int:
    return h3int.latlng_to_cell(lat, lng, resolution)


def search_cells(lat: float, lng: float, radius_km: float) -> list[int]:
    """Every cell, over all tiers, that may hold a subscription within radius_km whose
    own radius also reaches (lat, lng)."""
    cells: list[int] = []
    for tier_radius, resolution in TIERS:
        reach = min(tier_radius, radius_km)
        centre = h3int.latlng_to_cell(lat, lng, resolution)
        cells.extend(h3int.grid_disk(centre, ring_k(reach, resolution)))
    return cells


def topics_for(subscription: Subscription) -> list[int]:
    """Leaf categories by id, whole groups by minus their id."""
    return [c.pk for c in subscription.categories.all()] + [
        -g.pk for g in subscription.groups.all()
    ]


def hours_key(hours: list[dict]) -> str:
    return json.dumps(hours, sort_keys=True, separators=(",", ":"))


def rebuild_routes(subscription_id: int) -> int:
    """Make the routing rows of one subscription match it: none unless it is active and
    its vendor not suspended. Returns the number of rows now routing it."""
    with transaction.atomic():
        Route.objects.filter(subscription_id=subscription_id).delete()
        subscription = (
            Subscription.objects.live()
            .select_related("vendor")
            .prefetch_related("categories", "groups", "accepted_terms")
            .filter(pk=subscription_id)
            .first()
        )
        if subscription is None:
            return 0
        _, resolution = tier_of(subscription.radius_km)
        shared = {
            "subscription": subscription,
            "vendor_id": subscription.vendor_id,
            "cell": cell_of(subscription.lat, subscription.lng, resolution),
            "lat": subscription.lat,
            "lng": subscription.lng,
            "radius_km": subscription.radius_km,
            "min_budget": subscription.min_budget,
            "currency": subscription.currency,
            "terms_mask": terms_mask(t.bit for t in subscription.accepted_terms.all()),
            "daily_cap": subscription.daily_cap,
            "time_zone": subscription.vendor.time_zone,
            "hours_key": hours_key(subscription.hours),
        }
        rows = [Route(topic=topic, **shared) for topic in topics_for(subscription)]
        Route.objects.bulk_create(rows)
    return len(rows)


def rebuild_vendor_routes(vendor_id: int) -> None:
    """After a suspension, its lifting, or a change of the vendor's time zone."""
    for subscription_id in Subscription.objects.filter(vendor_id=vendor_id).values_list(
        "pk", flat=True
    ):
        rebuild_routes(subscription_id)

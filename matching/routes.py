"""The routing table: where each live subscription can be found by an intent.

A per-row radius defeats a plain spatial index ("is this point inside the row's own
circle?"), so each subscription's circle is written down as the H3 cells it touches, at
a resolution chosen by its radius tier (bigger circles, bigger cells, so every circle
takes about 5-25 cells). An intent then looks up, for each tier, the single cell that
holds its point: one B-tree on (topic, cell) answers for all tiers, as H3 cell ids are
unique across resolutions. The rules then check every candidate exactly.

Covering cells are every cell whose centre is within radius + 1.25 x the average edge of
the circle's centre: a cell's corners are never farther than 1.1 average edges from its
centre (measured over 15,000 random cells at every tier resolution), so any point of the
circle lies in a kept cell. tests/matching/test_routes.py checks this on random points.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache

import h3
import h3.api.basic_int as h3int
from django.db import transaction

from core.geo import distance_km
from matching.models import Reach, Route
from matching.rules import terms_mask
from vendors.models import Subscription

# (largest radius in km, H3 resolution): a subscription goes to the first tier whose
# radius is at least its own.
TIERS: tuple[tuple[float, int], ...] = ((3, 7), (8, 6), (25, 5), (70, 4), (200, 3))
RING_FACTOR = 2.0
CORNER_MARGIN = 1.25  # average edges between a cell's centre and its farthest corner, 1.1 measured


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
    """Rings of cells enough to hold every cell within reach_km: over 120,000 random
    point pairs the grid distance never exceeded 1 + 1.7 x (distance / centre spacing)."""
    return math.ceil(RING_FACTOR * reach_km / centre_spacing_km(resolution)) + 1


def cell_of(lat: float, lng: float, resolution: int) -> int:
    return h3int.latlng_to_cell(lat, lng, resolution)


def covering_cells(lat: float, lng: float, radius_km: float) -> list[int]:
    """The cells, at the radius's tier resolution, that the circle may touch."""
    _, resolution = tier_of(radius_km)
    reach = radius_km + CORNER_MARGIN * h3.average_hexagon_edge_length(resolution, "km")
    centre = h3int.latlng_to_cell(lat, lng, resolution)
    return [
        cell
        for cell in h3int.grid_disk(centre, ring_k(reach, resolution))
        if distance_km(lat, lng, *h3int.cell_to_latlng(cell)) <= reach
    ]


def search_cells(lat: float, lng: float) -> list[int]:
    """The cell holding the point at each tier's resolution."""
    return [h3int.latlng_to_cell(lat, lng, resolution) for _, resolution in TIERS]


def topics_for(subscription: Subscription) -> list[int]:
    """Leaf categories by id, whole groups by minus their id."""
    return [c.pk for c in subscription.categories.all()] + [
        -g.pk for g in subscription.groups.all()
    ]


def hours_key(hours: list[dict]) -> str:
    return json.dumps(hours, sort_keys=True, separators=(",", ":"))


def rebuild_routes(subscription_id: int) -> int:
    """Make the routing rows of one subscription match it: none unless it is active and
    its vendor not suspended. Returns the number of Reach rows now routing it."""
    with transaction.atomic():
        Route.objects.filter(subscription_id=subscription_id).delete()  # and its Reach
        subscription = (
            Subscription.objects.live()
            .select_related("vendor")
            .prefetch_related("categories", "groups", "accepted_terms")
            .filter(pk=subscription_id)
            .first()
        )
        if subscription is None:
            return 0
        route = Route.objects.create(
            subscription=subscription,
            vendor_id=subscription.vendor_id,
            lat=subscription.lat,
            lng=subscription.lng,
            radius_km=subscription.radius_km,
            min_budget=subscription.min_budget,
            currency=subscription.currency,
            terms_mask=terms_mask(t.bit for t in subscription.accepted_terms.all()),
            daily_cap=subscription.daily_cap,
            time_zone=subscription.vendor.time_zone,
            hours_key=hours_key(subscription.hours),
        )
        cells = covering_cells(subscription.lat, subscription.lng, subscription.radius_km)
        rows = [
            Reach(route=route, topic=topic, cell=cell)
            for topic in topics_for(subscription)
            for cell in cells
        ]
        Reach.objects.bulk_create(rows)
    return len(rows)


def rebuild_vendor_routes(vendor_id: int) -> None:
    """After a suspension, its lifting, or a change of the vendor's time zone."""
    for subscription_id in Subscription.objects.filter(vendor_id=vendor_id).values_list(
        "pk", flat=True
    ):
        rebuild_routes(subscription_id)

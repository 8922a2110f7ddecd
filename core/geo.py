"""Distances and boxes on the sphere: enough geometry for matching and disclosure."""

import math
from typing import NamedTuple

EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE_LAT = math.pi * EARTH_RADIUS_KM / 180


class Box(NamedTuple):
    min_lat: float
    max_lat: float
    min_lng: float
    max_lng: float


def distance_km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlmb = math.radians(lng2 - lng1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(lat: float, lng: float, radius_km: float) -> Box:
    """A lat/lng box that contains every point within radius_km of (lat, lng).

    Near the poles or across the antimeridian the box widens to all longitudes rather
    than wrapping: it only has to contain the circle, the exact distance check follows.
    """
    dlat = radius_km / KM_PER_DEGREE_LAT
    min_lat, max_lat = max(-90.0, lat - dlat), min(90.0, lat + dlat)
    cos_lat = math.cos(math.radians(max(abs(min_lat), abs(max_lat))))
    if cos_lat < 1e-6:
        return Box(min_lat, max_lat, -180.0, 180.0)
    dlng = radius_km / (KM_PER_DEGREE_LAT * cos_lat)
    if lng - dlng < -180 or lng + dlng > 180:
        return Box(min_lat, max_lat, -180.0, 180.0)
    return Box(min_lat, max_lat, lng - dlng, lng + dlng)


def snap_to_grid(lat: float, lng: float, cell_km: float) -> tuple[float, float]:
    """The centre of the fixed grid cell (about cell_km across) that holds the point.

    The grid does not depend on the point, so the same point always snaps to the same
    centre and repeated looks reveal nothing more than one look.
    """
    step_lat = cell_km / KM_PER_DEGREE_LAT
    row = math.floor(lat / step_lat)
    centre_lat = (row + 0.5) * step_lat
    # Columns are sized at the row's centre latitude, so each row is its own fixed grid.
    step_lng = cell_km / (KM_PER_DEGREE_LAT * max(math.cos(math.radians(centre_lat)), 1e-6))
    col = math.floor(lng / step_lng)
    centre_lng = (col + 0.5) * step_lng
    return round(max(-90.0, min(90.0, centre_lat)), 6), round(((centre_lng + 180) % 360) - 180, 6)

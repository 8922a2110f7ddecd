"""The routing table: which rows exist, and that the H3 rings are wide enough."""

import math

import h3
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.models import Route
from matching.routes import TIERS, cell_of, ring_k, search_cells, tier_of
from tests.factories import SubscriptionFactory, category, group
from vendors.models import Subscription
from vendors.services import save_subscription, suspend_vendor, unsuspend_vendor


def point_at(lat: float, lng: float, km: float, bearing_deg: float) -> tuple[float, float]:
    radius = 6371.0088
    b, p1, l1, d = math.radians(bearing_deg), math.radians(lat), math.radians(lng), km / radius
    p2 = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(b))
    l2 = l1 + math.atan2(
        math.sin(b) * math.sin(d) * math.cos(p1), math.cos(d) - math.sin(p1) * math.sin(p2)
    )
    return math.degrees(p2), (math.degrees(l2) + 540) % 360 - 180


@settings(max_examples=3000, deadline=None)
@given(
    lat=st.floats(-85, 85),
    lng=st.floats(-180, 180),
    fraction=st.floats(0, 1),
    bearing=st.floats(0, 360),
    tier=st.sampled_from(TIERS),
)
def test_every_point_within_a_tiers_reach_lies_in_the_ring(lat, lng, fraction, bearing, tier):
    reach, resolution = tier
    other = point_at(lat, lng, reach * fraction, bearing)
    ring = {h3.str_to_int(c) for c in h3.grid_disk(h3.latlng_to_cell(lat, lng, resolution),
                                                     ring_k(reach, resolution))}  # fmt: skip
    assert cell_of(*other, resolution) in ring


def test_search_cells_cover_every_tier_and_stay_small():
    cells = search_cells(55.86, -4.25, 10)
    resolutions = {h3.get_resolution(h3.int_to_str(c)) for c in cells}
    assert resolutions == {resolution for _, resolution in TIERS}
    assert len(cells) < 400


def test_a_radius_goes_to_the_smallest_tier_that_holds_it():
    assert tier_of(3) == (3, 7)
    assert tier_of(3.01) == (8, 6)
    assert tier_of(200) == (200, 3)
    with pytest.raises(ValueError, match="beyond the largest tier"):
        tier_of(201)


@pytest.mark.django_db
def test_a_subscription_has_a_route_per_leaf_and_group():
    sub = SubscriptionFactory(categories=[category("plumbing")], groups=[group("food-drink")])
    topics = sorted(Route.objects.filter(subscription=sub).values_list("topic", flat=True))
    assert topics == sorted([category("plumbing").pk, -group("food-drink").pk])


@pytest.mark.django_db
def test_pausing_or_suspending_removes_the_routes_and_resuming_restores_them():
    sub = SubscriptionFactory()
    sub.active = False
    save_subscription(sub)
    assert not Route.objects.filter(subscription=sub).exists()

    sub.active = True
    save_subscription(sub)
    assert Route.objects.filter(subscription=sub).count() == 1

    suspend_vendor(sub.vendor)
    assert not Route.objects.filter(subscription=sub).exists()
    unsuspend_vendor(sub.vendor)
    assert Route.objects.filter(subscription=sub).exists()


@pytest.mark.django_db
def test_a_changed_subscription_moves_its_route():
    sub = SubscriptionFactory(radius_km=2)
    sub.lat, sub.radius_km = sub.lat + 1, 20
    save_subscription(sub)
    route = Route.objects.get(subscription=sub)
    assert (route.lat, route.radius_km) == (sub.lat, 20)
    assert route.cell == cell_of(sub.lat, sub.lng, tier_of(20)[1])


@pytest.mark.django_db
def test_deleting_a_subscription_deletes_its_routes():
    sub = SubscriptionFactory()
    Subscription.objects.filter(pk=sub.pk).delete()
    assert not Route.objects.exists()


@pytest.mark.django_db
def test_rebuild_routes_command_rebuilds_the_table(capsys):
    from django.core.management import call_command

    SubscriptionFactory()
    Route.objects.all().delete()
    call_command("rebuild_routes")
    assert Route.objects.count() == 1
    assert "1 routes for 1 subscriptions" in capsys.readouterr().out

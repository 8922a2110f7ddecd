"""The routing table: which rows exist, and that the H3 rings are wide enough."""

import math

import h3
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.models import Reach, Route
from matching.routes import TIERS, cell_of, covering_cells, search_cells, tier_of
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
    radius=st.sampled_from([0.1, 0.5, 2.99, 3, 3.01, 7.9, 8, 8.1, 24, 25, 25.1, 69, 70, 150, 200]),
    fraction=st.floats(0, 1),
    bearing=st.floats(0, 360),
)
def test_every_point_of_a_circle_lies_in_one_of_its_covering_cells(
    lat, lng, radius, fraction, bearing
):
    other = point_at(lat, lng, radius * fraction, bearing)
    _, resolution = tier_of(radius)
    assert cell_of(*other, resolution) in set(covering_cells(lat, lng, radius))


def test_an_intent_looks_up_one_cell_per_tier():
    cells = search_cells(55.86, -4.25)
    assert [h3.get_resolution(h3.int_to_str(c)) for c in cells] == [r for _, r in TIERS]


@pytest.mark.parametrize("radius", [0.5, 3, 8, 25, 70, 200])
def test_a_circle_takes_a_handful_of_cells(radius):
    assert 1 <= len(covering_cells(55.86, -4.25, radius)) <= 40


def test_a_radius_goes_to_the_smallest_tier_that_holds_it():
    assert tier_of(3) == (3, 7)
    assert tier_of(3.01) == (8, 6)
    assert tier_of(200) == (200, 3)
    with pytest.raises(ValueError, match="beyond the largest tier"):
        tier_of(201)


@pytest.mark.django_db
def test_a_subscription_has_a_route_per_leaf_and_group():
    sub = SubscriptionFactory(categories=[category("plumbing")], groups=[group("food-drink")])
    topics = set(Reach.objects.filter(route_id=sub.pk).values_list("topic", flat=True))
    assert topics == {category("plumbing").pk, -group("food-drink").pk}


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
    cells = set(Reach.objects.filter(route=route).values_list("cell", flat=True))
    assert cells == set(covering_cells(sub.lat, sub.lng, 20))


@pytest.mark.django_db
def test_deleting_a_subscription_deletes_its_routes():
    sub = SubscriptionFactory()
    Subscription.objects.filter(pk=sub.pk).delete()
    assert not Route.objects.exists()
    assert not Reach.objects.exists()


@pytest.mark.django_db
def test_rebuild_routes_command_rebuilds_the_table(capsys):
    from django.core.management import call_command

    SubscriptionFactory()
    Route.objects.all().delete()
    call_command("rebuild_routes")
    assert Route.objects.count() == 1
    assert "for 1 subscriptions" in capsys.readouterr().out

"""The domain functions the portal added next to their models: update_vendor,
invite_staff (tested through the team page too) and mark_fulfilled."""

from unittest import mock

import pytest
from django.core.exceptions import ValidationError

from core.errors import Conflict
from offers.models import Offer
from offers.services import mark_fulfilled
from tests.factories import OfferFactory, SubscriptionFactory
from vendors.services import invite_staff, update_vendor

pytestmark = pytest.mark.django_db


def test_update_vendor_saves_the_details(vendor):
    update_vendor(vendor, name="Trattoria Lucca", phone="+44 141 496 0000")

    vendor.refresh_from_db()
    assert (vendor.name, vendor.phone) == ("Trattoria Lucca", "+44 141 496 0000")


def test_update_vendor_refuses_what_an_owner_may_not_change(vendor):
    with pytest.raises(TypeError, match="suspended_at"):
        update_vendor(vendor, suspended_at=None)


def test_update_vendor_validates(vendor):
    with pytest.raises(ValidationError) as error:
        update_vendor(vendor, time_zone="Mars/Olympus", lat=120)

    assert set(error.value.message_dict) == {"time_zone", "lat"}


def test_only_a_new_time_zone_rebuilds_the_routes(vendor):
    SubscriptionFactory(vendor=vendor)

    with mock.patch("matching.routes.rebuild_vendor_routes") as rebuild:
        update_vendor(vendor, name="Same zone")
        update_vendor(vendor, time_zone="Europe/Paris")

    rebuild.assert_called_once_with(vendor.pk)


def test_invite_staff_refuses_a_member_of_any_business(vendor, staff):
    with pytest.raises(Conflict):
        invite_staff(vendor, staff.email)


def test_mark_fulfilled_moves_only_an_accepted_offer_once():
    accepted = OfferFactory(status=Offer.Status.ACCEPTED)
    pending = OfferFactory()

    mark_fulfilled(accepted)

    with pytest.raises(Conflict, match="fulfilled already"):
        mark_fulfilled(accepted)
    with pytest.raises(Conflict, match="only an accepted offer"):
        mark_fulfilled(pending)
    assert Offer.objects.get(pk=accepted.pk).status == Offer.Status.ACCEPTED
    assert Offer.objects.get(pk=pending.pk).fulfilled_at is None

import pytest
from django.test import Client

from tests.factories import VendorFactory, add_staff


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def owner(vendor):
    return vendor.owner


@pytest.fixture
def portal(vendor) -> Client:
    """A browser signed in as the vendor's owner."""
    return signed_in(vendor.owner)


@pytest.fixture
def staff(vendor):
    return add_staff(vendor)


@pytest.fixture
def staff_portal(staff) -> Client:
    return signed_in(staff)


@pytest.fixture
def rival():
    """Another business, with its own owner."""
    return VendorFactory(name="Rival Bistro")


@pytest.fixture
def rival_portal(rival) -> Client:
    return signed_in(rival.owner)

import pytest
from django.test import Client

from tests.factories import UserFactory


@pytest.fixture
def site(customer) -> Client:
    """A browser signed in as `customer`."""
    client = Client()
    client.force_login(customer)
    return client


@pytest.fixture
def visitor() -> Client:
    return Client()


@pytest.fixture
def someone_else():
    return UserFactory()

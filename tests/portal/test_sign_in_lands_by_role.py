"""Signing in on the site lands people where their work is."""

import pytest

from tests.factories import PASSWORD, UserFactory, add_staff

pytestmark = pytest.mark.django_db


def sign_in(client, user):
    return client.post("/accounts/login/", {"username": user.email, "password": PASSWORD})


def test_a_vendor_owner_lands_in_the_portal_inbox(client, vendor):
    assert sign_in(client, vendor.owner)["Location"] == "/portal/"


def test_vendor_staff_land_in_the_portal_inbox(client, vendor):
    assert sign_in(client, add_staff(vendor))["Location"] == "/portal/"


def test_a_customer_lands_on_their_intents(client):
    assert sign_in(client, UserFactory())["Location"] == "/intents/"


def test_an_explicit_next_page_still_wins(client, vendor):
    response = client.post(
        "/accounts/login/?next=/privacy/",
        {"username": vendor.owner.email, "password": PASSWORD},
    )
    assert response["Location"] == "/privacy/"

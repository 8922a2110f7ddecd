"""Joining as a business, and signing in to the portal."""

import pytest

from accounts.models import User
from tests.factories import PASSWORD, UserFactory, VendorFactory
from tests.portal.conftest import signed_in
from tests.portal.helpers import form_errors, text_of
from vendors.models import Membership

pytestmark = pytest.mark.django_db

JOIN = "/portal/join/"


def join_form(**fields) -> dict:
    return {
        "business_name": "Trattoria Lucca",
        "name": "Lucia Rossi",
        "email": "lucia@lucca.example.com",
        "password": PASSWORD,
        "tz": "Europe/Rome",
        **fields,
    }


def test_joining_makes_a_business_owned_by_a_new_vendor_account(client):
    response = client.post(JOIN, join_form())

    assert response.status_code == 302
    assert response["Location"] == "/portal/business/?start=1"
    user = User.objects.get(email="lucia@lucca.example.com")
    assert (user.name, user.role, user.time_zone) == ("Lucia Rossi", "vendor", "Europe/Rome")
    membership = Membership.objects.select_related("vendor").get(user=user)
    assert membership.is_owner
    assert membership.vendor.name == "Trattoria Lucca"
    assert membership.vendor.time_zone == "Europe/Rome"
    assert membership.vendor.email == "lucia@lucca.example.com"
    assert client.get("/portal/").status_code == 200  # signed in


def test_without_a_browser_zone_the_business_keeps_the_default(client, settings):
    client.post(JOIN, join_form(tz="Not/AZone"))

    assert Membership.objects.get().vendor.time_zone == settings.TIME_ZONE


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"business_name": ""}, "business_name", "Give your business's name."),
        ({"name": ""}, "name", "This field may not be blank."),
        ({"email": "not an email"}, "email", "Enter a valid email address."),
        ({"password": "1234"}, "password", "This password is too short."),
    ],
)
def test_each_mistake_is_explained_on_its_field(client, fields, field, message):
    response = client.post(JOIN, join_form(**fields))

    errors = form_errors(response)
    assert any(message in error for error in errors[field]), errors
    assert not Membership.objects.exists()


def test_an_email_already_in_use_is_refused(client):
    UserFactory(email="lucia@lucca.example.com")

    errors = form_errors(client.post(JOIN, join_form()))

    assert errors["email"] == ["An account with this email already exists."]


def test_joining_is_rate_limited_like_signing_up(client):
    for _ in range(20):  # THROTTLE_AUTH: 20 a minute from one address
        client.post(JOIN, join_form(password="1"))

    response = client.post(JOIN, join_form())

    assert response.status_code == 429
    assert not User.objects.filter(email="lucia@lucca.example.com").exists()


def test_a_customer_signed_in_can_start_a_business_with_their_account():
    customer = UserFactory(time_zone="Europe/Dublin")
    client = signed_in(customer)

    page = client.get(JOIN)
    response = client.post(JOIN, {"business_name": "Ada's Cakes"})

    assert "Start a business with this account" in text_of(page)
    assert response.status_code == 302
    membership = Membership.objects.select_related("vendor").get(user=customer)
    assert membership.is_owner
    assert (membership.vendor.name, membership.vendor.time_zone) == ("Ada's Cakes", "Europe/Dublin")


def test_a_member_going_to_join_lands_in_the_inbox(portal):
    response = portal.get(JOIN)

    assert response.status_code == 302
    assert response["Location"] == "/portal/"


def test_signing_in_lands_in_the_inbox(client):
    vendor = VendorFactory()

    response = client.post("/portal/login/", {"username": vendor.owner.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/portal/"


def test_signing_in_goes_back_where_the_vendor_was_going(client):
    vendor = VendorFactory()

    response = client.post(
        "/portal/login/",
        {"username": vendor.owner.email, "password": PASSWORD, "next": "/portal/insights/"},
    )

    assert response["Location"] == "/portal/insights/"


def test_a_wrong_password_is_a_400_with_the_form_again(client):
    vendor = VendorFactory()

    response = client.post("/portal/login/", {"username": vendor.owner.email, "password": "no"})

    assert response.status_code == 400
    assert "Sign in to your inbox" in text_of(response)


def test_signing_out_of_the_portal_comes_back_to_its_sign_in(portal):
    page = text_of(portal.get("/portal/"))
    response = portal.post("/accounts/logout/", {"next": "/portal/login/"})

    assert 'name="next" value="/portal/login/"' in page
    assert response["Location"] == "/portal/login/"

"""The business's details (owners change them) and its team (owners invite staff)."""

import re

import pytest
from django.core import mail

from accounts.models import User
from matching.models import Route
from tests.factories import PASSWORD, SubscriptionFactory, UserFactory, VendorFactory
from tests.portal.conftest import signed_in
from tests.portal.helpers import form_errors, text_of
from vendors.models import Membership

pytestmark = pytest.mark.django_db

BUSINESS = "/portal/business/"


def business_form(**fields) -> dict:
    return {
        "name": "Trattoria Lucca",
        "description": "Family-run Italian",
        "email": "ciao@lucca.example.com",
        "phone": "+44 141 496 0000",
        "address": "12 Candleriggs",
        "place": "Glasgow",
        "time_zone": "Europe/London",
        **fields,
    }


def test_an_owner_changes_the_business_details(portal, vendor):
    response = portal.post(BUSINESS, business_form())

    assert response.status_code == 302
    vendor.refresh_from_db()
    assert vendor.name == "Trattoria Lucca"
    assert vendor.phone == "+44 141 496 0000"
    assert round(vendor.lat, 2) == 55.87
    assert round(vendor.lng, 2) == -4.26


def test_coordinates_place_the_business_exactly(portal, vendor):
    portal.post(BUSINESS, business_form(place="55.9533, -3.1883"))

    vendor.refresh_from_db()
    assert (vendor.lat, vendor.lng) == (55.9533, -3.1883)


def test_no_place_leaves_the_business_off_the_map(portal, vendor):
    portal.post(BUSINESS, business_form(place=""))

    vendor.refresh_from_db()
    assert (vendor.lat, vendor.lng) == (None, None)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"name": ""}, "name", "This field is required."),
        ({"email": "nope"}, "email", "Enter a valid email address."),
        ({"place": "Xyzzyville"}, "place", "We don't know a place called “Xyzzyville”"),
        ({"place": "95, 10"}, "place", "Coordinates are latitude (-90 to 90)"),
        ({"time_zone": "Mars/Olympus"}, "time_zone", "Select a valid choice."),
    ],
)
def test_each_mistake_is_explained_on_its_field(portal, vendor, fields, field, message):
    response = portal.post(BUSINESS, business_form(**fields))

    errors = form_errors(response)
    assert any(message in error for error in errors[field]), errors
    vendor.refresh_from_db()
    assert vendor.name != "Trattoria Lucca"


def test_a_new_time_zone_reaches_the_routing_rows(portal, vendor):
    sub = SubscriptionFactory(vendor=vendor)

    portal.post(BUSINESS, business_form(time_zone="America/New_York"))

    assert Route.objects.get(subscription=sub).time_zone == "America/New_York"


def test_the_first_save_when_joining_goes_on_to_the_first_subscription(portal):
    response = portal.post(BUSINESS, business_form(start="1"))

    assert response["Location"] == "/portal/subscriptions/new/"


def test_the_form_shows_a_town_centre_by_its_name(portal, vendor):
    portal.post(BUSINESS, business_form(place="Glasgow"))

    assert 'value="Glasgow"' in text_of(portal.get(BUSINESS))


# --- Team ------------------------------------------------------------------------------


def test_the_team_page_lists_the_members_with_their_roles(portal, vendor, staff):
    page = text_of(portal.get("/portal/team/"))

    assert vendor.owner.email in page
    assert staff.email in page
    assert "Staff" in page


def test_inviting_someone_new_makes_a_staff_account_and_emails_a_link(portal, vendor, after_commit):
    with after_commit():
        response = portal.post(
            "/portal/team/invite/", {"email": "Marco@Lucca.example.com", "name": "Marco"}
        )

    assert response.status_code == 302
    user = User.objects.get(email="marco@lucca.example.com")
    assert not user.has_usable_password()
    assert Membership.objects.get(user=user).role == Membership.Role.STAFF
    assert Membership.objects.get(user=user).vendor == vendor
    (email,) = mail.outbox
    assert email.to == ["marco@lucca.example.com"]
    assert vendor.name in email.subject
    assert re.search(r"http://testserver/portal/welcome/[\w-]+/[\w-]+/", email.body)


def test_the_invitation_link_sets_a_password_and_signs_in(client, portal, vendor, after_commit):
    with after_commit():
        portal.post("/portal/team/invite/", {"email": "marco@example.com"})
    link = re.search(r"http://testserver(/portal/welcome/\S+)", mail.outbox[0].body)[1]

    form_page = client.get(link, follow=True)
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": PASSWORD, "new_password2": PASSWORD},
    )

    assert done.status_code == 302
    assert done["Location"] == "/portal/"
    assert client.get("/portal/").status_code == 200
    assert User.objects.get(email="marco@example.com").check_password(PASSWORD)


def test_inviting_someone_with_an_account_adds_them_and_says_so(portal, vendor, after_commit):
    customer = UserFactory(email="ada@example.com")

    with after_commit():
        portal.post("/portal/team/invite/", {"email": "ada@example.com"})

    assert Membership.objects.get(user=customer).vendor == vendor
    assert "/portal/login/" in mail.outbox[0].body
    assert customer.has_usable_password()


def test_someone_in_another_business_cannot_be_invited(portal, vendor, after_commit):
    other = VendorFactory()

    with after_commit():
        response = portal.post("/portal/team/invite/", {"email": other.owner.email})

    assert "a person can work for one business only" in form_errors(response)["email"][0]
    assert Membership.objects.get(user=other.owner).vendor == other
    assert not mail.outbox


def test_a_member_cannot_be_invited_twice(portal, vendor, staff):
    response = portal.post("/portal/team/invite/", {"email": staff.email})

    assert form_errors(response)["email"] == [f"{staff.email} is in your team already."]


def test_an_invitation_needs_an_email(portal):
    errors = form_errors(portal.post("/portal/team/invite/", {"email": "nope"}))

    assert errors["email"] == ["Enter a valid email address."]


def test_a_new_staff_member_answers_leads_but_cannot_change_subscriptions(portal, vendor):
    portal.post("/portal/team/invite/", {"email": "marco@example.com"})
    marco = signed_in(User.objects.get(email="marco@example.com"))

    assert marco.get("/portal/").status_code == 200
    assert marco.get("/portal/subscriptions/new/").status_code == 403

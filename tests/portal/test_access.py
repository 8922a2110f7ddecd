"""Who may use the portal: members of a business; owners change the business and its
subscriptions, staff answer leads."""

import pytest

from tests.factories import SubscriptionFactory, UserFactory
from tests.portal.conftest import signed_in
from tests.portal.helpers import subscription_form, text_of

pytestmark = pytest.mark.django_db

MEMBER_PAGES = [
    "/portal/",
    "/portal/offers/",
    "/portal/subscriptions/",
    "/portal/insights/",
    "/portal/business/",
    "/portal/team/",
    "/portal/replies/",
]


@pytest.mark.parametrize("path", MEMBER_PAGES)
def test_a_visitor_is_sent_to_the_portal_sign_in(client, path):
    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"].startswith(f"/portal/login/?next={path}")


@pytest.mark.parametrize("path", MEMBER_PAGES)
def test_each_page_opens_for_an_owner(portal, path):
    assert portal.get(path).status_code == 200


@pytest.mark.parametrize("path", MEMBER_PAGES)
def test_each_page_opens_for_staff(staff_portal, path):
    assert staff_portal.get(path).status_code == 200


def test_someone_without_a_business_is_told_how_to_get_one():
    response = signed_in(UserFactory()).get("/portal/")

    assert response.status_code == 403
    assert "not part of a business" in text_of(response)
    assert "/portal/join/" in text_of(response)


def test_staff_cannot_open_the_subscription_forms(staff_portal, vendor):
    sub = SubscriptionFactory(vendor=vendor)

    assert staff_portal.get("/portal/subscriptions/new/").status_code == 403
    assert staff_portal.get(f"/portal/subscriptions/{sub.pk}/").status_code == 403


def test_staff_cannot_create_a_subscription(staff_portal, vendor):
    response = staff_portal.post("/portal/subscriptions/new/", subscription_form())

    assert response.status_code == 403
    assert "Only owners can change this" in text_of(response)
    assert not vendor.subscriptions.exists()


def test_staff_cannot_change_pause_or_resume_a_subscription(staff_portal, vendor):
    sub = SubscriptionFactory(vendor=vendor, radius_km=5)

    edited = staff_portal.post(f"/portal/subscriptions/{sub.pk}/", subscription_form())
    paused = staff_portal.post(f"/portal/subscriptions/{sub.pk}/pause/")
    sub.active = False
    sub.save()
    resumed = staff_portal.post(f"/portal/subscriptions/{sub.pk}/resume/")

    assert (edited.status_code, paused.status_code, resumed.status_code) == (403, 403, 403)
    sub.refresh_from_db()
    assert sub.radius_km == 5
    assert sub.active is False


def test_staff_cannot_preview_a_subscription(staff_portal):
    response = staff_portal.post("/portal/subscriptions/preview/", subscription_form())

    assert response.status_code == 403


def test_staff_cannot_edit_the_business(staff_portal, vendor):
    response = staff_portal.post(
        "/portal/business/", {"name": "Taken over", "time_zone": "Europe/London"}
    )

    assert response.status_code == 403
    vendor.refresh_from_db()
    assert vendor.name != "Taken over"


def test_staff_see_the_business_without_a_form(staff_portal, vendor):
    response = staff_portal.get("/portal/business/")

    assert response.status_code == 200
    assert "Only the business's owners change these details" in text_of(response)
    assert 'name="name"' not in text_of(response)


def test_staff_cannot_invite_people(staff_portal, vendor):
    response = staff_portal.post("/portal/team/invite/", {"email": "friend@example.com"})

    assert response.status_code == 403
    assert vendor.memberships.count() == 2


def test_staff_see_subscriptions_without_the_buttons_to_change_them(staff_portal, vendor):
    sub = SubscriptionFactory(vendor=vendor)

    page = text_of(staff_portal.get("/portal/subscriptions/"))

    assert "Restaurant meal" in page
    assert f"/portal/subscriptions/{sub.pk}/" not in page
    assert "New subscription" not in page

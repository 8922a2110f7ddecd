"""Saved replies: any member of the business keeps them; nobody else sees them."""

import pytest

from portal.models import ReplyTemplate
from tests.portal.helpers import form_errors, text_of

pytestmark = pytest.mark.django_db


def test_a_member_saves_a_reply(staff_portal, vendor):
    response = staff_portal.post(
        "/portal/replies/", {"title": "Lunch for two", "message": "Two menus, £24"}
    )

    assert response.status_code == 302
    reply = ReplyTemplate.objects.get()
    assert (reply.vendor, reply.title, reply.message) == (vendor, "Lunch for two", "Two menus, £24")
    assert "Lunch for two" in text_of(staff_portal.get("/portal/replies/"))


def test_a_reply_needs_a_name_and_a_message(portal):
    errors = form_errors(portal.post("/portal/replies/", {"title": "", "message": ""}))

    assert errors == {
        "title": ["This field is required."],
        "message": ["This field is required."],
    }


def test_two_replies_cannot_share_a_name(portal, vendor):
    ReplyTemplate.objects.create(vendor=vendor, title="Lunch", message="x")

    errors = form_errors(portal.post("/portal/replies/", {"title": "lunch", "message": "y"}))

    assert errors["title"] == ["You have a reply with this name already."]


def test_another_business_may_use_the_same_name(portal, rival):
    ReplyTemplate.objects.create(vendor=rival, title="Lunch", message="x")

    assert portal.post("/portal/replies/", {"title": "Lunch", "message": "y"}).status_code == 302


def test_a_reply_is_edited_and_deleted(portal, vendor):
    reply = ReplyTemplate.objects.create(vendor=vendor, title="Lunch", message="x")

    portal.post(f"/portal/replies/{reply.pk}/", {"title": "Lunch", "message": "Two menus"})
    edited = ReplyTemplate.objects.get(pk=reply.pk).message
    portal.post(f"/portal/replies/{reply.pk}/delete/")

    assert edited == "Two menus"
    assert not ReplyTemplate.objects.exists()


def test_another_businesss_replies_are_not_found(portal, rival):
    theirs = ReplyTemplate.objects.create(vendor=rival, title="Secret", message="x")

    assert "Secret" not in text_of(portal.get("/portal/replies/"))
    assert portal.get(f"/portal/replies/{theirs.pk}/").status_code == 404
    assert portal.post(f"/portal/replies/{theirs.pk}/delete/").status_code == 404
    assert ReplyTemplate.objects.filter(pk=theirs.pk).exists()

"""Real 404, 403 and 500 pages (DEBUG is off in the tests, as in production)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.test import Client, override_settings
from django.urls import path

from tests.website.helpers import text_of

pytestmark = pytest.mark.django_db


def forbidden(request):
    raise PermissionDenied


def broken(request):
    raise RuntimeError("a bug")


urlpatterns = [
    path("forbidden/", forbidden),
    path("broken/", broken),
]


def test_an_unknown_address_is_the_404_page(visitor):
    answer = visitor.get("/no/such/page/")

    assert answer.status_code == 404
    assert "We can't find that page" in text_of(answer)


def test_a_malformed_intent_address_is_a_404_not_an_error(site):
    assert site.get("/intents/abc/").status_code == 404
    assert site.get("/intents/99999999999999999999/").status_code == 404


@override_settings(ROOT_URLCONF=__name__)
def test_a_refusal_is_the_403_page(visitor):
    answer = visitor.get("/forbidden/")

    assert answer.status_code == 403
    assert "That is not yours to see" in text_of(answer)


@override_settings(ROOT_URLCONF=__name__)
def test_a_crash_is_the_500_page():
    answer = Client(raise_request_exception=False).get("/broken/")

    assert answer.status_code == 500
    assert "Something went wrong on our side" in text_of(answer)


def test_the_500_page_renders_without_any_context():
    assert "Something went wrong" in render_to_string("500.html")

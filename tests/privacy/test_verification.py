"""Nobody posts in someone else's name: with verification required, an unconfirmed
account's intents are saved but held, and go out once the address is confirmed."""

import re

import pytest
from django.core import mail

from accounts.verification import make_token
from intents.models import Intent
from matching.engine import create_leads_for_intent
from tests.conftest import client_for
from tests.factories import SubscriptionFactory, UserFactory
from tests.privacy.helpers import post_intent

pytestmark = pytest.mark.django_db


@pytest.fixture
def required(settings):
    settings.REQUIRE_VERIFIED_EMAIL = True


def test_signing_up_sends_a_link_to_confirm_the_address(anon, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        anon.post(
            "/api/v1/auth/register/",
            {"email": "new@example.com", "password": "a long enough passphrase",
             "role": "customer", "name": "New Person"},
        )  # fmt: skip

    [message] = mail.outbox
    assert message.to == ["new@example.com"]
    assert re.search(r"/accounts/verify/[^/\s]+/", message.body)


def test_an_unconfirmed_customers_intent_is_saved_but_held(required, after_commit):
    SubscriptionFactory()
    customer = UserFactory(email_verified_at=None)

    intent = post_intent(customer, after_commit)

    assert intent["awaiting_verification"] is True
    assert not Intent.objects.get(pk=intent["id"]).leads.exists()


def test_a_held_intent_is_not_matched_even_if_a_worker_picks_it_up(required, after_commit):
    SubscriptionFactory()
    intent = post_intent(UserFactory(email_verified_at=None), after_commit)

    assert create_leads_for_intent(intent["id"]) == []


def test_confirming_releases_the_held_intents_to_matching(required, after_commit, anon):
    SubscriptionFactory()
    customer = UserFactory(email_verified_at=None)
    intent = post_intent(customer, after_commit)

    with after_commit():
        response = anon.post("/api/v1/auth/verify-email/", {"token": make_token(customer)})

    assert response.status_code == 200
    assert response.json()["email_verified"] is True
    held = Intent.objects.get(pk=intent["id"])
    assert not held.awaiting_verification
    assert held.leads.count() == 1


def test_the_website_link_confirms_too(required, after_commit, client):
    customer = UserFactory(email_verified_at=None)

    response = client.get(f"/accounts/verify/{make_token(customer)}/", follow=True)

    customer.refresh_from_db()
    assert customer.email_verified
    assert f"{customer.email} is confirmed" in response.content.decode()


@pytest.mark.parametrize("token", ["nonsense", "a" * 400])
def test_a_bad_token_is_a_clear_400(anon, token):
    response = anon.post("/api/v1/auth/verify-email/", {"token": token})

    assert response.status_code == 400
    assert "link" in response.json()["token"][0]


def test_a_token_for_an_address_since_changed_proves_nothing(anon):
    customer = UserFactory(email_verified_at=None)
    token = make_token(customer)
    customer.email = "other@example.com"
    customer.save()

    assert anon.post("/api/v1/auth/verify-email/", {"token": token}).status_code == 400


def test_without_the_requirement_intents_go_out_at_once(settings, after_commit):
    settings.REQUIRE_VERIFIED_EMAIL = False
    SubscriptionFactory()

    intent = post_intent(UserFactory(email_verified_at=None), after_commit)

    assert Intent.objects.get(pk=intent["id"]).leads.count() == 1


def test_asking_for_a_new_link_sends_one(required):
    customer = UserFactory(email_verified_at=None)

    response = client_for(customer).post("/api/v1/me/verify-email/")

    assert response.status_code == 202
    assert len(mail.outbox) == 1


def test_the_site_tells_an_unconfirmed_customer_why_nothing_happens(required, client):
    client.force_login(UserFactory(email_verified_at=None))

    assert "Confirm your e-mail" in client.get("/intents/").content.decode()

"""Signing up, getting a token, and which endpoints need one."""

import pytest
from rest_framework.test import APIClient

from accounts.models import User
from tests.api.helpers import rejected
from tests.factories import PASSWORD, UserFactory
from vendors.models import Membership

pytestmark = pytest.mark.django_db

REGISTER = "/api/v1/auth/register/"
TOKEN = "/api/v1/auth/token/"
STRONG = "correct horse battery staple 42"


def registration(**overrides) -> dict:
    return {
        "email": "ada@example.com",
        "password": STRONG,
        "role": "customer",
        "name": "Ada Lovelace",
        **overrides,
    }


def with_token(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_it_registers_a_customer_and_answers_with_user_and_token(anon):
    response = anon.post(REGISTER, registration())

    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"user", "token"}
    assert body["user"]["email"] == "ada@example.com"
    assert body["user"]["role"] == "customer"
    assert body["user"]["id"] == User.objects.get(email="ada@example.com").pk
    assert body["token"]
    assert "password" not in str(body)


def test_a_vendor_registration_creates_its_business_owned_by_the_new_user(anon):
    response = anon.post(REGISTER, registration(role="vendor", name="Bella Pasta"))

    assert response.status_code == 201
    membership = Membership.objects.get(user__email="ada@example.com")
    assert membership.vendor.name == "Bella Pasta"
    assert membership.is_owner
    me = with_token(response.json()["token"]).get("/api/v1/me/")
    assert me.json()["vendor"]["name"] == "Bella Pasta"
    assert me.json()["vendor"]["role"] == "owner"


def test_a_customer_registration_creates_no_business(anon):
    anon.post(REGISTER, registration())

    assert not Membership.objects.exists()


def test_the_registration_token_authenticates_requests(anon):
    key = anon.post(REGISTER, registration()).json()["token"]

    response = with_token(key).get("/api/v1/me/")

    assert response.status_code == 200
    assert response.json()["email"] == "ada@example.com"


def test_it_stores_the_email_in_lower_case(anon):
    response = anon.post(REGISTER, registration(email="Ada@Example.COM"))

    assert response.json()["user"]["email"] == "ada@example.com"


def test_it_rejects_an_email_already_registered_in_any_case(anon):
    UserFactory(email="ada@example.com")

    response = anon.post(REGISTER, registration(email="ADA@example.com"))

    rejected(response, "email")
    assert User.objects.count() == 1


def test_it_rejects_a_weak_password(anon):
    rejected(anon.post(REGISTER, registration(password="password")), "password")


def test_it_rejects_a_password_too_like_the_email(anon):
    response = anon.post(
        REGISTER, registration(email="zanzibar42@example.com", password="zanzibar42")
    )

    rejected(response, "password")


@pytest.mark.parametrize("role", ["operator", "admin", ""])
def test_it_rejects_a_role_other_than_customer_or_vendor(anon, role):
    rejected(anon.post(REGISTER, registration(role=role)), "role")
    assert not User.objects.exists()


@pytest.mark.parametrize("missing", ["email", "password", "role", "name"])
def test_it_requires_every_registration_field(anon, missing):
    payload = registration()
    del payload[missing]

    rejected(anon.post(REGISTER, payload), missing)


def test_it_rejects_an_email_that_is_not_one(anon):
    rejected(anon.post(REGISTER, registration(email="not-an-email")), "email")


def test_it_gives_a_token_for_the_right_email_and_password(anon):
    user = UserFactory(email="grace@example.com")

    response = anon.post(TOKEN, {"email": "grace@example.com", "password": PASSWORD})

    assert response.status_code == 200
    assert set(response.json()) == {"token"}
    me = with_token(response.json()["token"]).get("/api/v1/me/")
    assert me.json()["id"] == user.pk


def test_it_reads_the_email_case_insensitively_when_giving_a_token(anon):
    UserFactory(email="grace@example.com")

    response = anon.post(TOKEN, {"email": "Grace@Example.com", "password": PASSWORD})

    assert response.status_code == 200


def test_the_token_endpoint_gives_the_same_token_as_registration(anon):
    registered = anon.post(REGISTER, registration()).json()["token"]

    response = anon.post(TOKEN, {"email": "ada@example.com", "password": STRONG})

    assert response.json()["token"] == registered


def test_it_refuses_a_token_for_a_wrong_password(anon):
    UserFactory(email="grace@example.com")

    response = anon.post(TOKEN, {"email": "grace@example.com", "password": "not the password"})

    assert response.status_code == 400
    assert "token" not in response.json()
    assert response.json()["non_field_errors"]


def test_it_refuses_a_token_for_an_unknown_email(anon):
    response = anon.post(TOKEN, {"email": "nobody@example.com", "password": PASSWORD})

    assert response.status_code == 400
    assert "token" not in response.json()


def test_it_rejects_a_bad_token_with_401():
    response = with_token("0" * 40).get("/api/v1/me/")

    assert response.status_code == 401


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/me/"),
        ("patch", "/api/v1/me/"),
        ("delete", "/api/v1/me/"),
        ("get", "/api/v1/me/export/"),
        ("get", "/api/v1/intents/"),
        ("post", "/api/v1/intents/"),
        ("get", "/api/v1/intents/1/"),
        ("post", "/api/v1/intents/1/withdraw/"),
        ("get", "/api/v1/intents/1/offers/"),
        ("post", "/api/v1/offers/1/accept/"),
        ("post", "/api/v1/offers/1/decline/"),
        ("get", "/api/v1/vendor/subscriptions/"),
        ("post", "/api/v1/vendor/subscriptions/"),
        ("get", "/api/v1/vendor/subscriptions/1/"),
        ("patch", "/api/v1/vendor/subscriptions/1/"),
        ("delete", "/api/v1/vendor/subscriptions/1/"),
        ("get", "/api/v1/vendor/leads/"),
        ("get", "/api/v1/vendor/leads/1/"),
        ("post", "/api/v1/vendor/leads/1/pass/"),
        ("post", "/api/v1/vendor/leads/1/offers/"),
        ("get", "/api/v1/vendor/offers/"),
        ("get", "/api/v1/vendor/offers/1/"),
        ("post", "/api/v1/vendor/offers/1/withdraw/"),
    ],
)
def test_protected_endpoints_answer_401_without_credentials(anon, method, path):
    response = getattr(anon, method)(path, {})

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


@pytest.mark.parametrize("path", ["/api/v1/categories/", "/api/v1/terms/"])
def test_the_catalogues_are_public(anon, path):
    assert anon.get(path).status_code == 200


def test_parsing_is_public(anon):
    response = anon.post("/api/v1/intents/parse/", {"text": "Lunch for 2 in Glasgow"})

    assert response.status_code == 200


def test_it_throttles_repeated_token_requests_with_429(anon):
    answers = [anon.post(TOKEN, {"email": "nobody@example.com"}).status_code for _ in range(21)]

    assert answers[:20] == [400] * 20
    assert answers[20] == 429

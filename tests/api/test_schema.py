"""The OpenAPI schema and the browsable docs."""

import pytest

pytestmark = pytest.mark.django_db

CONTRACT_PATHS = [
    "/api/v1/auth/register/",
    "/api/v1/auth/token/",
    "/api/v1/categories/",
    "/api/v1/terms/",
    "/api/v1/intents/parse/",
    "/api/v1/intents/",
    "/api/v1/intents/{id}/",
    "/api/v1/intents/{id}/withdraw/",
    "/api/v1/intents/{intent_id}/offers/",
    "/api/v1/offers/{offer_id}/accept/",
    "/api/v1/offers/{offer_id}/decline/",
    "/api/v1/vendor/subscriptions/",
    "/api/v1/vendor/subscriptions/{id}/",
    "/api/v1/vendor/leads/",
    "/api/v1/vendor/leads/{id}/",
    "/api/v1/vendor/leads/{id}/pass/",
    "/api/v1/vendor/leads/{lead_id}/offers/",
    "/api/v1/vendor/offers/",
    "/api/v1/vendor/offers/{id}/",
    "/api/v1/vendor/offers/{id}/withdraw/",
    "/api/v1/me/",
    "/api/v1/me/export/",
]


@pytest.fixture
def schema(anon):
    response = anon.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi")
    return response.json()


def test_the_schema_is_an_openapi_3_document(schema):
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"]


def test_the_schema_lists_every_contract_path(schema):
    missing = [path for path in CONTRACT_PATHS if path not in schema["paths"]]

    assert missing == []


def test_the_schema_names_the_methods_of_the_contract(schema):
    paths = schema["paths"]
    assert set(paths["/api/v1/intents/"]) >= {"get", "post"}
    assert set(paths["/api/v1/vendor/subscriptions/{id}/"]) >= {"get", "patch", "delete"}
    assert "post" in paths["/api/v1/offers/{offer_id}/accept/"]
    assert "delete" in paths["/api/v1/me/"]


def test_the_schema_documents_token_auth(schema):
    schemes = schema["components"]["securitySchemes"]
    assert any(
        s.get("type") == "apiKey" and s.get("name") == "Authorization" for s in schemes.values()
    )


def test_the_schema_is_served_as_yaml_by_default(anon):
    response = anon.get("/api/schema/")

    assert response.status_code == 200
    assert b"openapi:" in response.content
    assert b"/api/v1/intents/" in response.content


def test_the_browsable_docs_answer(anon):
    response = anon.get("/api/docs/")

    assert response.status_code == 200
    assert b"swagger" in response.content.lower()

"""Posting through the API and running matching as a commit would, for the privacy tests."""

from tests.conftest import client_for

INTENTS = "/api/v1/intents/"
LEADS = "/api/v1/vendor/leads/"


def post_intent(customer, after_commit, **fields) -> dict:
    """An intent for lunch in central Glasgow, matched (in-process) before returning."""
    body = {"text": "Lunch for 2 near me", "lat": 55.8642, "lng": -4.2518, **fields}
    with after_commit():
        response = client_for(customer).post(INTENTS, body, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def lead_of(vendor, intent_id: int) -> dict | None:
    leads = client_for(vendor.owner).get(LEADS).json()["results"]
    return next((lead for lead in leads if lead["intent"]["id"] == intent_id), None)

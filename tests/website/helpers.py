"""Small helpers that keep the website tests reading as the spec."""

from __future__ import annotations

from tests.factories import GLASGOW

NEW = "/intents/new/"


def intent_form(**fields) -> dict:
    """What the post form sends for "lunch for 2 in Glasgow", changed by `fields`."""
    return {
        "text": "Lunch for 2 in Glasgow, under £30",
        "where": "here",
        "disclosure": "approximate",
        "max_offers": "5",
        **fields,
    }


def near_glasgow() -> dict:
    return {"where": "here", "lat": str(GLASGOW[0]), "lng": str(GLASGOW[1])}


def form_errors(response) -> dict[str, list[str]]:
    """The inline errors the page shows, by field ('__all__' for the form's own)."""
    assert response.status_code in (400, 429), response.status_code
    return {field: list(errors) for field, errors in response.context["form"].errors.items()}


def text_of(response) -> str:
    return response.content.decode()

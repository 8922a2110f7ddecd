"""Small helpers that keep the portal tests reading as the spec."""

from __future__ import annotations

from tests.factories import GLASGOW


def form_errors(response) -> dict[str, list[str]]:
    """The inline errors the page shows, by field ('__all__' for the form's own)."""
    assert response.status_code in (400, 429), response.status_code
    return {field: list(errors) for field, errors in response.context["form"].errors.items()}


def text_of(response) -> str:
    return response.content.decode()


def subscription_form(**fields) -> dict:
    """What the subscription form sends for restaurant meals within 3 km of central
    Glasgow, any time, changed by `fields`."""
    return {
        "categories": ["restaurant-meal"],
        "place": f"{GLASGOW[0]}, {GLASGOW[1]}",
        "radius_km": "3",
        "hours_mode": "always",
        "min_budget": "",
        "currency": "",
        "daily_cap": "20",
        **fields,
    }

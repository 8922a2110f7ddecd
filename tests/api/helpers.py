"""Small helpers that keep the API tests reading as the spec."""

from __future__ import annotations

import re
from datetime import timedelta

from django.utils import timezone

from offers.services import accept_terms
from tests.factories import IntentFactory, LeadFactory, OfferFactory

EDINBURGH = (55.9533, -3.1883)
ISO_WITH_OFFSET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$")


def ago(**delta) -> str:
    return (timezone.now() - timedelta(**delta)).isoformat()


def ahead(**delta) -> str:
    return (timezone.now() + timedelta(**delta)).isoformat()


def page(response) -> list[dict]:
    """The results of a paginated list answer, after checking it is one."""
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    return body["results"]


def ids(response) -> set[int]:
    return {item["id"] for item in page(response)}


def rejected(response, field: str) -> str:
    """Assert a 400 whose only complaint is about `field`; return its message."""
    assert response.status_code == 400, response.content
    errors = response.json()
    assert list(errors) == [field], errors
    message = errors[field]
    text = str(message)
    assert text.strip("[]{}'\" "), errors
    return text


def conflict(response) -> str:
    """Assert a 409 with a human message under `detail`; return the message."""
    assert response.status_code == 409, response.content
    detail = response.json()["detail"]
    assert detail
    return detail


def past_expiry_intent(**kwargs):
    """Open in the database, but its window (and so its expiry) ended an hour ago:
    the expiry sweep has not run yet."""
    starts = timezone.now() - timedelta(hours=4)
    return IntentFactory(starts_at=starts, ends_at=starts + timedelta(hours=3), **kwargs)


def lead_for(vendor, *, terms_accepted: bool = True, **kwargs):
    """A new lead routed to `vendor` (on a fresh intent unless one is given), whose
    terms the business already accepted unless `terms_accepted=False`."""
    lead = LeadFactory(vendor=vendor, **kwargs)
    if terms_accepted:
        accept_terms(lead, vendor.owner)
    return lead


def offer_from(vendor, intent=None, **kwargs):
    """A pending offer by `vendor`, on `intent` (or on a fresh one)."""
    lead_kwargs = {"lead__vendor": vendor}
    if intent is not None:
        lead_kwargs["lead__intent"] = intent
    return OfferFactory(**lead_kwargs, **kwargs)


def offer_payload(**overrides) -> dict:
    return {
        "price": "22.00",
        "currency": "GBP",
        "message": "Table for two at 13:00",
        "accept_terms": True,
        **overrides,
    }

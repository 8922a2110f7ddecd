"""What a vendor learns of where an intent is: the point at the customer's precision."""

from typing import NamedTuple

from core.geo import snap_to_grid
from intents.models import Intent

# Grid cell sizes; "area" is about a neighbourhood or a small town.
APPROXIMATE_KM = 1.0
AREA_KM = 5.0


class DisclosedPoint(NamedTuple):
    lat: float
    lng: float
    precision_km: float


def disclosed_point(intent: Intent) -> DisclosedPoint:
    if intent.disclosure == Intent.Disclosure.EXACT:
        return DisclosedPoint(intent.lat, intent.lng, 0.0)
    cell = APPROXIMATE_KM if intent.disclosure == Intent.Disclosure.APPROXIMATE else AREA_KM
    lat, lng = snap_to_grid(intent.lat, intent.lng, cell)
    return DisclosedPoint(lat, lng, cell)


# The one term that keeps contact details inside Beckon even after acceptance.
CONTACT_HIDING_TERM = "platform-contact-only"


def customer_alias(intent: Intent, *, recognised: bool = False) -> str:
    """The intent's own alias, so a vendor cannot link two intents of one customer;
    the customer's lasting alias only where they chose to be recognised by vendors they
    accepted before (`recognised`: LeadQuerySet.with_disclosure works it out)."""
    if recognised and intent.customer is not None:
        return intent.customer.alias
    return intent.alias


def customer_contact(intent: Intent, *, won: bool) -> dict | None:
    """Name, email and phone: only for the vendor whose offer was accepted (`won`), only
    if the terms allow contact outside Beckon, and not after retention deleted them."""
    customer = intent.customer
    if not won or customer is None or intent.contact_purged_at is not None:
        return None
    if intent.carries(CONTACT_HIDING_TERM):
        return None
    return {"name": customer.name, "email": customer.email, "phone": customer.phone}


def account_age_band(joined, now) -> str:
    days = (now - joined).days
    if days < 30:
        return "under a month"
    if days < 365:
        return "1 to 12 months"
    return "over a year"


def customer_signals(intent: Intent, *, accepted_before: int, now) -> dict | None:
    """Why a vendor can take the request seriously without learning who sent it."""
    customer = intent.customer
    if customer is None:
        return None
    return {
        "email_verified": customer.email_verified,
        "account_age": account_age_band(customer.date_joined, now),
        "intents_accepted": accepted_before,
    }

"""A lead, an intent and a subscription in the words a vendor reads: what the customer
disclosed and nothing finer, opening hours in short, areas by their nearest town."""

from __future__ import annotations

from django.utils import timezone

from core.geo import distance_km
from intents import disclosure
from intents.disclosure import CONTACT_HIDING_TERM, disclosed_point
from intents.models import Intent
from matching.models import Lead
from portal import places
from vendors.hours import WEEKDAY_NAMES
from vendors.models import Subscription

DASH = "\u2013"

PRECISION = {
    Intent.Disclosure.EXACT: "their exact spot",
    Intent.Disclosure.APPROXIMATE: "to about 1 km",
    Intent.Disclosure.AREA: "to about 5 km",
}


def shown_distance(lead: Lead) -> float | None:
    """Kilometres from the lead's service point (or the business) to the point the
    customer disclosed: never to their true point (the API's rule, docs/privacy.md)."""
    origin = lead.subscription or lead.vendor
    if origin is None or origin.lat is None or origin.lng is None:
        return None
    point = disclosed_point(lead.intent)
    return round(distance_km(origin.lat, origin.lng, point.lat, point.lng), 1)


def hides_contact(intent: Intent) -> bool:
    return any(it.term.slug == CONTACT_HIDING_TERM for it in intent.intent_terms.all())


def customer_contact(lead: Lead) -> dict | None:
    """The customer's name, email and phone: only once they accepted this business's
    offer, and only as their terms allow (needs LeadQuerySet.with_disclosure)."""
    return disclosure.customer_contact(lead.intent, won=lead.won)


def alias(lead: Lead) -> str:
    return disclosure.customer_alias(lead.intent, recognised=lead.recognised)


def signals(lead: Lead) -> dict | None:
    return disclosure.customer_signals(
        lead.intent, accepted_before=lead.customer_accepted_intents, now=timezone.now()
    )


def hours_summary(hours: list[dict]) -> str:
    """ "Any time", or days with the same hours together: "Mon-Fri 09:00-17:00 · Sun
    10:00-14:00" (with en dashes; days not named are closed)."""
    if not hours:
        return "Any time"
    by_day: dict[int, list[str]] = {}
    for span in sorted(hours, key=lambda s: (s["weekday"], s["opens"])):
        by_day.setdefault(span["weekday"], []).append(f"{span['opens']}{DASH}{span['closes']}")
    runs: list[tuple[int, int, str]] = []  # first day, last day, hours
    for day in range(7):
        if day not in by_day:
            continue
        words = ", ".join(by_day[day])
        if runs and runs[-1][1] == day - 1 and runs[-1][2] == words:
            runs[-1] = (runs[-1][0], day, words)
        else:
            runs.append((day, day, words))
    parts = []
    for first, last, words in runs:
        if first == last:
            days = WEEKDAY_NAMES[first]
        elif last == first + 1:
            days = f"{WEEKDAY_NAMES[first]}, {WEEKDAY_NAMES[last]}"
        else:
            days = f"{WEEKDAY_NAMES[first]}{DASH}{WEEKDAY_NAMES[last]}"
        parts.append(f"{days} {words}")
    return " · ".join(parts)


def categories_summary(subscription: Subscription) -> str:
    groups = [f"All of {g.name}" for g in subscription.groups.all()]
    leaves = [c.name for c in subscription.categories.all()]
    return ", ".join([*groups, *leaves]) or "Nothing chosen"


def area(subscription: Subscription) -> str:
    centre = places.describe(subscription.lat, subscription.lng)
    return f"Within {subscription.radius_km:g} km of {centre}"

"""Who looked: every time someone at a vendor opens an intent or its customer's contact,
the customer can see it (the privacy page, GET /api/v1/intents/{id}/access-log/)."""

from __future__ import annotations

from django.db.models import QuerySet

from intents.models import AccessEvent, Intent


def record_access(intent: Intent, *, vendor, user, what: str) -> AccessEvent:
    return AccessEvent.objects.create(intent=intent, vendor=vendor, user=user, what=what)


def access_log(intent: Intent) -> QuerySet[AccessEvent]:
    """Newest first, naming the business and the person at it who looked."""
    return AccessEvent.objects.filter(intent=intent).select_related("vendor", "user")

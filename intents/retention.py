"""Forgetting on schedule and on request: what is deleted from an intent, and when.

What stays of a scrubbed intent (category, times, budget, status, a 5 km area, its leads
and offers) keeps vendors' statistics true while saying nothing about the person.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Round
from django.utils import timezone

from accounts.aliases import random_alias
from core.geo import snap_to_grid
from intents.disclosure import AREA_KM
from intents.models import Intent, Term
from matching.models import Lead

DELETE_DETAILS_TERM = "delete-within-30-days"


def scrub_intent(intent: Intent, now: datetime, *, unlink_customer: bool = False) -> None:
    """Delete the free text, the place name and the exact point (kept only as the centre
    of its 5 km grid cell); leads keep distances to the kilometre, too coarse to find the
    point from. Erasure also cuts the link to the person and draws a fresh alias."""
    lat, lng = snap_to_grid(intent.lat, intent.lng, AREA_KM)
    changes = {
        "text": "",
        "place_name": "",
        "lat": lat,
        "lng": lng,
        "disclosure": Intent.Disclosure.AREA,
        "personal_data_purged_at": now,
    }
    if unlink_customer:
        changes.update(customer=None, alias=random_alias(), contact_purged_at=now)
    with transaction.atomic():
        Intent.objects.filter(pk=intent.pk).update(**changes)
        Lead.objects.filter(intent_id=intent.pk).update(distance_km=Round(F("distance_km")))


def purge_past_retention(now: datetime | None = None) -> dict[str, int]:
    """The beat task's work: text and exact points of intents closed more than
    RETENTION_DAYS ago, and the contact details of intents carrying
    `delete-within-30-days` 30 days after they closed."""
    now = now or timezone.now()
    stale = Intent.objects.filter(
        closed_at__lt=now - timedelta(days=settings.RETENTION_DAYS),
        personal_data_purged_at__isnull=True,
    ).only("pk", "lat", "lng")
    scrubbed = 0
    for intent in stale.iterator(chunk_size=500):
        scrub_intent(intent, now)
        scrubbed += 1
    contact_due = Intent.objects.filter(
        closed_at__lt=now - timedelta(days=settings.CONTACT_RETENTION_DAYS),
        contact_purged_at__isnull=True,
        terms__in=Term.objects.filter(slug=DELETE_DETAILS_TERM),
    )
    withheld = contact_due.update(contact_purged_at=now)
    return {"scrubbed": scrubbed, "contact_withheld": withheld}

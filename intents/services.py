"""Every change to an intent's life: post, withdraw, expire.

Each transition is one conditional UPDATE (`status=open` in the WHERE clause) whose row
count says whether it won, so two requests racing on one intent cannot both succeed.
Accepting an offer is the other way an intent ends; it lives in offers/services.py and
shares `close_open_work` with these.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core import live
from core.errors import Conflict
from intents.models import Category, Intent, IntentTerm, Term
from matching.models import Lead
from offers.models import Offer


def default_terms() -> list[Term]:
    return list(Term.objects.filter(is_default=True))


def create_intent(
    *,
    customer,
    text: str,
    category: Category,
    lat: float,
    lng: float,
    radius_km: float | None = None,
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
    budget_max: Decimal | None = None,
    currency: str = "",
    quantity: int | None = None,
    terms: Iterable[Term] | None = None,
    disclosure: str = Intent.Disclosure.APPROXIMATE,
    max_offers: int | None = None,
    place_name: str = "",
    now: datetime | None = None,
) -> Intent:
    """Save an intent with its terms (the defaults, plus those chosen or, when none
    were, the customer's saved preferences) and queue matching for after the commit, so
    the worker never looks for a row that is not there yet; unless the customer's e-mail
    is unconfirmed where that is required: then it is held until they confirm."""
    from accounts.verification import needs_verification
    from matching.pending import owe_intent

    now = now or timezone.now()
    starts_at = starts_at or now
    ends_at = ends_at or starts_at + settings.INTENT_DEFAULT_WINDOW
    if terms is None:  # not chosen for this intent: the customer's saved preferences
        terms = customer.preferred_terms.all()
    chosen = {term.pk: term for term in [*default_terms(), *terms]}
    held = needs_verification(customer)
    with transaction.atomic():
        intent = Intent.objects.create(
            customer=customer,
            text=text,
            category=category,
            lat=lat,
            lng=lng,
            radius_km=radius_km or settings.INTENT_DEFAULT_RADIUS_KM,
            place_name=place_name,
            starts_at=starts_at,
            ends_at=ends_at,
            budget_max=budget_max,
            currency=currency or "",
            quantity=quantity,
            disclosure=disclosure,
            max_offers=max_offers or customer.default_max_offers,
            expires_at=min(ends_at, now + settings.INTENT_MAX_OPEN),
            created_at=now,
            awaiting_verification=held,
        )
        IntentTerm.objects.bulk_create(
            IntentTerm(intent=intent, term=term, version=term.version) for term in chosen.values()
        )
        # Matching owed, written in this transaction (beat queues it again if the message
        # is lost) and queued after the commit; a broker that is down costs a log line, not
        # the request. A held intent waits for accounts.verification.confirm_email.
        owe_intent(intent.pk, queue=not held)
    return intent


def close_open_work(intent_id: int, now: datetime, *, keep_vendor_id: int | None = None) -> None:
    """An intent ended: its pending offers and its vendors' leads close (except those of
    the vendor whose offer was accepted), and those vendors' inboxes hear it."""
    Offer.objects.filter(intent_id=intent_id, status=Offer.Status.PENDING).update(
        status=Offer.Status.CLOSED, decided_at=now
    )
    closing = Lead.objects.filter(
        intent_id=intent_id,
        status__in=[Lead.Status.NEW, Lead.Status.VIEWED, Lead.Status.OFFERED],
    ).exclude(vendor_id=keep_vendor_id)
    vendors = set(closing.values_list("vendor_id", flat=True)) if live.enabled() else set()
    closing.update(status=Lead.Status.CLOSED, closed_at=now)
    live.announce_to_vendors(vendors, "lead.closed", intent=intent_id)


def _why_not_open(intent_id: int) -> Conflict:
    intent = Intent.objects.get(pk=intent_id)
    return Conflict(f"This intent is {intent.current_status}, not open.", code="intent_not_open")


def withdraw_intent(intent: Intent) -> Intent:
    """The customer calls it off: open (and not past expiry) -> withdrawn."""
    now = timezone.now()
    with transaction.atomic():
        changed = (
            Intent.objects.open(now)
            .filter(pk=intent.pk)
            .update(status=Intent.Status.WITHDRAWN, closed_at=now)
        )
        if changed != 1:
            raise _why_not_open(intent.pk)
        close_open_work(intent.pk, now)
        live.announce(intent.pk, "intent.withdrawn")
    intent.refresh_from_db()
    return intent


def expire_intent(
    intent: Intent, *, only_if_due: bool = False, now: datetime | None = None
) -> bool:
    """open -> expired. The sweep passes only_if_due; an operator may expire any open
    intent at once. Returns whether this call expired it."""
    now = now or timezone.now()
    candidates = Intent.objects.filter(pk=intent.pk, status=Intent.Status.OPEN)
    if only_if_due:
        candidates = candidates.filter(expires_at__lte=now)
    with transaction.atomic():
        if candidates.update(status=Intent.Status.EXPIRED, closed_at=now) != 1:
            return False
        close_open_work(intent.pk, now)
        live.announce(intent.pk, "intent.expired")
    return True


def expire_due_intents(now: datetime | None = None) -> int:
    now = now or timezone.now()
    due = Intent.objects.due_to_expire(now).only("pk")
    return sum(expire_intent(intent, only_if_due=True, now=now) for intent in due.iterator())

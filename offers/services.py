"""Every change to an offer's life: make, withdraw, decline, accept, expire, fulfil.

"Exactly one accepted offer per intent" is held three times over: accepting claims the
intent with a conditional UPDATE (only one request can move it off `open`), the offer
moves with its own conditional UPDATE, and a partial unique index refuses a second
accepted offer whatever the code does.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from core import live
from core.errors import Conflict, TermsNotAccepted
from intents.models import Intent
from intents.services import close_open_work
from matching.models import Lead
from offers.models import Offer, TermsAcceptance
from offers.tasks import email_customer_about_offer


def accept_terms(lead: Lead, user) -> TermsAcceptance:
    """Record that the vendor accepts the intent's terms, at the versions the intent
    carries. The first acceptance is the evidence; accepting again changes nothing."""
    acceptance, _ = TermsAcceptance.objects.get_or_create(
        intent_id=lead.intent_id,
        vendor_id=lead.vendor_id,
        defaults={"accepted_by": user, "term_versions": lead.intent.term_versions()},
    )
    return acceptance


def make_offer(
    lead: Lead,
    user,
    *,
    price: Decimal,
    currency: str,
    message: str = "",
    available_at: datetime | None = None,
    valid_until: datetime | None = None,
    terms_accepted: bool,
) -> Offer:
    """An answer to a lead. The business must have accepted the intent's terms, before
    or with this call (`terms_accepted`): otherwise TermsNotAccepted (a 403)."""
    accepted_before = TermsAcceptance.objects.filter(
        intent_id=lead.intent_id, vendor_id=lead.vendor_id
    ).exists()
    if terms_accepted is not True and not accepted_before:
        raise TermsNotAccepted()
    now = timezone.now()
    with transaction.atomic():
        # Lock the intent: the max_offers count and the live-offer check below must not
        # race with another vendor's offer or with the customer ending the intent.
        intent = Intent.objects.select_for_update().get(pk=lead.intent_id)
        lead.refresh_from_db(fields=["status"])
        if not intent.is_open:
            raise Conflict(f"This intent is {intent.current_status}; it takes no more offers.")
        if lead.status in (Lead.Status.PASSED, Lead.Status.CLOSED):
            raise Conflict(f"This lead is {lead.status}; it takes no offer.")
        if lead.vendor.is_suspended:
            raise Conflict("Your business is suspended; contact Beckon.", "vendor_suspended")
        if intent.currency and currency != intent.currency:
            raise ValidationError(
                {"currency": f"The customer's budget is in {intent.currency}; offer in it too."}
            )
        mine = Offer.objects.filter(intent=intent, vendor_id=lead.vendor_id)
        # An offer that lapsed reads as expired already; write it down so the one-live-
        # offer index does not count it against the new one.
        expire_due_offers(now, offers=mine)
        if mine.filter(status=Offer.Status.DECLINED).exists():
            raise Conflict("The customer declined your offer on this intent.", "offer_declined")
        if mine.live(now).exists():
            raise Conflict("You already have a live offer here; withdraw it to make another.")
        if Offer.objects.live(now).filter(intent=intent).count() >= intent.max_offers:
            raise Conflict("This intent already has all the offers its customer asked for.")
        accept_terms(lead, user)
        try:
            with transaction.atomic():
                offer = Offer.objects.create(
                    intent=intent,
                    lead=lead,
                    vendor_id=lead.vendor_id,
                    created_by=user,
                    price=price,
                    currency=currency,
                    message=message,
                    available_at=available_at,
                    # An offer cannot outlive the intent it answers.
                    valid_until=min(valid_until or intent.expires_at, intent.expires_at),
                    created_at=now,
                )
        except IntegrityError as error:
            raise Conflict("You already have a live offer on this intent.") from error
        Lead.objects.filter(pk=lead.pk).update(status=Lead.Status.OFFERED)
        live.announce(intent.pk, "offer.made", offer=offer.pk)
        live.announce_to_vendors([lead.vendor_id], "offer.made", offer=offer.pk)
        transaction.on_commit(lambda: email_customer_about_offer.delay(offer.pk), robust=True)
    lead.status = Lead.Status.OFFERED
    return offer


def _pending_to(offer: Offer, status: str, *, now: datetime) -> None:
    """The conditional UPDATE behind withdraw and decline: pending and still valid."""
    changed = Offer.objects.live(now).filter(pk=offer.pk).update(status=status, decided_at=now)
    if changed != 1:
        offer.refresh_from_db()
        raise Conflict(f"This offer is {offer.current_status}, not pending.", "offer_not_pending")
    offer.status, offer.decided_at = status, now


def withdraw_offer(offer: Offer) -> Offer:
    """The vendor takes back a pending offer; it may make a new one while the intent is
    open."""
    _pending_to(offer, Offer.Status.WITHDRAWN, now=timezone.now())
    live.announce(offer.intent_id, "offer.withdrawn", offer=offer.pk)
    live.announce_to_vendors([offer.vendor_id], "offer.withdrawn", offer=offer.pk)
    return offer


def decline_offer(offer: Offer) -> Offer:
    """The customer turns one offer down; the intent stays open for the others."""
    _pending_to(offer, Offer.Status.DECLINED, now=timezone.now())
    live.announce(offer.intent_id, "offer.declined", offer=offer.pk)
    live.announce_to_vendors([offer.vendor_id], "offer.declined", offer=offer.pk)
    return offer


def accept_offer(offer: Offer) -> Offer:
    """The customer takes this offer: the intent is accepted, every other offer and lead
    on it closes. Of two concurrent accepts on one intent exactly one wins; the other
    gets Conflict."""
    now = timezone.now()
    with transaction.atomic():
        claimed = (
            Intent.objects.open(now)
            .filter(pk=offer.intent_id)
            .update(status=Intent.Status.ACCEPTED, closed_at=now)
        )
        if claimed != 1:
            intent = Intent.objects.get(pk=offer.intent_id)
            raise Conflict(
                f"This intent is {intent.current_status}; no offer can be accepted now.",
                "intent_not_open",
            )
        # Raising here rolls the intent back to open too.
        _pending_to(offer, Offer.Status.ACCEPTED, now=now)
        close_open_work(offer.intent_id, now, keep_vendor_id=offer.vendor_id)
        live.announce(offer.intent_id, "offer.accepted", offer=offer.pk)
        live.announce_to_vendors([offer.vendor_id], "offer.accepted", offer=offer.pk)
    return offer


def expire_due_offers(now: datetime | None = None, *, offers=None) -> int:
    """pending -> expired for offers past valid_until (all of them, or of `offers`)."""
    now = now or timezone.now()
    offers = Offer.objects.all() if offers is None else offers
    due = offers.filter(status=Offer.Status.PENDING, valid_until__lte=now)
    pairs = set(due.values_list("intent_id", "vendor_id")) if live.enabled() else set()
    expired = due.update(status=Offer.Status.EXPIRED, decided_at=now)
    for intent_id in {intent_id for intent_id, _ in pairs}:
        live.announce(intent_id, "offer.expired")
    live.announce_to_vendors({vendor_id for _, vendor_id in pairs}, "offer.expired")
    return expired


def mark_fulfilled(offer: Offer) -> Offer:
    """The vendor did what the accepted offer promised: accepted -> fulfilled, once. The
    status stays `accepted` (what the customer and the one-accepted rule read);
    `fulfilled_at` records the step."""
    now = timezone.now()
    with transaction.atomic():
        changed = Offer.objects.filter(
            pk=offer.pk, status=Offer.Status.ACCEPTED, fulfilled_at__isnull=True
        ).update(fulfilled_at=now)
        if changed != 1:
            offer.refresh_from_db(fields=["status", "fulfilled_at"])
            if offer.fulfilled_at is not None:
                raise Conflict("This offer is marked fulfilled already.", "offer_fulfilled")
            raise Conflict(
                f"This offer is {offer.current_status}; only an accepted offer can be fulfilled.",
                "offer_not_accepted",
            )
        live.announce_to_vendors([offer.vendor_id], "offer.fulfilled", offer=offer.pk)
    offer.fulfilled_at = now
    return offer

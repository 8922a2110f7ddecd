"""Telling a customer an offer came: by e-mail, if they allow it, and never in their
quiet hours (the offer waits on the site; nothing is lost by not sending)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone

from offers.models import Offer

log = logging.getLogger(__name__)


def email_about_offer(offer: Offer, now=None) -> bool:
    """Returns whether an e-mail went out."""
    customer = offer.intent.customer
    now = now or timezone.now()
    if customer is None or not customer.notify_by_email or customer.in_quiet_hours(now):
        return False
    link = settings.SITE_URL.rstrip("/") + reverse("intent-detail", args=[offer.intent_id])
    body = (
        f"{offer.vendor.name} offers {offer.price} {offer.currency} for your request "
        f"“{offer.intent.text[:80]}”.\n\nSee it, compare and accept: {link}\n\n"
        "You get this because e-mail notices are on; turn them off on your privacy page.\n"
    )
    send_mail("A new offer on Beckon", body, settings.DEFAULT_FROM_EMAIL, [customer.email])
    return True

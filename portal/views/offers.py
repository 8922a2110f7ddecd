"""The business's offers by status; withdraw a pending one, mark an accepted one
fulfilled."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.errors import Conflict
from intents.access import record_access
from intents.disclosure import customer_contact
from intents.models import AccessEvent
from offers.services import mark_fulfilled, withdraw_offer
from portal import describe, selectors
from portal.views.common import member_required, page, safe_next, too_many
from website import throttle

PER_PAGE = 20


@member_required
def offer_list(request):
    status = request.GET.get("status", "pending")
    if status not in selectors.OFFER_FILTERS:
        status = "pending"
    offers = Paginator(selectors.offers_page(request, status), PER_PAGE).get_page(
        request.GET.get("page")
    )
    for offer in offers:
        offer.hides_contact = describe.hides_contact(offer.intent)
        offer.contact = _contact(request, offer)
    context = {
        "offers": offers,
        "open_offers": [offer for offer in offers if not offer.fulfilled_at],
        "done_offers": [offer for offer in offers if offer.fulfilled_at],
        "status": status,
        "filters": selectors.OFFER_FILTERS,
        "counts": selectors.offer_counts(request),
        "back": request.get_full_path(),
    }
    return page(request, "portal/offer_list.html", context)


def _contact(request, offer) -> dict | None:
    """The customer's contact on an accepted offer still to fulfil, as their terms
    allow (after fulfilment, the lead's page still has it). Showing it is logged for
    the customer to see."""
    if offer.fulfilled_at:
        return None
    contact = customer_contact(offer.intent, won=offer.status_now == "accepted")
    if contact:
        record_access(
            offer.intent, vendor=offer.vendor, user=request.user, what=AccessEvent.What.CONTACT
        )
    return contact


def _back(request, offer) -> str:
    return safe_next(request, reverse("portal:lead", args=[offer.lead_id]))


@member_required
@require_POST
def withdraw(request, offer_id: int):
    offer = selectors.offer_for_member(request, offer_id)
    if not throttle.allowed(request, "writes"):
        return too_many(request)
    try:
        withdraw_offer(offer)
    except Conflict as conflict:
        messages.error(request, conflict.message)
    else:
        messages.success(
            request, "Offer withdrawn. You can make a new one while the request is open."
        )
    return redirect(_back(request, offer))


@member_required
@require_POST
def fulfil(request, offer_id: int):
    offer = selectors.offer_for_member(request, offer_id)
    if not throttle.allowed(request, "writes"):
        return too_many(request)
    try:
        mark_fulfilled(offer)
    except Conflict as conflict:
        messages.error(request, conflict.message)
    else:
        messages.success(request, "Marked fulfilled. Well done.")
    return redirect(_back(request, offer))

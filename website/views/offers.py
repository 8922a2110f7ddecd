"""Deciding on an offer: accept (after one confirmation) or decline."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.errors import Conflict
from offers.models import Offer
from offers.services import accept_offer, decline_offer
from website import formatting, selectors, throttle
from website.views.common import too_many


@login_required
def accept(request, intent_id: int, offer_id: int):
    intent = selectors.intent_for(request.user, intent_id)
    offer = selectors.offer_for(request.user, intent, offer_id)
    if request.method == "POST":
        if not throttle.allowed(request, "writes"):
            return too_many(request)
        try:
            accept_offer(offer)
        except Conflict as conflict:
            messages.error(request, conflict.message)
            return redirect("intent-detail", intent_id=intent.pk)
        messages.success(request, f"You accepted {offer.vendor.name}'s offer.")
        return redirect(f"{reverse('intent-detail', args=[intent.pk])}#accepted")
    if offer.current_status != Offer.Status.PENDING:
        messages.info(request, f"This offer is {offer.current_status}; it can't be accepted.")
        return redirect("intent-detail", intent_id=intent.pk)
    price = formatting.money(offer.price, offer.currency)
    return render(
        request,
        "customer/confirm.html",
        {
            "title": f"Accept {offer.vendor.name}'s offer of {price}?",
            "intent": intent,
            "offer": offer,
            "explain": "Your intent closes and the other offers are declined. "
            "This vendor gets your contact details, as your terms allow, and you get theirs.",
            "action": "Yes, accept this offer",
            "back": reverse("intent-detail", args=[intent.pk]),
        },
    )


@login_required
@require_POST
def decline(request, intent_id: int, offer_id: int):
    intent = selectors.intent_for(request.user, intent_id)
    offer = selectors.offer_for(request.user, intent, offer_id)
    if not throttle.allowed(request, "writes"):
        return too_many(request)
    try:
        decline_offer(offer)
    except Conflict as conflict:
        messages.error(request, conflict.message)
    else:
        messages.success(request, f"Declined {offer.vendor.name}'s offer.")
    return redirect("intent-detail", intent_id=intent.pk)

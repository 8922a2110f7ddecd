"""One lead: read it (which marks it viewed, for the customer to see), accept the
customer's terms, answer with an offer (from a saved reply if you like), or pass."""

from __future__ import annotations

import hashlib

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from core.errors import Conflict
from intents.access import record_access
from intents.models import AccessEvent, Intent
from matching.leads import open_lead, pass_lead
from matching.models import Lead
from offers.models import Offer
from offers.services import accept_terms, make_offer
from portal import describe, selectors
from portal.forms import OfferForm
from portal.views.common import live_settings, member_required, page, too_many
from vendors.permissions import business_budget
from website import formatting, throttle


def _can_offer(lead: Lead, offers: list[Offer]) -> bool:
    """Whether the composer makes sense: the intent is open, the lead not passed or
    closed, no live offer from the business, none declined by the customer."""
    if lead.intent_status_now != Intent.Status.OPEN:
        return False
    if lead.status in (Lead.Status.PASSED, Lead.Status.CLOSED):
        return False
    return not any(o.status_now in (Offer.Status.PENDING, Offer.Status.DECLINED) for o in offers)


def live_context(request, lead: Lead) -> dict:
    now = timezone.now()
    offers = selectors.offers_on_lead(lead)
    hides_contact = describe.hides_contact(lead.intent)
    for offer in offers:
        accepted = offer.status_now == Offer.Status.ACCEPTED
        offer.contact = describe.customer_contact(lead) if accepted else None
        offer.hides_contact = hides_contact
    context = {
        "lead": lead,
        "intent": lead.intent,
        "offers": offers,
        "vendor_zone": lead.vendor.time_zone,
        "now": now,
        "back": reverse("portal:lead", args=[lead.pk]),
    }
    fingerprint = [
        str(lead.status),  # view_lead leaves an enum member, the database a plain string
        lead.intent_status_now,
        formatting.time_left(lead.intent.expires_at, now),
        *[
            (o.pk, o.status_now, o.fulfilled_at, formatting.time_left(o.valid_until, now))
            for o in offers
        ],
    ]
    context["version"] = hashlib.sha256(repr(fingerprint).encode()).hexdigest()[:16]
    return context


def render_live(request, context: dict) -> str:
    html = render_to_string("portal/_lead_live.html", context, request=request)
    return html + format_html(
        '<input type="hidden" name="v" id="live-version" value="{}">', context["version"]
    )


def _composer_initial(request, lead: Lead) -> dict:
    initial = {}
    reply_id = request.GET.get("template")
    if reply_id and reply_id.isdigit():
        reply = selectors.replies_for_member(request).filter(pk=reply_id).first()
        if reply:
            initial["message"] = reply.message
    for name in ("price", "currency", "available_at", "valid_until"):
        if request.GET.get(name):
            initial[name] = request.GET[name]
    return initial


def render_lead(request, lead: Lead, *, form: OfferForm | None = None, status: int = 200):
    context = live_context(request, lead)
    can_offer = _can_offer(lead, context["offers"])
    zone = lead.vendor.zone
    if form is None and can_offer and lead.terms_accepted:
        form = OfferForm(intent=lead.intent, zone=zone, initial=_composer_initial(request, lead))
    context.update(
        live_html=render_live(request, context),
        can_offer=can_offer,
        form=form,
        replies=list(selectors.replies_for_member(request)),
        distance=describe.shown_distance(lead),
        alias=describe.alias(lead),
        signals=describe.signals(lead),
        precision=describe.PRECISION[lead.intent.disclosure],
        acceptance=lead.intent.acceptances.filter(vendor=lead.vendor)
        .select_related("accepted_by")
        .first(),
        **live_settings(request),
    )
    return page(request, "portal/lead_detail.html", context, status=status)


@member_required
def lead_detail(request, lead_id: int):
    """Before the business accepts the customer's terms the page shows them and what
    the inbox shows; only after does it show the request itself (and count as opened)."""
    lead = selectors.lead_for_member(request, lead_id)
    if lead.terms_accepted:
        open_lead(lead, request.user)
    return render_lead(request, lead)


@member_required
def lead_live(request, lead_id: int):
    lead = selectors.lead_for_member(request, lead_id)
    context = live_context(request, lead)
    if request.GET.get("v") == context["version"]:
        return HttpResponse(status=204)
    if any(offer.contact for offer in context["offers"]):  # e.g. the offer was just accepted
        record_access(
            lead.intent, vendor=lead.vendor, user=request.user, what=AccessEvent.What.CONTACT
        )
    return HttpResponse(render_live(request, context))


@member_required
def composer(request, lead_id: int):
    """The offer composer, for htmx, started from a saved reply (what was typed in the
    other fields comes along)."""
    lead = selectors.lead_for_member(request, lead_id)
    form = OfferForm(
        intent=lead.intent, zone=lead.vendor.zone, initial=_composer_initial(request, lead)
    )
    return page(
        request,
        "portal/_composer.html",
        {"lead": lead, "intent": lead.intent, "form": form, "replies": []},
    )


@member_required
@require_POST
def accept_lead_terms(request, lead_id: int):
    lead = selectors.lead_for_member(request, lead_id)
    if not throttle.allowed(request, "writes"):
        return too_many(request)
    accept_terms(lead, request.user)
    messages.success(request, "You accepted the customer's terms. Now write your offer.")
    return redirect(f"{reverse('portal:lead', args=[lead.pk])}#composer")


@member_required
@require_POST
def offer(request, lead_id: int):
    lead = selectors.lead_for_member(request, lead_id)
    if not throttle.allowed(request, "offers", ident=business_budget):
        return too_many(request)
    if not lead.terms_accepted:
        messages.error(request, "Accept the customer's terms first: then you can offer.")
        return redirect("portal:lead", lead_id=lead.pk)
    form = OfferForm(request.POST, intent=lead.intent, zone=lead.vendor.zone)
    if not form.is_valid():
        return render_lead(request, lead, form=form, status=400)
    data = form.offer_data
    try:
        make_offer(
            lead,
            request.user,
            price=data["price"],
            currency=data["currency"],
            message=data["message"],
            available_at=data.get("available_at"),
            valid_until=data.get("valid_until"),
            terms_accepted=True,
        )
    except Conflict as conflict:
        messages.error(request, conflict.message)
        return redirect("portal:lead", lead_id=lead.pk)
    except ValidationError as error:
        for field, problems in error.message_dict.items():
            for problem in problems:
                form.add_error(field if field in form.fields else None, problem)
        return render_lead(request, lead, form=form, status=400)
    messages.success(request, "Offer sent. This page shows the customer's answer when it comes.")
    return redirect("portal:lead", lead_id=lead.pk)


@member_required
@require_POST
def pass_(request, lead_id: int):
    lead = selectors.lead_for_member(request, lead_id)
    if not throttle.allowed(request, "writes"):
        return too_many(request)
    try:
        pass_lead(lead)
    except Conflict as conflict:
        messages.error(request, conflict.message)
        return redirect("portal:lead", lead_id=lead.pk)
    messages.success(request, "Passed. It is out of your inbox (find it under “Passed”).")
    return redirect("portal:inbox")

"""A customer's intents: post one (with the live parse preview), watch its offers, list
them all, withdraw one."""

from __future__ import annotations

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.handlers.asgi import ASGIRequest
from django.core.paginator import Paginator
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from core import live
from core.errors import Conflict
from intents.disclosure import CONTACT_HIDING_TERM
from intents.models import Intent
from intents.services import create_intent, withdraw_intent
from offers.models import Offer
from website import formatting, preview, selectors, throttle
from website.forms import IntentForm
from website.models import SavedPlace
from website.views.common import DRAFT_KEY, too_many

POLL_SECONDS = 2  # the embedded default (WSGI, no Redis): the offers fragment is polled
SAFETY_POLL_SECONDS = 30  # with SSE: catches what no event announces (new leads, the clock)
STOP_POLLING = 286  # htmx stops polling on this status


def new_intent(request):
    """The full form. A visitor's words wait in the session while they sign up."""
    if not request.user.is_authenticated:
        if request.GET.get("text"):
            request.session[DRAFT_KEY] = request.GET["text"][:1000]
        return redirect(f"{reverse('signup')}?next={reverse('intent-new')}")
    user = request.user
    status = 200
    if request.method == "POST":
        form = IntentForm(request.POST, user=user)
        if not throttle.allowed(request, "intents"):
            form.add_error(None, throttle.TOO_MANY)
            status = 429
        elif form.is_valid():
            intent = create_intent(customer=user, **form.intent_data)
            remember = form.place_to_remember()
            if remember:
                name, lat, lng = remember
                SavedPlace.objects.update_or_create(
                    user=user,
                    defaults={"name": name, "lat": lat, "lng": lng, "updated_at": timezone.now()},
                )
            request.session.pop(DRAFT_KEY, None)
            messages.success(request, "Posted. Vendors who opted in to this are hearing about it.")
            return redirect("intent-detail", intent_id=intent.pk)
        else:
            status = 400
    else:
        text = request.GET.get("text") or request.session.get(DRAFT_KEY, "")
        saved = SavedPlace.objects.filter(user=user).exists()
        form = IntentForm(initial={"text": text, "where": "saved" if saved else "here"}, user=user)
    data = form.data if form.is_bound else _initial_data(form)
    context = {"form": form, "preview": preview.build(data, user)}
    return render(request, "customer/intent_new.html", context, status=status)


def _initial_data(form: IntentForm) -> QueryDict:
    data = QueryDict(mutable=True)
    data.update({"text": form.initial.get("text", ""), "where": form.initial.get("where", "")})
    return data


@require_POST
def parse_preview(request):
    """The preview fragment, re-rendered as the customer types (visitors too)."""
    if not throttle.allowed(request, "parse"):
        return HttpResponse(status=429)
    items = preview.build(request.POST, request.user)
    adjustable = request.POST.get("adjustable") == "1"  # the full form has fields to change
    return render(request, "customer/_preview.html", {"preview": items, "adjustable": adjustable})


@login_required
def intent_list(request):
    now = timezone.now()
    intents = selectors.customer_intents(request.user)
    open_intents = intents.filter(status_now=Intent.Status.OPEN)
    closed = Paginator(intents.exclude(status_now=Intent.Status.OPEN), 20)
    page = closed.get_page(request.GET.get("page"))
    return render(
        request,
        "customer/intent_list.html",
        {"open_intents": list(open_intents), "closed_page": page, "now": now},
    )


def live_mode(request) -> str:
    """Server-Sent Events need Redis and an ASGI server (uvicorn); anything else polls."""
    return "sse" if live.enabled() and isinstance(request, ASGIRequest) else "poll"


def _sort(request) -> str:
    sort = request.GET.get("sort", "")
    return sort if sort in selectors.SORTS else selectors.DEFAULT_SORT


def live_context(intent, sort: str) -> dict:
    now = timezone.now()
    offers = list(selectors.offers_on(intent, sort))
    accepted = next((o for o in offers if o.status_now == Offer.Status.ACCEPTED), None)
    hides_contact = any(it.term.slug == CONTACT_HIDING_TERM for it in intent.intent_terms.all())
    opened = intent.leads.filter(viewed_at__isnull=False).count()
    live_offers = [o for o in offers if o.status_now == Offer.Status.PENDING]
    context = {
        "intent": intent,
        "offers": offers,
        "live_offers": live_offers,
        "other_offers": [o for o in offers if o not in live_offers and o is not accepted],
        "accepted": accepted,
        "show_contact": accepted is not None and not hides_contact,
        "hides_contact": hides_contact,
        "opened_count": opened,
        "sort": sort,
        "sorts": {key: label for key, (label, _) in selectors.SORTS.items()},
        "now": now,
    }
    # What the page shows, in the words it shows it: when this has not changed, a poll
    # gets 204 and the page (and the keyboard focus in it) stays as it is.
    fingerprint = [
        intent.status_now,
        intent.leads_count,
        opened,
        formatting.time_left(intent.expires_at, now),
        sort,
        *[(o.pk, o.status_now, formatting.time_left(o.valid_until, now)) for o in offers],
    ]
    context["version"] = hashlib.sha256(repr(fingerprint).encode()).hexdigest()[:16]
    return context


def render_live(request, context: dict) -> str:
    html = render_to_string("customer/_intent_live.html", context, request=request)
    return html + format_html(
        '<input type="hidden" name="v" id="live-version" value="{}">', context["version"]
    )


@login_required
def intent_detail(request, intent_id: int):
    intent = selectors.intent_for(request.user, intent_id)
    sort = _sort(request)
    context = live_context(intent, sort)
    mode = live_mode(request)
    context.update(
        live_html=render_live(request, context),
        live_mode=mode,
        poll_seconds=POLL_SECONDS if mode == "poll" else SAFETY_POLL_SECONDS,
    )
    return render(request, "customer/intent_detail.html", context)


@login_required
def intent_live(request, intent_id: int):
    """The live part of the intent page, for htmx: 204 when nothing changed, 286 (stop
    polling) once the intent is over."""
    intent = selectors.intent_for(request.user, intent_id)
    context = live_context(intent, _sort(request))
    status = 200 if intent.status_now == Intent.Status.OPEN else STOP_POLLING
    if request.GET.get("v") == context["version"] and status == 200:
        return HttpResponse(status=204)
    return HttpResponse(render_live(request, context), status=status)


@login_required
def withdraw(request, intent_id: int):
    intent = selectors.intent_for(request.user, intent_id)
    if request.method == "POST":
        if not throttle.allowed(request, "writes"):
            return too_many(request)
        try:
            withdraw_intent(intent)
        except Conflict as conflict:
            messages.error(request, conflict.message)
        else:
            messages.success(request, "Withdrawn. Vendors can no longer answer it.")
        return redirect("intent-detail", intent_id=intent.pk)
    if intent.status_now != Intent.Status.OPEN:
        messages.info(request, f"This intent is {intent.status_now} already.")
        return redirect("intent-detail", intent_id=intent.pk)
    return render(
        request,
        "customer/confirm.html",
        {
            "title": "Withdraw this intent?",
            "intent": intent,
            "explain": "Vendors can no longer answer it, and any offers you have are closed. "
            "This cannot be undone, but you can always post a new one.",
            "action": "Yes, withdraw it",
            "danger": True,
            "back": reverse("intent-detail", args=[intent.pk]),
        },
    )

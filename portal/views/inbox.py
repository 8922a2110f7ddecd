"""The leads inbox: what needs an answer, live (SSE when it can, polling when not)."""

from __future__ import annotations

import hashlib

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html

from portal import selectors
from portal.views.common import live_settings, member_required, page
from website import formatting

PER_PAGE = 25


def _filters(request) -> tuple[str, str]:
    status = request.GET.get("status", "")
    if status not in selectors.INBOX_FILTERS:
        status = ""
    return status, (request.GET.get("category") or "")[:64]


def inbox_context(request) -> dict:
    now = timezone.now()
    status, category = _filters(request)
    leads = selectors.inbox(request, status, category)
    page_of_leads = Paginator(leads, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "leads": list(page_of_leads),
        "page_obj": page_of_leads,
        "status": status,
        "status_label": selectors.INBOX_FILTERS[status],
        "category": category,
        "filters": selectors.INBOX_FILTERS,
        "now": now,
        "has_subscriptions": selectors.vendor_of(request).subscriptions.exists(),
        "vendor_zone": selectors.vendor_of(request).time_zone,
    }
    # What the list shows, in the words it shows it: unchanged means a poll gets 204
    # and the list (and the keyboard focus in it) stays as it is.
    fingerprint = [
        status,
        category,
        page_of_leads.number,
        page_of_leads.paginator.count,
        *[
            (
                lead.pk,
                str(lead.status),
                lead.intent_status_now,
                formatting.time_left(lead.intent.expires_at, now),
            )
            for lead in context["leads"]
        ],
    ]
    context["version"] = hashlib.sha256(repr(fingerprint).encode()).hexdigest()[:16]
    return context


def render_live(request, context: dict) -> str:
    html = render_to_string("portal/_inbox_live.html", context, request=request)
    return html + format_html(
        '<input type="hidden" name="v" id="live-version" value="{}">', context["version"]
    )


@member_required
def inbox(request):
    context = inbox_context(request)
    context.update(
        live_html=render_live(request, context),
        categories=selectors.inbox_categories(request),
        **live_settings(request),
    )
    return page(request, "portal/inbox.html", context)


@member_required
def inbox_live(request):
    """The list, for htmx: 204 when nothing changed since the version the page shows."""
    context = inbox_context(request)
    if request.GET.get("v") == context["version"]:
        return HttpResponse(status=204)
    return HttpResponse(render_live(request, context))

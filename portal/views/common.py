"""Small pieces shared by the portal's views: who may see a page, rendering with the
business in context, rate limits, live updates."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.handlers.asgi import ASGIRequest
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from core import live
from portal import selectors
from vendors.permissions import membership_of
from website.throttle import TOO_MANY

POLL_SECONDS = 2  # the embedded default (WSGI, no Redis): live parts are polled
SAFETY_POLL_SECONDS = 30  # with SSE: catches what no event announces (the clock, passes)


def member_required(view):
    """Signed in, and a member of a business; anyone else is sent to sign in, or told
    that the account has no business (with the way to start one)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("portal:login"))
        if membership_of(request) is None:
            return render(request, "portal/no_business.html", status=403)
        return view(request, *args, **kwargs)

    return wrapped


def owner_required(view):
    """Owners change the business and its subscriptions; staff get a 403 that says so."""

    @member_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not membership_of(request).is_owner:
            return forbidden(request)
        return view(request, *args, **kwargs)

    return wrapped


def is_owner(request) -> bool:
    membership = membership_of(request)
    return membership is not None and membership.is_owner


def page(request: HttpRequest, template: str, context: dict | None = None, *, status=200):
    """Render a portal page with the business, the member and the inbox count."""
    membership = membership_of(request)
    context = {**(context or {})}
    if membership is not None:
        context.update(
            membership=membership,
            vendor=membership.vendor,
            vendor_zone=membership.vendor.time_zone,
            inbox_counts=selectors.inbox_counts(request),
        )
    return render(request, template, context, status=status)


def forbidden(request: HttpRequest) -> HttpResponse:
    return page(
        request,
        "portal/message.html",
        {
            "title": "Only owners can change this",
            "text": "Staff answer leads and make offers. The business's details, its team "
            "and its subscriptions are changed by its owners: ask one of them.",
        },
        status=403,
    )


def too_many(request: HttpRequest) -> HttpResponse:
    return page(
        request,
        "portal/message.html",
        {"title": "Slow down a little", "text": TOO_MANY},
        status=429,
    )


def safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def live_mode(request) -> str:
    """Server-Sent Events need Redis and an ASGI server (uvicorn); anything else polls."""
    return "sse" if live.enabled() and isinstance(request, ASGIRequest) else "poll"


def live_settings(request) -> dict:
    mode = live_mode(request)
    return {
        "live_mode": mode,
        "poll_seconds": POLL_SECONDS if mode == "poll" else SAFETY_POLL_SECONDS,
    }

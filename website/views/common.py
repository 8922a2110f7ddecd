"""Small pieces shared by the website's views."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from website.throttle import TOO_MANY

DRAFT_KEY = "website:draft_text"


def safe_next(request: HttpRequest) -> str:
    """The `next` the request carries, if it points back into this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def too_many(request: HttpRequest) -> HttpResponse:
    return message_page(request, "Slow down a little", TOO_MANY, status=429)


def message_page(request: HttpRequest, title: str, text: str, *, status: int) -> HttpResponse:
    return render(request, "customer/message.html", {"title": title, "text": text}, status=status)

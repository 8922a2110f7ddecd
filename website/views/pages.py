"""The landing page, and keeping a visitor's first words while they sign up."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from website.forms import TEXT_MAX
from website.views.common import DRAFT_KEY

EXAMPLES = [
    "Lunch for 2 near me now, under $30",
    "A plumber tomorrow morning, leaking kitchen tap",
    "A double stroller in Glasgow in the next 3 hours",
]


def landing(request):
    return render(request, "customer/landing.html", {"examples": EXAMPLES, "text_max": TEXT_MAX})


@require_POST
def start(request):
    """The landing box: keep the words in the session (not in a URL, where logs would
    keep them too) and go on to the full form, through sign-up for a visitor."""
    text = (request.POST.get("example") or request.POST.get("text") or "").strip()
    if text:
        request.session[DRAFT_KEY] = text[:TEXT_MAX]
    target = reverse("intent-new")
    if request.user.is_authenticated:
        return redirect(target)
    return redirect(f"{reverse('signup')}?next={target}")

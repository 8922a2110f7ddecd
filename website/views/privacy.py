"""What Beckon holds about the customer and who saw their intents; export; erasure."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.blocks import block_vendor, blocks_of, unblock_vendor, vendors_known_to
from accounts.export import export_user_data
from accounts.services import delete_account
from website import selectors, throttle
from website.forms import PreferencesForm
from website.models import SavedPlace
from website.views.common import safe_next, too_many

PER_PAGE = 20


@login_required
def privacy(request, *, form: PreferencesForm | None = None, status: int = 200):
    intents = Paginator(selectors.leads_by_intent(request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    blocks = list(blocks_of(request.user))
    context = {
        "intents": intents,
        "saved_place": SavedPlace.objects.filter(user=request.user).first(),
        "form": form or PreferencesForm(instance=request.user),
        "blocks": blocks,
        "blocked_ids": {block.vendor_id for block in blocks},
    }
    return render(request, "customer/privacy.html", context, status=status)


@login_required
@require_POST
def preferences(request):
    if not throttle.allowed(request, "writes"):
        return too_many(request)
    form = PreferencesForm(request.POST, instance=request.user)
    if not form.is_valid():
        return privacy(request, form=form, status=400)
    form.save()
    messages.success(request, "Your preferences are saved.")
    return redirect(reverse("privacy") + "#preferences-title")


@login_required
@require_POST
def block(request, vendor_id: int):
    """Only a business that received one of the customer's intents can be blocked."""
    if not throttle.allowed(request, "writes"):
        return too_many(request)
    vendor = get_object_or_404(vendors_known_to(request.user), pk=vendor_id)
    block_vendor(request.user, vendor)
    messages.success(request, f"{vendor.name} is blocked: it will never receive your intents.")
    return redirect(safe_next(request) or reverse("privacy") + "#blocks-title")


@login_required
@require_POST
def unblock(request, vendor_id: int):
    if not throttle.allowed(request, "writes"):
        return too_many(request)
    if unblock_vendor(request.user, vendor_id):
        messages.success(request, "Unblocked: your new intents may reach that business again.")
    return redirect(reverse("privacy") + "#blocks-title")


@login_required
def export(request):
    """Everything, as the API's export gives it."""
    data = export_user_data(request.user)
    response = JsonResponse(data, json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Content-Disposition"] = 'attachment; filename="beckon-my-data.json"'
    return response


@login_required
@require_POST
def forget_place(request):
    SavedPlace.objects.filter(user=request.user).delete()
    messages.success(request, "Your saved place is forgotten.")
    return redirect("privacy")


@login_required
def delete(request):
    """One confirmation, then gone."""
    if request.method == "POST":
        delete_account(request.user)
        logout(request)
        messages.success(request, "Your account and everything it held are deleted. Goodbye.")
        return redirect("home")
    return render(
        request,
        "customer/confirm.html",
        {
            "title": "Delete your account?",
            "explain": "At once: your open intents are withdrawn (their vendors are told), "
            "your name, e-mail, phone, saved place, the words of your intents and where "
            "you were are deleted for good, and you can no longer sign in. Businesses keep "
            "only anonymous counts (a request for a category, at a time, in a 5 km area). "
            "Download your data first if you want a copy.",
            "action": "Yes, delete everything",
            "danger": True,
            "back": reverse("privacy"),
        },
    )

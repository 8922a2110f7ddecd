"""The business's details and its team. Owners change them; staff read them."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.errors import Conflict
from portal import places, selectors
from portal.forms import BusinessForm, InviteForm
from portal.views.common import forbidden, is_owner, member_required, owner_required, page
from vendors.services import invite_staff, update_vendor
from website import throttle


@member_required
def business(request):
    vendor = selectors.vendor_of(request)
    starting = request.GET.get("start") == "1" or request.POST.get("start") == "1"
    status = 200
    if request.method == "POST":
        if not is_owner(request):
            return forbidden(request)
        form = BusinessForm(request.POST, vendor=vendor)
        if not throttle.allowed(request, "writes"):
            form.add_error(None, throttle.TOO_MANY)
            status = 429
        elif form.is_valid():
            try:
                update_vendor(vendor, **form.changes())
            except ValidationError as error:
                for field, problems in error.message_dict.items():
                    for problem in problems:
                        form.add_error(field if field in form.fields else None, problem)
                status = 400
            else:
                if starting and not vendor.subscriptions.exists():
                    messages.success(
                        request, "Saved. Now say which requests you want to hear about."
                    )
                    return redirect("portal:subscription-new")
                messages.success(request, "Saved. Customers see the new details from now on.")
                return redirect("portal:business")
        else:
            status = 400
    else:
        form = BusinessForm(vendor=vendor)
    context = {
        "form": form,
        "can_edit": is_owner(request),
        "starting": starting,
        "where": places.describe(vendor.lat, vendor.lng),
    }
    return page(request, "portal/business.html", context, status=status)


@member_required
def team(request):
    return _team_page(request, InviteForm())


def _team_page(request, form: InviteForm, status: int = 200):
    context = {"members": selectors.team(request), "form": form, "can_edit": is_owner(request)}
    return page(request, "portal/team.html", context, status=status)


@owner_required
@require_POST
def invite(request):
    form = InviteForm(request.POST)
    if not throttle.allowed(request, "writes"):
        form.add_error(None, throttle.TOO_MANY)
        return _team_page(request, form, status=429)
    if not form.is_valid():
        return _team_page(request, form, status=400)
    try:
        membership = invite_staff(
            selectors.vendor_of(request),
            form.cleaned_data["email"],
            name=form.cleaned_data["name"],
            site_url=request.build_absolute_uri("/")[:-1],
        )
    except Conflict as conflict:
        form.add_error("email", conflict.message)
        return _team_page(request, form, status=400)
    messages.success(
        request,
        f"Invited {membership.user.email}. They get an email to join; they can answer "
        "leads as soon as they sign in.",
    )
    return redirect(reverse("portal:team"))

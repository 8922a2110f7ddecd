"""Subscriptions, the opt-in: what a business wants to hear about, where, when. Owners
change them; staff can read them. Every write goes through save_subscription."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from matching.preview import PREVIEW_DAYS, draft_facts, would_have_matched
from portal import describe, places, selectors
from portal.forms import SubscriptionForm
from portal.views.common import is_owner, member_required, owner_required, page, too_many
from vendors.models import Subscription
from vendors.services import save_subscription
from website import throttle


@member_required
def subscription_list(request):
    subscriptions = list(selectors.subscriptions_for_member(request))
    for sub in subscriptions:
        sub.area_words = describe.area(sub)
        sub.categories_words = describe.categories_summary(sub)
        sub.hours_words = describe.hours_summary(sub.hours)
    context = {"subscriptions": subscriptions, "can_edit": is_owner(request)}
    return page(request, "portal/subscription_list.html", context)


def _form_page(
    request,
    form: SubscriptionForm,
    subscription: Subscription | None,
    status: int = 200,
    copying: Subscription | None = None,
):
    context = {
        "form": form,
        "subscription": subscription,
        "copying": copying,
        "preview": preview_of(form) if form.is_bound else _initial_preview(form, subscription),
        "preview_days": PREVIEW_DAYS,
        "vendor_where": places.describe(form.vendor.lat, form.vendor.lng),
    }
    return page(request, "portal/subscription_form.html", context, status=status)


def _save(request, form: SubscriptionForm, subscription: Subscription, done: str):
    if not throttle.allowed(request, "writes"):
        form.add_error(None, throttle.TOO_MANY)
        return _form_page(request, form, subscription.pk and subscription, status=429)
    if not form.is_valid():
        return _form_page(request, form, subscription.pk and subscription, status=400)
    try:
        save_subscription(form.apply_to(subscription), **form.choices)
    except ValidationError as error:
        for field, problems in error.message_dict.items():
            for problem in problems:
                form.add_error(field if field in form.fields else None, problem)
        return _form_page(request, form, subscription.pk and subscription, status=400)
    messages.success(request, done)
    return redirect("portal:subscriptions")


@owner_required
def subscription_new(request):
    vendor = selectors.vendor_of(request)
    if request.method == "POST":
        form = SubscriptionForm(request.POST, vendor=vendor)
        return _save(
            request,
            form,
            Subscription(vendor=vendor),
            "Subscribed. Matching requests reach your inbox from now on, and open ones "
            "that fit are coming in now.",
        )
    source = None
    if (copy := request.GET.get("copy", "")).isdigit():
        source = selectors.subscriptions_for_member(request).filter(pk=copy).first()
    form = SubscriptionForm(vendor=vendor, instance=source)
    if source is not None:  # the same settings for another area: only the place is new
        form.initial["place"] = ""
    return _form_page(request, form, None, copying=source)


@owner_required
def subscription_edit(request, subscription_id: int):
    subscription = selectors.subscription_for_member(request, subscription_id)
    vendor = selectors.vendor_of(request)
    if request.method == "POST":
        form = SubscriptionForm(request.POST, vendor=vendor, instance=subscription)
        return _save(request, form, subscription, "Saved. Your subscription is up to date.")
    return _form_page(request, SubscriptionForm(vendor=vendor, instance=subscription), subscription)


def _set_active(request, subscription_id: int, active: bool, done: str):
    subscription = selectors.subscription_for_member(request, subscription_id)
    if not throttle.allowed(request, "writes"):
        return too_many(request)
    subscription.active = active
    save_subscription(subscription)
    messages.success(request, done)
    return redirect(f"{reverse('portal:subscriptions')}#subscription-{subscription.pk}")


@owner_required
@require_POST
def pause(request, subscription_id: int):
    return _set_active(
        request, subscription_id, False, "Paused. No new leads come from it until you resume."
    )


@owner_required
@require_POST
def resume(request, subscription_id: int):
    return _set_active(
        request, subscription_id, True, "Resumed. Matching requests reach you again."
    )


def preview_of(form: SubscriptionForm) -> dict:
    """What the preview box says for the form as it stands."""
    if not form.is_valid():
        missing = [name for name in ("categories", "place", "radius_km") if name in form.errors]
        return {"count": None, "missing": missing, "problems": bool(form.errors)}
    facts = draft_facts(
        form.vendor,
        lat=form.values["lat"],
        lng=form.values["lng"],
        radius_km=form.values["radius_km"],
        categories=form.choices["categories"],
        groups=form.choices["groups"],
        accepted_terms=form.choices["accepted_terms"],
        hours=form.values.get("hours", []),
        min_budget=form.values.get("min_budget"),
        currency=form.values.get("currency", ""),
    )
    return {"count": would_have_matched(facts), "point": form.point}


def _initial_preview(form: SubscriptionForm, subscription: Subscription | None) -> dict:
    if subscription is None:
        return {"count": None, "missing": [], "problems": False}
    facts = draft_facts(
        form.vendor,
        lat=subscription.lat,
        lng=subscription.lng,
        radius_km=subscription.radius_km,
        categories=subscription.categories.all(),
        groups=subscription.groups.all(),
        accepted_terms=subscription.accepted_terms.all(),
        hours=subscription.hours,
        min_budget=subscription.min_budget,
        currency=subscription.currency,
    )
    return {"count": would_have_matched(facts), "point": None}


@owner_required
@require_POST
def preview(request):
    """The preview box, for htmx, as the owner changes the form."""
    if not throttle.allowed(request, "parse"):
        return too_many(request)
    form = SubscriptionForm(request.POST, vendor=selectors.vendor_of(request))
    return page(
        request,
        "portal/_subscription_preview.html",
        {"preview": preview_of(form), "preview_days": PREVIEW_DAYS},
    )

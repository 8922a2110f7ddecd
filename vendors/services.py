"""Changes to businesses and their subscriptions."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from intents.models import Category, CategoryGroup, Term
from vendors.models import Membership, Subscription, Vendor


def create_vendor(*, owner, name: str, **details) -> Vendor:
    with transaction.atomic():
        vendor = Vendor.objects.create(
            name=name, email=details.pop("email", owner.email), **details
        )
        Membership.objects.create(vendor=vendor, user=owner, role=Membership.Role.OWNER)
    return vendor


def suspend_vendor(vendor: Vendor, reason: str = "") -> bool:
    """A suspended vendor gets no new leads (its routes are removed); what it already
    has stays visible to it."""
    from matching.routes import rebuild_vendor_routes

    with transaction.atomic():
        changed = Vendor.objects.filter(pk=vendor.pk, suspended_at__isnull=True).update(
            suspended_at=timezone.now(), suspension_reason=reason
        )
        if changed:
            rebuild_vendor_routes(vendor.pk)
    return bool(changed)


def unsuspend_vendor(vendor: Vendor) -> bool:
    from matching.routes import rebuild_vendor_routes

    with transaction.atomic():
        changed = Vendor.objects.filter(pk=vendor.pk, suspended_at__isnull=False).update(
            suspended_at=None, suspension_reason=""
        )
        if changed:
            rebuild_vendor_routes(vendor.pk)
            for subscription_id in vendor.subscriptions.filter(active=True).values_list(
                "pk", flat=True
            ):
                rematch_after_commit(subscription_id)
    return bool(changed)


def rematch_after_commit(subscription_id: int) -> None:
    """Match the subscription against open intents once the change is committed."""
    from matching.tasks import match_subscription

    transaction.on_commit(lambda: match_subscription.delay(subscription_id), robust=True)


def save_subscription(
    subscription: Subscription,
    *,
    categories: Iterable[Category] | None = None,
    groups: Iterable[CategoryGroup] | None = None,
    accepted_terms: Iterable[Term] | None = None,
) -> Subscription:
    """Create or update a subscription and its routing rows, then match it against the
    intents still open that it now fits (after commit, like intent matching)."""
    from matching.routes import rebuild_routes

    with transaction.atomic():
        subscription.full_clean(exclude=["vendor"])
        subscription.save()
        if categories is not None:
            subscription.categories.set(categories)
        if groups is not None:
            subscription.groups.set(groups)
        if accepted_terms is not None:
            subscription.accepted_terms.set(accepted_terms)
        rebuild_routes(subscription.pk)
        if subscription.active:
            rematch_after_commit(subscription.pk)
    return subscription

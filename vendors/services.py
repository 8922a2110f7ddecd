"""Changes to businesses and their subscriptions."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from core.errors import Conflict
from intents.models import Category, CategoryGroup, Term
from vendors.models import Membership, Subscription, Vendor

logger = logging.getLogger(__name__)

# What an owner may change about the business (everything else is Beckon's to set).
VENDOR_DETAILS = ("name", "description", "email", "phone", "address", "lat", "lng", "time_zone")


def create_vendor(*, owner, name: str, **details) -> Vendor:
    with transaction.atomic():
        vendor = Vendor.objects.create(
            name=name, email=details.pop("email", owner.email), **details
        )
        Membership.objects.create(vendor=vendor, user=owner, role=Membership.Role.OWNER)
    return vendor


def update_vendor(vendor: Vendor, **changes) -> Vendor:
    """Change the business's details (any of VENDOR_DETAILS), validated by the model. A
    new time zone rebuilds the routing rows, which carry it (opening hours and daily
    caps are read in the vendor's zone)."""
    from matching.routes import rebuild_vendor_routes

    unknown = set(changes) - set(VENDOR_DETAILS)
    if unknown:
        raise TypeError(f"update_vendor() cannot change {', '.join(sorted(unknown))}")
    with transaction.atomic():
        previous_zone = (
            Vendor.objects.select_for_update().values_list("time_zone", flat=True).get(pk=vendor.pk)
        )
        for field, value in changes.items():
            setattr(vendor, field, value)
        vendor.full_clean(exclude=["rating"])
        if changes:
            vendor.save(update_fields=list(changes))
        if vendor.time_zone != previous_zone:
            rebuild_vendor_routes(vendor.pk)
    return vendor


def invite_staff(vendor: Vendor, email: str, *, name: str = "", site_url: str = "") -> Membership:
    """Add a person to the business as staff (they answer leads; owners keep the
    business and its subscriptions). Someone new gets an account without a password and
    an email with a link to choose one; someone with an account gets an email saying so.
    One person belongs to one business at most (Conflict otherwise). `site_url` is where
    the links in the email point ("https://beckon.example")."""
    from accounts.models import User

    email = User.objects.normalize_email(email).strip().lower()
    with transaction.atomic():
        user = User.objects.filter(email__iexact=email).first()
        if user is not None and Membership.objects.filter(user=user).exists():
            if Membership.objects.filter(user=user, vendor=vendor).exists():
                raise Conflict(f"{email} is in your team already.", "already_member")
            raise Conflict(
                f"{email} already belongs to a business on Beckon; a person can work for "
                "one business only.",
                "member_elsewhere",
            )
        created = user is None
        try:
            with transaction.atomic():
                if created:
                    user = User.objects.create_user(
                        email=email,
                        password=None,  # unusable until they choose one from the email
                        name=name.strip() or email.split("@")[0],
                        role=User.Role.VENDOR,
                        time_zone=vendor.time_zone,
                    )
                membership = Membership.objects.create(
                    vendor=vendor, user=user, role=Membership.Role.STAFF
                )
        except IntegrityError as error:  # the same person invited twice at once
            raise Conflict(f"{email} was just added to a business.", "member_elsewhere") from error
        transaction.on_commit(
            lambda: _send_invitation(membership, new_account=created, site_url=site_url),
            robust=True,
        )
    return membership


def _send_invitation(membership: Membership, *, new_account: bool, site_url: str) -> None:
    user, vendor = membership.user, membership.vendor
    if new_account:
        uid = urlsafe_base64_encode(force_bytes(user.pk))
        token = default_token_generator.make_token(user)
        link = site_url + reverse("portal:set-password", args=[uid, token])
        step = f"Choose your password here (the link works once, for a few days):\n\n{link}"
    else:
        link = site_url + reverse("portal:login")
        step = f"Sign in with your usual Beckon password:\n\n{link}"
    body = (
        f"Hello {user.name},\n\n"
        f"{vendor.name} added you to its team on Beckon, to answer the requests customers "
        f"send it.\n\n{step}\n\nIf you did not expect this, ignore this email.\n\nBeckon\n"
    )
    send_mail(f"Join {vendor.name} on Beckon", body, settings.DEFAULT_FROM_EMAIL, [user.email])
    logger.info("Invited user %s to vendor %s", user.pk, vendor.pk)


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
    """Match the subscription against open intents once the change is committed; owed in
    this transaction, so beat queues it again if the message is lost (matching/pending.py)."""
    from matching.pending import owe_subscription

    owe_subscription(subscription_id)


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


def publish_term_version(term: Term) -> int:
    """A term's wording changed: it is a new version, and a subscription's earlier
    pre-acceptance does not silently carry over to it. The term leaves every
    subscription that pre-accepted it (their owners accept the new wording in the
    portal); intents already posted keep the version they carry. Returns how many
    subscriptions lost it."""
    from matching.routes import rebuild_routes

    with transaction.atomic():
        Term.objects.filter(pk=term.pk).update(version=F("version") + 1)
        term.refresh_from_db(fields=["version"])
        affected = list(term.subscriptions.values_list("pk", flat=True))
        Subscription.accepted_terms.through.objects.filter(term=term).delete()
        for subscription_id in affected:
            rebuild_routes(subscription_id)
    return len(affected)

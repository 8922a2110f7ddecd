"""Joining and leaving Beckon."""

from __future__ import annotations

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from rest_framework.authtoken.models import Token

from accounts.models import User
from accounts.verification import send_verification_email
from intents.models import AccessEvent, Intent
from intents.retention import scrub_intent
from intents.services import withdraw_intent
from vendors.models import Membership
from vendors.services import create_vendor


def register_user(*, email: str, password: str, role: str, name: str) -> tuple[User, Token]:
    """A customer account, or a vendor account with its business (named `name`) owned
    by the new user, and an e-mail to confirm the address. Returns the user and its API
    token."""
    with transaction.atomic():
        user = User.objects.create_user(email=email, password=password, role=role, name=name)
        if role == User.Role.VENDOR:
            create_vendor(owner=user, name=name)
        token = Token.objects.create(user=user)
        transaction.on_commit(lambda: send_verification_email(user), robust=True)
    return user, token


def delete_account(user: User) -> None:
    """Gone at once, with no roadblocks. Open intents are withdrawn first (their vendors
    hear it), then every intent is scrubbed (free text, place, exact point) and cut
    loose from the person, the access log about them goes, and the user row is deleted
    with everything that hangs off it, so the email may sign up again as someone new.
    Vendors keep their leads and offers on those intents, naming nobody. A business
    whose only owner leaves is deleted with its leads and offers."""
    now = timezone.now()
    with transaction.atomic():
        for intent in Intent.objects.open().filter(customer=user):
            withdraw_intent(intent)
        AccessEvent.objects.filter(intent__customer=user).delete()
        for intent in Intent.objects.filter(customer=user).only("pk", "lat", "lng"):
            scrub_intent(intent, now, unlink_customer=True)
        membership = Membership.objects.filter(user=user).select_related("vendor").first()
        if membership and membership.is_owner:
            other_owners = membership.vendor.memberships.filter(role=Membership.Role.OWNER)
            if not other_owners.exclude(user=user).exists():
                membership.vendor.delete()
        # The admin's history names the account by its email: keep the entry, not that.
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)
        ).update(object_repr=f"Erased account #{user.pk}", change_message="")
        user.delete()

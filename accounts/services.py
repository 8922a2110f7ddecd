"""Joining and leaving Beckon."""

from __future__ import annotations

from django.db import transaction
from rest_framework.authtoken.models import Token

from accounts.models import User
from intents.models import Intent
from intents.services import withdraw_intent
from vendors.models import Membership
from vendors.services import create_vendor


def register_user(*, email: str, password: str, role: str, name: str) -> tuple[User, Token]:
    """A customer account, or a vendor account with its business (named `name`) owned
    by the new user. Returns the user and its API token."""
    with transaction.atomic():
        user = User.objects.create_user(email=email, password=password, role=role, name=name)
        if role == User.Role.VENDOR:
            create_vendor(owner=user, name=name)
        token = Token.objects.create(user=user)
    return user, token


def delete_account(user: User) -> None:
    """Gone, with no roadblocks. Open intents are withdrawn first (so whatever listens
    to an intent ending hears it), then the user and everything that hangs off it are
    deleted: vendors' leads on those intents go too. A business whose only owner leaves
    is deleted with its leads and offers."""
    with transaction.atomic():
        for intent in Intent.objects.open().filter(customer=user):
            withdraw_intent(intent)
        membership = Membership.objects.filter(user=user).select_related("vendor").first()
        if membership and membership.is_owner:
            other_owners = membership.vendor.memberships.filter(role=Membership.Role.OWNER)
            if not other_owners.exclude(user=user).exists():
                membership.vendor.delete()
        user.delete()

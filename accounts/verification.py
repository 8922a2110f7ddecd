"""Proving an e-mail address is yours: a signed link, and intents held until then.

Held intents are saved (the customer loses nothing) but not routed, so nobody can post
requests in someone else's name; confirming the address releases them to matching.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from intents.models import Intent

SALT = "beckon.email-verification"


class InvalidToken(Exception):  # noqa: N818 - reads as what it is
    message = "This confirmation link is broken or too old: ask for a new one."


def needs_verification(user: User) -> bool:
    return settings.REQUIRE_VERIFIED_EMAIL and not user.email_verified


def make_token(user: User) -> str:
    # The address is in the token: a link sent before an e-mail change proves nothing.
    return signing.dumps({"user": user.pk, "email": user.email}, salt=SALT)


def send_verification_email(user: User) -> None:
    link = settings.SITE_URL.rstrip("/") + reverse("verify-email", args=[make_token(user)])
    body = (
        f"Hello {user.name},\n\nConfirm that this address is yours: {link}\n\n"
        "Until you do, the requests you post wait and no vendor sees them. "
        "The link works for a week. If you did not sign up to Beckon, ignore this e-mail.\n"
    )
    send_mail("Confirm your e-mail for Beckon", body, settings.DEFAULT_FROM_EMAIL, [user.email])


def confirm_email(token: str) -> User:
    """Mark the address verified and send the intents it held to matching."""
    try:
        data = signing.loads(
            token, salt=SALT, max_age=settings.EMAIL_VERIFICATION_MAX_AGE.total_seconds()
        )
        user = User.objects.get(pk=data["user"], email=data["email"], is_active=True)
    except (signing.BadSignature, KeyError, TypeError, User.DoesNotExist) as error:
        raise InvalidToken() from error
    with transaction.atomic():
        if user.email_verified_at is None:
            user.email_verified_at = timezone.now()
            user.save(update_fields=["email_verified_at"])
        release_held_intents(user)
    return user


def release_held_intents(user: User) -> int:
    """Owed to matching (matching.pending) in the caller's transaction, queued after it."""
    from matching.pending import owe_intent

    held = list(
        Intent.objects.open()
        .filter(customer=user, awaiting_verification=True)
        .values_list("pk", flat=True)
    )
    Intent.objects.filter(pk__in=held).update(awaiting_verification=False)
    for intent_id in held:
        owe_intent(intent_id)
    return len(held)

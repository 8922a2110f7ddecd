"""Template context for the customer website."""

from django.conf import settings
from django.http import HttpRequest

from accounts.verification import needs_verification
from intents.models import Intent
from offers.models import Offer


def customer(request: HttpRequest) -> dict:
    """`user_zone`: the wall clock every customer page shows times in (the customer's
    zone, or the server's for visitors); `needs_email_verification`: their intents wait
    for them to confirm their address; `offers_waiting`: the count in the header, unless
    the customer turned site notices off."""
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    zone = getattr(user, "time_zone", None) if signed_in else None
    return {
        "user_zone": zone or settings.TIME_ZONE,
        "needs_email_verification": signed_in and needs_verification(user),
        "offers_waiting": offers_waiting(user) if signed_in and user.notify_on_site else 0,
    }


def offers_waiting(user) -> int:
    """The site's own notice (the customer's "site" channel): live offers on their open
    intents, waiting for an answer."""
    return Offer.objects.live().filter(intent__in=Intent.objects.open().owned_by(user)).count()

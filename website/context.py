"""Template context for the customer website."""

from django.conf import settings
from django.http import HttpRequest


def customer(request: HttpRequest) -> dict:
    """`user_zone`: the wall clock every customer page shows times in (the customer's
    zone, or the server's for visitors)."""
    user = getattr(request, "user", None)
    zone = getattr(user, "time_zone", None) if user and user.is_authenticated else None
    return {"user_zone": zone or settings.TIME_ZONE}

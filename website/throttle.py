"""Rate limits for the website's writes: the API's own throttle, scopes and rates (see
THROTTLE_* in the README), so a person has one budget whether they use the site or the
API. Counters live in the cache (Redis on the real stack)."""

from django.http import HttpRequest
from rest_framework.throttling import ScopedRateThrottle


class _Scope:
    """What ScopedRateThrottle reads from a view: its scope name."""

    def __init__(self, scope: str):
        self.throttle_scope = scope


def allowed(request: HttpRequest, scope: str) -> bool:
    """Count this request against `scope` (per user when signed in, else per address);
    False once the rate is used up."""
    return ScopedRateThrottle().allow_request(request, _Scope(scope))


TOO_MANY = "That is a lot of tries in a short time. Wait a minute, then try again."

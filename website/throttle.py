"""Rate limits for the website's writes: the API's own throttle, scopes and rates (see
THROTTLE_* in the README), so a person has one budget whether they use the site or the
API. Counters live in the cache (Redis on the real stack)."""

from collections.abc import Callable

from django.http import HttpRequest

from core.api import ScopedThrottle


class _Scope:
    """What the API's throttle reads from a view: its scope name, and whose budget it
    is when that is not the person's own."""

    def __init__(self, scope: str, ident: Callable[[HttpRequest], str] | None):
        self.throttle_scope = scope
        if ident is not None:
            self.throttle_ident = ident


def allowed(request: HttpRequest, scope: str, ident: Callable | None = None) -> bool:
    """Count this request against `scope` (per user when signed in, else per address,
    unless `ident(request)` names the budget); False once the rate is used up."""
    return ScopedThrottle().allow_request(request, _Scope(scope, ident))


TOO_MANY = "That is a lot of tries in a short time. Wait a minute, then try again."

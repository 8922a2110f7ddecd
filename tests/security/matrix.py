"""The machinery behind the authorization matrix (test_url_matrix.py): every URL in the
URLconf, the world its arguments come from, the people who ask, and the words an answer
is described in. The table itself lives in the test file, where it is read as the spec."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlsplit

from django.apps import apps
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.regex_helper import normalize
from rest_framework.authtoken.models import Token

from accounts.models import User, VendorBlock
from intents.models import Intent
from matching.models import Lead
from offers.models import Offer
from offers.services import make_offer
from portal.models import ReplyTemplate
from tests.factories import (
    IntentFactory,
    LeadFactory,
    SubscriptionFactory,
    UserFactory,
    VendorFactory,
    add_staff,
)

# The people who ask, in the order of the table's columns.
ROLES = ("anon", "a", "b", "v1", "v2", "staff", "op")
ROLE_NAMES = {
    "anon": "anonymous",
    "a": "customer A",
    "b": "customer B",
    "v1": "vendor owner V1 (matched to A's intent)",
    "v2": "vendor owner V2 (not matched)",
    "staff": "staff of V1",
    "op": "operator",
}


# --- Outcomes ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Go:
    """A redirect (302) to the path `to` (its query and fragment aside). `{intent}`,
    `{lead}`, `{offer}`, `{subscription}` and `{reply}` stand for the world's ids; a
    trailing `*` means any path that starts so."""

    to: str

    def __str__(self) -> str:
        return f"302 to {self.to}"


LOGIN = Go("/accounts/login/")  # the customer website's sign-in
PORTAL_LOGIN = Go("/portal/login/")
ADMIN_LOGIN = Go("/admin/login/")


def matches(expected: int | Go, response, ids: dict[str, int]) -> bool:
    if not isinstance(expected, Go):
        return response.status_code == expected
    if response.status_code != 302:
        return False
    path = urlsplit(response["Location"]).path
    if expected.to.endswith("*"):
        return path.startswith(expected.to[:-1].format(**ids))
    return path == expected.to.format(**ids)


def described(response) -> str:
    """The answer in the table's words, for a failure message."""
    if response.status_code == 302:
        return f"302 to {response['Location']}"
    return str(response.status_code)


# --- What each person may see -----------------------------------------------------------
# Words that appear only in one thing of the world, and who may find them in an answer:
# vendors see A's intent (as an alias) once matched, and A's contact only after A accepts
# their offer, which has not happened here; nobody but V1 sees V1's saved replies.
INTENT_TEXT = "Lunch for 2 by the Quillfeather fountain"
A_NAME = "Ada Marchbanks"
A_EMAIL = "ada.marchbanks@example.com"
OFFER_MESSAGE = "A window table, ask for Periwinkle"
REPLY_MESSAGE = "Our Zanzibar set menu for two"
SEEN_BY = {
    INTENT_TEXT: {"a", "v1", "staff", "op"},
    A_NAME: {"a", "op"},
    A_EMAIL: {"a", "op"},
    OFFER_MESSAGE: {"a", "v1", "staff", "op"},
    REPLY_MESSAGE: {"v1", "staff", "op"},
}


def leaks(role: str, response) -> list[str]:
    """The markers in the answer that `role` may not see. A stream's body is never read:
    it would wait for events."""
    if response.streaming:
        return []
    body = response.content.decode(errors="replace")
    return [marker for marker, seen_by in SEEN_BY.items() if role not in seen_by and marker in body]


# --- What the Content Security Policy would refuse --------------------------------------
# In an HTML answer: code the browser would refuse to run under the site's policy
# (config/settings.py): inline scripts (JSON data blocks are not scripts), event-handler
# and style attributes, <style> without the request's nonce, htmx's eval features.
INLINE_CODE = re.compile(
    r"""<script\b(?![^>]*\bsrc=)(?![^>]*\btype="application/(?:ld\+)?json")[^>]*>"""
    r"""|<[a-zA-Z][^>]*\s(?:on[a-z]+|style|hx-on(?:[:-][\w:-]*)?)\s*=[^>]*>"""
    r"""|<style\b(?![^>]*\bnonce=)[^>]*>"""
    r"""|\b(?:href|action|src)\s*=\s*["']?\s*javascript:"""
    r"""|\bhx-va(?:ls|rs)\s*=\s*["']\s*(?:js|javascript):""",
    re.IGNORECASE,
)


def inline_code(response) -> list[str]:
    """What in an HTML answer the Content Security Policy would refuse (first 80
    characters of each)."""
    if response.streaming or not response.get("Content-Type", "").startswith("text/html"):
        return []
    body = response.content.decode(errors="replace")
    return sorted({match.group(0)[:80] for match in INLINE_CODE.finditer(body)})


# --- The URLconf ------------------------------------------------------------------------
@dataclass(frozen=True)
class Endpoint:
    """One URL pattern: `label` names its row in the table, `regex` is its full pattern,
    `params` the arguments it takes."""

    label: str
    route: str
    regex: str
    params: tuple[str, ...]
    callback: object

    def path(self, values: dict[str, object]) -> str:
        """The URL with `values` filled in, checked to resolve back to this endpoint."""
        template, names = normalize(self.regex)[0]
        path = "/" + template % {name: str(values[name]) for name in names}
        found = resolve(path)
        assert found.func == self.callback, f"{path} resolves to {found.view_name}, not {self}"
        return path


def endpoints() -> list[Endpoint]:
    """Every URL pattern in the URLconf, however deep its include."""
    return list(_walk(get_resolver(), route="", regex="", namespace=""))


def _walk(resolver: URLResolver, *, route: str, regex: str, namespace: str):
    for pattern in resolver.url_patterns:
        here_route = route + str(pattern.pattern)
        here_regex = regex + pattern.pattern.regex.pattern.removeprefix("^")
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern, route=here_route, regex=here_regex, namespace=inner)
            continue
        assert isinstance(pattern, URLPattern)
        _, params = normalize(here_regex)[0]
        yield Endpoint(
            label=_label(pattern, here_route, namespace),
            route=here_route,
            regex=here_regex,
            params=tuple(params),
            callback=pattern.callback,
        )


def _label(pattern: URLPattern, route: str, namespace: str) -> str:
    """The URL's name, qualified where a bare name is not enough: the API's names repeat
    the website's (`intent-list` is both /intents/ and /api/v1/intents/), so API rows are
    `api:<name>`; an unnamed pattern is labelled by its route."""
    if pattern.name is None:
        return route
    if not namespace and route.startswith("api/v1/"):
        return f"api:{pattern.name}"
    return f"{namespace}{pattern.name}"


# --- The world --------------------------------------------------------------------------
@dataclass
class World:
    """Customer A's intent, matched to V1's subscription, with V1's lead and offer on it;
    customer B; V2, a business that was not matched; a staff member of V1; an operator."""

    people: dict[str, User | None]
    intent: Intent
    lead: Lead
    offer: Offer
    subscription: object
    reply: ReplyTemplate

    @property
    def ids(self) -> dict[str, int]:
        """What a redirect in the table may name (Go("/intents/{intent}/"))."""
        return {
            "intent": self.intent.pk,
            "lead": self.lead.pk,
            "offer": self.offer.pk,
            "subscription": self.subscription.pk,
            "reply": self.reply.pk,
        }

    def values(self, endpoint: Endpoint) -> dict[str, object]:
        """What fills each of the endpoint's arguments."""
        known = {
            "intent_id": self.intent.pk,
            "offer_id": self.offer.pk,
            "lead_id": self.lead.pk,
            "subscription_id": self.subscription.pk,
            "reply_id": self.reply.pk,
            "vendor_id": self.lead.vendor_id,  # V1: the business A may block
            # Links with a token that is not right: the page says so, to anyone.
            "uidb64": urlsafe_base64_encode(force_bytes(self.people["a"].pk)),
            "token": "not-the-right-token",
            "app_label": "intents",
            "url": "nowhere/",
            "content_type_id": ContentType.objects.get_for_model(Intent).pk,
        }
        values = {name: known[name] for name in endpoint.params if name in known}
        if "pk" in endpoint.params:
            values["pk"] = self._api_object(endpoint.label).pk
        if "object_id" in endpoint.params:
            values["object_id"] = self._admin_object(endpoint).pk
        if "id" in endpoint.params:  # the admin's password change for a user
            values["id"] = self.people["a"].pk
        missing = set(endpoint.params) - set(values)
        assert not missing, f"the world has nothing for {sorted(missing)} in {endpoint.label}"
        return values

    def _api_object(self, label: str):
        for prefix, thing in (
            ("api:intent-", self.intent),
            ("api:subscription-", self.subscription),
            ("api:lead-", self.lead),
            ("api:vendor-offer-", self.offer),
        ):
            if label.startswith(prefix):
                return thing
        raise AssertionError(f"the world has no object for {label}'s pk")

    def _admin_object(self, endpoint: Endpoint):
        """The admin's pages for a model open the world's object of that model."""
        app_label, model_name = endpoint.route.split("/")[1:3]
        if app_label == "r":  # view_on_site: content type, then object
            return self.intent
        model = apps.get_model(app_label, model_name)
        thing = model._default_manager.order_by("pk").first()
        assert thing is not None, f"the world has no {model.__name__} for {endpoint.label}"
        return thing


def build_world() -> World:
    customer_a = UserFactory(name=A_NAME, email=A_EMAIL)
    customer_b = UserFactory(name="Bram Customer")
    v1 = VendorFactory(name="Matched Bistro")
    subscription = SubscriptionFactory(vendor=v1)
    staff = add_staff(v1)
    v2 = VendorFactory(name="Unmatched Cafe", lat=51.5074, lng=-0.1278)
    SubscriptionFactory(vendor=v2, lat=51.5074, lng=-0.1278)  # London: A is in Glasgow
    intent = IntentFactory(customer=customer_a, text=INTENT_TEXT)
    lead = LeadFactory(intent=intent, vendor=v1, subscription=subscription)
    offer = make_offer(
        lead,
        v1.owner,
        price=Decimal("24.50"),
        currency="GBP",
        message=OFFER_MESSAGE,
        terms_accepted=True,
    )
    lead.refresh_from_db()
    reply = ReplyTemplate.objects.create(vendor=v1, title="Set menu", message=REPLY_MESSAGE)
    operator = UserFactory(role=User.Role.OPERATOR, is_staff=True, is_superuser=True)
    # Every model the admin lists needs one object for its change, history and delete pages.
    Token.objects.create(user=customer_a)
    Group.objects.create(name="Moderators")
    VendorBlock.objects.create(customer=customer_b, vendor=v2)  # away from A's intent
    people = {
        "anon": None,
        "a": customer_a,
        "b": customer_b,
        "v1": v1.owner,
        "v2": v2.owner,
        "staff": staff,
        "op": operator,
    }
    return World(people, intent, lead, offer, subscription, reply)


# --- Asking -----------------------------------------------------------------------------
def ask(user: User | None, method: str, path: str):
    """One request as `user`, inside a savepoint that is rolled back: every request sees
    the same world, whatever the one before it changed (a withdrawn intent, a deleted
    account, a signed-out session). Throttle counters are cleared so that only access
    decides the answer."""
    cache.clear()
    with transaction.atomic():
        client = Client()
        if user is not None:
            client.force_login(user)
        if method == "GET":
            response = client.get(path)
        else:
            # An empty body: enough to show who is let in, without doing anything real.
            response = client.generic(method, path, b"{}", content_type="application/json")
        transaction.set_rollback(True)
    return response

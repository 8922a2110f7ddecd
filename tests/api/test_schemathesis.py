"""Every operation of the OpenAPI schema, fuzzed by schemathesis against the Django app
in-process (WSGI): valid requests built from the schema and invalid ones around it, sent
as a signed-in customer (or vendor, under /vendor/). No answer may be a 5xx, and every
answer the schema describes must match it. Path ids are half the time those of a small
real world (an intent with a lead and an offer), so the checks see real objects, not
only 404s.

Bounded for CI: SCHEMATHESIS_MAX_EXAMPLES per operation (default 20), derandomized so a
run is repeatable. The number of cases run is printed at the end of the session."""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.factories import OfferFactory, SubscriptionFactory, UserFactory

MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "20"))
ORIGIN = "https://localhost"  # as behind the TLS proxy: no redirect to HTTPS to follow
CHECKS = [not_a_server_error, response_schema_conformance]
CASES_RUN: dict[str, int] = {}

app = WSGIHandler()


@pytest.fixture(scope="module", autouse=True)
def _report_cases(request):
    yield
    total = sum(CASES_RUN.values())
    plugins = request.config.pluginmanager
    reporter, capture = plugins.get_plugin("terminalreporter"), plugins.get_plugin("capturemanager")
    line = f"schemathesis: {total} cases over {len(CASES_RUN)} operations"
    with capture.global_and_fixture_disabled():  # past pytest's capture, even on success
        reporter.write_line(f"\n{line}")


@pytest.fixture
def _one_transaction(db):
    """Django's test client keeps the test's transaction across requests by not closing
    connections at request boundaries; a raw WSGI call must do the same."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def world(_one_transaction):
    """A customer's intent with a vendor's lead and pending offer, and both tokens."""
    offer = OfferFactory(lead__intent__customer=UserFactory())
    customer, owner = offer.intent.customer, offer.vendor.owner
    subscription = SubscriptionFactory(vendor=offer.vendor)
    return {
        "tokens": {
            "customer": Token.objects.create(user=customer).key,
            "vendor": Token.objects.create(user=owner).key,
        },
        "ids": {
            "/api/v1/intents/": offer.intent_id,
            "/api/v1/offers/": offer.pk,
            "/api/v1/vendor/leads/": offer.lead_id,
            "/api/v1/vendor/offers/": offer.pk,
            "/api/v1/vendor/subscriptions/": subscription.pk,
        },
    }


def aim_at_the_world(case, world) -> None:
    """An even generated id becomes the real object the path is about."""
    for name, value in (case.path_parameters or {}).items():
        if not isinstance(value, int) or value % 2:
            continue
        prefix = max((p for p in world["ids"] if case.path.startswith(p)), key=len, default=None)
        if prefix is not None:
            case.path_parameters[name] = world["ids"][prefix]


# Loaded at import: the schema is built from the code, with no database. (Schemathesis's
# lazy `from_fixture` loader reads a private pytest attribute that pytest 9 removed.)
schema = schemathesis.openapi.from_wsgi("/api/schema/", app, base_url=ORIGIN)


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_no_operation_answers_5xx_or_off_schema(case, world):
    cache.clear()  # each case gets the full throttle budget: a 429 here proves nothing
    aim_at_the_world(case, world)
    who = "vendor" if case.path.startswith("/api/v1/vendor/") else "customer"
    headers = {"Authorization": f"Token {world['tokens'][who]}"}

    case.call_and_validate(base_url=ORIGIN, headers=headers, checks=CHECKS)

    key = case.operation.label
    CASES_RUN[key] = CASES_RUN.get(key, 0) + 1

"""Fault tests on the real stack (tests/reliability/stack.py). Each test gets its own
Redis, worker, beat and web processes on the test database, which they can only see
committed, so these tests are transactional. The figures each test measures are printed
at the end of the run (intents lost, duplicated leads, recovery times)."""

from __future__ import annotations

import shutil
import time

import pytest
from django.conf import settings
from rest_framework.authtoken.models import Token

from tests.factories import UserFactory
from tests.reliability.stack import Stack, http

FIGURES: list[str] = []


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


def pytest_terminal_summary(terminalreporter):
    if FIGURES:
        terminalreporter.write_sep("=", "reliability figures")
        for line in FIGURES:
            terminalreporter.write_line(line)


@pytest.fixture
def figures():
    """figures(line): a figure to print in the run's summary."""
    return FIGURES.append


@pytest.fixture
def stack(request, transactional_db, tmp_path):
    """A stack of its own, torn down before the test database is flushed; when the test
    failed, the children's last log lines are printed with it."""
    if not settings.REDIS_URL or "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        pytest.skip("needs PostgreSQL and Redis (bin/test)")
    if shutil.which("redis-server") is None:
        pytest.skip("needs redis-server on the PATH (apt-get install redis-server)")
    own = Stack(tmp_path)
    yield own
    own.stop_all()
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        print(own.logs())


@pytest.fixture
def customer_token(transactional_db) -> str:
    return Token.objects.create(user=UserFactory()).key


def duplicated_leads(intent_ids) -> int:
    """Leads beyond the first for one (intent, vendor): what the unique constraint forbids,
    counted rather than assumed."""
    from django.db.models import Count

    from matching.models import Lead

    pairs = Lead.objects.filter(intent_id__in=intent_ids).values("intent_id", "vendor_id")
    return sum(row["n"] - 1 for row in pairs.annotate(n=Count("id")).filter(n__gt=1))


def post_intent(stack: Stack, token: str, **fields) -> tuple[int, dict, float]:
    """POST /api/v1/intents/ through the web process: (status, body, seconds taken)."""
    body = {"text": "Lunch for 2", "category": "restaurant-meal", "max_offers": 5, **fields}
    started = time.monotonic()
    status, answer = http("POST", f"{stack.api}/intents/", body, token)
    return status, answer, time.monotonic() - started

"""The cache (throttle counters) lives in Redis: with Redis down, requests go on without
it instead of failing (core/cache.py)."""

import socket
import time

import pytest
from django.core.cache import cache
from django.test import override_settings

from intents.models import Intent
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.reliability.stack import free_port

pytestmark = pytest.mark.django_db


@pytest.fixture
def cache_down(settings):
    """The configured cache pointed at a port nobody listens on."""
    down = {
        **settings.CACHES["default"],
        "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
    }
    with override_settings(CACHES={"default": down}):
        yield


@pytest.fixture
def cache_hung(settings):
    """The configured cache pointed at a server that accepts and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    hung = {
        **settings.CACHES["default"],
        "LOCATION": f"redis://127.0.0.1:{server.getsockname()[1]}/0",
    }
    with override_settings(CACHES={"default": hung}):
        yield
    server.close()


def test_reads_miss_and_writes_are_dropped_while_redis_is_down(cache_down, caplog):
    cache.set("answer", 42)

    assert cache.get("answer", "missing") == "missing"
    assert cache.get_many(["answer"]) == {}
    assert cache.add("answer", 1) is False
    assert cache.incr("counter", 3) == 3
    assert "Redis unavailable" in caplog.text


def test_a_throttled_post_is_answered_while_redis_is_down(cache_down):
    response = client_for(UserFactory()).post(
        "/api/v1/intents/",
        {"text": "Lunch for 2", "category": "restaurant-meal", "lat": 55.86, "lng": -4.25},
    )

    assert response.status_code == 201, response.json()
    assert Intent.objects.filter(pk=response.json()["id"]).exists()


def test_a_hung_redis_holds_a_cache_read_about_a_second(cache_hung):
    started = time.monotonic()
    assert cache.get("answer") is None
    assert time.monotonic() - started < 3

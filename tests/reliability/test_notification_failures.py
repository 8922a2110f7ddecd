"""Telling vendors about a lead can fail; the lead cannot. Announcements go out after the
matching transaction commits, each failure is logged, and none undoes a lead, stops a
matching run or holds it for longer than the Redis client's timeout.

(Vendors hear of leads through the live announcement only: Beckon sends no lead e-mail
and no webhook yet. Whatever is added must follow the same rule: docs/reliability.md.)"""

import socket
import threading
import time

import pytest
from django.test import override_settings

from core import live
from matching.engine import create_leads_for_intent, create_leads_for_subscription
from matching.models import Lead
from tests.conftest import client_for
from tests.factories import IntentFactory, SubscriptionFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


class ExplodingClient:
    """A pub/sub client whose every call fails, and not with a Redis error."""

    def pipeline(self, **kwargs):
        raise RuntimeError("the notification service exploded")

    def publish(self, *args):
        raise RuntimeError("the notification service exploded")


@pytest.fixture
def announcements_explode(monkeypatch):
    monkeypatch.setattr(live, "_client", ExplodingClient)


@pytest.fixture
def hung_redis():
    """A server that accepts connections and never answers: Redis hung, or a network
    path that silently drops packets."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    held = []

    def accept():
        while True:
            try:
                held.append(server.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    live._client.cache_clear()
    with override_settings(REDIS_URL=f"redis://127.0.0.1:{server.getsockname()[1]}/0"):
        yield
    live._client.cache_clear()
    server.close()
    for connection in held:
        connection.close()


def test_a_failing_announcement_neither_loses_a_lead_nor_stops_the_run(
    announcements_explode, caplog, figures
):
    intents = [IntentFactory() for _ in range(3)]
    subscription = SubscriptionFactory()

    created = create_leads_for_subscription(subscription.pk)

    assert sorted(lead.intent_id for lead in created) == sorted(i.pk for i in intents)
    assert Lead.objects.filter(vendor=subscription.vendor).count() == 3
    logged = [r for r in caplog.records if "notification service exploded" in r.getMessage()]
    assert len(logged) == 3  # each failure written down, none raised
    figures("Lead announcement raising: 3 of 3 leads kept, the subscription run finished")


def test_an_intent_posted_while_announcements_fail_is_saved_and_matched(
    announcements_explode,
):
    subscription = SubscriptionFactory()

    posted = client_for(UserFactory()).post(
        "/api/v1/intents/",
        {"text": "Lunch for 2", "category": "restaurant-meal", "lat": 55.8642, "lng": -4.2518},
    )

    assert posted.status_code == 201, posted.json()
    assert Lead.objects.filter(intent_id=posted.json()["id"], vendor=subscription.vendor).exists()


def test_a_hung_redis_holds_a_match_no_longer_than_the_client_timeout(hung_redis, figures):
    subscription = SubscriptionFactory()
    intent = IntentFactory()

    started = time.monotonic()
    leads = create_leads_for_intent(intent.pk)
    took = time.monotonic() - started

    assert [lead.vendor_id for lead in leads] == [subscription.vendor_id]
    assert Lead.objects.filter(intent=intent).count() == 1
    assert took < 5, f"matching took {took:.1f} s behind a hung Redis"
    figures(f"Redis hung for announcements: the lead was kept, matching held {took:.1f} s")

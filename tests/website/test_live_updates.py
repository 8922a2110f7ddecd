"""Live updates: domain changes announced on the intent's Redis channel after commit, and
the Server-Sent Events stream the intent page listens to."""

import json

import pytest
import redis
from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import transaction
from django.test import AsyncClient

from core import live
from intents.models import Intent
from intents.services import withdraw_intent
from matching.models import Lead
from offers.models import Offer
from offers.services import accept_offer, decline_offer, expire_due_offers, make_offer
from tests.factories import IntentFactory, LeadFactory, OfferFactory
from tests.streams import run_in_a_thread_of_its_own

needs_redis = pytest.mark.skipif(not settings.REDIS_URL, reason="needs REDIS_URL (bin/test)")


@pytest.fixture
def listen():
    """listen(intent) -> a function returning the events heard on its channel so far."""
    connection = redis.Redis.from_url(settings.REDIS_URL)
    subscriptions = []

    def start(intent):
        pubsub = connection.pubsub()
        pubsub.subscribe(live.intent_channel(intent.pk))
        assert pubsub.get_message(timeout=2)["type"] == "subscribe"
        subscriptions.append(pubsub)

        def heard(wait: float = 0.5) -> list[dict]:
            events = []
            while message := pubsub.get_message(timeout=wait):
                events.append(json.loads(message["data"]))
                wait = 0.1
            return events

        return heard

    yield start
    for pubsub in subscriptions:
        pubsub.close()
    connection.close()


def test_channels_are_per_intent_under_the_cache_prefix():
    assert (
        live.intent_channel(42)
        == f"{settings.CACHES['default'].get('KEY_PREFIX', 'beckon')}:intent:42"
    )


def test_without_redis_nothing_is_published(settings, monkeypatch):
    settings.REDIS_URL = ""
    monkeypatch.setattr(live, "_client", lambda: pytest.fail("no Redis should be used"))

    live.publish("anything", {"type": "offer.made"})


def test_a_redis_that_is_down_does_not_fail_the_change(monkeypatch, caplog):
    class Down:
        def publish(self, *args):
            raise redis.ConnectionError("down")

    monkeypatch.setattr(live, "_client", lambda: Down())
    if not settings.REDIS_URL:
        pytest.skip("needs REDIS_URL (bin/test)")

    live.publish("beckon:intent:1", {"type": "offer.made"})

    assert "Could not publish offer.made" in caplog.text


@needs_redis
@pytest.mark.django_db
def test_each_change_a_customer_watches_is_announced_after_commit(listen, after_commit, customer):
    intent = IntentFactory(customer=customer)
    heard = listen(intent)
    first, second, third = OfferFactory.create_batch(3, lead__intent=intent)
    lead = LeadFactory(intent=intent, status=Lead.Status.VIEWED)

    with after_commit():
        made = make_offer(lead, lead.vendor.owner, price=10, currency="GBP", terms_accepted=True)
        decline_offer(first)
        Offer.objects.filter(pk=second.pk).update(valid_until=intent.created_at)
        expire_due_offers()
        accept_offer(third)

    assert [(e["type"], e.get("offer")) for e in heard()] == [
        ("offer.made", made.pk),
        ("offer.declined", first.pk),
        ("offer.expired", None),
        ("offer.accepted", third.pk),
    ]


@needs_redis
@pytest.mark.django_db
def test_an_intent_ending_is_announced(listen, after_commit, customer):
    intent = IntentFactory(customer=customer)
    heard = listen(intent)

    with after_commit():
        withdraw_intent(intent)

    assert heard() == [{"type": "intent.withdrawn", "intent": intent.pk}]


@needs_redis
@pytest.mark.django_db(transaction=True)
def test_a_change_rolled_back_is_never_announced(listen, customer):
    intent = IntentFactory(customer=customer)
    heard = listen(intent)

    def withdraw_then_fail():
        with transaction.atomic():
            withdraw_intent(intent)
            raise RuntimeError("something later failed")

    with pytest.raises(RuntimeError):
        withdraw_then_fail()

    assert heard(wait=0.3) == []
    assert Intent.objects.get(pk=intent.pk).status == Intent.Status.OPEN


# --- The event stream ----------------------------------------------------------------


def stream(user, intent, *, chunks: int = 1, publish: dict | None = None):
    """GET the intent's event stream as `user`; (status, the first `chunks` chunks),
    publishing `publish` on the intent's channel once the stream listens."""

    async def scenario():
        client = AsyncClient()
        if user is not None:
            await client.aforce_login(user)
        response = await client.get(f"/intents/{intent.pk}/events/")
        if not response.streaming:
            return response.status_code, response, []
        body = aiter(response.streaming_content)
        received = [await anext(body)]
        if publish:
            await sync_to_async(live.publish)(live.intent_channel(intent.pk), publish)
        while len(received) < chunks:
            received.append(await anext(body))
        await body.aclose()
        return response.status_code, response, [c.decode() for c in received]

    return run_in_a_thread_of_its_own(scenario)


@needs_redis
@pytest.mark.django_db(transaction=True)
def test_the_stream_says_when_it_listens_then_passes_each_event_on(customer):
    intent = IntentFactory(customer=customer)

    status, response, chunks = stream(customer, intent, chunks=2, publish={"type": "offer.made"})

    assert status == 200
    assert response["Content-Type"] == "text/event-stream"
    assert response["Cache-Control"] == "no-cache"
    assert chunks[0] == 'retry: 2000\ndata: {"type": "listening"}\n\n'
    assert chunks[1] == 'data: {"type": "offer.made"}\n\n'


@needs_redis
@pytest.mark.django_db(transaction=True)
def test_the_stream_of_another_customers_intent_is_a_404(customer, someone_else):
    status, _, _ = stream(customer, IntentFactory(customer=someone_else))

    assert status == 404


@needs_redis
@pytest.mark.django_db(transaction=True)
def test_a_visitor_gets_no_stream(customer):
    status, _, _ = stream(None, IntentFactory(customer=customer))

    assert status == 403


@needs_redis
@pytest.mark.django_db(transaction=True)
def test_the_stream_of_an_intent_that_is_over_tells_the_browser_to_stop(customer):
    intent = IntentFactory(customer=customer, status=Intent.Status.ACCEPTED)

    status, _, _ = stream(customer, intent)

    assert status == 204

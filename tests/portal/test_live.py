"""Live updates for vendors: what is announced on the business's Redis channel (new leads
from matching, offer decisions), and the Server-Sent Events stream the portal listens to."""

import json

import pytest
import redis
from asgiref.sync import sync_to_async
from django.conf import settings
from django.test import AsyncClient

from core import live
from intents.services import create_intent, expire_intent, withdraw_intent
from offers.models import Offer
from offers.services import (
    accept_offer,
    decline_offer,
    expire_due_offers,
    make_offer,
    mark_fulfilled,
    withdraw_offer,
)
from tests.factories import (
    GLASGOW,
    IntentFactory,
    LeadFactory,
    OfferFactory,
    SubscriptionFactory,
    UserFactory,
    category,
)
from tests.streams import run_in_a_thread_of_its_own

needs_redis = pytest.mark.skipif(not settings.REDIS_URL, reason="needs REDIS_URL (bin/test)")


@pytest.fixture
def listen():
    """listen(vendor) -> a function returning the events heard on its channel so far."""
    connection = redis.Redis.from_url(settings.REDIS_URL)
    subscriptions = []

    def start(vendor):
        pubsub = connection.pubsub()
        pubsub.subscribe(live.vendor_channel(vendor.pk))
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


@needs_redis
@pytest.mark.django_db
def test_a_new_lead_is_announced_to_its_vendor(listen, after_commit, vendor):
    SubscriptionFactory(vendor=vendor)
    heard = listen(vendor)

    with after_commit():
        intent = create_intent(
            customer=UserFactory(),
            text="Lunch for 2",
            category=category(),
            lat=GLASGOW[0],
            lng=GLASGOW[1],
        )

    assert heard() == [{"type": "lead.new", "vendor": vendor.pk, "intent": intent.pk}]


@needs_redis
@pytest.mark.django_db
def test_each_change_to_a_vendors_offers_is_announced_to_it(listen, after_commit, vendor):
    heard = listen(vendor)
    first, second, third, fourth = (OfferFactory(lead__vendor=vendor) for _ in range(4))
    lead = LeadFactory(vendor=vendor)

    with after_commit():
        made = make_offer(lead, vendor.owner, price=10, currency="GBP", terms_accepted=True)
        withdraw_offer(first)
        decline_offer(second)
        Offer.objects.filter(pk=third.pk).update(valid_until=third.intent.created_at)
        expire_due_offers()
        accept_offer(fourth)
        mark_fulfilled(fourth)

    assert [(e["type"], e.get("offer")) for e in heard()] == [
        ("offer.made", made.pk),
        ("offer.withdrawn", first.pk),
        ("offer.declined", second.pk),
        ("offer.expired", None),
        ("offer.accepted", fourth.pk),
        ("offer.fulfilled", fourth.pk),
    ]


@needs_redis
@pytest.mark.django_db
def test_the_other_vendors_hear_their_leads_close_when_an_offer_is_accepted(
    listen, after_commit, vendor, rival
):
    intent = IntentFactory()
    offer = OfferFactory(lead__intent=intent, lead__vendor=vendor)
    LeadFactory(intent=intent, vendor=rival)
    heard_by_rival = listen(rival)

    with after_commit():
        accept_offer(offer)

    assert heard_by_rival() == [{"type": "lead.closed", "vendor": rival.pk, "intent": intent.pk}]


@needs_redis
@pytest.mark.django_db
def test_vendors_hear_their_leads_close_when_the_customer_withdraws_or_it_expires(
    listen, after_commit, vendor
):
    withdrawn, expired = IntentFactory(), IntentFactory()
    for intent in (withdrawn, expired):
        LeadFactory(intent=intent, vendor=vendor)
    heard = listen(vendor)

    with after_commit():
        withdraw_intent(withdrawn)
        expire_intent(expired)

    assert heard() == [
        {"type": "lead.closed", "vendor": vendor.pk, "intent": withdrawn.pk},
        {"type": "lead.closed", "vendor": vendor.pk, "intent": expired.pk},
    ]


# --- The event stream ----------------------------------------------------------------


def stream(user, *, chunks: int = 1, publish_to=None):
    """GET the portal's event stream as `user`; (status, response, the first `chunks`
    chunks), publishing one event on `publish_to`'s channel once the stream listens."""

    async def scenario():
        client = AsyncClient()
        if user is not None:
            await client.aforce_login(user)
        response = await client.get("/portal/events/")
        if not response.streaming:
            return response.status_code, response, []
        body = aiter(response.streaming_content)
        received = [await anext(body)]
        if publish_to is not None:
            await sync_to_async(live.publish)(
                live.vendor_channel(publish_to.pk), {"type": "lead.new"}
            )
        while len(received) < chunks:
            received.append(await anext(body))
        await body.aclose()
        return response.status_code, response, [c.decode() for c in received]

    return run_in_a_thread_of_its_own(scenario)


@needs_redis
@pytest.mark.django_db(transaction=True)
def test_the_stream_says_when_it_listens_then_passes_each_event_on(vendor):
    status, response, chunks = stream(vendor.owner, chunks=2, publish_to=vendor)

    assert status == 200
    assert response["Content-Type"] == "text/event-stream"
    assert response["Cache-Control"] == "no-cache"
    assert chunks[0] == 'retry: 2000\ndata: {"type": "listening"}\n\n'
    assert chunks[1] == 'data: {"type": "lead.new"}\n\n'


@needs_redis
@pytest.mark.django_db(transaction=True)
def test_staff_listen_on_their_business_channel(vendor):
    from tests.factories import add_staff

    _, _, chunks = stream(add_staff(vendor), chunks=2, publish_to=vendor)

    assert chunks[1] == 'data: {"type": "lead.new"}\n\n'


@needs_redis
@pytest.mark.django_db(transaction=True)
def test_a_visitor_or_a_customer_gets_no_stream():
    assert stream(None)[0] == 403
    assert stream(UserFactory())[0] == 403


@pytest.mark.django_db(transaction=True)
def test_without_redis_the_stream_tells_the_browser_to_stop(settings, vendor):
    settings.REDIS_URL = ""

    assert stream(vendor.owner)[0] == 204


@needs_redis
@pytest.mark.django_db(transaction=True)
def test_a_vendor_never_hears_another_vendors_events(vendor, rival):
    """The stream is the signed-in member's business's channel; there is no id to change."""

    async def scenario():
        client = AsyncClient()
        await client.aforce_login(vendor.owner)
        response = await client.get("/portal/events/")
        body = aiter(response.streaming_content)
        await anext(body)  # listening
        await sync_to_async(live.publish)(live.vendor_channel(rival.pk), {"type": "secret"})
        await sync_to_async(live.publish)(live.vendor_channel(vendor.pk), {"type": "mine"})
        second = await anext(body)
        await body.aclose()
        return second.decode()

    assert run_in_a_thread_of_its_own(scenario) == 'data: {"type": "mine"}\n\n'

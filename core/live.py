"""Live updates: a tiny publish/subscribe over Redis pub/sub.

Domain functions call `announce(intent_id, "offer.made", ...)` when something a customer
watches changes; the message goes out once the transaction commits, on the intent's
channel. The customer's open intent page listens through a Server-Sent Events view
(website/views/events.py) holding a `Subscription` to that channel.

Without REDIS_URL (the embedded default) nothing is published and pages poll instead.
Publishing never raises: a Redis that is down must not turn an accepted offer into an
error, so it is logged and the page's slow safety poll catches up.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Iterable
from functools import cache

import redis
import redis.asyncio
from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import connections, transaction
from django.http import StreamingHttpResponse

logger = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 15.0  # a comment line this often tells a dead connection from a quiet one
RETRY_MS = 2000  # how soon a browser reconnects after a stream drops


def enabled() -> bool:
    return bool(settings.REDIS_URL)


def intent_channel(intent_id: int) -> str:
    """One channel per intent, under the cache prefix so two deployments (or the tests)
    sharing one Redis never hear each other: pub/sub ignores Redis database numbers."""
    prefix = settings.CACHES["default"].get("KEY_PREFIX") or "beckon"
    return f"{prefix}:intent:{intent_id}"


def vendor_channel(vendor_id: int) -> str:
    """One channel per vendor business: its inbox listens for new and changed leads."""
    prefix = settings.CACHES["default"].get("KEY_PREFIX") or "beckon"
    return f"{prefix}:vendor:{vendor_id}"


@cache
def _client() -> redis.Redis:
    return redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2)


def publish(channel: str, event: dict) -> None:
    """Send `event` (JSON) to whoever listens on `channel` now; nothing without Redis."""
    if not enabled():
        return
    try:
        _client().publish(channel, json.dumps(event))
    except redis.RedisError:
        logger.warning("Could not publish %s on %s", event.get("type"), channel, exc_info=True)


def announce(intent_id: int, event_type: str, **data) -> None:
    """Tell the intent's watchers, once the current transaction commits (at once outside
    one): a rolled-back change is never announced."""
    event = {"type": event_type, "intent": intent_id, **data}
    transaction.on_commit(lambda: publish(intent_channel(intent_id), event), robust=True)


def announce_to_vendors(vendor_ids, event_type: str, **data) -> None:
    """Tell each vendor's inbox, after commit, in one round trip to Redis."""
    vendor_ids = list(vendor_ids)
    if not enabled() or not vendor_ids:
        return

    def send() -> None:
        try:
            pipe = _client().pipeline(transaction=False)
            for vendor_id in vendor_ids:
                event = {"type": event_type, "vendor": vendor_id, **data}
                pipe.publish(vendor_channel(vendor_id), json.dumps(event))
            pipe.execute()
        except redis.RedisError:
            logger.warning("Could not announce %s to vendors", event_type, exc_info=True)

    # robust: whatever goes wrong in an announcement is logged and never undoes, stops or
    # fails the matching run that made the leads (docs/reliability.md).
    transaction.on_commit(send, robust=True)


async def release_database() -> None:
    """Close the request's database connections before a stream starts. A stream reads
    only Redis, but under ASGI the connection its checks opened would otherwise stay open
    until the page closes: one PostgreSQL connection per open page (docs/deployment.md).
    A connection inside a transaction (a test's) is left alone."""

    def close() -> None:
        for connection in connections.all(initialized_only=True):
            if not connection.in_atomic_block:
                connection.close()

    await sync_to_async(close)()


class Subscription:
    """Listening on one channel: `async with Subscription(channel) as events:` returns
    once Redis confirms the subscription, so nothing published after that is missed;
    then `await events.next(timeout)` gives the next event, or None after `timeout`
    seconds of silence. Leaving the block (or being cancelled) unsubscribes."""

    def __init__(self, channel: str):
        self.channel = channel
        self.client = redis.asyncio.Redis.from_url(settings.REDIS_URL)
        self.pubsub = self.client.pubsub()

    async def __aenter__(self) -> Subscription:
        await self.pubsub.subscribe(self.channel)
        while True:  # wait for Redis to confirm: from then on, every event arrives
            message = await self.pubsub.get_message(timeout=5)
            if message is None or message["type"] == "subscribe":
                return self

    async def next(self, timeout: float = HEARTBEAT_SECONDS) -> dict | None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while (left := deadline - loop.time()) > 0:
            message = await self.pubsub.get_message(timeout=left)
            if message is None or message["type"] != "message":
                continue
            try:
                return json.loads(message["data"])
            except (TypeError, ValueError):
                logger.warning("Ignored a malformed event on %s", self.channel)
        return None

    async def __aexit__(self, *exc_info) -> None:
        # Shielded: a server cancels the stream when the browser goes away, and the
        # connection must still go back.
        await asyncio.shield(self._close())

    async def _close(self) -> None:
        try:
            await self.pubsub.unsubscribe(self.channel)
            await self.pubsub.aclose()
            await self.client.aclose()
        except redis.RedisError:
            logger.debug("Closing the subscription to %s failed", self.channel, exc_info=True)


async def event_stream(channel: str, *, endings: Iterable[str] = ()) -> StreamingHttpResponse:
    """The Server-Sent Events response a live page listens to: every event published on
    `channel`, a heartbeat comment when quiet, and the end of the stream after an event
    whose type is in `endings` (the page's reconnect then learns there is nothing more).
    The request's database connection is given back first: a stream needs none, for as
    long as the page stays open."""
    await release_database()
    response = StreamingHttpResponse(
        _events(channel, frozenset(endings)), content_type="text/event-stream"
    )
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"  # proxies must pass each event on at once
    return response


async def _events(channel: str, endings: frozenset[str]):
    async with Subscription(channel) as events:
        # Subscribed: the page re-fetches on this first event, so nothing published
        # between its render and now is missed.
        yield f"retry: {RETRY_MS}\ndata: {json.dumps({'type': 'listening'})}\n\n"
        while True:
            event = await events.next(HEARTBEAT_SECONDS)
            if event is None:
                yield ": still here\n\n"  # a comment: tells a dead connection from a quiet one
                continue
            yield f"data: {json.dumps(event)}\n\n"
            if event.get("type") in endings:
                return

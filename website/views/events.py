"""Server-Sent Events for the intent page: one stream per open page, fed by the intent's
Redis channel (core.live). Runs under an ASGI server (uvicorn); under WSGI the page
polls instead and never opens this stream."""

from __future__ import annotations

import json

from django.http import Http404, HttpResponse, StreamingHttpResponse

from core import live
from intents.models import Intent

RETRY_MS = 2000  # how soon a browser reconnects after the stream drops
ENDINGS = {"offer.accepted", "intent.withdrawn", "intent.expired"}


async def intent_events(request, intent_id: int):
    user = await request.auser()
    if not user.is_authenticated:
        return HttpResponse(status=403)
    intent = await Intent.objects.owned_by(user).filter(pk=intent_id).afirst()
    if intent is None:
        raise Http404
    if not live.enabled() or not intent.is_open:
        # 204 tells EventSource to stop reconnecting: nothing more will happen here.
        return HttpResponse(status=204)
    await live.release_database()  # the stream needs none, for as long as the page is open
    response = StreamingHttpResponse(
        _stream(live.intent_channel(intent.pk)), content_type="text/event-stream"
    )
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"  # proxies must pass each event on at once
    return response


async def _stream(channel: str):
    async with live.Subscription(channel) as events:
        # Subscribed: the page re-fetches on this first event, so nothing published
        # between its render and now is missed.
        yield f"retry: {RETRY_MS}\ndata: {json.dumps({'type': 'listening'})}\n\n"
        while True:
            event = await events.next(live.HEARTBEAT_SECONDS)
            if event is None:
                yield ": still here\n\n"  # a comment: tells a dead connection from a quiet one
                continue
            yield f"data: {json.dumps(event)}\n\n"
            if event.get("type") in ENDINGS:
                return  # the intent is over; the reconnect gets 204 and stops

"""Server-Sent Events for the vendor portal: one stream per open portal page, fed by the
business's Redis channel (core.live.vendor_channel): new leads from matching, and the
offer changes offers/services.py announces. Runs under an ASGI server (uvicorn); under
WSGI the pages poll instead and never open this stream."""

from __future__ import annotations

import json

from django.http import HttpResponse, StreamingHttpResponse

from core import live
from vendors.models import Membership

RETRY_MS = 2000  # how soon a browser reconnects after the stream drops


async def vendor_events(request):
    user = await request.auser()
    if not user.is_authenticated:
        return HttpResponse(status=403)
    membership = await Membership.objects.filter(user_id=user.pk).afirst()
    if membership is None:
        return HttpResponse(status=403)
    if not live.enabled():
        return HttpResponse(status=204)  # tells EventSource to stop: the page polls
    await live.release_database()  # the stream needs none, for as long as the page is open
    response = StreamingHttpResponse(
        _stream(live.vendor_channel(membership.vendor_id)), content_type="text/event-stream"
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

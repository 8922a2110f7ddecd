"""Server-Sent Events for the intent page: one stream per open page, fed by the intent's
Redis channel (core.live). Runs under an ASGI server (uvicorn); under WSGI the page
polls instead and never opens this stream."""

from __future__ import annotations

from django.http import Http404, HttpResponse

from core import live
from intents.models import Intent

# After one of these the intent is over: the stream ends, and the reconnect gets a 204.
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
    return await live.event_stream(live.intent_channel(intent.pk), endings=ENDINGS)

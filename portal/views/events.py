"""Server-Sent Events for the vendor portal: one stream per open portal page, fed by the
business's Redis channel (core.live.vendor_channel): new leads from matching, and the
offer changes offers/services.py announces. Runs under an ASGI server (uvicorn); under
WSGI the pages poll instead and never open this stream."""

from __future__ import annotations

from django.http import HttpResponse

from core import live
from vendors.models import Membership


async def vendor_events(request):
    user = await request.auser()
    if not user.is_authenticated:
        return HttpResponse(status=403)
    membership = await Membership.objects.filter(user_id=user.pk).afirst()
    if membership is None:
        return HttpResponse(status=403)
    if not live.enabled():
        return HttpResponse(status=204)  # tells EventSource to stop: the page polls
    return await live.event_stream(live.vendor_channel(membership.vendor_id))

"""Saved replies: messages the business sends often, to start an offer from."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from portal import selectors
from portal.forms import ReplyTemplateForm
from portal.views.common import member_required, page, too_many
from website import throttle


@member_required
def reply_list(request):
    vendor = selectors.vendor_of(request)
    form = ReplyTemplateForm(request.POST or None, vendor=vendor)
    status = 200
    if request.method == "POST":
        if not throttle.allowed(request, "writes"):
            form.add_error(None, throttle.TOO_MANY)
            status = 429
        elif form.is_valid():
            reply = form.save()
            messages.success(request, f"Saved “{reply.title}”. Use it from any lead's offer.")
            return redirect("portal:replies")
        else:
            status = 400
    context = {"replies": selectors.replies_for_member(request), "form": form}
    return page(request, "portal/reply_list.html", context, status=status)


@member_required
def reply_edit(request, reply_id: int):
    reply = selectors.reply_for_member(request, reply_id)
    form = ReplyTemplateForm(request.POST or None, instance=reply, vendor=reply.vendor)
    status = 200
    if request.method == "POST":
        if not throttle.allowed(request, "writes"):
            form.add_error(None, throttle.TOO_MANY)
            status = 429
        elif form.is_valid():
            form.save()
            messages.success(request, f"Saved “{reply.title}”.")
            return redirect("portal:replies")
        else:
            status = 400
    return page(request, "portal/reply_edit.html", {"form": form, "reply": reply}, status=status)


@member_required
@require_POST
def reply_delete(request, reply_id: int):
    reply = selectors.reply_for_member(request, reply_id)
    if not throttle.allowed(request, "writes"):
        return too_many(request)
    reply.delete()
    messages.success(request, f"Deleted “{reply.title}”.")
    return redirect("portal:replies")

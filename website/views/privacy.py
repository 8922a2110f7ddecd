"""What Beckon holds about the customer and who saw their intents; export; erasure."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.export import export_user_data
from accounts.services import delete_account
from website import selectors
from website.models import SavedPlace


@login_required
def privacy(request):
    intents = list(selectors.leads_by_intent(request.user))
    context = {
        "intents": intents,
        "saved_place": SavedPlace.objects.filter(user=request.user).first(),
    }
    return render(request, "customer/privacy.html", context)


@login_required
def export(request):
    """Everything, as the API's export gives it, plus what the website keeps."""
    data = export_user_data(request.user)
    saved = SavedPlace.objects.filter(user=request.user).first()
    data["website"] = {"saved_place": saved.as_data() if saved else None}
    response = JsonResponse(data, json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Content-Disposition"] = 'attachment; filename="beckon-my-data.json"'
    return response


@login_required
@require_POST
def forget_place(request):
    SavedPlace.objects.filter(user=request.user).delete()
    messages.success(request, "Your saved place is forgotten.")
    return redirect("privacy")


@login_required
def delete(request):
    """One confirmation, then gone."""
    if request.method == "POST":
        delete_account(request.user)
        logout(request)
        messages.success(request, "Your account and everything it held are deleted. Goodbye.")
        return redirect("home")
    return render(
        request,
        "customer/confirm.html",
        {
            "title": "Delete your account?",
            "explain": "Your open intents are withdrawn, then your account, your intents, "
            "the offers on them and your saved place are deleted for good. "
            "Download your data first if you want a copy.",
            "action": "Yes, delete everything",
            "danger": True,
            "back": reverse("privacy"),
        },
    )

"""Sign-up, sign-in and password reset for customers. Sign-up goes through the same
`register_user` as the API; sign-in and reset are Django's, rate-limited like the API's
auth endpoints."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts import verification
from accounts.serializers import MeSerializer
from accounts.services import register_user
from vendors.models import Membership
from website import throttle
from website.forms import SignUpForm
from website.views.common import DRAFT_KEY, message_page, safe_next, too_many


def signup(request):
    next_url = safe_next(request)
    if request.user.is_authenticated:
        return redirect(next_url or "intent-list")
    form = SignUpForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not throttle.allowed(request, "auth"):
            form.add_error(None, throttle.TOO_MANY)
            status = 429
        elif form.is_valid():
            user, _token = register_user(**form.registration)
            if form.time_zone:
                profile = MeSerializer(user, data={"time_zone": form.time_zone}, partial=True)
                if profile.is_valid():
                    profile.save()
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, f"Welcome to Beckon, {user.name}.")
            return redirect(next_url or "intent-list")
        else:
            status = 400
    context = {"form": form, "next": next_url, "draft": request.session.get(DRAFT_KEY, "")}
    return render(request, "registration/signup.html", context, status=status)


class SignIn(auth_views.LoginView):
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if not throttle.allowed(request, "auth"):
            return too_many(request)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_default_redirect_url(self):
        """People who work for a business land in its portal; customers on their intents."""
        if Membership.objects.filter(user=self.request.user).exists():
            return reverse("portal:inbox")
        return super().get_default_redirect_url()

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "draft": self.request.session.get(DRAFT_KEY)}


class PasswordReset(auth_views.PasswordResetView):
    def post(self, request, *args, **kwargs):
        if not throttle.allowed(request, "auth"):
            return too_many(request)
        return super().post(request, *args, **kwargs)


def verify_email(request, token: str):
    """The link from the confirmation e-mail: anyone holding it may use it (it names
    the account and the address, signed, for a week)."""
    try:
        user = verification.confirm_email(token)
    except verification.InvalidToken as error:
        return message_page(request, "That link did not work", error.message, status=400)
    messages.success(request, f"Thank you: {user.email} is confirmed. Your requests go out now.")
    return redirect("intent-list" if request.user == user else "login")


@login_required
@require_POST
def resend_verification(request):
    if not throttle.allowed(request, "auth"):
        return too_many(request)
    if not request.user.email_verified:
        verification.send_verification_email(request.user)
        messages.success(request, f"We sent a new link to {request.user.email}.")
    return redirect(safe_next(request) or "intent-list")

"""Joining as a business, signing in to the portal, and choosing a password from an
invitation. Signing in is the customer site's view (same rate limit), with the portal's
page and the inbox as the place to land."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy

from portal.forms import JoinForm, StartBusinessForm
from portal.onboarding import join_as_vendor, start_business
from vendors.permissions import membership_of
from website import throttle
from website.views.accounts import SignIn

BACKEND = "django.contrib.auth.backends.ModelBackend"


def join(request):
    """A new business and its owner; then the business details, then a subscription."""
    if request.user.is_authenticated:
        if membership_of(request) is not None:
            return redirect("portal:inbox")
        return _start_business(request)
    form = JoinForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not throttle.allowed(request, "auth"):
            form.add_error(None, throttle.TOO_MANY)
            status = 429
        elif form.is_valid():
            user, vendor = join_as_vendor(**form.registration)
            login(request, user, backend=BACKEND)
            messages.success(
                request, f"Welcome to Beckon, {vendor.name}. Tell customers a little about you."
            )
            return redirect(f"{reverse('portal:business')}?start=1")
        else:
            status = 400
    return render(request, "portal/join.html", {"form": form}, status=status)


def _start_business(request):
    form = StartBusinessForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not throttle.allowed(request, "writes"):
            form.add_error(None, throttle.TOO_MANY)
            status = 429
        elif form.is_valid():
            start_business(request.user, form.cleaned_data["business_name"])
            messages.success(request, "Your business is set up. Tell customers a little about it.")
            return redirect(f"{reverse('portal:business')}?start=1")
        else:
            status = 400
    return render(request, "portal/join.html", {"form": form, "signed_in": True}, status=status)


class PortalSignIn(SignIn):
    template_name = "portal/login.html"

    def get_default_redirect_url(self):
        return reverse("portal:inbox")


class SetPassword(auth_views.PasswordResetConfirmView):
    """The link in a staff invitation: choose a password, and you are in."""

    template_name = "portal/set_password.html"
    post_reset_login = True
    post_reset_login_backend = BACKEND
    success_url = reverse_lazy("portal:inbox")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, "Your password is set. Welcome to the team.")
        return response

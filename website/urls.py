"""The customer website: /, /intents/..., /privacy/..., /accounts/..."""

from django.contrib.auth import views as auth_views
from django.urls import path

from website.views import accounts, events, intents, offers, pages, privacy

urlpatterns = [
    path("", pages.landing, name="home"),
    path("start/", pages.start, name="start"),
    # Intents and their offers
    path("intents/", intents.intent_list, name="intent-list"),
    path("intents/new/", intents.new_intent, name="intent-new"),
    path("intents/preview/", intents.parse_preview, name="intent-preview"),
    path("intents/<int:intent_id>/", intents.intent_detail, name="intent-detail"),
    path("intents/<int:intent_id>/live/", intents.intent_live, name="intent-live"),
    path("intents/<int:intent_id>/events/", events.intent_events, name="intent-events"),
    path("intents/<int:intent_id>/withdraw/", intents.withdraw, name="intent-withdraw"),
    path(
        "intents/<int:intent_id>/offers/<int:offer_id>/accept/",
        offers.accept,
        name="offer-accept-page",
    ),
    path(
        "intents/<int:intent_id>/offers/<int:offer_id>/decline/",
        offers.decline,
        name="offer-decline-page",
    ),
    # Privacy
    path("privacy/", privacy.privacy, name="privacy"),
    path("privacy/export/", privacy.export, name="privacy-export"),
    path("privacy/forget-place/", privacy.forget_place, name="privacy-forget-place"),
    path("privacy/delete/", privacy.delete, name="privacy-delete"),
    path("privacy/preferences/", privacy.preferences, name="privacy-preferences"),
    path("privacy/block/<int:vendor_id>/", privacy.block, name="privacy-block"),
    path("privacy/unblock/<int:vendor_id>/", privacy.unblock, name="privacy-unblock"),
    # Accounts
    path("accounts/signup/", accounts.signup, name="signup"),
    path("accounts/login/", accounts.SignIn.as_view(), name="login"),
    path("accounts/verify/<str:token>/", accounts.verify_email, name="verify-email"),
    path("accounts/verify/", accounts.resend_verification, name="verify-email-resend"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password-reset/", accounts.PasswordReset.as_view(), name="password_reset"),
    path(
        "accounts/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

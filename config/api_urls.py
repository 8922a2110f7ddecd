"""REST API v1: the paths PRODUCT.md promises."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from accounts import api as accounts
from intents import api as intents
from matching import api as matching
from offers import api as offers
from vendors import api as vendors

router = SimpleRouter()
router.register("intents", intents.IntentViewSet, basename="intent")
router.register("vendor/subscriptions", vendors.SubscriptionViewSet, basename="subscription")
router.register("vendor/leads", matching.VendorLeadViewSet, basename="lead")
router.register("vendor/offers", offers.VendorOfferViewSet, basename="vendor-offer")

urlpatterns = [
    path("auth/register/", accounts.Register.as_view(), name="register"),
    path("auth/token/", accounts.ObtainToken.as_view(), name="token"),
    path("me/", accounts.Me.as_view(), name="me"),
    path("me/export/", accounts.Export.as_view(), name="me-export"),
    path("me/blocks/", accounts.BlockList.as_view(), name="me-blocks"),
    path("me/blocks/<int:vendor_id>/", accounts.Unblock.as_view(), name="me-unblock"),
    path("me/verify-email/", accounts.ResendVerification.as_view(), name="me-verify-resend"),
    path("auth/verify-email/", accounts.VerifyEmail.as_view(), name="verify-email-api"),
    path("categories/", intents.CategoryList.as_view(), name="categories"),
    path("terms/", intents.TermList.as_view(), name="terms"),
    path("intents/parse/", intents.ParseView.as_view(), name="intent-parse"),
    path("intents/<int:intent_id>/offers/", offers.IntentOfferList.as_view(), name="intent-offers"),
    path("offers/<int:offer_id>/accept/", offers.AcceptOffer.as_view(), name="offer-accept"),
    path("offers/<int:offer_id>/decline/", offers.DeclineOffer.as_view(), name="offer-decline"),
    path("vendor/leads/<int:lead_id>/offers/", offers.MakeOffer.as_view(), name="lead-offers"),
    path("", include(router.urls)),
]

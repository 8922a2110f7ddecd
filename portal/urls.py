"""The vendor portal, under /portal/."""

from django.urls import path

from portal.views import (
    accounts,
    business,
    events,
    inbox,
    insights,
    leads,
    offers,
    replies,
    subscriptions,
)

app_name = "portal"

urlpatterns = [
    # Joining and signing in
    path("join/", accounts.join, name="join"),
    path("login/", accounts.PortalSignIn.as_view(), name="login"),
    path("welcome/<uidb64>/<token>/", accounts.SetPassword.as_view(), name="set-password"),
    # Leads
    path("", inbox.inbox, name="inbox"),
    path("live/", inbox.inbox_live, name="inbox-live"),
    path("events/", events.vendor_events, name="events"),
    path("leads/<int:lead_id>/", leads.lead_detail, name="lead"),
    path("leads/<int:lead_id>/live/", leads.lead_live, name="lead-live"),
    path("leads/<int:lead_id>/composer/", leads.composer, name="lead-composer"),
    path("leads/<int:lead_id>/accept-terms/", leads.accept_lead_terms, name="lead-accept-terms"),
    path("leads/<int:lead_id>/offer/", leads.offer, name="lead-offer"),
    path("leads/<int:lead_id>/pass/", leads.pass_, name="lead-pass"),
    # Offers
    path("offers/", offers.offer_list, name="offers"),
    path("offers/<int:offer_id>/withdraw/", offers.withdraw, name="offer-withdraw"),
    path("offers/<int:offer_id>/fulfil/", offers.fulfil, name="offer-fulfil"),
    # Subscriptions
    path("subscriptions/", subscriptions.subscription_list, name="subscriptions"),
    path("subscriptions/new/", subscriptions.subscription_new, name="subscription-new"),
    path("subscriptions/preview/", subscriptions.preview, name="subscription-preview"),
    path(
        "subscriptions/<int:subscription_id>/",
        subscriptions.subscription_edit,
        name="subscription-edit",
    ),
    path(
        "subscriptions/<int:subscription_id>/pause/",
        subscriptions.pause,
        name="subscription-pause",
    ),
    path(
        "subscriptions/<int:subscription_id>/resume/",
        subscriptions.resume,
        name="subscription-resume",
    ),
    # Insights
    path("insights/", insights.insights_page, name="insights"),
    path("insights/export.csv", insights.insights_csv, name="insights-csv"),
    # The business
    path("business/", business.business, name="business"),
    path("team/", business.team, name="team"),
    path("team/invite/", business.invite, name="team-invite"),
    path("replies/", replies.reply_list, name="replies"),
    path("replies/<int:reply_id>/", replies.reply_edit, name="reply-edit"),
    path("replies/<int:reply_id>/delete/", replies.reply_delete, name="reply-delete"),
]

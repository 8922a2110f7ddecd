"""Everything Beckon holds about a person, as plain JSON-ready data."""

from __future__ import annotations

from django.utils import timezone

from accounts.blocks import blocks_of
from accounts.models import User
from intents.models import Intent
from offers.models import Offer, TermsAcceptance
from vendors.models import Membership
from website.models import SavedPlace


def _iso(value):
    return value.isoformat() if value else None


def _money(amount):
    return str(amount) if amount is not None else None


# Every relation that ties a row to a person, and where the export shows those rows.
# tests/privacy/test_export.py walks the models: a new model pointing at a user or an
# intent fails it until it is either exported here or listed in NOT_EXPORTED with why.
EXPORTED = {
    "accounts.User": "profile",
    "accounts.VendorBlock.customer": "blocked_vendors",
    "intents.Intent.customer": "intents",
    "intents.IntentTerm.intent": "intents[].terms",
    "intents.AccessEvent.intent": "intents[].access_log",
    "matching.Lead.intent": "intents[].leads",
    "offers.Offer.intent": "intents[].offers",
    "offers.TermsAcceptance.intent": "intents[].terms_acceptances",
    "offers.Offer.created_by": "offers_made",
    "offers.TermsAcceptance.accepted_by": "terms_accepted_for_vendor",
    "vendors.Membership.user": "vendor_membership",
    "website.SavedPlace.user": "saved_place",
}
NOT_EXPORTED = {
    "authtoken.Token.user": "a credential, not information about the person",
    "admin.LogEntry.user": "operators' audit trail of their own admin actions",
    "intents.AccessEvent.user": "what a vendor's staff member opened: the business's "
    "record, shown to the customer it is about",
    "matching.PendingMatch.intent": "matching's own to-do row, gone once the intent is routed",
}


def export_user_data(user: User) -> dict:
    intents = (
        Intent.objects.owned_by(user)
        .select_related("category")
        .prefetch_related(
            "intent_terms__term",
            "leads__vendor",
            "offers__vendor",
            "acceptances__vendor",
            "access_events__vendor",
            "access_events__user",
        )
        .order_by("created_at")
    )
    membership = Membership.objects.filter(user=user).select_related("vendor").first()
    saved = SavedPlace.objects.filter(user=user).first()
    return {
        "exported_at": _iso(timezone.now()),
        "profile": {
            "id": user.pk,
            "email": user.email,
            "name": user.name,
            "role": user.role,
            "alias": user.alias,
            "phone": user.phone,
            "time_zone": user.time_zone,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
            "email_verified_at": _iso(user.email_verified_at),
        },
        "preferences": {
            "notify_by_email": user.notify_by_email,
            "notify_on_site": user.notify_on_site,
            "quiet_hours_start": _iso(user.quiet_hours_start),
            "quiet_hours_end": _iso(user.quiet_hours_end),
            "default_max_offers": user.default_max_offers,
            "preferred_terms": [term.slug for term in user.preferred_terms.all()],
            "recognisable": user.recognisable,
        },
        "blocked_vendors": [
            {"vendor": block.vendor.name, "since": _iso(block.created_at)}
            for block in blocks_of(user)
        ],
        "vendor_membership": (
            {"vendor": membership.vendor.name, "role": membership.role} if membership else None
        ),
        "saved_place": saved.as_data() if saved else None,
        "intents": [_intent(intent) for intent in intents],
        "offers_made": [
            {
                "id": o.pk,
                "intent": o.intent_id,
                "status": o.current_status,
                "price": _money(o.price),
                "currency": o.currency,
                "created_at": _iso(o.created_at),
            }
            for o in Offer.objects.filter(created_by=user).order_by("created_at")
        ],
        "terms_accepted_for_vendor": [
            {
                "intent": a.intent_id,
                "accepted_at": _iso(a.accepted_at),
                "term_versions": a.term_versions,
            }
            for a in TermsAcceptance.objects.filter(accepted_by=user).order_by("accepted_at")
        ],
    }


def _intent(intent: Intent) -> dict:
    return {
        "id": intent.pk,
        "status": intent.current_status,
        "alias_shown_to_vendors": intent.alias,
        "text": intent.text,
        "category": intent.category.slug,
        "lat": intent.lat,
        "lng": intent.lng,
        "radius_km": intent.radius_km,
        "place_name": intent.place_name,
        "starts_at": _iso(intent.starts_at),
        "ends_at": _iso(intent.ends_at),
        "budget_max": _money(intent.budget_max),
        "currency": intent.currency,
        "quantity": intent.quantity,
        "disclosure": intent.disclosure,
        "max_offers": intent.max_offers,
        "created_at": _iso(intent.created_at),
        "expires_at": _iso(intent.expires_at),
        "closed_at": _iso(intent.closed_at),
        "awaiting_verification": intent.awaiting_verification,
        "personal_data_purged_at": _iso(intent.personal_data_purged_at),
        "contact_purged_at": _iso(intent.contact_purged_at),
        "terms": [
            {"slug": it.term.slug, "version": it.version} for it in intent.intent_terms.all()
        ],
        "terms_acceptances": [
            {
                "vendor": a.vendor.name,
                "accepted_at": _iso(a.accepted_at),
                "term_versions": a.term_versions,
            }
            for a in intent.acceptances.all()
        ],
        "leads": [
            {
                "vendor": lead.vendor.name,
                "status": lead.status,
                "matched_at": _iso(lead.matched_at),
                "viewed_at": _iso(lead.viewed_at),
                "reasons": lead.reasons,
            }
            for lead in intent.leads.all()
        ],
        "access_log": [
            {
                "vendor": event.vendor.name,
                "by": event.user.name if event.user else None,
                "what": event.what,
                "at": _iso(event.at),
            }
            for event in intent.access_events.all()
        ],
        "offers": [
            {
                "id": o.pk,
                "vendor": o.vendor.name,
                "status": o.current_status,
                "price": _money(o.price),
                "currency": o.currency,
                "message": o.message,
                "created_at": _iso(o.created_at),
                "valid_until": _iso(o.valid_until),
                "decided_at": _iso(o.decided_at),
            }
            for o in intent.offers.all()
        ],
    }

"""A vendor's moves on a lead: open it, or pass on it. Offers are in offers/services.py."""

from django.utils import timezone

from core.errors import Conflict, TermsNotAccepted
from intents.access import record_access
from intents.disclosure import customer_contact
from intents.models import AccessEvent
from matching.models import Lead


def view_lead(lead: Lead) -> Lead:
    """new -> viewed, the first time someone at the vendor opens it. Later opens (and
    leads already answered) change nothing."""
    now = timezone.now()
    if Lead.objects.filter(pk=lead.pk, status=Lead.Status.NEW).update(
        status=Lead.Status.VIEWED, viewed_at=now
    ):
        lead.status, lead.viewed_at = Lead.Status.VIEWED, now
    return lead


def open_lead(lead: Lead, user) -> Lead:
    """Someone at the vendor reads the request: only after the business accepted the
    customer's terms (needs LeadQuerySet.with_disclosure). It marks the lead viewed and
    goes in the customer's access log, with a second entry when the contact shows."""
    if not lead.terms_accepted:
        raise TermsNotAccepted()
    view_lead(lead)
    record_access(lead.intent, vendor=lead.vendor, user=user, what=AccessEvent.What.DETAIL)
    if customer_contact(lead.intent, won=lead.won):
        record_access(lead.intent, vendor=lead.vendor, user=user, what=AccessEvent.What.CONTACT)
    return lead


def pass_lead(lead: Lead) -> Lead:
    """new | viewed -> passed: the vendor will not answer."""
    now = timezone.now()
    if not Lead.objects.filter(pk=lead.pk, status__in=Lead.UNANSWERED).update(
        status=Lead.Status.PASSED, closed_at=now
    ):
        lead.refresh_from_db(fields=["status"])
        raise Conflict(f"This lead is {lead.status}; only a new or viewed lead can be passed.")
    lead.status, lead.closed_at = Lead.Status.PASSED, now
    return lead

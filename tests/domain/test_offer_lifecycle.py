"""An offer's life (pending, then accepted, declined, withdrawn, expired or closed) and
the vendor's moves on the lead it answers (new, viewed, offered, passed, closed)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.errors import Conflict, TermsNotAccepted
from intents.models import Intent, Term
from matching.leads import pass_lead, view_lead
from matching.models import Lead
from offers.models import Offer, TermsAcceptance
from offers.services import (
    accept_offer,
    decline_offer,
    expire_due_offers,
    make_offer,
    withdraw_offer,
)
from tests.factories import IntentFactory, LeadFactory, OfferFactory, add_staff, terms

pytestmark = pytest.mark.django_db

NOT_PENDING = [
    Offer.Status.ACCEPTED,
    Offer.Status.DECLINED,
    Offer.Status.WITHDRAWN,
    Offer.Status.EXPIRED,
    Offer.Status.CLOSED,
]


def answer(lead: Lead, user=None, **fields) -> Offer:
    """The vendor answers the lead as the portal does, accepting the terms."""
    return make_offer(
        lead,
        user or lead.vendor.owner,
        **{"price": Decimal("24.50"), "currency": "GBP", "terms_accepted": True, **fields},
    )


def status_of(obj) -> str:
    obj.refresh_from_db()
    return obj.status


def lapsed(**fields) -> Offer:
    """Pending in the database, but valid_until has passed and the sweep has not run."""
    return OfferFactory(valid_until=timezone.now() - timedelta(seconds=1), **fields)


# --- Making an offer ------------------------------------------------------------------------


def test_answering_a_lead_records_who_accepted_which_term_versions_and_when():
    intent = IntentFactory(terms=terms("answer-only", "no-resale", "no-contact-after-close"))
    Term.objects.filter(slug="no-resale").update(version=4)  # after the intent was posted
    lead = LeadFactory(intent=intent)
    staff = add_staff(lead.vendor)
    before = timezone.now()

    answer(lead, staff)

    acceptance = TermsAcceptance.objects.get(intent=intent, vendor=lead.vendor)
    assert acceptance.accepted_by == staff
    assert before <= acceptance.accepted_at <= timezone.now()
    assert acceptance.term_versions == {
        "answer-only": 1,
        "no-resale": 1,
        "no-contact-after-close": 1,
    }


def test_answering_a_lead_makes_a_pending_offer_and_marks_the_lead_offered():
    lead = LeadFactory()

    offer = answer(lead, price=Decimal("30.00"), message="Window table at 1pm")

    offer.refresh_from_db()
    assert offer.status == Offer.Status.PENDING
    assert (offer.intent_id, offer.vendor_id, offer.lead_id) == (
        lead.intent_id,
        lead.vendor_id,
        lead.pk,
    )
    assert offer.price == Decimal("30.00")
    assert offer.created_by == lead.vendor.owner
    assert status_of(lead) == Lead.Status.OFFERED


def test_an_offer_is_valid_until_the_intent_expires_unless_the_vendor_says_sooner():
    intent = IntentFactory()
    sooner = intent.expires_at - timedelta(hours=1)

    unsaid = answer(LeadFactory(intent=intent))
    too_long = answer(LeadFactory(intent=intent), valid_until=intent.expires_at + timedelta(days=3))
    short = answer(LeadFactory(intent=intent), valid_until=sooner)

    assert unsaid.valid_until == intent.expires_at
    assert too_long.valid_until == intent.expires_at
    assert short.valid_until == sooner


def test_an_offer_without_accepting_the_terms_is_refused_and_nothing_is_recorded():
    lead = LeadFactory()

    with pytest.raises(TermsNotAccepted):
        answer(lead, terms_accepted=False)

    assert not Offer.objects.exists()
    assert not TermsAcceptance.objects.exists()
    assert status_of(lead) == Lead.Status.NEW


def test_an_offer_in_another_currency_than_the_budget_is_refused():
    lead = LeadFactory(intent=IntentFactory(budget_max=Decimal("40"), currency="GBP"))

    with pytest.raises(ValidationError, match="The customer's budget is in GBP"):
        answer(lead, currency="EUR")

    assert not Offer.objects.exists()


@pytest.mark.parametrize("status", [Lead.Status.PASSED, Lead.Status.CLOSED])
def test_a_lead_that_was_passed_or_closed_takes_no_offer(status):
    lead = LeadFactory(status=status)

    with pytest.raises(Conflict, match=f"This lead is {status}"):
        answer(lead)

    assert not Offer.objects.exists()
    assert not TermsAcceptance.objects.exists()


@pytest.mark.parametrize(
    "intent_fields",
    [
        {"status": Intent.Status.ACCEPTED},
        {"status": Intent.Status.WITHDRAWN},
        {"status": Intent.Status.EXPIRED},
        {"expires_at": timezone.now() - timedelta(seconds=1)},
    ],
    ids=["accepted", "withdrawn", "expired", "past-expiry"],
)
def test_an_intent_that_is_not_open_takes_no_offer(intent_fields):
    lead = LeadFactory(intent=IntentFactory(**intent_fields))

    with pytest.raises(Conflict, match="it takes no more offers"):
        answer(lead)

    assert not Offer.objects.exists()


def test_a_vendor_cannot_hold_two_live_offers_on_one_intent():
    lead = LeadFactory()
    answer(lead)

    with pytest.raises(Conflict, match="already have a live offer"):
        answer(lead, price=Decimal("20.00"))

    assert Offer.objects.filter(vendor=lead.vendor).count() == 1


def test_the_database_refuses_a_second_pending_offer_from_one_vendor():
    offer = OfferFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        OfferFactory(lead=offer.lead)


def test_a_vendor_that_withdrew_may_answer_again_and_its_first_acceptance_stands():
    lead = LeadFactory()
    first = answer(lead)
    recorded = TermsAcceptance.objects.get()
    withdraw_offer(first)

    second = answer(lead, price=Decimal("19.00"))

    assert status_of(second) == Offer.Status.PENDING
    assert status_of(first) == Offer.Status.WITHDRAWN
    assert list(TermsAcceptance.objects.all()) == [recorded]
    assert TermsAcceptance.objects.get().accepted_at == recorded.accepted_at


def test_a_vendor_whose_offer_lapsed_may_answer_again_before_the_sweep():
    lead = LeadFactory(status=Lead.Status.OFFERED)
    old = lapsed(lead=lead)

    new = answer(lead)

    assert status_of(new) == Offer.Status.PENDING
    assert old.current_status == Offer.Status.EXPIRED


def test_an_intent_takes_no_more_live_offers_than_its_customer_asked_for():
    intent = IntentFactory(max_offers=2)
    first = answer(LeadFactory(intent=intent))
    answer(LeadFactory(intent=intent))
    third_lead = LeadFactory(intent=intent)

    with pytest.raises(Conflict, match="already has all the offers"):
        answer(third_lead)

    withdraw_offer(first)
    assert status_of(answer(third_lead)) == Offer.Status.PENDING


def test_a_vendor_whose_offer_was_declined_cannot_answer_again():
    lead = LeadFactory()
    decline_offer(answer(lead))

    with pytest.raises(Conflict) as refused:
        answer(lead, price=Decimal("10.00"))

    assert refused.value.code == "offer_declined"
    assert Offer.objects.filter(vendor=lead.vendor).count() == 1


# --- Withdrawing and declining -----------------------------------------------------------------


def test_the_vendor_withdraws_a_pending_offer_and_the_intent_stays_open():
    offer = OfferFactory()

    withdraw_offer(offer)

    assert status_of(offer) == Offer.Status.WITHDRAWN
    assert offer.decided_at is not None
    assert status_of(offer.intent) == Intent.Status.OPEN


def test_the_customer_declines_one_offer_and_the_others_stay_pending():
    declined = OfferFactory()
    other = OfferFactory(lead=LeadFactory(intent=declined.intent, status=Lead.Status.OFFERED))

    decline_offer(declined)

    assert status_of(declined) == Offer.Status.DECLINED
    assert declined.decided_at is not None
    assert status_of(other) == Offer.Status.PENDING
    assert status_of(declined.intent) == Intent.Status.OPEN


@pytest.mark.parametrize("move", [withdraw_offer, decline_offer], ids=["withdraw", "decline"])
@pytest.mark.parametrize("status", NOT_PENDING)
def test_only_a_pending_offer_can_be_withdrawn_or_declined(move, status):
    offer = OfferFactory(status=status)

    with pytest.raises(Conflict) as refused:
        move(offer)

    assert refused.value.code == "offer_not_pending"
    assert status_of(offer) == status


@pytest.mark.parametrize("move", [withdraw_offer, decline_offer], ids=["withdraw", "decline"])
def test_an_offer_past_its_validity_can_be_neither_withdrawn_nor_declined(move):
    offer = lapsed()

    with pytest.raises(Conflict, match="This offer is expired"):
        move(offer)

    assert status_of(offer) == Offer.Status.PENDING


# --- Accepting ------------------------------------------------------------------------------


def test_accepting_an_offer_accepts_the_intent_and_closes_every_other_offer_and_lead():
    intent = IntentFactory()
    winner = OfferFactory(lead=LeadFactory(intent=intent, status=Lead.Status.OFFERED))
    loser = OfferFactory(lead=LeadFactory(intent=intent, status=Lead.Status.OFFERED))
    declined = OfferFactory(
        lead=LeadFactory(intent=intent, status=Lead.Status.OFFERED), status="declined"
    )
    unanswered = LeadFactory(intent=intent, status=Lead.Status.NEW)
    viewed = LeadFactory(intent=intent, status=Lead.Status.VIEWED)
    passed = LeadFactory(intent=intent, status=Lead.Status.PASSED)

    accept_offer(winner)

    assert status_of(intent) == Intent.Status.ACCEPTED
    assert intent.closed_at is not None
    assert status_of(winner) == Offer.Status.ACCEPTED
    assert winner.decided_at is not None
    assert status_of(loser) == Offer.Status.CLOSED
    assert status_of(declined) == Offer.Status.DECLINED
    assert status_of(winner.lead) == Lead.Status.OFFERED
    assert status_of(loser.lead) == Lead.Status.CLOSED
    assert status_of(unanswered) == Lead.Status.CLOSED
    assert status_of(viewed) == Lead.Status.CLOSED
    assert status_of(passed) == Lead.Status.PASSED


def test_accepting_a_second_offer_on_an_accepted_intent_is_refused():
    first = OfferFactory()
    second = OfferFactory(lead=LeadFactory(intent=first.intent, status=Lead.Status.OFFERED))
    accept_offer(first)

    with pytest.raises(Conflict) as refused:
        accept_offer(second)

    assert refused.value.code == "intent_not_open"
    assert status_of(second) == Offer.Status.CLOSED
    assert Offer.objects.filter(status=Offer.Status.ACCEPTED).get() == first


@pytest.mark.parametrize("status", NOT_PENDING)
def test_an_offer_that_is_not_pending_cannot_be_accepted_and_the_intent_stays_open(status):
    offer = OfferFactory(status=status)

    with pytest.raises(Conflict, match=f"This offer is {status}"):
        accept_offer(offer)

    assert status_of(offer) == status
    assert status_of(offer.intent) == Intent.Status.OPEN
    assert offer.intent.closed_at is None


def test_an_offer_past_its_validity_cannot_be_accepted_and_the_other_offers_survive():
    offer = lapsed()
    other = OfferFactory(lead=LeadFactory(intent=offer.intent, status=Lead.Status.OFFERED))

    with pytest.raises(Conflict, match="This offer is expired"):
        accept_offer(offer)

    assert status_of(offer.intent) == Intent.Status.OPEN
    assert status_of(other) == Offer.Status.PENDING


@pytest.mark.parametrize(
    "intent_fields",
    [
        {"status": Intent.Status.WITHDRAWN},
        {"status": Intent.Status.EXPIRED},
        {"expires_at": timezone.now() - timedelta(seconds=1)},
    ],
    ids=["withdrawn", "expired", "past-expiry"],
)
def test_no_offer_can_be_accepted_on_an_intent_that_is_not_open(intent_fields):
    intent = IntentFactory(**intent_fields)
    offer = OfferFactory(
        lead=LeadFactory(intent=intent, status=Lead.Status.OFFERED),
        valid_until=timezone.now() + timedelta(hours=1),
    )

    with pytest.raises(Conflict) as refused:
        accept_offer(offer)

    assert refused.value.code == "intent_not_open"
    assert status_of(offer) == Offer.Status.PENDING
    assert status_of(intent) == intent_fields.get("status", Intent.Status.OPEN)


def test_the_database_refuses_a_second_accepted_offer_on_one_intent():
    accepted = OfferFactory(status=Offer.Status.ACCEPTED)

    with pytest.raises(IntegrityError), transaction.atomic():
        OfferFactory(
            lead=LeadFactory(intent=accepted.intent, status=Lead.Status.OFFERED),
            status=Offer.Status.ACCEPTED,
        )


def test_the_winning_lead_reads_as_won_and_the_others_do_not():
    winner = OfferFactory()
    loser = OfferFactory(lead=LeadFactory(intent=winner.intent, status=Lead.Status.OFFERED))

    accept_offer(winner)

    won = dict(Lead.objects.with_outcome().values_list("pk", "won"))
    assert won == {winner.lead_id: True, loser.lead_id: False}


# --- Expiring -------------------------------------------------------------------------------


def test_an_offer_past_its_validity_reads_as_expired_before_the_sweep():
    offer = lapsed()
    live = OfferFactory()

    assert offer.status == Offer.Status.PENDING
    assert offer.current_status == Offer.Status.EXPIRED
    assert live.current_status == Offer.Status.PENDING
    assert list(Offer.objects.live()) == [live]
    assert dict(Offer.objects.with_current_status().values_list("pk", "status_now")) == {
        offer.pk: "expired",
        live.pk: "pending",
    }


def test_the_sweep_expires_pending_offers_past_their_validity_only():
    due = lapsed()
    live = OfferFactory()
    declined = lapsed(status=Offer.Status.DECLINED)

    assert expire_due_offers() == 1

    assert status_of(due) == Offer.Status.EXPIRED
    assert due.decided_at is not None
    assert status_of(live) == Offer.Status.PENDING
    assert status_of(declined) == Offer.Status.DECLINED
    assert expire_due_offers() == 0


# --- The vendor's moves on a lead -----------------------------------------------------------


def test_opening_a_new_lead_marks_it_viewed_once():
    lead = LeadFactory()

    view_lead(lead)
    first_viewed_at = Lead.objects.get(pk=lead.pk).viewed_at
    view_lead(Lead.objects.get(pk=lead.pk))

    assert status_of(lead) == Lead.Status.VIEWED
    assert first_viewed_at is not None
    assert lead.viewed_at == first_viewed_at


@pytest.mark.parametrize("status", [Lead.Status.OFFERED, Lead.Status.PASSED, Lead.Status.CLOSED])
def test_opening_a_lead_that_moved_on_changes_nothing(status):
    lead = LeadFactory(status=status)

    view_lead(lead)

    assert status_of(lead) == status
    assert lead.viewed_at is None


@pytest.mark.parametrize("status", [Lead.Status.NEW, Lead.Status.VIEWED])
def test_the_vendor_passes_on_a_new_or_viewed_lead(status):
    lead = LeadFactory(status=status)

    pass_lead(lead)

    assert status_of(lead) == Lead.Status.PASSED
    assert lead.closed_at is not None


@pytest.mark.parametrize("status", [Lead.Status.OFFERED, Lead.Status.PASSED, Lead.Status.CLOSED])
def test_a_lead_that_was_answered_or_closed_cannot_be_passed(status):
    lead = LeadFactory(status=status)

    with pytest.raises(Conflict, match=f"This lead is {status}"):
        pass_lead(lead)

    assert status_of(lead) == status

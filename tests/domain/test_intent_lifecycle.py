"""An intent's life: posted open, then accepted, withdrawn or expired, and nothing after.

Accepting is an offer's move and is covered in test_offer_lifecycle.py.
"""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from core.errors import Conflict
from intents.models import Intent, Term
from intents.services import create_intent, expire_due_intents, expire_intent, withdraw_intent
from intents.tasks import expire_due
from matching.models import Lead
from offers.models import Offer
from tests.domain.helpers import north_of
from tests.factories import (
    IntentFactory,
    LeadFactory,
    OfferFactory,
    SubscriptionFactory,
    UserFactory,
    category,
    terms,
)

pytestmark = pytest.mark.django_db

CLOSED_STATES = [Intent.Status.ACCEPTED, Intent.Status.WITHDRAWN, Intent.Status.EXPIRED]


def post(**fields) -> Intent:
    return create_intent(
        customer=fields.pop("customer", None) or UserFactory(),
        text=fields.pop("text", "Lunch for two"),
        category=fields.pop("category", None) or category(),
        **{**north_of(0), **fields},
    )


def past_expiry(**fields) -> Intent:
    """Open in the database, but its expiry has passed and the sweep has not run yet."""
    return IntentFactory(expires_at=timezone.now() - timedelta(seconds=1), **fields)


def intent_with_open_work():
    """An open intent with one lead in every state and one offer in each pending-ish state."""
    intent = IntentFactory()
    leads = {status: LeadFactory(intent=intent, status=status) for status in Lead.Status.values}
    pending = OfferFactory(lead=leads[Lead.Status.OFFERED])
    declined = OfferFactory(
        lead=LeadFactory(intent=intent, status=Lead.Status.OFFERED),
        status=Offer.Status.DECLINED,
    )
    return intent, leads, pending, declined


def status_of(obj) -> str:
    obj.refresh_from_db()
    return obj.status


# --- Posting --------------------------------------------------------------------------------


def test_a_posted_intent_carries_the_default_terms_at_their_current_versions():
    Term.objects.filter(slug="no-resale").update(version=3)

    intent = post()

    assert intent.status == Intent.Status.OPEN
    assert intent.term_versions() == {"answer-only": 1, "no-resale": 3}


def test_a_posted_intent_adds_the_customers_own_terms_to_the_defaults_once():
    intent = post(terms=terms("no-contact-after-close", "answer-only"))

    assert intent.term_versions() == {
        "answer-only": 1,
        "no-resale": 1,
        "no-contact-after-close": 1,
    }


def test_a_new_version_of_a_term_does_not_change_an_intent_already_posted():
    intent = post()

    Term.objects.filter(slug="answer-only").update(version=2)

    assert intent.term_versions()["answer-only"] == 1


def test_an_intent_with_no_time_given_is_open_from_now_for_the_default_window():
    now = timezone.now()

    intent = post(now=now)

    assert intent.starts_at == now
    assert intent.ends_at == now + settings.INTENT_DEFAULT_WINDOW
    assert intent.expires_at == intent.ends_at
    assert intent.radius_km == settings.INTENT_DEFAULT_RADIUS_KM
    assert intent.max_offers == 5
    assert intent.disclosure == Intent.Disclosure.APPROXIMATE


def test_an_intent_expires_when_its_window_ends():
    now = timezone.now()

    intent = post(now=now, starts_at=now + timedelta(hours=1), ends_at=now + timedelta(hours=2))

    assert intent.expires_at == now + timedelta(hours=2)


def test_an_intent_far_ahead_stops_taking_offers_after_the_longest_open_time():
    now = timezone.now()

    intent = post(now=now, starts_at=now + timedelta(days=6), ends_at=now + timedelta(days=10))

    assert intent.expires_at == now + settings.INTENT_MAX_OPEN
    assert intent.ends_at == now + timedelta(days=10)


def test_a_posted_intent_is_matched_only_once_it_is_committed(django_capture_on_commit_callbacks):
    subscription = SubscriptionFactory()

    with django_capture_on_commit_callbacks(execute=False) as queued:
        intent = post()
    assert not Lead.objects.filter(intent=intent).exists()

    for callback in queued:
        callback()
    assert list(Lead.objects.filter(intent=intent).values_list("vendor_id", flat=True)) == [
        subscription.vendor_id
    ]
    intent.refresh_from_db()
    assert intent.matched_at is not None


# --- Withdrawing --------------------------------------------------------------------------


def test_the_customer_withdraws_an_open_intent():
    intent = IntentFactory()

    withdraw_intent(intent)

    assert intent.status == Intent.Status.WITHDRAWN
    assert intent.closed_at is not None


def test_withdrawing_closes_pending_offers_and_open_leads_but_leaves_finished_ones():
    intent, leads, pending, declined = intent_with_open_work()

    withdraw_intent(intent)

    assert status_of(pending) == Offer.Status.CLOSED
    assert pending.decided_at is not None
    assert status_of(declined) == Offer.Status.DECLINED
    assert {status: status_of(lead) for status, lead in leads.items()} == {
        Lead.Status.NEW: Lead.Status.CLOSED,
        Lead.Status.VIEWED: Lead.Status.CLOSED,
        Lead.Status.OFFERED: Lead.Status.CLOSED,
        Lead.Status.PASSED: Lead.Status.PASSED,
        Lead.Status.CLOSED: Lead.Status.CLOSED,
    }


@pytest.mark.parametrize("status", CLOSED_STATES)
def test_an_intent_that_has_ended_cannot_be_withdrawn(status):
    intent = IntentFactory(status=status)
    offer = OfferFactory(lead=LeadFactory(intent=intent, status=Lead.Status.OFFERED))

    with pytest.raises(Conflict) as refused:
        withdraw_intent(intent)

    assert refused.value.code == "intent_not_open"
    assert f"This intent is {status}" in refused.value.message
    assert status_of(intent) == status
    assert status_of(offer) == Offer.Status.PENDING


def test_an_intent_past_its_expiry_cannot_be_withdrawn_even_before_the_sweep():
    intent = past_expiry()

    with pytest.raises(Conflict, match="This intent is expired"):
        withdraw_intent(intent)

    assert status_of(intent) == Intent.Status.OPEN


# --- Expiring -------------------------------------------------------------------------------


def test_an_open_intent_past_its_expiry_reads_as_expired_before_the_sweep():
    intent = past_expiry()
    not_yet = IntentFactory(expires_at=timezone.now() + timedelta(minutes=1))

    assert intent.status == Intent.Status.OPEN
    assert intent.current_status == Intent.Status.EXPIRED
    assert not intent.is_open
    assert not_yet.current_status == Intent.Status.OPEN
    assert list(Intent.objects.open()) == [not_yet]
    assert list(Intent.objects.due_to_expire()) == [intent]


def test_with_current_status_reads_every_intent_as_it_is_now():
    expected = {
        IntentFactory().pk: "open",
        past_expiry().pk: "expired",
        IntentFactory(status=Intent.Status.EXPIRED).pk: "expired",
        IntentFactory(status=Intent.Status.WITHDRAWN).pk: "withdrawn",
        past_expiry(status=Intent.Status.ACCEPTED).pk: "accepted",
        past_expiry(status=Intent.Status.WITHDRAWN).pk: "withdrawn",
    }

    read = dict(Intent.objects.with_current_status().values_list("pk", "status_now"))

    assert read == expected


def test_with_current_status_reads_as_of_the_moment_given():
    intent = IntentFactory(expires_at=timezone.now() + timedelta(hours=1))
    later = timezone.now() + timedelta(hours=2)

    assert Intent.objects.with_current_status(later).get(pk=intent.pk).status_now == "expired"
    assert Intent.objects.with_current_status().get(pk=intent.pk).status_now == "open"


def test_the_sweep_expires_only_open_intents_past_their_expiry():
    due = past_expiry()
    not_due = IntentFactory()
    withdrawn = past_expiry(status=Intent.Status.WITHDRAWN)

    assert expire_due_intents() == 1

    assert status_of(due) == Intent.Status.EXPIRED
    assert due.closed_at is not None
    assert status_of(not_due) == Intent.Status.OPEN
    assert status_of(withdrawn) == Intent.Status.WITHDRAWN


def test_the_sweep_run_twice_expires_each_intent_once():
    past_expiry()
    past_expiry()

    assert expire_due_intents() == 2
    assert expire_due_intents() == 0


def test_the_sweep_expires_what_is_due_at_the_moment_it_is_given():
    intent = IntentFactory(expires_at=timezone.now() + timedelta(minutes=10))

    assert expire_due_intents(now=timezone.now() + timedelta(hours=1)) == 1
    assert status_of(intent) == Intent.Status.EXPIRED


def test_expiring_closes_pending_offers_and_open_leads():
    intent, leads, pending, declined = intent_with_open_work()
    Intent.objects.filter(pk=intent.pk).update(expires_at=timezone.now())

    expire_due_intents()

    assert status_of(pending) == Offer.Status.CLOSED
    assert status_of(declined) == Offer.Status.DECLINED
    assert status_of(leads[Lead.Status.NEW]) == Lead.Status.CLOSED
    assert status_of(leads[Lead.Status.VIEWED]) == Lead.Status.CLOSED
    assert status_of(leads[Lead.Status.OFFERED]) == Lead.Status.CLOSED
    assert status_of(leads[Lead.Status.PASSED]) == Lead.Status.PASSED


def test_an_operator_may_expire_an_open_intent_before_its_time():
    intent, leads, pending, _ = intent_with_open_work()

    assert expire_intent(intent) is True

    assert status_of(intent) == Intent.Status.EXPIRED
    assert status_of(pending) == Offer.Status.CLOSED
    assert status_of(leads[Lead.Status.NEW]) == Lead.Status.CLOSED


def test_the_sweep_leaves_an_intent_that_is_not_due():
    intent = IntentFactory()

    assert expire_intent(intent, only_if_due=True) is False
    assert status_of(intent) == Intent.Status.OPEN


@pytest.mark.parametrize("status", CLOSED_STATES)
def test_an_intent_that_has_ended_is_not_expired_again(status):
    intent = past_expiry(status=status)
    offer = OfferFactory(
        lead=LeadFactory(intent=intent, status=Lead.Status.OFFERED),
        status=Offer.Status.ACCEPTED if status == Intent.Status.ACCEPTED else Offer.Status.CLOSED,
    )

    assert expire_intent(intent) is False

    assert status_of(intent) == status
    assert status_of(offer) == offer.status
    assert Lead.objects.get(pk=offer.lead_id).status == Lead.Status.OFFERED


def test_the_beat_task_writes_down_intents_and_offers_that_read_as_expired():
    due_intent = past_expiry()
    offer_on_due_intent = OfferFactory(lead=LeadFactory(intent=due_intent, status="offered"))
    lapsed_offer = OfferFactory(valid_until=timezone.now() - timedelta(seconds=1))
    live_offer = OfferFactory()

    assert expire_due.delay().get() == {"intents": 1, "offers": 1}

    assert status_of(due_intent) == Intent.Status.EXPIRED
    assert status_of(offer_on_due_intent) == Offer.Status.CLOSED
    assert status_of(lapsed_offer) == Offer.Status.EXPIRED
    assert status_of(live_offer) == Offer.Status.PENDING


def test_the_expiry_sweep_runs_on_beat():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert "intents.tasks.expire_due" in tasks

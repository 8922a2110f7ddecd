"""Matching owed is written down in PostgreSQL (matching/pending.py): with the change that
owes it, settled by the run that does it, queued again by beat while it stays."""

import threading
import time
from datetime import timedelta

import kombu.exceptions
import pytest
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from intents.models import Intent, Term
from intents.services import create_intent
from matching import pending, sql
from matching.engine import create_leads_for_subscription
from matching.models import Lead, PendingMatch
from matching.tasks import match_intent, match_subscription, requeue_owed
from tests.factories import IntentFactory, SubscriptionFactory, UserFactory, VendorFactory
from tests.factories import category as a_category
from vendors.models import Subscription
from vendors.services import save_subscription

pytestmark = pytest.mark.django_db

GLASGOW = {"lat": 55.8642, "lng": -4.2518}


@pytest.fixture
def queued(monkeypatch):
    """What was sent to the broker, instead of sending it: [(task name, id)]."""
    sent = []
    monkeypatch.setattr(pending, "_queue", lambda task, pk: sent.append((task.name, pk)) or True)
    return sent


@pytest.fixture
def broker_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise kombu.exceptions.OperationalError("Error 111 connecting. Connection refused.")

    monkeypatch.setattr(match_intent, "delay", refuse)
    monkeypatch.setattr(match_subscription, "delay", refuse)


def post(**fields) -> Intent:
    return create_intent(
        customer=UserFactory(), text="Lunch", category=a_category(), **GLASGOW, **fields
    )


def owed(intent) -> PendingMatch | None:
    return PendingMatch.objects.filter(intent=intent).first()


def make_due(row: PendingMatch) -> None:
    PendingMatch.objects.filter(pk=row.pk).update(due_at=timezone.now() - timedelta(seconds=1))


# --- Owed with the change, settled by the run --------------------------------------


def test_a_posted_intent_owes_matching_until_a_run_matches_it(queued, after_commit):
    SubscriptionFactory()
    with after_commit():
        intent = post()

    row = owed(intent)
    assert row is not None
    assert row.due_at >= intent.created_at + settings.MATCH_RETRY_AFTER
    assert queued == [("matching.tasks.match_intent", intent.pk)]

    assert match_intent(intent.pk) == 1
    assert owed(intent) is None


def test_a_posted_intent_is_saved_and_owed_when_the_broker_is_down(
    broker_down, after_commit, caplog
):
    with after_commit():
        intent = post()

    assert Intent.objects.filter(pk=intent.pk).exists()
    assert owed(intent) is not None
    assert "not queued" in caplog.text


def test_a_failed_run_leaves_the_intent_owed(monkeypatch):
    intent = IntentFactory()
    pending.owe_intent(intent.pk, queue=False)

    def broken_ranking(*args, **kwargs):
        raise RuntimeError("ranking broke halfway")

    monkeypatch.setattr("matching.engine.in_rank_order", broken_ranking)
    with pytest.raises(RuntimeError):
        match_intent(intent.pk)

    assert owed(intent) is not None  # rolled back with the run


def test_a_second_message_for_a_matched_intent_changes_nothing(monkeypatch):
    SubscriptionFactory()
    intent = IntentFactory()
    assert match_intent(intent.pk) == 1

    def must_not_rank(*args, **kwargs):
        raise AssertionError("a duplicate message ranked the intent again")

    monkeypatch.setattr("matching.engine.in_rank_order", must_not_rank)
    assert match_intent(intent.pk) == 0
    assert Lead.objects.filter(intent=intent).count() == 1


def test_an_operator_rerun_matches_an_intent_matched_before(queued):
    intent = IntentFactory()
    assert match_intent(intent.pk) == 0  # nobody fits yet
    SubscriptionFactory()

    pending.owe_intent(intent.pk)

    assert match_intent(intent.pk) == 1


def test_a_changed_subscription_owes_a_run_against_open_intents(queued, after_commit):
    intent = IntentFactory()
    subscription = Subscription(vendor=VendorFactory(), **GLASGOW, radius_km=5)
    with after_commit():
        save_subscription(
            subscription, categories=[a_category()], accepted_terms=Term.objects.all()
        )

    assert PendingMatch.objects.filter(subscription=subscription).exists()
    assert queued == [("matching.tasks.match_subscription", subscription.pk)]

    assert match_subscription(subscription.pk) == 1
    assert Lead.objects.filter(intent=intent, vendor=subscription.vendor).exists()
    assert not PendingMatch.objects.filter(subscription=subscription).exists()


def test_a_change_made_while_a_run_goes_on_stays_owed(queued, monkeypatch):
    IntentFactory()
    subscription = SubscriptionFactory()
    pending.owe_subscription(subscription.pk)
    first = PendingMatch.objects.get(subscription=subscription).token
    real_run = pending.settle_subscription

    def changed_meanwhile(subscription_id, token):
        pending.owe_subscription(subscription_id)  # the owner saves again mid-run
        real_run(subscription_id, token)

    monkeypatch.setattr(pending, "settle_subscription", changed_meanwhile)
    create_leads_for_subscription(subscription.pk)

    row = PendingMatch.objects.get(subscription=subscription)
    assert row.token != first


def test_a_paused_subscription_owes_nothing(queued):
    subscription = SubscriptionFactory(active=False)
    pending.owe_subscription(subscription.pk)

    assert match_subscription(subscription.pk) == 0
    assert not PendingMatch.objects.filter(subscription=subscription).exists()


# --- Beat queues again what is still owed ------------------------------------------


def test_beat_queues_again_what_is_due_and_backs_off(queued, after_commit):
    intent = IntentFactory()
    pending.owe_intent(intent.pk, queue=False)
    make_due(owed(intent))

    with after_commit():
        assert requeue_owed() == {"queued_again": 1, "dropped": 0}

    row = owed(intent)
    assert queued == [("matching.tasks.match_intent", intent.pk)]
    assert row.attempts == 1
    assert row.due_at > timezone.now() + settings.MATCH_RETRY_AFTER  # twice as long now
    assert requeue_owed()["queued_again"] == 0  # not due again yet


def test_beat_leaves_alone_what_is_not_due_yet(queued):
    pending.owe_intent(IntentFactory().pk, queue=False)

    assert requeue_owed()["queued_again"] == 0
    assert queued == []


def test_beat_waits_for_a_held_intent_to_be_released(queued, after_commit):
    intent = IntentFactory(awaiting_verification=True)
    pending.owe_intent(intent.pk, queue=False)
    make_due(owed(intent))

    assert requeue_owed()["queued_again"] == 0
    Intent.objects.filter(pk=intent.pk).update(awaiting_verification=False)
    with after_commit():
        assert requeue_owed()["queued_again"] == 1
    assert queued == [("matching.tasks.match_intent", intent.pk)]


def test_beat_drops_what_an_intent_that_ended_owed(queued):
    intent = IntentFactory()
    pending.owe_intent(intent.pk, queue=False)
    Intent.objects.filter(pk=intent.pk).update(status=Intent.Status.WITHDRAWN)

    assert requeue_owed() == {"queued_again": 0, "dropped": 1}
    assert owed(intent) is None


def test_beat_keeps_what_it_could_not_queue(broker_down, after_commit, caplog):
    intent = IntentFactory()
    pending.owe_intent(intent.pk, queue=False)
    make_due(owed(intent))

    with after_commit():
        requeue_owed()

    assert "not queued" in caplog.text

    assert owed(intent).attempts == 1  # due again after its backoff


def test_backoff_doubles_up_to_its_ceiling():
    steps = [pending.backoff(n) for n in range(1, 10)]

    assert steps[0] == 2 * settings.MATCH_RETRY_AFTER
    assert steps[1] == 4 * settings.MATCH_RETRY_AFTER
    assert max(steps) == settings.MATCH_RETRY_MAX


@pytest.mark.django_db(transaction=True)
def test_beat_skips_what_a_matching_run_is_settling_instead_of_waiting_for_it(queued):
    if connection.vendor != "postgresql":
        pytest.skip("row locks (SKIP LOCKED) are PostgreSQL's")
    intent = IntentFactory()
    pending.owe_intent(intent.pk, queue=False)
    make_due(owed(intent))
    settling, release = threading.Event(), threading.Event()

    def slow_run():
        try:
            with transaction.atomic():
                sql.locked_intent(intent.pk, settle=True)  # the row is now locked by this run
                settling.set()
                release.wait(timeout=10)
        finally:
            connection.close()

    run = threading.Thread(target=slow_run)
    run.start()
    settling.wait(timeout=10)
    started = time.monotonic()
    swept = requeue_owed()
    took = time.monotonic() - started
    release.set()
    run.join()

    assert swept["queued_again"] == 0
    assert took < 2  # skipped the locked row rather than waiting for the run
    assert owed(intent) is None  # the run committed its settling

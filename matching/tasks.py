"""Thin tasks: take ids, call the engine, and do nothing when the row is gone or done."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from matching import engine, pending

# OperationalError covers a lost connection and a deadlock PostgreSQL broke, and
# InterfaceError a connection found closed: all worth another try (config/celery.py
# drops a broken connection after the task, so the retry gets a new one), and every
# task here is safe to run again. Past the retries, beat queues it again (pending.py).
RETRY = {
    "autoretry_for": (OperationalError, InterfaceError),
    "retry_backoff": True,
    "retry_backoff_max": 60,
    "max_retries": 5,
}


@shared_task(**RETRY)
def match_intent(intent_id: int) -> int:
    """Route the intent, unless it is matched already and owes nothing since (the same
    message delivered twice, or queued again by beat while the first was on its way)."""
    return len(engine.create_leads_for_intent(intent_id, unless_done=True))


@shared_task(**RETRY)
def match_subscription(subscription_id: int) -> int:
    return len(engine.create_leads_for_subscription(subscription_id))


@shared_task
def fan_out_due() -> int:
    """Beat: offer intents still short of offers to the next-ranked vendors."""
    return sum(len(engine.fan_out(intent)) for intent in engine.intents_due_for_fanout())


@shared_task
def requeue_owed() -> dict[str, int]:
    """Beat, every few seconds: queue again the matching PostgreSQL says is still owed."""
    return pending.requeue_due()

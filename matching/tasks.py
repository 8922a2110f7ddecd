"""Thin tasks: take ids, call the engine, and do nothing when the row is gone or done."""

from celery import shared_task
from django.db import OperationalError

from matching import engine

# OperationalError covers a lost connection and a deadlock PostgreSQL broke: both are
# worth another try, and every task here is safe to run again.
RETRY = {
    "autoretry_for": (OperationalError,),
    "retry_backoff": True,
    "retry_backoff_max": 60,
    "max_retries": 5,
}


@shared_task(**RETRY)
def match_intent(intent_id: int) -> int:
    return len(engine.create_leads_for_intent(intent_id))


@shared_task(**RETRY)
def match_subscription(subscription_id: int) -> int:
    return len(engine.create_leads_for_subscription(subscription_id))


@shared_task
def fan_out_due() -> int:
    """Beat: offer intents still short of offers to the next-ranked vendors."""
    return sum(len(engine.fan_out(intent)) for intent in engine.intents_due_for_fanout())

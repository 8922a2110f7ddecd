"""Thin tasks: take ids, call the engine, and do nothing when the row is gone or done."""

from celery import shared_task
from django.db import OperationalError

from matching import engine


@shared_task(
    autoretry_for=(OperationalError,), retry_backoff=True, retry_backoff_max=60, max_retries=5
)
def match_intent(intent_id: int) -> int:
    return len(engine.create_leads_for_intent(intent_id))


@shared_task(
    autoretry_for=(OperationalError,), retry_backoff=True, retry_backoff_max=60, max_retries=5
)
def match_subscription(subscription_id: int) -> int:
    return len(engine.create_leads_for_subscription(subscription_id))

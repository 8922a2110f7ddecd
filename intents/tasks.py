from celery import shared_task

from intents.services import expire_due_intents
from offers.services import expire_due_offers


@shared_task
def expire_due() -> dict[str, int]:
    """Beat, every minute: write down what already reads as expired."""
    return {"intents": expire_due_intents(), "offers": expire_due_offers()}


@shared_task
def purge_past_retention() -> dict[str, int]:
    """Beat, hourly: delete what the retention rules say is no longer ours to keep."""
    from intents.retention import purge_past_retention as purge

    return purge()

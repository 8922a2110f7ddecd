"""Matching owed, written down in PostgreSQL: the guarantee under Celery.

Redis and the workers can lose a queued match (a crash between the commit and its
`on_commit`, Redis down or restarted, a killed worker's prefetched messages, a task out
of retries). So every change that owes matching also writes a PendingMatch row in its
own transaction, the run that does the matching deletes it in the run's own transaction,
and beat queues again, every MATCH_SWEEP seconds, each row still there once it is due.
The Celery message is only the fast path; the row is the promise. See
docs/reliability.md for the failure paths and the figures.

A row falls due MATCH_RETRY_AFTER after it is written, then twice as long after each
time it is queued again (up to MATCH_RETRY_MAX), so a backlog or a task that keeps
failing is never queued again every few seconds. Matching is idempotent, so queueing
something twice costs a lookup, never a second lead.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime

import kombu.exceptions
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from intents.models import Intent
from matching.models import PendingMatch

log = logging.getLogger(__name__)

SWEEP_BATCH = 500  # rows queued again per sweep at most: the rest wait for the next one


def owe_intent(intent_id: int, *, queue: bool = True) -> None:
    """The intent needs matching: write it down in the caller's transaction and, unless
    `queue` is False (an intent held until its customer confirms their e-mail), queue
    it once that transaction commits."""
    _owe(PendingMatch(intent_id=intent_id), unique_field="intent")
    if queue:
        transaction.on_commit(lambda: queue_intent(intent_id), robust=True)


def owe_subscription(subscription_id: int) -> None:
    """A subscription was created or changed: offer it the open intents it now fits,
    after the caller's transaction commits. A second change before the first is matched
    replaces the request, and the run that saw the first leaves the second owed."""
    _owe(PendingMatch(subscription_id=subscription_id), unique_field="subscription")
    transaction.on_commit(lambda: queue_subscription(subscription_id), robust=True)


def _owe(row: PendingMatch, *, unique_field: str) -> None:
    row.token = uuid.uuid4()
    row.due_at = timezone.now() + settings.MATCH_RETRY_AFTER
    row.attempts = 0
    PendingMatch.objects.bulk_create(
        [row],
        update_conflicts=True,
        unique_fields=[unique_field],
        update_fields=["token", "due_at", "attempts"],
    )


def queue_intent(intent_id: int) -> bool:
    from matching.tasks import match_intent

    return _queue(match_intent, intent_id)


def queue_subscription(subscription_id: int) -> bool:
    from matching.tasks import match_subscription

    return _queue(match_subscription, subscription_id)


def _queue(task, object_id: int) -> bool:
    """Send the task; a broker that is down or hung costs a log line, never the request:
    the publish gives up after the bounded retry policy in settings (about 2 s at worst,
    docs/reliability.md). Anything else still reaches on_commit(robust=True), which logs
    it with its traceback."""
    try:
        task.delay(object_id)
    except kombu.exceptions.OperationalError as error:
        log.warning("%s(%s) not queued (%s): beat queues it again", task.name, object_id, error)
        return False
    return True


def subscription_request(subscription_id: int) -> uuid.UUID | None:
    """The request a subscription run is about to serve (None: nothing owed)."""
    return (
        PendingMatch.objects.filter(subscription_id=subscription_id)
        .values_list("token", flat=True)
        .first()
    )


def settle_subscription(subscription_id: int, token: uuid.UUID | None) -> None:
    """After a subscription run: settled, unless the subscription changed again while it
    ran (a new token), which leaves the new request owed."""
    if token is not None:
        PendingMatch.objects.filter(subscription_id=subscription_id, token=token).delete()


def owed_and_due(now: datetime):
    """Rows due for queueing again: subscriptions, and intents that are still open and
    not held for e-mail verification (a held intent stays owed until it is released)."""
    return PendingMatch.objects.filter(due_at__lte=now).filter(
        Q(subscription__isnull=False)
        | Q(
            intent__status=Intent.Status.OPEN,
            intent__expires_at__gt=now,
            intent__awaiting_verification=False,
        )
    )


def owed_by_closed_intents(now: datetime):
    """Rows of intents that ended before anyone matched them: nothing is owed there."""
    return PendingMatch.objects.filter(intent__isnull=False).exclude(
        intent__status=Intent.Status.OPEN, intent__expires_at__gt=now
    )


def backoff(attempts: int):
    """How long after its `attempts`-th queueing again a row falls due again."""
    return min(settings.MATCH_RETRY_AFTER * 2**attempts, settings.MATCH_RETRY_MAX)


def requeue_due(now: datetime | None = None) -> dict[str, int]:
    """Beat: queue again what is owed and due, skipping rows a matching run holds
    locked right now (it is settling them). Each row queued moves its due time on by
    the backoff before the transaction commits, so two sweeps never queue it twice."""
    now = now or timezone.now()
    with transaction.atomic():
        dropped, _ = owed_by_closed_intents(now).delete()
        due = list(
            owed_and_due(now)
            .select_for_update(skip_locked=True, of=("self",))
            .order_by("due_at")[:SWEEP_BATCH]
        )
        for row in due:
            row.attempts += 1
            row.due_at = now + backoff(row.attempts)
        PendingMatch.objects.bulk_update(due, ["attempts", "due_at"])
        transaction.on_commit(lambda: _queue_all(due), robust=True)
    if due:
        log.warning(
            "Matching queued again for %s intents and %s subscriptions still owed",
            sum(row.intent_id is not None for row in due),
            sum(row.subscription_id is not None for row in due),
        )
    return {"queued_again": len(due), "dropped": dropped}


def _queue_all(rows: list[PendingMatch]) -> None:
    for row in rows:
        sent = (
            queue_intent(row.intent_id)
            if row.intent_id
            else queue_subscription(row.subscription_id)
        )
        if not sent:
            return  # the broker is down: the rest fall due again after their backoff

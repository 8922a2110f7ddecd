"""Small helpers for the domain tests: places at exact distances, times in a zone, and
the matching engine's answer read back as plain values."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import connection
from django.utils import timezone

from core.geo import KM_PER_DEGREE_LAT
from intents.models import Intent
from matching.engine import create_leads_for_intent
from matching.models import Lead
from matching.quota import used_today
from matching.rules import IntentFacts, SubscriptionFacts, evaluate
from tests.factories import GLASGOW
from vendors.models import Subscription

UTC = ZoneInfo("UTC")
LONDON = ZoneInfo("Europe/London")


def north_of(km: float, origin: tuple[float, float] = GLASGOW) -> dict[str, float]:
    """The point `km` due north of `origin` (great-circle distance is exact along a
    meridian), as lat/lng keyword arguments for a factory."""
    lat, lng = origin
    return {"lat": lat + km / KM_PER_DEGREE_LAT, "lng": lng}


def local(zone: str | ZoneInfo, *args: int) -> datetime:
    """An aware datetime on the wall clock of `zone`: local("Europe/London", 2025, 3, 30, 9)."""
    return datetime(*args, tzinfo=ZoneInfo(zone) if isinstance(zone, str) else zone)


def next_weekday(weekday: int, zone: ZoneInfo = LONDON, *, at_least_days: int = 2) -> date:
    """The first date with this weekday (0 = Monday) at least `at_least_days` ahead in
    `zone`, so an intent on it is still open whatever the clock says now."""
    day = timezone.now().astimezone(zone).date() + timedelta(days=at_least_days)
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def on(day: date, hhmm: str, zone: ZoneInfo = LONDON) -> datetime:
    hours, minutes = map(int, hhmm.split(":"))
    return datetime.combine(day, time(hours, minutes), tzinfo=zone)


def match(intent: Intent) -> set[int]:
    """Run matching for the intent; the ids of the vendors holding a lead on it."""
    create_leads_for_intent(intent.pk)
    return set(Lead.objects.filter(intent=intent).values_list("vendor_id", flat=True))


def why_not(intent: Intent, subscription: Subscription) -> str | None:
    """The words of the first rule the subscription fails for the intent (None if it
    fits), as an operator's matching diagnostics would show them."""
    subscription = Subscription.objects.select_related("vendor").get(pk=subscription.pk)
    facts = SubscriptionFacts.of(subscription)
    today = used_today([facts], timezone.now()).by_subscription.get(subscription.pk, 0)
    verdict = evaluate(IntentFacts.of(intent), facts, today)
    return verdict.failed


def leads_snapshot(intent: Intent) -> list[tuple]:
    return list(
        Lead.objects.filter(intent=intent)
        .order_by("rank")
        .values_list("vendor_id", "subscription_id", "rank", "score", "distance_km")
    )


def race(*calls: Callable[[], object]) -> list[object]:
    """Run the calls in threads released together by a barrier, each on its own
    database connection (opened before the start line, closed at the end). Returns what
    each call returned or raised, in order."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[object] = [None] * len(calls)

    def run(position: int, call: Callable[[], object]) -> None:
        try:
            connection.ensure_connection()
            barrier.wait(timeout=10)
            outcomes[position] = call()
        except Exception as error:  # the outcome is what the test checks
            outcomes[position] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "a racing thread hung"
    return outcomes

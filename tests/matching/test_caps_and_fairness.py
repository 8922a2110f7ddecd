"""Daily caps hold exactly while many workers route leads at once, and leads spread
evenly among equally qualified vendors."""

import statistics
import threading

import pytest
from django.db import connection
from django.db.models import Count

from matching.engine import create_leads_for_intent
from matching.models import Lead, Quota
from tests.domain.helpers import north_of
from tests.factories import IntentFactory, SubscriptionFactory


def in_parallel(workers: int, intent_ids: list[int]) -> list[Exception]:
    """Match the intents from `workers` threads at once, each on its own connection,
    all starting together; returns what any of them raised."""
    barrier, errors = threading.Barrier(workers), []
    chunks = [intent_ids[i::workers] for i in range(workers)]

    def work(chunk):
        try:
            connection.ensure_connection()
            barrier.wait(timeout=10)
            for intent_id in chunk:
                create_leads_for_intent(intent_id)
        except Exception as error:  # collected for the assertion
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(chunk,)) for chunk in chunks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


@pytest.mark.django_db(transaction=True)
def test_daily_caps_hold_exactly_under_parallel_matching():
    subscriptions = [SubscriptionFactory(daily_cap=3, **north_of(0.1 * i)) for i in range(6)]
    # 30 intents wanting 2 leads each: 60 slots chase 18 leads' worth of caps.
    intents = [IntentFactory(max_offers=1) for _ in range(30)]

    errors = in_parallel(6, [intent.pk for intent in intents])

    assert errors == []
    per_subscription = dict(
        Lead.objects.values_list("subscription_id").annotate(n=Count("pk")).order_by()
    )
    assert per_subscription == {sub.pk: 3 for sub in subscriptions}  # full, never over
    assert dict(Quota.objects.values_list("subscription_id", "used")) == per_subscription
    assert Lead.objects.values("intent", "vendor").distinct().count() == Lead.objects.count()


@pytest.mark.django_db(transaction=True)
def test_a_capped_vendor_passes_its_turn_to_the_next_ranked_under_contention():
    near = SubscriptionFactory(daily_cap=1, **north_of(0.5))
    further = [SubscriptionFactory(daily_cap=50, **north_of(3 + i)) for i in range(2)]
    intents = [IntentFactory(max_offers=1) for _ in range(8)]

    assert in_parallel(4, [intent.pk for intent in intents]) == []

    assert Lead.objects.filter(subscription=near).count() == 1
    for intent in intents:  # everyone still got its two leads
        assert Lead.objects.filter(intent=intent).count() == 2
    assert Lead.objects.filter(subscription__in=further).count() == 15


@pytest.mark.django_db
def test_over_a_thousand_intents_equally_qualified_vendors_share_the_leads_evenly():
    # Twenty vendors 2.2-2.8 km from the centre: from any intent within 100 m of it they
    # are in the same distance band, so they are equally qualified.
    vendors = [
        SubscriptionFactory(daily_cap=10_000, radius_km=10, **north_of(2.2 + 0.03 * i)).vendor_id
        for i in range(20)
    ]
    for i in range(1000):
        intent = IntentFactory(max_offers=1, **north_of(((i % 11) - 5) * 0.015))
        create_leads_for_intent(intent.pk)

    counts = dict(Lead.objects.values_list("vendor_id").annotate(n=Count("pk")).order_by())
    loads = [counts.get(vendor, 0) for vendor in vendors]
    assert sum(loads) == 2000
    assert max(loads) <= 2 * statistics.median(loads)
    assert min(loads) > 0  # nobody starved

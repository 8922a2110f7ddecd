"""Redis down while customers post: every intent is saved (201, fast), and every one is
matched once Redis is back, though every queued message died with it."""

import time

import pytest

from intents.models import Intent
from matching.models import Lead, PendingMatch
from tests.factories import SubscriptionFactory
from tests.reliability.conftest import duplicated_leads, post_intent
from tests.reliability.stack import wait_for

pytestmark = pytest.mark.django_db(transaction=True)

GLASGOW = {"lat": 55.8642, "lng": -4.2518}


def test_intents_posted_while_redis_is_down_are_saved_and_matched_once_it_is_back(
    stack, customer_token, figures
):
    vendors = [SubscriptionFactory(daily_cap=1000).vendor_id for _ in range(3)]
    stack.start_redis()
    stack.start_worker()
    stack.start_beat()
    stack.start_web()
    status, warm_up, _ = post_intent(stack, customer_token, **GLASGOW)
    assert status == 201

    def warmed_up():
        """the worker to match the first intent"""
        return Lead.objects.filter(intent_id=warm_up["id"]).count() == len(vendors)

    wait_for(warmed_up, timeout=60)

    stack.stop_redis()
    posted = [post_intent(stack, customer_token, **GLASGOW) for _ in range(20)]
    assert [status for status, _, _ in posted] == [201] * 20, posted
    slowest = max(seconds for _, _, seconds in posted)
    assert slowest < 5, f"a POST took {slowest:.1f} s with Redis down"
    ids = [body["id"] for _, body, _ in posted]
    assert Intent.objects.filter(pk__in=ids, matched_at__isnull=True).count() == 20
    assert PendingMatch.objects.filter(intent_id__in=ids).count() == 20  # owed, in PostgreSQL

    stack.start_redis()
    back = time.monotonic()

    def all_matched():
        """every intent posted during the outage to be matched"""
        return not Intent.objects.filter(pk__in=ids, matched_at__isnull=True).exists()

    wait_for(all_matched, timeout=30, interval=0.2)
    recovered = time.monotonic() - back

    leads = Lead.objects.filter(intent_id__in=ids)
    assert leads.count() == 20 * len(vendors)
    assert set(leads.values_list("vendor_id", flat=True)) == set(vendors)
    assert duplicated_leads(ids) == 0
    assert not PendingMatch.objects.filter(intent_id__in=ids).exists()
    figures(
        f"Redis down: 20 intents posted, all 201, slowest POST {slowest * 1000:.0f} ms; "
        f"all matched {recovered:.1f} s after Redis came back; intents lost 0, "
        f"duplicated leads {duplicated_leads(ids)}"
    )

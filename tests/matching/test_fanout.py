"""Progressive fan-out: an intent still short of offers a while after matching is offered
to the next-ranked vendors, until they or the intent's time run out."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from intents.models import Intent
from matching.engine import create_leads_for_intent
from matching.models import Lead
from matching.tasks import fan_out_due
from tests.domain.helpers import north_of
from tests.factories import IntentFactory, OfferFactory, SubscriptionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def five_vendors():
    """Five vendors 1, 2, 3, 4 and 5 km away, nearest first."""
    return [SubscriptionFactory(radius_km=9.5, **north_of(km)).vendor_id for km in (1, 2, 3, 4, 5)]


def matched_a_while_ago(max_offers: int = 1) -> Intent:
    intent = IntentFactory(max_offers=max_offers)
    create_leads_for_intent(intent.pk)
    Intent.objects.filter(pk=intent.pk).update(
        matched_at=timezone.now() - settings.FANOUT_AFTER - timedelta(seconds=1)
    )
    return intent


def vendors_with_leads(intent) -> list[int]:
    return list(
        Lead.objects.filter(intent=intent).order_by("rank").values_list("vendor_id", flat=True)
    )


def age(intent: Intent) -> None:
    Intent.objects.filter(pk=intent.pk).update(
        matched_at=timezone.now() - settings.FANOUT_AFTER - timedelta(seconds=1)
    )


def test_an_intent_without_offers_reaches_the_next_ranked_vendors(five_vendors):
    intent = matched_a_while_ago(max_offers=1)
    assert vendors_with_leads(intent) == five_vendors[:2]

    fan_out_due()

    assert vendors_with_leads(intent) == five_vendors[:4]
    assert Intent.objects.get(pk=intent.pk).fanout_rounds == 1


def test_fan_out_waits_for_the_interval_after_each_round(five_vendors):
    intent = matched_a_while_ago(max_offers=1)
    fan_out_due()
    fan_out_due()  # too soon after the first round
    assert len(vendors_with_leads(intent)) == 4

    age(intent)
    fan_out_due()
    assert vendors_with_leads(intent) == five_vendors


def test_fan_out_stops_when_no_fitting_vendor_is_left(five_vendors):
    intent = matched_a_while_ago(max_offers=1)
    for _ in range(3):
        fan_out_due()
        age(intent)
    refreshed = Intent.objects.get(pk=intent.pk)
    assert refreshed.exhausted_at is not None
    assert refreshed.fanout_rounds == 2  # the third call found nothing due
    assert len(vendors_with_leads(intent)) == 5


def test_an_intent_with_fitting_vendors_left_is_not_exhausted(five_vendors):
    intent = IntentFactory(max_offers=1)
    create_leads_for_intent(intent.pk)  # two leads; three fitting vendors wait

    assert Intent.objects.get(pk=intent.pk).exhausted_at is None


def test_an_intent_whose_every_fitting_vendor_got_a_lead_is_exhausted_at_once():
    for km in (1, 2):  # exactly as many as the lead limit of max_offers=1
        SubscriptionFactory(radius_km=9.5, **north_of(km))
    intent = IntentFactory(max_offers=1)

    assert len(create_leads_for_intent(intent.pk)) == 2
    assert Intent.objects.get(pk=intent.pk).exhausted_at is not None


def test_an_intent_with_all_the_offers_it_asked_for_does_not_fan_out(five_vendors):
    intent = matched_a_while_ago(max_offers=1)
    first = Lead.objects.filter(intent=intent).order_by("rank").first()
    OfferFactory(lead=first)

    fan_out_due()

    assert len(vendors_with_leads(intent)) == 2


def test_fan_out_asks_for_twice_the_offers_still_missing(five_vendors):
    more = [SubscriptionFactory(radius_km=9.5, **north_of(km)).vendor_id for km in (6, 7, 8, 9)]
    intent = matched_a_while_ago(max_offers=3)  # 6 leads
    lead = Lead.objects.filter(intent=intent).order_by("rank").first()
    OfferFactory(lead=lead)  # one offer in, two missing

    fan_out_due()

    assert vendors_with_leads(intent) == [*five_vendors, *more][:9]  # 6 + 2 x 2 (3 left)


def test_an_expired_intent_does_not_fan_out(five_vendors):
    intent = matched_a_while_ago(max_offers=1)
    Intent.objects.filter(pk=intent.pk).update(expires_at=timezone.now())

    fan_out_due()

    assert len(vendors_with_leads(intent)) == 2


def test_fan_out_is_scheduled_by_beat():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "matching.tasks.fan_out_due" in tasks

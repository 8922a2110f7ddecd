"""Nothing kept longer than needed: free text and exact points go RETENTION_DAYS after
an intent closes; contact details 30 days after close where the intent says so."""

from datetime import timedelta

import pytest
from django.utils import timezone

from intents.disclosure import customer_contact
from intents.models import Intent, Term
from intents.tasks import purge_past_retention
from tests.factories import IntentFactory, OfferFactory, terms

pytestmark = pytest.mark.django_db

EXACT = (55.871234, -4.263456)


def closed_days_ago(days: int, **kwargs) -> Intent:
    closed = timezone.now() - timedelta(days=days)
    return IntentFactory(
        status=Intent.Status.EXPIRED,
        closed_at=closed,
        starts_at=closed - timedelta(hours=3),
        ends_at=closed,
        expires_at=closed,
        lat=EXACT[0],
        lng=EXACT[1],
        text="Cake for Morag's 40th, 12 Hill Street",
        place_name="Hill Street",
        **kwargs,
    )


def test_text_and_exact_point_go_after_the_retention_period(settings):
    settings.RETENTION_DAYS = 90
    old, recent = closed_days_ago(91), closed_days_ago(89)

    result = purge_past_retention()

    old.refresh_from_db()
    recent.refresh_from_db()
    assert result["scrubbed"] == 1
    assert (old.text, old.place_name) == ("", "")
    assert abs(old.lat - EXACT[0]) > 1e-4 or abs(old.lng - EXACT[1]) > 1e-4
    assert old.disclosure == Intent.Disclosure.AREA
    assert old.personal_data_purged_at is not None
    assert old.customer is not None  # the customer still sees it in their history
    assert recent.text.startswith("Cake")
    assert (recent.lat, recent.lng) == EXACT


def test_the_purge_runs_once_per_intent(settings):
    settings.RETENTION_DAYS = 90
    closed_days_ago(120)

    assert purge_past_retention()["scrubbed"] == 1
    assert purge_past_retention()["scrubbed"] == 0


def test_an_open_intent_is_never_purged(settings):
    settings.RETENTION_DAYS = 0
    intent = IntentFactory()

    purge_past_retention()

    intent.refresh_from_db()
    assert intent.text == "Lunch for 2 near me"


def with_delete_term():
    return [*Term.objects.filter(is_default=True), *terms("delete-within-30-days")]


def test_contact_goes_30_days_after_close_when_the_intent_asks(settings):
    settings.RETENTION_DAYS = 365
    asks = closed_days_ago(31, terms=with_delete_term())
    OfferFactory(lead__intent=asks, status="accepted")
    not_yet = closed_days_ago(29, terms=with_delete_term())
    does_not_ask = closed_days_ago(31)

    assert purge_past_retention()["contact_withheld"] == 1

    for intent in (asks, not_yet, does_not_ask):
        intent.refresh_from_db()
    assert customer_contact(asks, won=True) is None
    assert customer_contact(not_yet, won=True) is not None
    assert customer_contact(does_not_ask, won=True) is not None


def test_the_purge_is_on_beats_schedule():
    from django.conf import settings

    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "intents.tasks.purge_past_retention" in tasks

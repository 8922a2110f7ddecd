"""PostgreSQL drops every connection (a restart, a failover): workers keep their
connections across tasks (CELERY_DB_REUSE_MAX), so each must notice a broken one and
reconnect; every intent is still matched, and a subscription made meanwhile still gets
the open intents it fits."""

import time

import psycopg
import pytest
from celery.signals import task_postrun
from django.db import OperationalError, connection
from rest_framework.authtoken.models import Token

from intents.models import Intent, Term
from matching.models import Lead
from tests.factories import SubscriptionFactory, VendorFactory
from tests.reliability.conftest import duplicated_leads, post_intent
from tests.reliability.stack import http, wait_for

pytestmark = pytest.mark.django_db(transaction=True)

GLASGOW = {"lat": 55.8642, "lng": -4.2518}


def drop_other_connections() -> int:
    """What a PostgreSQL restart does to every other client of the test database."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def test_intents_are_matched_after_postgresql_drops_the_workers_connections(
    stack, customer_token, figures
):
    vendors = [SubscriptionFactory(daily_cap=1000).vendor_id for _ in range(2)]
    stack.start_redis()
    stack.start_worker()
    stack.start_beat()
    stack.start_web()
    warm_up = [post_intent(stack, customer_token, **GLASGOW)[1]["id"] for _ in range(6)]

    def warmed_up():
        """every worker thread to hold a database connection"""
        return not Intent.objects.filter(pk__in=warm_up, matched_at__isnull=True).exists()

    wait_for(warmed_up, timeout=60)

    newcomer = VendorFactory()
    dropped = drop_other_connections()
    started = time.monotonic()
    status, subscribed = http(
        "POST",
        f"{stack.api}/vendor/subscriptions/",
        {"categories": ["restaurant-meal"], **GLASGOW, "radius_km": 5, "daily_cap": 1000,
         "accepted_terms": list(Term.objects.values_list("slug", flat=True))},
        Token.objects.create(user=newcomer.owner).key,
    )  # fmt: skip
    assert status == 201, subscribed
    posted = [post_intent(stack, customer_token, **GLASGOW) for _ in range(10)]
    assert [status for status, _, _ in posted] == [201] * 10
    ids = [body["id"] for _, body, _ in posted]

    def all_matched():
        """every intent posted after the connections dropped to be matched"""
        return not Intent.objects.filter(pk__in=ids, matched_at__isnull=True).exists()

    def newcomer_has_every_open_intent():
        """the new subscription to reach the intents posted before it"""
        return Lead.objects.filter(vendor=newcomer).count() == len(warm_up) + len(ids)

    wait_for(all_matched, timeout=45, interval=0.2)
    wait_for(newcomer_has_every_open_intent, timeout=45, interval=0.2)
    took = time.monotonic() - started

    assert Lead.objects.filter(intent_id__in=ids).count() == 10 * (len(vendors) + 1)
    assert duplicated_leads([*warm_up, *ids]) == 0
    figures(
        f"PostgreSQL dropped {dropped} connections: a subscription and 10 intents posted "
        f"after it, all 201, all leads made within {took:.1f} s; intents lost 0, "
        "duplicated leads 0"
    )


def test_a_worker_drops_a_connection_that_broke_outside_a_transaction():
    """Inside a transaction Django drops a connection whose rollback fails; a query
    outside one (the first query of most beat tasks) leaves it broken, and with
    CELERY_DB_REUSE_MAX every later task on that thread would fail on it."""
    Intent.objects.exists()  # connected
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    params = connection.get_connection_params()
    with psycopg.connect(
        dbname=params["dbname"], user=params["user"], host=params["host"], port=params["port"]
    ) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])

    with pytest.raises(OperationalError):
        Intent.objects.exists()
    task_postrun.send(sender=None)  # what a worker sends after every task

    assert Intent.objects.exists() is False  # a fresh connection

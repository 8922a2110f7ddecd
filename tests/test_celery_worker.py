"""The loop through a real Celery worker process and the real Redis broker: nothing
in-process, nothing faked."""

import os
import subprocess
import sys
import time

import pytest
import redis
from django.conf import settings
from django.db import connection

from config.celery import app as celery_app
from intents.models import Intent
from matching.models import Lead
from tests.conftest import client_for
from tests.factories import SubscriptionFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def wait_for(condition, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"Gave up after {timeout} s waiting for {condition.__doc__}")


@pytest.fixture(scope="module")
def worker_process(django_db_setup):
    """A worker process on the test database, fed through Redis (started once: it takes
    a few seconds)."""
    if not settings.REDIS_URL:
        pytest.skip("needs REDIS_URL (bin/test sets it)")
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "REDIS_URL": settings.REDIS_URL,
    }
    broker = redis.Redis.from_url(settings.REDIS_URL)
    broker.delete("matching", "default")  # messages left by an earlier, interrupted run
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "-Q", "matching,default",
         "--pool", "solo", "--without-heartbeat", "--without-gossip", "--without-mingle",
         "-l", "warning"],
        env=env,
    )  # fmt: skip
    yield process
    process.terminate()
    process.wait(timeout=20)


@pytest.fixture
def worker(worker_process):
    """Send tasks to the worker instead of running them in-process."""
    celery_app.conf.task_always_eager = False
    yield worker_process
    celery_app.conf.task_always_eager = True


def test_an_intent_is_matched_answered_and_accepted_through_a_real_worker(worker):
    subscription = SubscriptionFactory()
    customer = UserFactory()
    customer_api, vendor_api = client_for(customer), client_for(subscription.vendor.owner)

    posted = customer_api.post(
        "/api/v1/intents/", {"text": "Lunch for 2", "lat": 55.86, "lng": -4.25}
    )
    assert posted.status_code == 201
    intent_id = posted.json()["id"]

    def lead_exists():
        """the worker to create the lead"""
        return Lead.objects.filter(intent_id=intent_id, vendor=subscription.vendor).first()

    lead = wait_for(lead_exists)
    offer = vendor_api.post(
        f"/api/v1/vendor/leads/{lead.pk}/offers/",
        {"price": "21.00", "currency": "GBP", "accept_terms": True},
    )
    assert offer.status_code == 201, offer.json()
    accepted = customer_api.post(f"/api/v1/offers/{offer.json()['id']}/accept/")
    assert accepted.status_code == 200
    assert Intent.objects.get(pk=intent_id).status == Intent.Status.ACCEPTED


def test_the_expiry_sweep_runs_in_the_worker(worker):
    from intents.tasks import expire_due
    from tests.factories import IntentFactory

    intent = IntentFactory()
    Intent.objects.filter(pk=intent.pk).update(expires_at=intent.created_at)
    expire_due.delay()

    def expired():
        """the sweep to write the expiry"""
        return Intent.objects.filter(pk=intent.pk, status=Intent.Status.EXPIRED).exists()

    wait_for(expired)

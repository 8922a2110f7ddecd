"""An open event stream (Server-Sent Events: the customer's intent page, the vendor's
portal) holds no PostgreSQL connection: under ASGI one would otherwise stay open for as
long as the page is, and a few hundred open pages would use up PostgreSQL's
max_connections (docs/deployment.md)."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.db import connection, connections
from django.test import AsyncClient

from tests.factories import IntentFactory, VendorFactory
from tests.streams import run_in_a_thread_of_its_own

pytestmark = [
    pytest.mark.skipif(not settings.REDIS_URL, reason="needs REDIS_URL (bin/test)"),
    pytest.mark.django_db(transaction=True),
]


APP_NAME = "beckon-stream-test"


@pytest.fixture(autouse=True)
def _tagged_connections(monkeypatch):
    """Connections opened from here on carry this name (libpq reads PGAPPNAME), so the
    count below sees only this test's, whatever else talks to the database."""
    monkeypatch.setenv("PGAPPNAME", APP_NAME)


def backends() -> int:
    """PostgreSQL connections this test opened, besides the counting thread's own."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE application_name = %s AND pid <> pg_backend_pid()",
            [APP_NAME],
        )
        return cursor.fetchone()[0]


def backends_while_streaming(user, path: str) -> int:
    """Open the stream at `path` as `user`, wait until it listens, and count."""

    async def scenario():
        client = AsyncClient()
        await client.aforce_login(user)
        response = await client.get(path)
        assert response.status_code == 200
        assert response.streaming
        body = aiter(response.streaming_content)
        await anext(body)  # listening: the view is done, the stream is open
        with ThreadPoolExecutor(max_workers=1) as elsewhere:  # a thread with no connection
            count = elsewhere.submit(_count_and_close).result()
        await body.aclose()
        return count

    return run_in_a_thread_of_its_own(scenario)


def _count_and_close() -> int:
    try:
        return backends()
    finally:
        connections.close_all()


def test_the_intent_stream_gives_its_database_connection_back(customer):
    intent = IntentFactory(customer=customer)

    during = backends_while_streaming(customer, f"/intents/{intent.pk}/events/")

    assert during == 0


def test_the_vendor_stream_gives_its_database_connection_back():
    vendor = VendorFactory()

    during = backends_while_streaming(vendor.owner, "/portal/events/")

    assert during == 0

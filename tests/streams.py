"""Running an async scenario (a streaming view read with AsyncClient) from a sync test."""

from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import async_to_sync
from django.db import connections


def run_in_a_thread_of_its_own(scenario):
    """`scenario()`'s result. No event loop may run where async_to_sync is called, so it
    runs on a new thread; the view's database work runs there too, and that thread's
    connections are closed before it ends, so none outlives the test."""

    def run():
        try:
            return async_to_sync(scenario)()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(run).result()

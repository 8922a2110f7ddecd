"""The Celery app. Every Celery setting lives in config/settings.py under CELERY_*."""

import os

from celery import Celery
from celery.signals import task_postrun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("beckon")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@task_postrun.connect
def drop_broken_database_connections(**kwargs) -> None:
    """CELERY_DB_REUSE_MAX keeps a worker's database connection for hundreds of tasks, so
    one that broke (PostgreSQL restarted, a network blip) would fail every task after it,
    retries included. Django checks this before each request; a worker does it after
    each task, and only when a database error was seen, so healthy tasks pay nothing."""
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        if connection.connection is not None and connection.errors_occurred:
            if not connection.is_usable():
                connection.close()
            connection.errors_occurred = False

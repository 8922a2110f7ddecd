"""The Celery app as the benchmark runs it: the real app, plus a hook that writes down
when each match_intent task finished (its transaction has committed by then) so the
benchmark can measure enqueue -> leads committed. Start with
`celery -A matching.bench.worker worker ...`; production never loads this module."""

import os
import time

import redis
from celery.signals import task_postrun

from config.celery import app

DONE_KEY = "bench:matching:done"
_redis = redis.Redis.from_url(os.environ["REDIS_URL"])

__all__ = ["app"]


@task_postrun.connect
def record_done(task=None, args=None, **kwargs):
    if task is not None and task.name == "matching.tasks.match_intent" and args:
        _redis.hset(DONE_KEY, args[0], repr(time.time()))

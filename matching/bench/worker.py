"""The Celery app as the benchmark runs it: the real app, plus a hook that writes down
when each match_intent task finished (its transaction has committed by then) so the
benchmark can measure enqueue -> leads committed. Start with
`celery -A matching.bench.worker worker ...`; production never loads this module.

The hook only notes the time in memory; a thread of its own sends the notes to Redis
every few milliseconds, many in one command. Sending each from the task's thread cost a
Redis round trip per intent that production does not make, and the benchmark would have
counted it against the matching engine."""

import os
import queue
import threading
import time

import redis
from celery.signals import task_postrun

from config.celery import app

DONE_KEY = "bench:matching:done"
FLUSH_EVERY_S = 0.005

_redis = redis.Redis.from_url(os.environ["REDIS_URL"])
_finished: queue.SimpleQueue = queue.SimpleQueue()
_sender_lock = threading.Lock()
_sender: threading.Thread | None = None

__all__ = ["app"]


@task_postrun.connect
def record_done(task=None, args=None, **kwargs):
    if task is not None and task.name == "matching.tasks.match_intent" and args:
        _finished.put((args[0], repr(time.time())))
        _start_sender()


def _start_sender() -> None:
    """Started by the first task, in the process that runs tasks (a prefork child has
    no threads of its parent), and never in the benchmark command, which imports this
    module only for DONE_KEY."""
    global _sender
    if _sender is None:
        with _sender_lock:
            if _sender is None:
                _sender = threading.Thread(target=_send_forever, name="bench-done", daemon=True)
                _sender.start()


def _send_forever() -> None:
    while True:
        done = dict([_finished.get()])  # waits for the first
        time.sleep(FLUSH_EVERY_S)
        while not _finished.empty():
            intent_id, when = _finished.get()
            done[intent_id] = when
        try:
            _redis.hset(DONE_KEY, mapping=done)
        except redis.RedisError:  # try again shortly, these included
            for intent_id, when in done.items():
                _finished.put((intent_id, when))
            time.sleep(0.1)

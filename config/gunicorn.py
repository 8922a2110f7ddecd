"""gunicorn for the web processes: uvicorn workers (ASGI, so Server-Sent Events are
coroutines, not threads) under gunicorn's process manager.

    gunicorn -c config/gunicorn.py config.asgi:application

docs/deployment.md explains each choice and the measurements behind it. Every value can
be changed from the environment; gunicorn's own command-line flags override this file.
"""

import os

from uvicorn_worker import UvicornWorker


class StreamingUvicornWorker(UvicornWorker):
    """uvicorn's worker, which on a restart closes the event streams still open after
    `graceful_timeout` seconds. Left alone, uvicorn waits for every response to end,
    and an event stream ends only when its page closes: measured, a reload (HUP) with
    open streams waited until the last client left (docs/deployment.md)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.config.timeout_graceful_shutdown = self.cfg.graceful_timeout


bind = os.environ.get("BIND", "0.0.0.0:8000")
worker_class = "config.gunicorn.StreamingUvicornWorker"

# Under ASGI, Django runs each request's synchronous code (views, the ORM, the parser) on
# a thread of its own, so one process already overlaps requests that wait on PostgreSQL;
# but its Python runs one thread at a time (the GIL), so processes are what use the
# cores. Two per core: the cores stay busy, and one busy process holds up few requests.
workers = int(os.environ.get("WEB_WORKERS", 2 * (os.cpu_count() or 1)))

# A live page holds its event stream open for as long as it is open; for a uvicorn
# worker gunicorn's timeout is not a limit on a request but on the worker's heartbeat,
# which stops only when its event loop is blocked. Such a worker is restarted.
timeout = int(os.environ.get("WEB_TIMEOUT", 30))

# Streams never finish on their own, so a restart (deploy, max_requests) waits this long
# and then closes them (StreamingUvicornWorker); each browser reconnects 2 s later (the
# stream's `retry:`) to a worker that is up. Longer only delays the restart.
graceful_timeout = int(os.environ.get("WEB_GRACEFUL_TIMEOUT", 10))

# Idle keep-alive connections from the proxy in front.
keepalive = int(os.environ.get("WEB_KEEPALIVE", 5))

# Replace each worker after about this many requests (spread out by the jitter), so a
# slow leak cannot grow without bound; its streams reconnect as on a restart.
max_requests = int(os.environ.get("WEB_MAX_REQUESTS", 2000))
max_requests_jitter = int(os.environ.get("WEB_MAX_REQUESTS_JITTER", 200))

# The addresses of the proxies whose X-Forwarded-For and X-Forwarded-Proto are believed.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

accesslog = "-"
errorlog = "-"

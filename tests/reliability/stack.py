"""The real stack in child processes, for fault tests: a Redis server of its own on a free
port (the machine's shared Redis is never stopped or flushed), Celery worker and beat
processes, and uvicorn serving the API, all on the test database. A test can stop,
start or SIGKILL each of them."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import redis
from django.conf import settings
from django.db import connection


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http(method: str, url: str, body: dict | None = None, token: str = "", timeout=30):
    """(status, JSON body or text) of one request, 4xx and 5xx included (the standard
    library's client: nothing to install)."""
    request = urllib.request.Request(  # noqa: S310 - http://127.0.0.1 built by Stack
        url,
        method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Content-Type": "application/json"}
        | ({"Authorization": f"Token {token}"} if token else {}),
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - as above
            status, raw, kind = response.status, response.read(), response.headers
    except urllib.error.HTTPError as error:
        status, raw, kind = error.code, error.read(), error.headers
    text = raw.decode(errors="replace")
    is_json = kind.get("Content-Type", "").startswith("application/json")
    return status, json.loads(text) if is_json else {"body": text[:300]}


def wait_for(condition, timeout: float, interval: float = 0.1):
    """condition()'s first truthy value, or AssertionError after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"Gave up after {timeout} s waiting for {condition.__doc__}")
        time.sleep(interval)


class Child:
    """One child process in its own session, so a kill reaches its pool's children too;
    its output goes to a log file that a failing test can show."""

    def __init__(self, name: str, command: list[str], env: dict[str, str], logs: Path, pass_fds=()):
        self.name, self.command, self.env, self.pass_fds = name, command, env, pass_fds
        self.log_path = logs / f"{name}.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> Child:
        log = self.log_path.open("a")
        self.process = subprocess.Popen(  # noqa: S603 - our interpreter, our arguments
            self.command,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            pass_fds=self.pass_fds,
            cwd=settings.BASE_DIR,
        )
        return self

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL to the whole process group: no shutdown, no acks, no goodbyes."""
        if self.running:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.running:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()

    def tail(self, lines: int = 40) -> str:
        if not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])


@dataclass
class Stack:
    """Own Redis + worker + beat + web on the test database. Start what a test needs."""

    workdir: Path
    redis_port: int = field(default_factory=free_port)
    children: dict[str, Child] = field(default_factory=dict)

    def __post_init__(self):
        # uvicorn serves on a socket bound here (--fd), so no other process on this busy
        # machine can take its port between choosing it and using it.
        self.web_socket = socket.socket()
        self.web_socket.bind(("127.0.0.1", 0))
        self.web_socket.listen(128)
        self.web_port = self.web_socket.getsockname()[1]

    @property
    def redis_url(self) -> str:
        return f"redis://127.0.0.1:{self.redis_port}/0"

    @property
    def api(self) -> str:
        return f"http://127.0.0.1:{self.web_port}/api/v1"

    def env(self) -> dict[str, str]:
        db = connection.settings_dict
        return {
            **os.environ,
            "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
            "REDIS_URL": self.redis_url,
            "CACHE_KEY_PREFIX": f"reliability-{self.redis_port}",
            "LOG_LEVEL": "WARNING",
            # A burst from one customer is the point here, not the throttle.
            "THROTTLE_INTENTS": "100000/hour",
            "THROTTLE_WRITES": "100000/min",
            "PYTHONUNBUFFERED": "1",
        }

    def _child(self, name: str, command: list[str], pass_fds=()) -> Child:
        child = self.children.get(name) or Child(name, command, self.env(), self.workdir, pass_fds)
        self.children[name] = child
        return child.start()

    # --- Redis -------------------------------------------------------------------------
    def start_redis(self) -> None:
        self._child(
            "redis",
            ["redis-server", "--port", str(self.redis_port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no", "--dir", str(self.workdir)],
        )  # fmt: skip
        child = self.children["redis"]
        client = redis.Redis(port=self.redis_port, socket_connect_timeout=0.5)

        def redis_answers():
            """our Redis to answer"""
            assert child.running, f"redis-server exited:\n{child.tail()}"  # port taken?
            try:  # ours, not another one that took the port first
                return client.info("server")["process_id"] == child.process.pid
            except redis.ConnectionError:
                return False

        wait_for(redis_answers, timeout=10)

    def stop_redis(self) -> None:
        """Down, and everything in it gone (no persistence): queued messages too."""
        self.children["redis"].stop()

    # --- Celery ------------------------------------------------------------------------
    def start_worker(self) -> Child:
        """The production worker command (README), on this stack's Redis."""
        return self._child(
            "worker",
            [sys.executable, "-m", "celery", "-A", "config", "worker", "-Q", "matching,default",
             "--pool", "threads", "--concurrency", "3", "--without-gossip", "--without-mingle",
             "-n", f"reliability-{self.redis_port}@%h", "-l", "warning"],
        )  # fmt: skip

    def start_beat(self) -> Child:
        return self._child(
            "beat",
            [sys.executable, "-m", "celery", "-A", "config", "beat", "-l", "warning",
             "-s", str(self.workdir / "beat-schedule"), "--pidfile", ""],
        )  # fmt: skip

    # --- Web ---------------------------------------------------------------------------
    def start_web(self) -> None:
        child = self._child(
            "web",
            [sys.executable, "-m", "uvicorn", "config.asgi:application",
             "--fd", str(self.web_socket.fileno()), "--log-level", "warning"],
            pass_fds=(self.web_socket.fileno(),),
        )  # fmt: skip

        def web_answers():
            """uvicorn to answer"""
            assert child.running, f"uvicorn exited:\n{child.tail()}"  # port taken?
            try:
                return http("GET", f"{self.api}/categories/", timeout=2)[0] < 500
            except (OSError, urllib.error.URLError):  # accepted before uvicorn reads it
                return False

        wait_for(web_answers, timeout=30, interval=0.2)

    def stop_all(self) -> None:
        for child in self.children.values():
            child.kill()
        self.web_socket.close()

    def logs(self) -> str:
        return "\n".join(f"--- {name} ---\n{child.tail()}" for name, child in self.children.items())

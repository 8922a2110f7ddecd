"""Browser tests: Debian's headless Chromium driven by Playwright, against the site served
by uvicorn (ASGI, so the intent page gets Server-Sent Events over Redis) or by
pytest-django's live_server (WSGI, so it polls)."""

from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

import pytest
import uvicorn
from django.conf import settings
from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
from django.core.asgi import get_asgi_application
from django.db import connections
from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
GLASGOW_GEO = {"latitude": 55.8642, "longitude": -4.2518}
SCREENSHOTS = Path(settings.BASE_DIR) / "docs" / "screenshots" / "customer"


@pytest.fixture(scope="package")
def playwright_instance():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"needs Chromium at {CHROMIUM} (apt-get install chromium)")
    # Playwright's sync API keeps an event loop on this thread; the test's own database
    # calls (factories) are ordinary sync code all the same. Package-scoped, so the loop
    # and this setting end with the browser tests.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        yield playwright
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


# What the browser refused under the site's Content Security Policy, as Chromium reports
# it in the console ("... violates the following Content Security Policy directive ...").
CSP_REPORTS: list[str] = []


@pytest.fixture(scope="package")
def browser(playwright_instance):
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    open_context = browser.new_context

    def new_context(*args, **kwargs):
        """Every tab the tests open reports what the Content Security Policy blocked."""
        context = open_context(*args, **kwargs)
        context.on("console", _note_csp_report)
        return context

    browser.new_context = new_context
    yield browser
    browser.close()


def _note_csp_report(message) -> None:
    if "Content Security Policy" in message.text:
        CSP_REPORTS.append(f"{message.location.get('url')}: {message.text}")


@pytest.fixture(autouse=True)
def no_csp_violations():
    """A policy that breaks htmx or the live pages fails the browser test that met it."""
    CSP_REPORTS.clear()
    yield
    assert not CSP_REPORTS, "The browser refused:\n" + "\n".join(CSP_REPORTS)


class AsgiServer:
    """uvicorn in a thread of the test process: it shares the test database, and tasks
    run in-process as everywhere in the tests."""

    def __init__(self):
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.bind(("127.0.0.1", 0))
        host, port = self.socket.getsockname()
        self.url = f"http://{host}:{port}"
        app = ASGIStaticFilesHandler(get_asgi_application())
        config = uvicorn.Config(
            app, log_level="warning", lifespan="off", timeout_graceful_shutdown=1
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.socket]}, daemon=True
        )

    def start(self) -> None:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.socket.close()


@pytest.fixture(scope="session")
def asgi_server(django_db_setup):
    if not settings.REDIS_URL:
        pytest.skip("needs REDIS_URL (bin/test sets it): the page listens on Redis pub/sub")
    # Connections opened by the server's threads close after each request, so none is
    # left holding the test database when it is dropped.
    db = connections["default"].settings_dict
    previous, db["CONN_MAX_AGE"] = db["CONN_MAX_AGE"], 0
    server = AsgiServer()
    server.start()
    yield server
    server.stop()
    db["CONN_MAX_AGE"] = previous


@pytest.fixture
def phone(browser):
    """A phone-sized browser tab, standing in Glasgow with location sharing allowed."""
    context = browser.new_context(
        viewport=PHONE, geolocation=GLASGOW_GEO, permissions=["geolocation"], locale="en-GB"
    )
    page = context.new_page()
    page.set_default_timeout(5000)
    yield page
    context.close()


def screenshot(page, name: str) -> Path:
    """docs/screenshots/customer/<name>-<width>.png, the whole page."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}-{page.viewport_size['width']}.png"
    page.screenshot(path=str(path), full_page=True)
    return path

"""Browser tests of the vendor portal: the customer website's browser fixtures (Debian's
headless Chromium driven by Playwright; uvicorn in a thread for ASGI and Server-Sent
Events), reused as they are, and a place for the portal's screenshots."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from tests.website.browser.conftest import (  # noqa: F401 - fixtures, registered by import
    DESKTOP,
    PHONE,
    asgi_server,
    browser,
    no_csp_violations,
    playwright_instance,
)

SCREENSHOTS = Path(settings.BASE_DIR) / "docs" / "screenshots" / "portal"
LONDON = "Europe/London"


@pytest.fixture
def new_page(browser):  # noqa: F811 - the fixture imported above
    """new_page(viewport) -> a tab of that size, in English, on London time."""
    contexts = []

    def open_page(viewport=PHONE):
        context = browser.new_context(viewport=viewport, locale="en-GB", timezone_id=LONDON)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(5000)
        return page

    yield open_page
    for context in contexts:
        context.close()


def screenshot(page, name: str) -> Path:
    """docs/screenshots/portal/<name>-<width>.png, the whole page."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}-{page.viewport_size['width']}.png"
    page.evaluate("window.scrollTo(0, 0)")  # sticky parts sit where they would on arrival
    page.mouse.move(0, 0)  # and nothing is hovered
    page.screenshot(path=str(path), full_page=True)
    return path


def sign_in(page, base_url: str, user, next_path: str = "/portal/") -> None:
    from tests.factories import PASSWORD

    page.goto(f"{base_url}/portal/login/?next={next_path}")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

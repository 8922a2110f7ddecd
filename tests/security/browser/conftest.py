"""Browser tests of the Content Security Policy: the customer website's browser fixtures
(Debian's headless Chromium driven by Playwright; uvicorn in a thread), reused as they
are, with their check that the browser reported no CSP violation."""

from tests.website.browser.conftest import (  # noqa: F401 - fixtures, registered by import
    asgi_server,
    browser,
    no_csp_violations,
    playwright_instance,
)

"""The pages the customer and vendor journeys never open, in a real browser under the
site's Content Security Policy: the API docs (Swagger UI) and the admin. Chromium
reports whatever the policy blocks in the console; the `no_csp_violations` fixture fails
the test on any such report (the journeys in tests/website and tests/portal get the same
check)."""

import pytest
from playwright.sync_api import expect

from accounts.models import User
from tests.factories import PASSWORD, IntentFactory, SubscriptionFactory, UserFactory
from tests.website.browser.conftest import CSP_REPORTS, DESKTOP

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def tab(browser):
    context = browser.new_context(viewport=DESKTOP, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(5000)
    yield page
    context.close()


def test_the_browser_reports_what_the_policy_blocks(tab):
    """The check the other browser tests rely on: an inline script under a policy that
    forbids it is reported."""
    tab.route(
        "http://beckon.test/",
        lambda route: route.fulfill(
            status=200,
            headers={"Content-Type": "text/html", "Content-Security-Policy": "script-src 'self'"},
            body="<p>Hello</p><script>document.title = 'ran'</script>",
        ),
    )

    tab.goto("http://beckon.test/")

    expect(tab.get_by_text("Hello")).to_be_visible()
    assert tab.title() != "ran"
    assert any("Content Security Policy" in report for report in CSP_REPORTS)
    CSP_REPORTS.clear()  # expected here: not a failure of this test


def test_the_api_docs_run_under_the_policy(tab, asgi_server):
    tab.goto(asgi_server.url + "/api/docs/")

    expect(tab.get_by_role("heading", name="Beckon API")).to_be_visible()
    expect(tab.get_by_text("/api/v1/intents/").first).to_be_visible()


def test_the_admin_runs_under_the_policy(tab, asgi_server):
    operator = UserFactory(role=User.Role.OPERATOR, is_staff=True, is_superuser=True)
    intent = IntentFactory()
    subscription = SubscriptionFactory()

    tab.goto(asgi_server.url + "/admin/")
    tab.locator("#id_username").fill(operator.email)
    tab.locator("#id_password").fill(PASSWORD)
    tab.get_by_role("button", name="Log in").click()
    expect(tab.get_by_role("heading", name="Site administration")).to_be_visible()

    for path in (
        "/admin/intents/intent/",
        f"/admin/intents/intent/{intent.pk}/change/",
        f"/admin/intents/intent/{intent.pk}/explain/",
        f"/admin/vendors/subscription/{subscription.pk}/change/",  # two-box pickers (JS)
        "/admin/accounts/user/add/",
    ):
        response = tab.goto(asgi_server.url + path)
        assert response.ok, path
        tab.wait_for_load_state("load")

    # The two-box category picker is built by the admin's JavaScript.
    tab.goto(asgi_server.url + f"/admin/vendors/subscription/{subscription.pk}/change/")
    expect(tab.locator("#id_categories_from")).to_be_visible()

from functools import partial

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import override_settings
from rest_framework.test import APIClient

from config.celery import app as celery_app
from intents.catalogue import load_catalogues
from tests.factories import UserFactory, VendorFactory

STATIC_BACKEND = "django.contrib.staticfiles.storage.StaticFilesStorage"
FAST_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"


@pytest.fixture(autouse=True, scope="session")
def _test_settings():
    """Tests run with DEBUG off, where the hashed-manifest storage wants collectstatic;
    and a deliberately slow password hash would cost half a second per user."""
    plain = {**settings.STORAGES, "staticfiles": {"BACKEND": STATIC_BACKEND}}
    with override_settings(STORAGES=plain, PASSWORD_HASHERS=[FAST_HASHER]):
        yield


@pytest.fixture(autouse=True)
def _in_process_tasks():
    """Tasks run in-process unless a test starts a real worker (see test_celery_worker)."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttle counters must not leak from one test into the next."""
    cache.clear()


@pytest.fixture(autouse=True)
def _catalogues(request):
    """Migrations seed categories and terms; a transactional test's flush wipes them, so
    such tests load them again."""
    marker = request.node.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
        request.getfixturevalue("transactional_db")
        load_catalogues()


@pytest.fixture
def after_commit(django_capture_on_commit_callbacks):
    """`with after_commit(): ...` runs the on_commit callbacks (matching) queued inside
    the block when it ends, as a real commit would, so the test can look at the result."""
    return partial(django_capture_on_commit_callbacks, execute=True)


def client_for(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def anon():
    return APIClient()


@pytest.fixture
def customer():
    return UserFactory()


@pytest.fixture
def customer_api(customer):
    return client_for(customer)


@pytest.fixture
def vendor():
    return VendorFactory()


@pytest.fixture
def vendor_api(vendor):
    return client_for(vendor.owner)

import pytest


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Factories hash a password per user; the domain tests never log in, so a cheap
    hasher keeps the folder fast."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed(): ...` runs what the block queued for after commit (matching)
    as the block ends, as if its transaction had committed."""
    return lambda: django_capture_on_commit_callbacks(execute=True)

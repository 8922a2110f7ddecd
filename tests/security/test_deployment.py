"""Production settings: `manage.py check --deploy` is clean with the environment
docs/deployment.md lists, the secret key comes from nowhere but that environment, and
gunicorn's configuration (config/gunicorn.py) loads and closes streams on a restart.

Each case starts Django in a process of its own, with an environment built from scratch:
the settings module reads the environment once, at import, and the test run's own
(bin/test: plain HTTP, no HSTS) must not leak into what production would get."""

import os
import secrets
import subprocess
import sys

from django.conf import settings
from gunicorn.config import Config
from gunicorn.glogging import Logger

from config.gunicorn import StreamingUvicornWorker

PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "DEBUG": "false",
    "ALLOWED_HOSTS": "beckon.example",
    "CSRF_TRUSTED_ORIGINS": "https://beckon.example",
    "DATABASE_URL": "postgres://beckon@db.internal:5432/beckon",  # never connected to
    "REDIS_URL": "redis://redis.internal:6379/0",
}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    """manage.py `args` with only PATH, HOME and `env` in its environment."""
    base = {name: os.environ[name] for name in ("PATH", "HOME") if name in os.environ}
    return subprocess.run(  # noqa: S603 - our interpreter, our arguments
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_deploy_check_is_clean_with_production_settings():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        **PRODUCTION,
        SECRET_KEY=secrets.token_urlsafe(50),
    )

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_the_deploy_check_fails_when_a_protection_is_switched_off():
    """The check above could pass for the wrong reason (say, the deploy checks never
    ran); switching one protection off must make it fail."""
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        **PRODUCTION,
        SECRET_KEY=secrets.token_urlsafe(50),
        SECURE_COOKIES="false",
    )

    assert result.returncode != 0
    assert "security.W012" in result.stderr  # SESSION_COOKIE_SECURE


def test_without_debug_a_missing_secret_key_stops_start_up():
    result = manage("check", **PRODUCTION)

    assert result.returncode != 0
    assert 'Environment variable "SECRET_KEY" not set' in result.stderr


def test_without_debug_an_empty_secret_key_stops_start_up():
    result = manage("check", **PRODUCTION, SECRET_KEY="")

    assert result.returncode != 0
    assert 'Environment variable "SECRET_KEY" invalid' in result.stderr


def test_gunicorn_accepts_its_configuration_and_the_application():
    base = {name: os.environ[name] for name in ("PATH", "HOME") if name in os.environ}
    result = subprocess.run(  # noqa: S603 - our gunicorn, our arguments
        [
            os.path.join(os.path.dirname(sys.executable), "gunicorn"),
            "--check-config",
            "-c",
            "config/gunicorn.py",
            "config.asgi:application",
        ],
        cwd=settings.BASE_DIR,
        env={**base, **PRODUCTION, "SECRET_KEY": secrets.token_urlsafe(50)},
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr


def test_a_restart_closes_open_streams_after_the_graceful_timeout():
    """uvicorn on its own waits for every response to end, and an event stream ends
    only when its page closes: a reload would never finish."""
    config = Config()
    config.set("graceful_timeout", 7)

    worker = StreamingUvicornWorker(0, os.getpid(), [], None, 30, config, Logger(config))

    assert worker.config.timeout_graceful_shutdown == 7

"""Beckon settings, read top to bottom.

Every value that differs between machines comes from the environment, parsed strictly
(`DEBUG=maybe` stops start-up instead of meaning False). With no environment at all,
Beckon runs embedded: SQLite, Celery tasks in-process, local-memory cache, DEBUG on.
Setting DATABASE_URL and REDIS_URL switches to the real stack. The README lists every
name.
"""

from datetime import timedelta
from pathlib import Path

from csp.constants import NONCE, NONE, SELF
from environs import Env, validate

BASE_DIR = Path(__file__).resolve().parent.parent

env = Env()
env.read_env(BASE_DIR / ".env", recurse=False)

# --- Mode -----------------------------------------------------------------------------
DATABASE_URL = env.str("DATABASE_URL", default="")
REDIS_URL = env.str("REDIS_URL", default="")
EMBEDDED = not DATABASE_URL

# The embedded default is a development setup, so it debugs unless told otherwise;
# anything pointed at a real database is production-like unless DEBUG says so.
DEBUG = env.bool("DEBUG", default=EMBEDDED)

if DEBUG:
    SECRET_KEY = env.str("SECRET_KEY", default="embedded-development-key-not-for-production")
else:
    # Only ever from the environment: a missing or empty key stops start-up.
    SECRET_KEY = env.str("SECRET_KEY", validate=validate.Length(min=1))

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# --- Applications ---------------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI served from here: no CDN is reachable
    "django_htmx",  # ships htmx itself as a static file: no CDN is reachable
    "csp",  # the Content-Security-Policy header (see Security below)
    "accounts",
    "intents",
    "vendors",
    "matching",
    "offers",
    "demo",
    "website",
    "portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "website.context.customer",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
DATABASES = {
    "default": env.dj_db_url(
        "DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env.int("DB_CONN_MAX_AGE", default=60),
        conn_health_checks=True,
    )
}
if EMBEDDED:
    # In-process tasks write while the request holds the database; wait instead of
    # failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {"timeout": 20}
if DATABASES["default"]["ENGINE"].endswith("postgresql") and env.bool(
    "DB_PREPARED_STATEMENTS", default=True
):
    # Django turns psycopg's prepared statements off (prepare_threshold None) for the sake
    # of transaction-mode poolers, and that also ignores matching's own requests to
    # prepare its hot statements (matching/sql.py). Back on: only those are prepared,
    # since Django's cursor binds on the client and never prepares. Set
    # DB_PREPARED_STATEMENTS=false behind PgBouncer in transaction mode before 1.21.
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = 5

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# The customer website's sign-in; the vendor portal will have its own entry page.
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "intent-list"
LOGOUT_REDIRECT_URL = "home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Cache ----------------------------------------------------------------------------
if REDIS_URL:
    CACHES = {
        "default": {
            # Throttle counters and the like: a Redis that is down makes them miss (logged)
            # rather than fail the request (core/cache.py); the timeouts bound a hung one.
            "BACKEND": "core.cache.FailOpenRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="beckon"),
            "OPTIONS": {"socket_timeout": 1, "socket_connect_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Internationalisation -------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Security -------------------------------------------------------------------------
# Outside DEBUG the site is HTTPS-only by default: secure cookies, a redirect from HTTP,
# HSTS for a year on every subdomain (preload-ready). Each can be switched off for a
# plain-HTTP setup such as the test suite (bin/test) or a local demo. docs/deployment.md.
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# The proxy in front terminates TLS and says so in this header; it must set it itself,
# never pass on a client's.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
X_FRAME_OPTIONS = "DENY"

# Content Security Policy (django-csp): everything from this origin only, no inline
# script anywhere, no eval (htmx runs with allowEval off, see the base templates). The
# API docs page adds `data:` images for Swagger UI's icons (config/urls.py); its three
# inline style rules carry a per-request nonce, the only inline code on the site.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],  # htmx requests and the Server-Sent Events streams
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "report-uri": env.str("CSP_REPORT_URI", default="") or None,
    }
}

# --- REST API -------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "core.api.Pagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["core.api.WriteThrottle"],
    # Per-address rates (sign-in, sign-up) key on the socket address, unless this many
    # proxies of ours stand in front and append to X-Forwarded-For. Left unset, DRF would
    # key on the whole header, which a client writes itself: a new budget per request.
    "NUM_PROXIES": env.int("NUM_PROXIES", default=0),
    "DEFAULT_THROTTLE_RATES": {
        "auth": env.str("THROTTLE_AUTH", default="20/min"),
        "intents": env.str("THROTTLE_INTENTS", default="30/hour"),
        "offers": env.str("THROTTLE_OFFERS", default="60/min"),
        "parse": env.str("THROTTLE_PARSE", default="120/min"),
        "writes": env.str("THROTTLE_WRITES", default="120/min"),
    },
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Beckon API",
    "DESCRIPTION": "Intent-casting marketplace: intents, leads, offers.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "IntentStatusEnum": "intents.models.Intent.Status",
        "LeadStatusEnum": "matching.models.Lead.Status",
        "OfferStatusEnum": "offers.models.Offer.Status",
        "UserRoleEnum": "accounts.models.User.Role",
        "MembershipRoleEnum": "vendors.models.Membership.Role",
    },
}

# --- Celery ---------------------------------------------------------------------------
# Without REDIS_URL every task runs in-process, right after the transaction commits.
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_TIME_LIMIT = 60
CELERY_TASK_SOFT_TIME_LIMIT = 50
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {"matching.tasks.*": {"queue": "matching"}}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Reliability: PostgreSQL, not Redis, remembers what matching is owed (matching/pending.py),
# so these are chosen for latency and for bounded waits; the reasons and the figures are
# in docs/reliability.md.
CELERY_WORKER_PREFETCH_MULTIPLIER = env.int("CELERY_PREFETCH", default=4)
# Acknowledged after running. This only brings Redis a redelivery (after visibility_timeout)
# when REDIS_ACK_EMULATION below is on.
CELERY_TASK_ACKS_LATE = env.bool("CELERY_ACKS_LATE", default=True)
CELERY_TASK_REJECT_ON_WORKER_LOST = False  # a task that kills its process is not re-run at once
# A web request that queues a task waits ~0.3 s on a Redis that is down, ~2 s on a hung one.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
REDIS_TRANSPORT_OPTIONS = {
    # Longer than any message stays unacknowledged (a retry's countdown, at most 60 s,
    # plus the 60 s time limit), so nothing alive is delivered twice.
    "visibility_timeout": 300,
    "socket_timeout": 2,  # without it a publish to a hung Redis waits forever
    "socket_connect_timeout": 2,
}
# kombu's Redis transport emulates acknowledgements with two more Redis round trips per
# message (the message copied into an "unacked" hash, and deleted again). Off by default:
# measured, it cost a sixth of the matching throughput (docs/performance.md), and what it
# recovers after a worker is killed, PostgreSQL recovers already (PendingMatch rows for
# matching, beat's schedule for the periodic tasks); an offer e-mail lost with a killed
# worker is a notice, the offer itself is on the site (docs/reliability.md).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    **REDIS_TRANSPORT_OPTIONS,
    "ack_emulation": env.bool("REDIS_ACK_EMULATION", default=False),
}
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = REDIS_TRANSPORT_OPTIONS  # should results ever be kept
# A worker waits out a Redis outage of any length instead of exiting after 100 tries.
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
# Celery's Django fixup otherwise closes the database connection before and after every
# task: measured, reconnecting cost more than matching an intent (docs/performance.md).
# With this set it closes them once every CELERY_DB_REUSE_MAX tasks instead.
CELERY_DB_REUSE_MAX = env.int("CELERY_DB_REUSE_MAX", default=500)
# Matching still owed (matching/pending.py) is queued again MATCH_RETRY_AFTER after it was
# asked for, then after twice as long each time, up to MATCH_RETRY_MAX; beat looks every
# MATCH_SWEEP. A lost message therefore costs at most about RETRY_AFTER + SWEEP of delay.
MATCH_SWEEP = timedelta(seconds=env.int("MATCH_SWEEP_SECONDS", default=5))
MATCH_RETRY_AFTER = timedelta(seconds=env.int("MATCH_RETRY_AFTER_SECONDS", default=10))
MATCH_RETRY_MAX = timedelta(seconds=300)
CELERY_BEAT_SCHEDULE = {
    "expire-due-intents-and-offers": {
        "task": "intents.tasks.expire_due",
        "schedule": timedelta(seconds=env.int("EXPIRY_SWEEP_SECONDS", default=60)),
    },
    "purge-personal-data-past-retention": {
        "task": "intents.tasks.purge_past_retention",
        "schedule": timedelta(hours=1),
    },
    "fan-out-intents-short-of-offers": {
        "task": "matching.tasks.fan_out_due",
        "schedule": timedelta(seconds=env.int("FANOUT_SWEEP_SECONDS", default=60)),
    },
    "requeue-matching-still-owed": {
        "task": "matching.tasks.requeue_owed",
        "schedule": MATCH_SWEEP,
        # A sweep no worker took within its interval is dropped: the next one does its work.
        "options": {"expires": MATCH_SWEEP.total_seconds()},
    },
}

# --- Beckon ---------------------------------------------------------------------------
# Where links in e-mails point (verification, new offers).
SITE_URL = env.str("SITE_URL", default="http://localhost:8000")
# Intents from accounts whose e-mail is not confirmed are held, not routed, so nobody can
# post in someone else's name. On for the real stack; off on the embedded default so the
# one-command demo flows without a mailbox.
REQUIRE_VERIFIED_EMAIL = env.bool("REQUIRE_VERIFIED_EMAIL", default=not EMBEDDED)
EMAIL_VERIFICATION_MAX_AGE = timedelta(days=env.int("EMAIL_VERIFICATION_DAYS", default=7))
# Retention: free text and exact points of intents closed longer than this are deleted;
# the customer's contact is withheld this long after close on `delete-within-30-days`.
RETENTION_DAYS = env.int("RETENTION_DAYS", default=90)
CONTACT_RETENTION_DAYS = 30
# How long an intent with no stated time stays open, and the longest it may ever stay
# open collecting offers (a window far ahead still stops taking offers after this).
INTENT_DEFAULT_WINDOW = timedelta(hours=env.int("INTENT_DEFAULT_WINDOW_HOURS", default=24))
INTENT_MAX_OPEN = timedelta(days=env.int("INTENT_MAX_OPEN_DAYS", default=7))
INTENT_DEFAULT_RADIUS_KM = env.float("INTENT_DEFAULT_RADIUS_KM", default=10.0)
# Leads created per intent = max_offers x this factor.
LEADS_PER_OFFER_WANTED = env.int("LEADS_PER_OFFER_WANTED", default=2)
# Vendors whose distances fall in the same band count as equally near: among them the
# one with fewer leads today ranks first, which spreads leads fairly.
MATCH_DISTANCE_BAND_KM = env.float("MATCH_DISTANCE_BAND_KM", default=1.0)
# An intent with fewer live offers than it asked for this long after matching is
# offered to the next-ranked vendors (progressive fan-out).
FANOUT_AFTER = timedelta(minutes=env.int("FANOUT_AFTER_MINUTES", default=10))

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Beckon <hello@beckon.localhost>")
# A mail server that hangs holds a worker thread this long at most (Django's default is to
# wait forever), and the worker that matches shares its threads with e-mail tasks.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

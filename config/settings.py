"""Beckon settings, read top to bottom.

Every value that differs between machines comes from the environment, parsed strictly
(`DEBUG=maybe` stops start-up instead of meaning False). With no environment at all,
Beckon runs embedded: SQLite, Celery tasks in-process, local-memory cache, DEBUG on.
Setting DATABASE_URL and REDIS_URL switches to the real stack. The README lists every
name.
"""

from datetime import timedelta
from pathlib import Path

from environs import Env

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
    SECRET_KEY = env.str("SECRET_KEY")  # no default: a missing key stops start-up

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
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="beckon"),
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
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = False
X_FRAME_OPTIONS = "DENY"

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
CELERY_WORKER_PREFETCH_MULTIPLIER = env.int("CELERY_PREFETCH", default=4)
CELERY_TASK_ACKS_LATE = env.bool("CELERY_ACKS_LATE", default=False)
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {"matching.tasks.*": {"queue": "matching"}}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Celery's Django fixup otherwise closes the database connection before and after every
# task: measured, reconnecting cost more than matching an intent (docs/performance.md).
# With this set it closes them once every CELERY_DB_REUSE_MAX tasks instead.
CELERY_DB_REUSE_MAX = env.int("CELERY_DB_REUSE_MAX", default=500)
CELERY_BEAT_SCHEDULE = {
    "expire-due-intents-and-offers": {
        "task": "intents.tasks.expire_due",
        "schedule": timedelta(seconds=env.int("EXPIRY_SWEEP_SECONDS", default=60)),
    },
    "fan-out-intents-short-of-offers": {
        "task": "matching.tasks.fan_out_due",
        "schedule": timedelta(seconds=env.int("FANOUT_SWEEP_SECONDS", default=60)),
    },
}

# --- Beckon ---------------------------------------------------------------------------
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

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

"""Settings come from the environment; defaults give the embedded SQLite profile."""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
import sys
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import dj_database_url
from dotenv import load_dotenv

BASE_DIR = Path(__file__).resolve().parent.parent
load_dotenv(BASE_DIR / ".env")  # the real environment wins over the file


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = _env_bool("DEBUG", True)
VAR_DIR = BASE_DIR / "var"
# `tradelane serve` (the local demo) runs with DEBUG off, like a real site: no technical error
# pages. Its keys, unless the environment gives them, are made once and kept under var/ (never
# committed), so it starts without anyone typing a secret. Production sets neither.
LOCAL_DEMO = _env_bool("TRADELANE_LOCAL_DEMO", False)


def _local_secret(name: str, make: Callable[[], str]) -> str:
    path = VAR_DIR / name
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(make())
    return path.read_text().strip()


_DEV_SECRET_KEY = "dev-only-insecure-key-change-me"
# The default key is only for the embedded demo profile; production refuses to start without one.
SECRET_KEY = os.environ.get("SECRET_KEY") or (
    _local_secret("local-secret-key", lambda: secrets.token_urlsafe(50))
    if LOCAL_DEMO
    else _DEV_SECRET_KEY
)
if not DEBUG and SECRET_KEY == _DEV_SECRET_KEY:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("Set SECRET_KEY when DEBUG is off.")
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",
    "django_htmx",
    "axes",
    "tradelane.core",
    "tradelane.markets",
    "tradelane.accounts",
    "tradelane.merchants",
    "tradelane.outbox",
    "tradelane.catalog",
    "tradelane.inventory",
    "tradelane.campaigns",
    "tradelane.logistics",
    "tradelane.orders",
    "tradelane.payments",
    "tradelane.customs",
    "tradelane.clearance",
    "tradelane.fulfilment",
    "tradelane.ops",
    "tradelane.tools",
    "tradelane.tools.demo",
    "tradelane.analytics",
    "tradelane.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "tradelane.core.ratelimit.ClientAddressMiddleware",  # the client's address, for limits
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "tradelane.core.middleware.RefuseNulMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a locked-out sign-in into its 429
]

ROOT_URLCONF = "tradelane.urls"
WSGI_APPLICATION = "tradelane.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tradelane.web.context.site",
            ],
        },
    },
]

SQLITE_PATH = Path(os.environ.get("SQLITE_PATH", BASE_DIR / "var" / "tradelane.sqlite3"))
DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{SQLITE_PATH}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
# A kept connection is checked before reuse, so a restarted PostgreSQL costs one retry, not errors.
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DB_CONN_MAX_AGE", "60"))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed during a write; IMMEDIATE takes the write lock at BEGIN so two
    # writers queue on the busy timeout instead of failing with "database is locked" mid-way.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL;"
            "PRAGMA synchronous=NORMAL;"
            "PRAGMA busy_timeout=20000;"
            "PRAGMA foreign_keys=ON;"
            "PRAGMA cache_size=-64000;"
        ),
    }
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("SQLITE_TEST_PATH") or None}

# PostgreSQL only (defined everywhere, so code and tests can read them on any database):
# a statement waiting for a row or table lock gives up after DB_LOCK_TIMEOUT_MS ("canceling
# statement due to lock timeout", SQLSTATE 55P03) and any statement after
# DB_STATEMENT_TIMEOUT_MS (57014): a stuck transaction fails the requests and job steps behind
# it with a clear error instead of hanging them. A session idle inside a transaction for
# DB_IDLE_IN_TRANSACTION_TIMEOUT_MS is ended, so its row locks cannot stop others for good.
# 0 turns any of them off. `manage.py migrate` may rewrite large tables, so it has no statement
# timeout unless one is set explicitly (`ops.setup.platform_prepare` lifts it for the migrate it
# runs itself); it keeps the lock timeout, so it never queues every query behind its table lock.
_migrating = sys.argv[1:2] == ["migrate"]
DB_LOCK_TIMEOUT_MS = int(os.environ.get("DB_LOCK_TIMEOUT_MS", "5000"))
DB_STATEMENT_TIMEOUT_MS = int(
    os.environ.get("DB_STATEMENT_TIMEOUT_MS", "0" if _migrating else "30000")
)
DB_IDLE_IN_TRANSACTION_TIMEOUT_MS = int(
    os.environ.get("DB_IDLE_IN_TRANSACTION_TIMEOUT_MS", "60000")
)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    _pg_options = DATABASES["default"].setdefault("OPTIONS", {})
    _pg_options["options"] = " ".join(
        part
        for part in (
            _pg_options.get("options", ""),
            f"-c lock_timeout={DB_LOCK_TIMEOUT_MS}",
            f"-c statement_timeout={DB_STATEMENT_TIMEOUT_MS}",
            f"-c idle_in_transaction_session_timeout={DB_IDLE_IN_TRANSACTION_TIMEOUT_MS}",
        )
        if part
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The largest request body read into memory: 1 MiB holds the biggest legitimate one (2,000
# temperature readings, a product with four 5,000-character texts) several times over. Over it,
# the API answers 413 in its error shape (core.middleware).
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024

# Argon2 first, as Django recommends: memory-hard, so a stolen hash costs a GPU more to guess,
# and a sign-in checks it in ~0.13 s here where PBKDF2's 1M iterations took 0.33 s. Hashes made
# with PBKDF2 (the demo data and accounts before this) still verify and are re-hashed with
# Argon2 at their next sign-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sign-in lockout (django-axes): every sign-in (web, admin, POST /api/v1/auth/token) goes
# through Django's authenticate with the request, so one count per account covers them all.
# By account only, not by address: behind the proxy every client has the proxy's address.
AUTHENTICATION_BACKENDS = [
    "tradelane.accounts.lockout.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes.W006 asks for the address too; here the count is per account whatever the address or
# browser, so rotating them does not help an attacker, and the proxy's address would lock all.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_USERNAME_CALLABLE = "tradelane.accounts.lockout.attempted_username"
AXES_LOCKOUT_CALLABLE = "tradelane.accounts.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # the lockout ends when it said it would
AXES_VERBOSE = False
# No row per successful sign-in (its session hash would open a session for every API sign-in);
# User.last_login says when, and failures are kept as AccessAttempt rows for the admin.
AXES_DISABLE_ACCESS_LOG = True
# Per client address (tradelane.core.ratelimit.client_ip), on top of the per-account lockout:
# wrong passwords from one address over any accounts (password spraying) in the same window,
# and consumer sign-ups from one address per hour (sign-up is free, so limits per account alone
# could be dodged with new accounts).
LOGIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("LOGIN_ADDRESS_FAILURE_LIMIT", "50"))
SIGNUP_ADDRESS_LIMIT = int(os.environ.get("SIGNUP_ADDRESS_LIMIT", "20"))
# How many proxies in front of the app append to X-Forwarded-For (0: clients connect directly,
# the header is ignored). The client's address is the entry that many from the right.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "tradelane" / "locale"]
LOGIN_URL = "/account/login/"
FORMAT_MODULE_PATH = ["tradelane.web.formats"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Uploaded product pictures: the app serves them itself in the embedded profile (DEBUG or the
# local demo); production puts them behind its proxy or object storage (SERVE_MEDIA=false).
SERVE_MEDIA = _env_bool("SERVE_MEDIA", DEBUG or LOCAL_DEMO)
STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "var" / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns on every request without it
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Payout bank files (ABA, IB4B): kept for the operator to download and the bank to re-read.
    "bankfiles": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": os.environ.get("BANK_FILES_ROOT", str(BASE_DIR / "var" / "bankfiles"))
        },
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Time, process and logger on every line: several worker processes share one stream.
    "formatters": {
        "production": {"format": "%(asctime)s %(levelname)s [%(process)d] %(name)s: %(message)s"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            **({} if DEBUG else {"formatter": "production"}),
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Refusals (4xx) are in the access log; a warning per refusal floods production logs
        # (a flash sale answers thousands of 409 sold_out in seconds).
        "django.request": {"level": "WARNING" if DEBUG else "ERROR"},
    },
}

# Business configuration that changes without a code change.
TRADELANE = {
    "CHECKOUT_QUOTE_TTL_SECONDS": int(os.environ.get("CHECKOUT_QUOTE_TTL_SECONDS", "900")),
    "ORDER_PAYMENT_TTL_SECONDS": int(os.environ.get("ORDER_PAYMENT_TTL_SECONDS", "1800")),
    "FX_QUOTE_TTL_SECONDS": int(os.environ.get("FX_QUOTE_TTL_SECONDS", "900")),
    "FX_SPREAD_BPS": int(os.environ.get("FX_SPREAD_BPS", "50")),
    "AUTH_TOKEN_TTL_DAYS": int(os.environ.get("AUTH_TOKEN_TTL_DAYS", "30")),
    "COMMISSION_BPS": int(os.environ.get("COMMISSION_BPS", "500")),
    "INSTORE_FEE_BPS": int(os.environ.get("INSTORE_FEE_BPS", "150")),
    "PAYOUT_FEE_MINOR": int(os.environ.get("PAYOUT_FEE_MINOR", "50")),
}

WEBHOOK_RETRY_BASE_SECONDS = int(os.environ.get("WEBHOOK_RETRY_BASE_SECONDS", "30"))
WEBHOOK_MAX_ATTEMPTS = int(os.environ.get("WEBHOOK_MAX_ATTEMPTS", "16"))
WEBHOOK_TIMEOUT_SECONDS = int(os.environ.get("WEBHOOK_TIMEOUT_SECONDS", "10"))
# Production relay: a delivery's task is claimed for this long (then presumed lost and queued
# again), and at most this many deliveries have a task on the queue at once.
WEBHOOK_QUEUE_LEASE_SECONDS = int(os.environ.get("WEBHOOK_QUEUE_LEASE_SECONDS", "300"))
WEBHOOK_QUEUE_MAX_IN_FLIGHT = int(os.environ.get("WEBHOOK_QUEUE_MAX_IN_FLIGHT", "500"))
# Plain http:// and private addresses are for local development and the demo only.
# The local demo (DEBUG off) still delivers to `tradelane webhook-listen` on 127.0.0.1, as the
# README tour does; production keeps the refusal.
WEBHOOK_ALLOW_INSECURE_URLS = _env_bool("WEBHOOK_ALLOW_INSECURE_URLS", DEBUG or LOCAL_DEMO)

# Keys for personal data and webhook secrets at rest (Fernet; the first key encrypts, all decrypt,
# so keys rotate by putting a new one first). The demo profile derives one from SECRET_KEY.
ENCRYPTION_KEYS = [k for k in os.environ.get("ENCRYPTION_KEYS", "").split(",") if k]
if not ENCRYPTION_KEYS and LOCAL_DEMO:
    # a key of its own, then (to read back a database seeded before the local demo had one)
    # the key the DEBUG profile derives from the development SECRET_KEY
    _derived = hashlib.sha256(f"tradelane-at-rest:{_DEV_SECRET_KEY}".encode()).digest()
    ENCRYPTION_KEYS = [
        _local_secret(
            "local-encryption-key", lambda: base64.urlsafe_b64encode(os.urandom(32)).decode()
        ),
        base64.urlsafe_b64encode(_derived).decode(),
    ]
if not ENCRYPTION_KEYS and not DEBUG:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("Set ENCRYPTION_KEYS when DEBUG is off.")

# Background work: empty runs it in-process (a thread of `tradelane serve`); a broker URL
# (redis://... or amqp://...) hands it to `tradelane worker` processes through Celery.
PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:8000")  # label QR codes
TASK_QUEUE_URL = os.environ.get("TASK_QUEUE_URL", "")
CELERY_BROKER_URL = TASK_QUEUE_URL or "memory://"
CELERY_TASK_ACKS_LATE = True  # a worker that dies mid-task leaves it for another
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Periodic jobs (expiry, customs, settlement) have their own queue and worker, so a flood of
# webhook deliveries on the default queue cannot starve them.
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_TASK_ROUTES = {"ops.due_jobs": {"queue": "jobs"}}

# A result backend only for the tasks that ask for one (`tradelane queue-ping`); RabbitMQ
# answers over its own channel (rpc://), Redis stores the answer beside the queue.
CELERY_RESULT_BACKEND = (
    os.environ.get("TASK_RESULT_URL")
    or (TASK_QUEUE_URL if TASK_QUEUE_URL.startswith(("redis://", "rediss://")) else "")
    or ("rpc://" if TASK_QUEUE_URL.startswith(("amqp://", "amqps://")) else None)
)
CELERY_RESULT_EXPIRES = 3600

# Shared cache for the web workers (CACHE_URL=redis://…/5); without it each process has its own.
CACHE_URL = os.environ.get("CACHE_URL", "")
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "tradelane"),
        }
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
# Attempt counters (tradelane.core.ratelimit) must be one count for every web worker: the shared
# cache, or else the task queue's Redis; only the embedded profile (one process) counts in memory.
_RATELIMIT_REDIS = CACHE_URL or (
    TASK_QUEUE_URL if TASK_QUEUE_URL.startswith(("redis://", "rediss://")) else ""
)
CACHES["ratelimit"] = (
    {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": _RATELIMIT_REDIS,
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "tradelane") + ":rl",
    }
    if _RATELIMIT_REDIS
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ratelimit"}
)

# Production: TLS ends at the proxy in front, which says so in X-Forwarded-Proto; cookies travel
# only over HTTPS and browsers are told to stay on HTTPS.
# The local demo is plain HTTP on 127.0.0.1: secure-only cookies would never come back to it.
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", not LOCAL_DEMO)
    CSRF_COOKIE_SECURE = _env_bool("CSRF_COOKIE_SECURE", not LOCAL_DEMO)
    SECURE_SSL_REDIRECT = _env_bool("SECURE_SSL_REDIRECT", False)  # usually the proxy's job
    SECURE_HSTS_SECONDS = int(
        os.environ.get("SECURE_HSTS_SECONDS", "0" if LOCAL_DEMO else "31536000")
    )
    SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"

"""Settings, read from the environment.

Each variable goes through a small helper that fails loudly, naming the variable, when its value is malformed
(the healthchecks way), so a bad deployment stops at start-up rather than misbehaving later.
"""

import os
from pathlib import Path

import dj_database_url
import dj_email_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false, 1/0, yes/no, on/off), not {raw!r}")


def env_int(name, default):
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None


def env_list(name, default=()):
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [part.strip() for part in raw.split(",") if part.strip()]


DEBUG = env_bool("DEBUG", False)

# Serving requires a key: wsgi.py and asgi.py refuse to load without one when DEBUG is off (see
# minutes/checks.py), and so does `check --deploy`. Commands that sign nothing (makemigrations, migrate,
# collectstatic) still run; anything that would sign with it stops on Django's own "must not be empty" error.
SECRET_KEY = env_str("SECRET_KEY") or ("dev-only-insecure-key-do-not-use-in-production" if DEBUG else "")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django_filters",
    "simple_history",
    "axes",
    "django_tasks_db",
    "panels",
    "minutes",
    "minutes.alerts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "minutes.uploads.RefuseOversizedRequests",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous GETs read from the read replica when one is configured (DATABASE_REPLICA_URL).
    "minutes.replicas.PublicReadsMiddleware",
    # Anonymous readers' cached meeting and item pages are answered here, before sessions, auth and the rest.
    "minutes.page_cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Records who made each change in the record's history (the corrections shown on approved minutes).
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

# Admin login throttling (django-axes): after AXES_FAILURE_LIMIT failed logins for one username from one address,
# that pair is locked out for AXES_COOLOFF_HOURS. Counted in the database, so every app server sees the same count.
# `manage.py axes_reset` lifts a lockout. Logins made without a request (scripts, tests) are not counted.
AUTHENTICATION_BACKENDS = [
    "minutes.throttling.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_HOURS", 1)
# Per username and address, and per address alone with its own, higher limit (minutes.throttling.AddressLimitHandler).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_ADDRESS_FAILURE_LIMIT = env_int("AXES_ADDRESS_FAILURE_LIMIT", 20)
AXES_HANDLER = "minutes.throttling.AddressLimitHandler"
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "minutes.throttling.client_ip"

ROOT_URLCONF = "minutes.urls"

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
                "minutes.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "minutes.wsgi.application"

_default_sqlite = f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"
# Connections persist for a minute; the health check at the start of each request replaces one the server closed
# (a restart, a failover, pg_terminate_backend) instead of failing the request on it.
try:
    DATABASES = {
        "default": dj_database_url.parse(
            env_str("DATABASE_URL") or _default_sqlite, conn_max_age=60, conn_health_checks=True
        )
    }
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a database URL: {exc}") from None
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    (BASE_DIR / "var").mkdir(exist_ok=True)
# An optional PostgreSQL read replica: anonymous readers' GET requests read from it, everything else uses the primary
# (minutes/replicas.py). In tests it mirrors the primary.
if env_str("DATABASE_REPLICA_URL"):
    try:
        DATABASES["replica"] = dj_database_url.parse(
            env_str("DATABASE_REPLICA_URL"), conn_max_age=60, conn_health_checks=True
        )
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_REPLICA_URL is not a database URL: {exc}") from None
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["minutes.replicas.ReplicaRouter"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env_str("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT") or BASE_DIR / "var" / "staticfiles")
# Uploaded documents are never served from MEDIA_URL (no route exists for it): they go out through
# minutes.documents.download, which applies the public rule first.
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or BASE_DIR / "var" / "media")
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 25 * 1024 * 1024)
# A request declaring a larger body is refused before it is read (minutes.uploads.RefuseOversizedRequests): one
# document at the limit plus the form around it.
REQUEST_MAX_BYTES = env_int("REQUEST_MAX_BYTES", UPLOAD_MAX_BYTES + 5 * 1024 * 1024)
# Uploads bigger than this go to a temporary file rather than memory while they are checked.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Corrections to approved minutes carry a reason, which may be longer than simple-history's default 100 characters.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Uploaded documents in S3-compatible object storage (django-storages) instead of MEDIA_ROOT, so that every app server
# reads the same files: MEDIA_BUCKET names the bucket; MEDIA_S3_ENDPOINT_URL for a non-AWS store (MinIO, Ceph, …),
# MEDIA_S3_REGION; credentials from the usual AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or the instance's role. The
# objects stay private: they are read by the download view, which applies the public rule, never linked directly.
MEDIA_BUCKET = env_str("MEDIA_BUCKET")
if MEDIA_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_BUCKET,
            "endpoint_url": env_str("MEDIA_S3_ENDPOINT_URL") or None,
            "region_name": env_str("MEDIA_S3_REGION") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# dumpdata / loaddata (and so backup_archive / restore_archive) keep datetimes to the microsecond.
SERIALIZATION_MODULES = {"json": "minutes.exact_json"}

# Printed minutes and rendered pages are cached by a key that changes whenever the meeting changes, so a plain
# local-memory cache is correct for one process; set CACHE_URL=redis://… to share it between app servers. Redis
# failing degrades the site to uncached pages (minutes/cache_backend.py), it does not take it down: the timeouts bound
# what an unreachable server costs a request.
CACHE_URL = env_str("CACHE_URL")
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "minutes.cache_backend.ResilientRedisCache",
            "LOCATION": CACHE_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "minutes"}}

# How long a rendered public page stays cached. Its key changes with every edit, so this only bounds memory use.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 3600)

# Background work (printed minutes, alerts) runs in Django's tasks framework. The database backend keeps the queue in
# PostgreSQL; `manage.py db_worker` processes it (any number of them, on any machine that reaches the database).
# TASKS_IMMEDIATE=1 runs each task inside the request that enqueued it instead, for a demo with no worker.
if env_bool("TASKS_IMMEDIATE", False):
    TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# A failed task is tried again after TASK_RETRY_SECONDS, then twice as long, and so on, TASK_ATTEMPTS times in all.
TASK_ATTEMPTS = env_int("TASK_ATTEMPTS", 4)
TASK_RETRY_SECONDS = env_int("TASK_RETRY_SECONDS", 60)

# Mail (alerts). EMAIL_URL names the server: smtp://user:password@host:587/?tls=True, smtps://…, or console:
# (the mail is printed; the default with DEBUG). Without EMAIL_URL and DEBUG: SMTP on localhost:25.
try:
    _email = dj_email_url.parse(env_str("EMAIL_URL") or ("console:" if DEBUG else "smtp://localhost:25"))
    if "EMAIL_BACKEND" not in _email:
        raise ValueError("use smtp://, smtps://, submission://, console: or another scheme dj-email-url knows")
except (ValueError, KeyError) as exc:
    raise ImproperlyConfigured(f"EMAIL_URL is not a mail server URL: {exc}") from None
# Django 6.1's MAILERS (the EMAIL_* settings are deprecated).
MAILERS = {"default": {"BACKEND": _email["EMAIL_BACKEND"]}}
if _email["EMAIL_BACKEND"].endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": _email["EMAIL_HOST"] or "localhost",
        "port": _email["EMAIL_PORT"] or 25,
        "username": _email["EMAIL_HOST_USER"] or "",
        "password": _email["EMAIL_HOST_PASSWORD"] or "",
        "use_tls": _email["EMAIL_USE_TLS"],
        "use_ssl": _email["EMAIL_USE_SSL"],
        "timeout": env_int("EMAIL_TIMEOUT", 30),
    }
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "alerts@localhost")
# Links in mail are absolute: the site's public address, e.g. https://minutes.example.gov.uk
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000" if DEBUG else "").rstrip("/")
# Sign-ups to alerts allowed per address and per client address in an hour (counted in the cache).
ALERT_SIGNUPS_PER_ADDRESS = env_int("ALERT_SIGNUPS_PER_ADDRESS", 10)
ALERT_SIGNUPS_PER_IP = env_int("ALERT_SIGNUPS_PER_IP", 30)

# The body that hosts the panels, printed on the minutes' cover when a panel does not name its own.
SITE_NAME = env_str("SITE_NAME", "Minutes archive")

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if env_bool("BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
    # Mail that could not be delivered, alerts sent and tasks retried are logged here.
    "loggers": {"minutes.alerts": {"level": env_str("ALERTS_LOG_LEVEL", "INFO")}},
}

# No inline script or style anywhere: the public pages and the printed minutes take their CSS from static files.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

# The admin's address: configurable so it need not sit at a guessable URL.
ADMIN_URL = env_str("ADMIN_URL", "admin/")
if not ADMIN_URL.endswith("/") or ADMIN_URL.startswith("/"):
    raise ImproperlyConfigured(
        f"ADMIN_URL must look like 'admin/' (no leading slash, a trailing one), not {ADMIN_URL!r}"
    )

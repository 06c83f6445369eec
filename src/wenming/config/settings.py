"""Settings for every environment, read from environment variables (see `.env.example`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from wenming.config.env import (
    env_bool,
    env_int,
    env_list,
    env_str,
    generate_field_key,
    generate_secret_key,
    persistent_secret,
)

PACKAGE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = Path(env_str("WENMING_HOME", str(PACKAGE_DIR.parent.parent)))
VAR_DIR = Path(env_str("WENMING_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY") or persistent_secret(VAR_DIR, "secret_key", generate_secret_key)
WENMING_FIELD_KEY = env_str("WENMING_FIELD_KEY") or persistent_secret(
    VAR_DIR, "field_key", generate_field_key
)
WENMING_FIELD_KEYS_OLD = env_list("WENMING_FIELD_KEYS_OLD")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    # Only for its vendored Swagger UI files: the API docs page then needs no CDN and no
    # inline script (Content-Security-Policy).
    "ninja",
    "django_filters",
    "huey.contrib.djhuey",
    "wenming.core",
    "wenming.accounts",
    "wenming.organizations",
    "wenming.notifications",
    "wenming.places",
    "wenming.standards",
    "wenming.tasks",
    "wenming.inspections",
    "wenming.workorders",
    "wenming.volunteers",
    "wenming.assessments",
    "wenming.dashboards",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "wenming.core.middleware.RequestIdMiddleware",
    "wenming.core.headers.SecurityHeadersMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # An API call with a valid bearer token leaves here for WENMING_TOKEN_API_MIDDLEWARE and
    # its view: no session, CSRF, messages or htmx work (everything above still applies).
    "wenming.accounts.middleware.TokenApiMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Chinese unless the person chose otherwise; never the browser's Accept-Language.
    "wenming.core.language.ChineseFirstLocaleMiddleware",
    "wenming.accounts.middleware.IdleTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # The token's owner becomes the user before the jurisdiction scope opens.
    "wenming.accounts.middleware.BearerTokenMiddleware",
    "wenming.core.middleware.JurisdictionMiddleware",
]

#: The middleware of an API call a bearer token authenticated (accounts.TokenApiMiddleware).
WENMING_TOKEN_API_MIDDLEWARE = [
    "wenming.core.language.ChineseFirstLocaleMiddleware",  # Accept-Language on the API
    "wenming.core.middleware.JurisdictionMiddleware",
]

ROOT_URLCONF = "wenming.config.urls"
WSGI_APPLICATION = "wenming.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wenming.core.context_processors.shell",
            ],
        },
    },
]

# Database: SQLite is the embedded default, PostgreSQL production.
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'wenming.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL)}
_database = DATABASES["default"]
if _database["ENGINE"] == "django.db.backends.sqlite3":
    _database["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("SQLITE_BUSY_TIMEOUT", 20),
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000; PRAGMA cache_size=-64000;"
        ),
    }
    _database["TEST"] = {
        # A file, not memory: race tests need several connections to see one database.
        "NAME": str(VAR_DIR / f"test{env_str('WENMING_TEST_SUFFIX')}.sqlite3"),
    }
else:
    _database["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 600)
    _database["CONN_HEALTH_CHECKS"] = True
    _database["TEST"] = {"NAME": f"test_wenming{env_str('WENMING_TEST_SUFFIX')}"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
CACHES: dict[str, dict[str, Any]]
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "wenming",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Throttle counts (core/throttle.py) in a store every worker shares, apart from the default cache:
# Redis in production, a database table (created by a core migration) embedded.
if REDIS_URL:
    CACHES["throttle"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "wenming-throttle",
    }
else:
    CACHES["throttle"] = {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "wenming_throttle_cache",
        # Never cull: an attacker must not be able to flush counts by filling the table.
        "OPTIONS": {"MAX_ENTRIES": 10_000_000, "CULL_FREQUENCY": 0},
    }

# Version stamps every worker must see at once (core/versions.py: a revoked token, a changed
# grant): the same shared store as the throttle counts, under a prefix of their own.
CACHES["shared"] = {**CACHES["throttle"], "KEY_PREFIX": "wenming-shared"}

# Reverse proxies in front of the server (core/client.py): how many, or which addresses.
WENMING_TRUSTED_PROXY_COUNT = env_int("WENMING_TRUSTED_PROXY_COUNT", 0)
WENMING_TRUSTED_PROXIES = env_list("WENMING_TRUSTED_PROXIES")

# Audit trail retention (core/retention.py): days kept before the monthly purge; at least 180.
WENMING_AUDIT_RETENTION_DAYS = env_int("WENMING_AUDIT_RETENTION_DAYS", 365)

# Background jobs (ADR 0003): SqliteHuey needs no server; RedisHuey runs workers anywhere.
HUEY_IMMEDIATE = env_bool("HUEY_IMMEDIATE", False)
if REDIS_URL:
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": env_str("HUEY_NAME", "wenming"),
        "url": REDIS_URL,
        "immediate": HUEY_IMMEDIATE,
        "consumer": {"workers": env_int("WORKER_THREADS", 4), "worker_type": "thread"},
    }
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "wenming",
        "filename": str(VAR_DIR / f"jobs{env_str('WENMING_TEST_SUFFIX')}.sqlite3"),
        "immediate": HUEY_IMMEDIATE,
        "consumer": {"workers": env_int("WORKER_THREADS", 2), "worker_type": "thread"},
    }

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["wenming.accounts.backends.UsernameOrPhoneBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboards:home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "wenming.accounts.validators.CharacterClassValidator"},
]
# Login throttles (accounts/throttling.py, ADR 0015): failed attempts per client address over all
# accounts in 15 minutes, and per account over all addresses in an hour (browsers that logged in
# to the account before are exempt from the latter). No account is ever locked.
WENMING_LOGIN_ADDRESS_LIMIT = env_int("WENMING_LOGIN_ADDRESS_LIMIT", 30)
WENMING_LOGIN_ACCOUNT_LIMIT = env_int("WENMING_LOGIN_ACCOUNT_LIMIT", 100)
WENMING_LOGIN_SECOND_STEP_MINUTES = env_int("WENMING_LOGIN_SECOND_STEP_MINUTES", 5)
WENMING_KNOWN_DEVICE_DAYS = env_int("WENMING_KNOWN_DEVICE_DAYS", 180)
WENMING_PASSWORD_RESET_HOURS = env_int("WENMING_PASSWORD_RESET_HOURS", 24)
WENMING_API_TOKEN_DAYS = env_int("WENMING_API_TOKEN_DAYS", 90)
WENMING_IDLE_TIMEOUT_MINUTES = env_int("WENMING_IDLE_TIMEOUT_MINUTES", 30)
WENMING_REQUIRE_TOTP_FOR_ADMINS = env_bool("WENMING_REQUIRE_TOTP_FOR_ADMINS", False)

SESSION_COOKIE_AGE = 60 * 60 * 12
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
HTTPS = env_bool("HTTPS", False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Chinese first (zh-hans), English available.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "wenming_language"
# The choice is remembered for a year (Django's default is the browser session).
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "/static/"
# The theme, the vendored front-end packages and wenming.css live beside the apps.
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Static files: "hashed" (compressed, cache-busting names; `wenming serve` collects them so),
# "plain" (served from the apps as they are: tests, development), or "auto": hashed once
# `collectstatic` has written its manifest, plain before.
WENMING_STATIC_MODE = env_str("WENMING_STATIC_MODE", "auto")
_MANIFEST_READY = WENMING_STATIC_MODE == "hashed" or (
    WENMING_STATIC_MODE == "auto" and (STATIC_ROOT / "staticfiles.json").exists()
)
WHITENOISE_USE_FINDERS = DEBUG or not _MANIFEST_READY
# Two storages (ADR 0017): "default" is private (every file; served only through the
# permission-checked view of `wenming.core.files`), "public" holds only public derivatives (a
# resident's EXIF-stripped photo and its thumbnail) under MEDIA_ROOT/public/ at /media/public/.
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "public": {"BACKEND": "wenming.core.files.PublicFileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "wenming.core.staticfiles.VendorTolerantStorage"
            if _MANIFEST_READY and not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# S3-compatible object storage in production (django-storages), configured by environment.
if env_str("S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("S3_BUCKET"),
            "endpoint_url": env_str("S3_ENDPOINT_URL") or None,
            "access_key": env_str("S3_ACCESS_KEY_ID"),
            "secret_key": env_str("S3_SECRET_ACCESS_KEY"),
            "region_name": env_str("S3_REGION") or None,
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
    # Public derivatives: the same bucket under public/, readable without a signature (the
    # bucket policy allows anonymous GET on public/* only; see docs/operations.md).
    STORAGES["public"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **STORAGES["default"]["OPTIONS"],
            "location": "public",
            "querystring_auth": False,
            "custom_domain": env_str("S3_PUBLIC_DOMAIN") or None,
        },
    }
# Public derivatives (/media/public/) are served by the application when no object storage or
# proxy serves them. Private files are never served from /media/.
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)
# How a permission-checked private file is sent: "" (streamed by the application),
# "x-accel-redirect" (nginx serves WENMING_FILE_ACCEL_PREFIX + name from an internal location)
# or "x-sendfile" (Apache mod_xsendfile, lighttpd). With object storage: a signed URL that
# lives WENMING_FILE_URL_SECONDS.
WENMING_FILE_SERVING = env_str("WENMING_FILE_SERVING", "")
if WENMING_FILE_SERVING not in ("", "x-accel-redirect", "x-sendfile"):
    raise ImproperlyConfigured("WENMING_FILE_SERVING must be empty, x-accel-redirect or x-sendfile")
WENMING_FILE_ACCEL_PREFIX = env_str("WENMING_FILE_ACCEL_PREFIX", "/protected-media/")
WENMING_FILE_URL_SECONDS = env_int("WENMING_FILE_URL_SECONDS", 300)
#: Import uploads and their error workbooks are deleted after this many hours if nobody
#: committed or cancelled the import.
WENMING_IMPORT_FILE_HOURS = env_int("WENMING_IMPORT_FILE_HOURS", 24)
WENMING_UPLOAD_MAX_BYTES = env_int("WENMING_UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = WENMING_UPLOAD_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

WENMING_NOTIFICATION_BACKENDS = env_list(
    "WENMING_NOTIFICATION_BACKENDS", ["wenming.notifications.backends.LogBackend"]
)
# Map tiles: none unless configured (maps then draw a plain background and make no request
# outside the site); 天地图 with `WENMING_TIANDITU_KEY`, or any XYZ template in
# `WENMING_MAP_TILE_URL` (`{s}` takes one of `WENMING_MAP_TILE_SUBDOMAINS`).
WENMING_TIANDITU_KEY = env_str("WENMING_TIANDITU_KEY")
TIANDITU_TILE_URL = (
    "https://t{s}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
    "&LAYER=vec&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}"
    "&TILECOL={x}&tk="
)
WENMING_MAP_TILE_URL = env_str("WENMING_MAP_TILE_URL") or (
    TIANDITU_TILE_URL + WENMING_TIANDITU_KEY if WENMING_TIANDITU_KEY else ""
)
WENMING_MAP_TILE_SUBDOMAINS = env_str(
    "WENMING_MAP_TILE_SUBDOMAINS", "01234567" if "tianditu" in WENMING_MAP_TILE_URL else "abc"
)
WENMING_MAP_TILE_ATTRIBUTION = env_str(
    "WENMING_MAP_TILE_ATTRIBUTION", "© 天地图" if "tianditu" in WENMING_MAP_TILE_URL else ""
)
# Image sources allowed besides this site and the tile host (Content-Security-Policy img-src),
# comma-separated, e.g. a second tile layer or object storage: "https://*.oss.example.cn".
WENMING_CSP_IMG_SOURCES = env_list("WENMING_CSP_IMG_SOURCES")
WENMING_CLAMAV_SOCKET = env_str("WENMING_CLAMAV_SOCKET")
WENMING_DEFAULT_JURISDICTION = env_str("WENMING_DEFAULT_JURISDICTION")
WENMING_PUBLIC_URL = env_str("WENMING_PUBLIC_URL", "http://127.0.0.1:8000")

SCOPES_DISABLED = False

# django-filter: the empty choice of a filter reads 全部 (All), not "---------".
FILTERS_EMPTY_CHOICE_LABEL = _("All")
FILTERS_NULL_CHOICE_LABEL = _("None")

NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 500

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "wenming.core.logging.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "huey": {"level": "WARNING"},
    },
}

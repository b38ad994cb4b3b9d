"""Settings, read from the environment.

Development is the default and needs no configuration: SQLite next to the code, DEBUG on, a
fixed development key. `DJANGO_ENV=production` switches on the strict mode: DEBUG off, a real
SECRET_KEY required, HTTPS-only cookies, HSTS. `python manage.py check --deploy` is clean there.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


PRODUCTION = os.environ.get("DJANGO_ENV", "development") == "production"

DEVELOPMENT_SECRET_KEY = "django-insecure-development-only-never-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", "" if PRODUCTION else DEVELOPMENT_SECRET_KEY)
if PRODUCTION and (len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure")):
    raise ImproperlyConfigured(
        "DJANGO_ENV=production needs SECRET_KEY: a random value of at least 50 characters "
        "(python -c 'import secrets; print(secrets.token_urlsafe(50))')."
    )

DEBUG = env_bool("DEBUG", not PRODUCTION)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "simple_history",
    "pleegzorg.apps.LoginProtectionConfig",  # django-axes, named in Dutch
    "core",
    "pleegzorg",
    "municipalities",
    "initiatives",
    "actions",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything reads the session or the database: NUL in a request is a 400/404, never a 500.
    "core.middleware.UnstorableTextMiddleware",
    # The database not answering is a Dutch 503 with Retry-After, never a 500.
    "core.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: it answers locked-out logins.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "pleegzorg.urls"
WSGI_APPLICATION = "pleegzorg.wsgi.application"

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
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A transaction takes SQLite's write lock when it begins, so concurrent writers queue up
    # instead of failing halfway ("database is locked") or judging stale data.
    DATABASES["default"].setdefault("OPTIONS", {}).update(transaction_mode="IMMEDIATE", timeout=20)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AXES_VERBOSE = False

# django-axes first: it refuses logins after repeated failures before Django checks the password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "lockout.html"
# Login throttling keys on the client address: REMOTE_ADDR, or, with BEHIND_PROXY (exactly one trusted
# reverse proxy in front), the address that proxy appended to X-Forwarded-For. See core/client_ip.py.
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
AXES_CLIENT_IP_CALLABLE = "core.client_ip.client_ip_address"

# No inline scripts anywhere, nothing from other hosts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Uploads are bounded: the annex import refuses files over 10 MB before reading them.
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch"))]
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_vendor"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Where readers send feedback on the site (accessibility statement, privacy): empty until the operator sets it.
CONTACT_EMAIL = os.environ.get("CONTACT_EMAIL", "")
# The licence of the open datasets, as a URI (e.g. https://creativecommons.org/licenses/by/4.0/): the
# operator's decision. Without it the open-data page and the catalogue claim no licence.
OPEN_DATA_LICENSE = os.environ.get("OPEN_DATA_LICENSE", "")

# Open reference data (boundaries, code lists) is read at run time from this folder, never
# copied into the repository. A deployment points it at freshly downloaded official files.
PLEEGZORG_DATA_DIR = Path(os.environ.get("PLEEGZORG_DATA_DIR", BASE_DIR.parent / "shared" / "data")).resolve()

# An uploaded annex waits here between the import preview and its confirmation, at most
# IMPORT_UPLOAD_TTL. The folder must be private to the application's user (created 0700).
IMPORT_UPLOAD_DIR = Path(os.environ.get("IMPORT_UPLOAD_DIR", BASE_DIR / "var" / "imports"))
IMPORT_UPLOAD_TTL = datetime.timedelta(hours=1)

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    SECURE_REFERRER_POLICY = "same-origin"
    if env_bool("BEHIND_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # /healthz is probed over plain HTTP by load balancers and process managers.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# The cache: Redis shared by every app server when CACHE_URL is set (redis://host:6379/0, rediss://,
# unix:///path.sock), else LocMem, one per process. Django's built-in Redis backend (redis-py), in a
# subclass that turns an unavailable Redis into a miss and a logged warning (core/cache_backends.py).
CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL and not CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured("CACHE_URL must be a Redis URL: redis://host:6379/0, rediss://... or unix://...")


def redis_caches(url):
    """The CACHES setting for the Redis server at `url` (the tests use it too)."""
    return {
        "default": {
            "BACKEND": "core.cache_backends.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "pleegzorg",
            # A Redis that hangs costs a request at most this per call, then the page renders uncached.
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        }
    }


if CACHE_URL:
    CACHES = redis_caches(CACHE_URL)
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pleegzorg"}}

# Anonymous readers share one render of a public page until the public data changes (core/caching.py);
# this is the most seconds a page is kept (0 = off). A shared cache sees every change at once, so its
# bound is a mere safety net; LocMem's per-process caches do not see each other's, so there it is short.
PUBLIC_CACHE_SECONDS = int(
    os.environ.get("PUBLIC_CACHE_SECONDS", ("3600" if CACHE_URL else "60") if PRODUCTION else "0")
)
# A write to a table of these apps' models (with their history) starts a new generation of the public pages.
PUBLIC_DATA_APPS = ["municipalities", "initiatives", "actions"]


def _git_head():
    """The commit checked out in BASE_DIR ("" outside a git checkout): the default release."""
    try:
        head = (BASE_DIR / ".git" / "HEAD").read_text().strip()
        if head.startswith("ref: "):
            return (BASE_DIR / ".git" / head[5:]).read_text().strip()
        return head
    except OSError:
        return ""


# What is deployed: part of every public cache key, so that new code, templates or settings are never
# served a page an older release rendered into a shared cache (set it in the deployment, e.g. the commit).
RELEASE = os.environ.get("RELEASE") or _git_head()

# The audit trail records who changed what; it is read-only, never a way to change data.
SIMPLE_HISTORY_REVERT_DISABLED = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# Outside production, whitenoise serves straight from the app folders (no collectstatic needed).
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION

"""The one settings module of the greatjobs web app, driven by environment variables.

* ``GREATJOBS_HOME``: where the warehouse, the app database (SQLite by default) and uploads live.
* ``DATABASE_URL``: the app database instead (e.g. ``postgres://user@host:5432/greatjobs``).
* ``GREATJOBS_SECRET_KEY``: required in production (at least 50 characters).
* ``GREATJOBS_DEBUG=1``: Django's debug mode (never in production).
* ``GREATJOBS_ALLOWED_HOSTS``: comma-separated host names [default: 127.0.0.1,localhost].
* ``GREATJOBS_PRODUCTION=1``: secure settings (HTTPS only, HSTS, secure cookies, hashed static
  files) and a strong secret key is required, so ``greatjobs web manage check --deploy`` passes.
  Behind a TLS-terminating proxy, the proxy must set ``X-Forwarded-Proto: https``.
* ``GREATJOBS_BEHIND_TLS_PROXY_WITHOUT_REDIRECT=1``: in production, leave redirecting plain HTTP to
  HTTPS to the proxy in front of the app.
* ``GREATJOBS_BEHIND_PROXY``: how many reverse proxies in front of the app each append the address
  they were connected from to ``X-Forwarded-For`` (usually 1) [default: 0, the header is ignored].
  Sign-in throttling counts failures per user name *and* client address, so behind a proxy this
  must be set, or every client shares the proxy's address. Never set it when the app can be
  reached directly: the header would then be whatever the client says.
* ``GREATJOBS_STATIC_ROOT``: where ``collectstatic`` puts static files [default: HOME/static].
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from greatjobs.home import Home
from greatjobs.web.areas import discover as discover_areas


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


def _count(name: str) -> int:
    value = os.environ.get(name, "").strip() or "0"
    if not value.isdigit():
        raise ImproperlyConfigured(f"{name} must be a whole number (of proxies), not {value!r}.")
    return int(value)


def _list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


WEB_DIR = Path(__file__).resolve().parent
GREATJOBS_HOME = Home.from_environ(os.environ)
PRODUCTION = _flag("GREATJOBS_PRODUCTION")
DEBUG = _flag("GREATJOBS_DEBUG") and not PRODUCTION

_DEV_SECRET_KEY = "django-insecure-greatjobs-development-only-never-use-in-production"  # noqa: S105
SECRET_KEY = os.environ.get("GREATJOBS_SECRET_KEY", "").strip() or _DEV_SECRET_KEY
if PRODUCTION and (
    SECRET_KEY == _DEV_SECRET_KEY
    or len(SECRET_KEY) < 50
    or len(set(SECRET_KEY)) < 5
    or SECRET_KEY.startswith("django-insecure-")
):
    raise ImproperlyConfigured(
        "GREATJOBS_PRODUCTION=1 needs GREATJOBS_SECRET_KEY set to a random string of at least "
        "50 characters, e.g. python -c 'import secrets; print(secrets.token_urlsafe(64))'."
    )

ALLOWED_HOSTS = _list("GREATJOBS_ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "auditlog",
    "axes",
    "csp",
    "govuk_frontend_django",
    "greatjobs.web.core",
    "greatjobs.web.accounts",
    *(module for module, _ in discover_areas()),
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the others, so every page they answer with (413, 429, 403 ...) carries the policy.
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before CsrfViewMiddleware, whose process_view reads the body (request.POST).
    "greatjobs.web.core.middleware.RequestSizeLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "greatjobs.web.core.middleware.WarehouseMissingMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "greatjobs.web.urls"
WSGI_APPLICATION = "greatjobs.web.wsgi.application"

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
                "greatjobs.web.core.context_processors.navigation",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{GREATJOBS_HOME.app_database}",
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite serves several workers as one writer and shared readers: write-ahead logging lets
    # readers go on while someone writes, writers queue (up to 20 s) instead of failing, and
    # every transaction takes the write lock at its start, so two cannot deadlock half way.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]
# django-axes first: it refuses a locked-out sign-in before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# GOV.UK Frontend's compiled CSS, JS and assets (``make assets``) live in web/static/vendor/.
STATICFILES_DIRS = [WEB_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("GREATJOBS_STATIC_ROOT", "") or GREATJOBS_HOME.root / "static")
MEDIA_ROOT = GREATJOBS_HOME.uploads
MEDIA_URL = "/uploads/"
# Outside production WhiteNoise serves straight from each app's static folder (no collectstatic).
WHITENOISE_USE_FINDERS = not PRODUCTION
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "greatjobs.web.core.storage.StaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
if PRODUCTION:
    SECURE_SSL_REDIRECT = not _flag("GREATJOBS_BEHIND_TLS_PROXY_WITHOUT_REDIRECT")
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    CSRF_TRUSTED_ORIGINS = [f"https://{host}" for host in ALLOWED_HOSTS if "*" not in host]

AUDITLOG_INCLUDE_ALL_MODELS = False

# Sign-in throttling (django-axes, failures kept in the app database, so no cache is needed).
# Failures are counted per user name *and* client address: five wrong passwords for one account
# from one address pause that pair for 15 minutes. Counting per user name alone would let anyone
# lock the admin out by typing wrong passwords for "admin"; per address alone would lock out a
# whole office behind one NAT address. Each further attempt during the pause starts it again
# (django-axes' default), and signing in successfully clears the count. An administrator can lift
# a lockout in Django's admin ("Access attempts") or with ``greatjobs web manage axes_reset``.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "greatjobs.web.accounts.throttling.locked_out"
AXES_HTTP_RESPONSE_CODE = 429  # the status of the lockout page (Too Many Requests)
# The client address: REMOTE_ADDR, or behind GREATJOBS_BEHIND_PROXY proxies the X-Forwarded-For
# entry the outermost of them added (entries to its left are whatever the client sent).
GREATJOBS_BEHIND_PROXY = _count("GREATJOBS_BEHIND_PROXY")
AXES_CLIENT_IP_CALLABLE = "greatjobs.web.accounts.throttling.client_ip"

# Sessions end 8 hours after signing in (a working day) and when the browser is closed. Activity
# does not extend them (no SESSION_SAVE_EVERY_REQUEST): a stolen session cookie is good for one
# working day at most, and pages do not write to the database on every request.
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_SAMESITE = "Lax"
# No script reads the CSRF cookie (forms carry the token in a hidden field).
CSRF_COOKIE_HTTPONLY = True

# Content-Security-Policy (django-csp): scripts, styles, fonts and images only from this site, no
# inline script or style (GOV.UK Frontend is started by greatjobs/govuk-init.js; charts use SVG
# presentation attributes, not style attributes), no plugins, and no framing by other sites.
# Downloads of uploaded files carry their own stricter policy (core.uploads.download_response).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Request bodies: core.middleware.RequestSizeLimitMiddleware refuses one larger than its view allows
# (core.uploads.LARGEST_REQUEST unless the view says more) from its Content-Length, before reading
# it. Under WSGI Django never reads past Content-Length, and the middleware refuses a body sent
# without one (chunked). Fields in the query string count too: a custom place lists its districts
# there (England has about 300); forms have a few dozen fields (the admin's permission picker about
# a hundred) and a spend import sends a few dozen files at most.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 500
DATA_UPLOAD_MAX_NUMBER_FILES = 50

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

SERVICE_NAME = "greatjobs"

"""The one settings module of the greatjobs web app, driven by environment variables.

* ``GREATJOBS_HOME``: where the warehouse, the app database (SQLite by default) and uploads live.
* ``DATABASE_URL``: the app database instead (e.g. ``postgres://user@host:5432/greatjobs``).
* ``GREATJOBS_SECRET_KEY``: required in production (at least 50 characters).
* ``GREATJOBS_DEBUG=1``: Django's debug mode (never in production).
* ``GREATJOBS_ALLOWED_HOSTS``: comma-separated host names [default: 127.0.0.1,localhost].
* ``GREATJOBS_PRODUCTION=1``: secure settings (HTTPS only, HSTS, secure cookies, hashed static
  files) and a strong secret key is required, so ``greatjobs web manage check --deploy`` passes.
  Behind a TLS-terminating proxy, the proxy must set ``X-Forwarded-Proto: https``.
* ``GREATJOBS_STATIC_ROOT``: where ``collectstatic`` puts static files [default: HOME/static].
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from greatjobs.home import Home
from greatjobs.web.areas import discover as discover_areas


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


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
    "govuk_frontend_django",
    "greatjobs.web.core",
    "greatjobs.web.accounts",
    *(module for module, _ in discover_areas()),
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "greatjobs.web.core.middleware.WarehouseMissingMiddleware",
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

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

SERVICE_NAME = "greatjobs"

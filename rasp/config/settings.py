"""RASP settings: one module, everything from the environment.

Development is safe by default (SQLite, console e-mail). Production fails fast: with
``DJANGO_DEBUG`` off (the default), a missing secret key or host list stops start-up instead of
falling back to something unsafe. No setting branches on an environment name; each value is
configurable on its own.
"""

from __future__ import annotations

from pathlib import Path

from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from rasp.config.env import env

BASE_DIR = Path(__file__).resolve().parents[2]

DEBUG = env.bool("DJANGO_DEBUG", default=False)
RASP_DEMO = env.bool("RASP_DEMO", default=False)

if DEBUG:
    # Development only: a fixed key so sessions survive restarts; never used when DEBUG is off.
    SECRET_KEY = env.str(
        "DJANGO_SECRET_KEY", default="insecure-development-key-do-not-use-in-production"
    )
    ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
else:
    SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
    ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set to a random value of 50 characters or more "
            "when DJANGO_DEBUG is off."
        )
    if not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "DJANGO_ALLOWED_HOSTS must list this site's host names (no '*') when DJANGO_DEBUG is off."
        )
    if RASP_DEMO:
        raise ImproperlyConfigured(
            "RASP_DEMO is on but DJANGO_DEBUG is off: demo accounts have published passwords, "
            "so production settings refuse demo mode."
        )

CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "rasp.accounts.admin_apps.RaspAdminConfig",  # Django's admin, signing in through RASP's sign-in
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "rasp.core",
    "rasp.accounts",
    "rasp.audit",
    "rasp.organisations",
    "rasp.frameworks",
    "rasp.assessments",
    "rasp.reports",
    "rasp.partnerships",
    "rasp.delivery",
    "rasp.api",
    "rasp.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A database that is down gives our 503 page, not a traceback (see the module).
    "rasp.core.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Adds request.user.is_verified(): signed in with a second factor in this session.
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # After the header middleware above (so its 413 page gets their headers), before anything
    # reads the body.
    "rasp.core.middleware.RequestSizeLimitMiddleware",
    # Axes goes last so it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "rasp.config.urls"
WSGI_APPLICATION = "rasp.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "rasp" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "rasp.core.jinja2.environment",
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.messages.context_processors.messages",
                "rasp.core.context_processors.service",
            ],
        },
    },
    {
        # Django templates only for the admin.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
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
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("RASP_DB_CONN_MAX_AGE", default=0)
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# A persistent connection broken by a database restart is replaced before use, not reused.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Sessions and cache live in the database, so any number of app processes can share them.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "rasp_cache",
    }
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"
PASSWORD_RESET_TIMEOUT = env.int("RASP_PASSWORD_RESET_TIMEOUT", default=60 * 60 * 2)
RASP_INVITATION_MAX_AGE = env.int("RASP_INVITATION_MAX_AGE", default=60 * 60 * 24 * 14)

SESSION_COOKIE_AGE = env.int("RASP_SESSION_COOKIE_AGE", default=60 * 60 * 8)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "rasp.core.views.csrf_failure"
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool(
    "DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG
)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env.bool("DJANGO_BEHIND_TLS_PROXY", default=False):
    # Only when a reverse proxy that terminates TLS sets this header and strips it from clients.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# No inline script or style runs unless it carries this request's nonce; nothing loads from elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Lockout after repeated failed sign-ins (django-axes), by account and address together, so one
# attacker cannot lock every user out from one address and one account cannot be guessed from many.
AXES_FAILURE_LIMIT = env.int("RASP_LOCKOUT_ATTEMPTS", default=5)
AXES_COOLOFF_TIME = env.int("RASP_LOCKOUT_MINUTES", default=15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "email"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "rasp.accounts.views.locked_out"
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = env.int("RASP_TRUSTED_PROXY_COUNT", default=0)

# Two-factor sign-in (django-otp): authenticator apps show codes under this name. After a wrong
# code, each device waits 1, 2, 4, 8... seconds before it checks another.
OTP_TOTP_ISSUER = "RASP"
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="RASP <rasp@localhost>")
RASP_BASE_URL = env.str("RASP_BASE_URL", default="http://127.0.0.1:8000")

LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", _("English")), ("cy", _("Welsh"))]
LOCALE_PATHS = [BASE_DIR / "rasp" / "locale"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Built by `make assets` from npm packages; never committed.
STATICFILES_DIRS = [BASE_DIR / "static_build"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG

# Request bodies: the largest real one (a page of answers, every box full) is well under 300 KB.
# Bigger bodies get a 413 page before anything reads them. Nothing in RASP takes file uploads.
RASP_MAX_REQUEST_BYTES = env.int("RASP_MAX_REQUEST_BYTES", default=1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = RASP_MAX_REQUEST_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = RASP_MAX_REQUEST_BYTES
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 0

# Requests a minute per API token (0 turns the limit off).
RASP_API_RATE_LIMIT = env.int("RASP_API_RATE_LIMIT", default=600)

# Adds /bench/floor, the benchmark's minimal page (see docs/performance.md). Off in real use.
RASP_BENCH_FLOOR = env.bool("RASP_BENCH_FLOOR", default=False)

RASP_SERVICE_NAME = env.str("RASP_SERVICE_NAME", default="RASP: shared service readiness")
RASP_PHASE = env.str("RASP_PHASE", default="beta")
RASP_FEEDBACK_EMAIL = env.str("RASP_FEEDBACK_EMAIL", default="")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("RASP_LOG_LEVEL", default="INFO")},
    # WeasyPrint logs every step of every PDF at INFO; only its warnings matter here.
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint.progress": {"level": "WARNING"}},
}

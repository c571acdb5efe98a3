"""Settings for the peer: django-survey-and-report in the smallest project that serves it.

Written for the benchmark (see bench/README.md), set up like RASP's own production settings
where they matter to speed: DEBUG off, sessions in the database, the same PostgreSQL server
(its own database), persistent connections, and the same gunicorn settings. Everything comes
from the environment that ``bench/run.py`` sets.
"""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[1]

DEBUG = False
SECRET_KEY = os.environ["PEER_SECRET_KEY"]
ALLOWED_HOSTS = ["127.0.0.1"]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "survey",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "peer_site.urls"
WSGI_APPLICATION = "peer_site.wsgi.application"

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

_host, _port, _name = (
    os.environ["PEER_DB_HOST"],
    os.environ["PEER_DB_PORT"],
    os.environ["PEER_DB_NAME"],
)
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": _name,
        "USER": "rasp",
        "HOST": _host,
        "PORT": _port,
        "CONN_MAX_AGE": 60,
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
SESSION_ENGINE = "django.contrib.sessions.backends.db"
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/survey/"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static"
# The package writes its CSV results to this folder.
CSV_DIRECTORY = os.environ.get("PEER_CSV_DIRECTORY", "/tmp/peer-csv")
USER_DID_NOT_ANSWER = "Left blank"
CHOICES_SEPARATOR = ","
LANGUAGE_CODE = "en"
USE_TZ = True
TIME_ZONE = "Europe/London"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

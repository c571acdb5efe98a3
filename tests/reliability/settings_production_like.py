"""Production settings for the app servers the reliability tests start (DEBUG off, real error
pages), except that static files come from the finders: no collectstatic run is needed."""

from rasp.config.settings import *  # noqa: F403

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

"""Test settings: the real settings with small overrides for speed and isolation."""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_DEBUG", "1")

from rasp.config.settings import *  # noqa: E402,F403

# A fast hasher: argon2 is deliberately slow, and the tests sign in hundreds of times.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

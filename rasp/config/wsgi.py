"""WSGI entry point for gunicorn: ``gunicorn rasp.config.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rasp.config.settings")
application = get_wsgi_application()

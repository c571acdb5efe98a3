"""WSGI entry point for gunicorn: ``gunicorn rasp.config.wsgi``."""

import logging
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rasp.config.settings")
application = get_wsgi_application()


def _warm_up_pdf() -> None:
    """Each worker loads the PDF renderer as it starts rather than on someone's first download.
    A broken PDF install must not stop the app from serving its pages: it is logged, and the
    download itself reports the error."""
    try:
        from rasp.reports.exports.pdf import warm_up

        warm_up()
    except Exception:  # noqa: BLE001 - anything the libraries raise; logged in full
        logging.getLogger("rasp.reports").exception("Could not load the PDF renderer")


_warm_up_pdf()

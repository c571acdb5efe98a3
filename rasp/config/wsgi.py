"""WSGI entry point for gunicorn: ``gunicorn rasp.config.wsgi``."""

import gc
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


def _freeze_long_lived_objects() -> None:
    """Leave the objects that live as long as the worker out of the cyclic garbage collector's
    full collections. Otherwise each full collection walks them all: about 150 ms, once in forty
    results pages, the slowest answers of the results page (issue 9). Objects alive now stay in
    memory for good, so this runs twice only: after loading (Django, the apps, WeasyPrint: over
    100,000 objects) and after the worker's first requests, which fill its caches (the parsed
    question bank, its look-ups, the compiled templates: about 75,000 more)."""
    gc.collect()
    gc.freeze()


FREEZE_AFTER_REQUESTS = 20


def _freeze_after_first_requests() -> None:
    from django.core.signals import request_finished

    served = 0

    def count(**_kwargs: object) -> None:
        nonlocal served
        served += 1
        if served == FREEZE_AFTER_REQUESTS:
            request_finished.disconnect(count)
            _freeze_long_lived_objects()

    request_finished.connect(count, weak=False)


_warm_up_pdf()
_freeze_long_lived_objects()
_freeze_after_first_requests()

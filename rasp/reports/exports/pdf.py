"""The results as a tagged PDF, drawn by WeasyPrint from the print template.

The only module that imports WeasyPrint. Its URL fetcher serves files under the static build
directory (``static_build/``) and refuses everything else: no network, no ``file://`` elsewhere,
no ``data:`` URLs, so nothing a user typed can make the server read or fetch anything. Fonts are
the system's (Liberation, DejaVu) through fontconfig: none is downloaded.

The PDF is PDF/UA-1 (``pdf_variant="pdf/ua-1"``): tagged, with the document's language and title,
its headings (h1 to h3) as the structure tree and the bookmarks.

Speed (issue 7, ``bench/bench_exports.py``): a finished PDF is kept in the cache under a digest
of everything that decides its bytes (the HTML, which carries the print stylesheet; the footer;
the variant; WeasyPrint's version), so downloading the same report again costs only building its
HTML. Python's cyclic garbage collector is paused while WeasyPrint lays out and writes: the
layout allocates hundreds of thousands of short-lived objects, and the collections they trigger
walk the whole heap, a sixth of the time of a long report.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import mimetypes
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

import pydyf
import weasyprint
from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from weasyprint.urls import URLFetcher, URLFetcherResponse

from rasp.reports.exports.common import Report

PDF_VARIANT = "pdf/ua-1"
# WeasyPrint logs every step and page at INFO: dozens of lines per document.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
_INDENT = re.compile(r"[ \t]*\n\s*")


def _page_references(pdf: pydyf.PDF) -> tuple[bytes, ...]:
    """pydyf's ``PDF.page_references``, built once per number of pages.

    pydyf rebuilds the whole tuple on every access, and WeasyPrint's PDF/UA tagging reads it once
    per tagged element: quadratic in the pages (a fifth of the time of a 40-page report). Pages
    are only ever appended, so the tuple for a given number of pages never changes.
    """
    kids = pdf.pages["Kids"]
    cached = pdf.__dict__.get("_rasp_page_references")
    if cached is None or cached[0] != len(kids):
        cached = (len(kids), tuple(f"{number} 0 R".encode("ascii") for number in kids[::3]))
        pdf.__dict__["_rasp_page_references"] = cached
    references: tuple[bytes, ...] = cached[1]
    return references


if isinstance(getattr(pydyf.PDF, "page_references", None), property):
    pydyf.PDF.page_references = property(_page_references)


def static_root() -> Path:
    return (Path(settings.BASE_DIR) / "static_build").resolve()


class StaticOnlyFetcher(URLFetcher):  # type: ignore[misc]
    """Serves ``file://`` URLs of files under ``root``; refuses anything else (ValueError)."""

    def __init__(self, root: Path) -> None:
        super().__init__(allowed_protocols=("file",), allow_redirects=False, fail_on_errors=False)
        self.root = root.resolve()

    def local_path(self, url: str) -> Path | None:
        """The file ``url`` names, if it is one we serve."""
        parts = urlsplit(url)
        if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
            return None
        path = Path(url2pathname(unquote(parts.path))).resolve()
        if not path.is_relative_to(self.root) or not path.is_file():
            return None
        return path

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        path = self.local_path(url)
        if path is None:
            raise ValueError(f"refused to fetch {url[:200]!r}: only our static files are served")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            path.as_uri(), body=path.read_bytes(), headers={"Content-Type": content_type}
        )


def _css_string(text: str) -> str:
    """``text`` as a CSS string literal."""
    escaped = "".join(
        ch if ch.isprintable() and ch not in '"\\' else f"\\{ord(ch):x} " for ch in text
    )
    return f'"{escaped}"'


def page_numbers_css() -> str:
    """The footer, "Page N of M", in the reader's language.

    Only the page number: every margin box is laid out again on every page, and a running title
    beside it cost a twentieth of the time of a long report."""
    before = _css_string(_("Page") + " ")
    middle = _css_string(" " + _("of") + " ")
    return (
        f"@page {{ @bottom-center {{ content: {before} counter(page) {middle} counter(pages); }} }}"
    )


def report_html(report: Report) -> str:
    html = render_to_string(
        "reports/pdf/report.html",
        {"report": report, "lang": translation.get_language() or settings.LANGUAGE_CODE},
    )
    # The template's indentation is a fifth of the text: parsing it costs time for nothing.
    return _INDENT.sub("\n", html)


# How long a finished PDF stays in the cache. The key is a digest of the HTML, so an entry can
# never be served for a report that changed; the timeout only keeps the cache small.
PDF_CACHE_SECONDS = 24 * 60 * 60


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector (not reference counting) for the duration; resume it
    even on error. Nothing in a layout needs collecting before it ends."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def pdf_cache_key(html: str, footer_css: str) -> str:
    digest = hashlib.sha256()
    for part in (PDF_VARIANT, weasyprint.__version__, footer_css, html):
        digest.update(part.encode())
        digest.update(b"\0")
    return f"reports:pdf:v1:{digest.hexdigest()}"


def _lay_out(html: str, footer_css: str) -> bytes:
    root = static_root()
    fetcher = StaticOnlyFetcher(root)
    document = weasyprint.HTML(string=html, base_url=root.as_uri() + "/", url_fetcher=fetcher)
    stylesheet = weasyprint.CSS(string=footer_css, url_fetcher=fetcher)
    with _collector_paused():
        pdf: bytes = document.write_pdf(stylesheets=[stylesheet], pdf_variant=PDF_VARIANT)
    return pdf


def html_to_pdf(html: str) -> bytes:
    """Lay out ``html`` as a PDF/UA-1 document, fetching only our static files; the same HTML
    again is served from the cache."""
    footer_css = page_numbers_css()
    key = pdf_cache_key(html, footer_css)
    pdf = cache.get(key)
    if not isinstance(pdf, bytes):
        pdf = _lay_out(html, footer_css)
        cache.set(key, pdf, PDF_CACHE_SECONDS)
    return pdf


def warm_up() -> None:
    """Load WeasyPrint and its fonts ahead of the first download (called by each app worker as
    it starts, from ``rasp.config.wsgi``): importing WeasyPrint takes about 2 s and 27 MiB, which
    the first person to download a PDF from a fresh worker would otherwise wait for."""
    _lay_out(
        '<!DOCTYPE html><html lang="en"><head><title>Warm up</title></head>'
        "<body><h1>Warm up</h1><p>Text and <strong>bold</strong>.</p></body></html>",
        page_numbers_css(),
    )


def render_pdf(report: Report) -> bytes:
    return html_to_pdf(report_html(report))

"""Fixtures for the browser tests: one headless Chromium per session, a fresh page per test.

- Every test in this folder is marked ``browser`` automatically, so ``-m "not browser"`` skips
  them all.
- The app runs in pytest-django's ``live_server`` (transactional database). Static files come
  from the staticfiles finders, that is from ``static_build/`` (run ``make assets`` first).
- Chromium is Debian's, at ``/usr/bin/chromium`` (or ``RASP_CHROMIUM``). If it is missing the
  browser tests are skipped, unless ``RASP_REQUIRE_BROWSER=1``: then the session stops with an
  error, and the run also fails if no browser test passed at all (all skipped, say).
- test_screenshots.py saves PNGs for a person to look at in ``RASP_SHOTS_DIR`` (default
  ``/tmp/rasp-shots``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

# Playwright's sync API runs an event loop in the main thread, which makes Django's ORM refuse
# to run there ("You cannot call this from an async context") without this.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

import pytest  # noqa: E402
from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402

BROWSER_DIR = Path(__file__).resolve().parent
CHROMIUM = Path(os.environ.get("RASP_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
REQUIRE_BROWSER = os.environ.get("RASP_REQUIRE_BROWSER") == "1"
MISSING_CHROMIUM = (
    f"Chromium is not installed at {CHROMIUM}, so the browser tests cannot run. "
    "Install it with `sudo apt-get install chromium` (Debian/Ubuntu), or point RASP_CHROMIUM "
    "at a Chromium binary."
)
DESKTOP = {"width": 1280, "height": 800}

# How many browser tests were selected to run, and how many passed (for RASP_REQUIRE_BROWSER).
_counts = {"selected": 0, "passed": 0}


def _in_this_folder(item: pytest.Item) -> bool:
    return BROWSER_DIR in Path(str(item.path)).resolve().parents


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # tryfirst: the marker must be there before `-m` deselects by it.
    for item in items:
        if _in_this_folder(item):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(trylast=True)
def pytest_collection_finish(session: pytest.Session) -> None:
    # After `-m`/`-k` deselection: only the browser tests that will really run count.
    selected = [item for item in session.items if item.get_closest_marker("browser")]
    _counts["selected"] = len(selected)
    if not selected or CHROMIUM.exists():
        return
    if REQUIRE_BROWSER:
        pytest.exit(
            f"RASP_REQUIRE_BROWSER=1 but {MISSING_CHROMIUM}",
            returncode=pytest.ExitCode.USAGE_ERROR,
        )
    for item in selected:
        item.add_marker(pytest.mark.skip(reason=MISSING_CHROMIUM))


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when == "call" and report.passed and "browser" in report.keywords:
        _counts["passed"] += 1


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if not REQUIRE_BROWSER:
        return
    selected, passed = _counts["selected"], _counts["passed"]
    if selected and not passed:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        message = (
            f"RASP_REQUIRE_BROWSER=1: {selected} browser test(s) were selected but none passed "
            "(skipped or failed). Is Chromium installed (apt-get install chromium)?"
        )
        if reporter is not None:
            reporter.ensure_newline()
            reporter.write_line(message, red=True, bold=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


# Fixtures ----------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """One headless Chromium for the whole session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def new_context(chromium: Any, live_server: Any) -> Iterator[Callable[..., Any]]:
    """Make fresh browser contexts (cookie jars) pointed at the live server, for a test that needs
    special options (JavaScript off, say); all closed afterwards.

    The test fails if any page in them reports a script error or a console error, such as a
    Content Security Policy violation.
    """
    contexts: list[Any] = []
    problems: list[str] = []

    def make(**options: Any) -> Any:
        context = _context(chromium, live_server, **options)
        context.on("page", lambda page: _watch(page, problems))
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()
    assert not problems, "The browser reported problems:\n" + "\n".join(problems)


def _context(chromium: Any, live_server: Any, **options: Any) -> Any:
    options.setdefault("viewport", DESKTOP)
    options.setdefault("base_url", live_server.url)
    context = chromium.new_context(**options)
    context.set_default_timeout(5_000)
    return context


@pytest.fixture(scope="session")
def _shared_context(chromium: Any, live_server: Any) -> Iterator[Any]:
    # A new context per test would start a new renderer process each time, which costs more
    # than all the checks on a page; the `page` fixture empties this one's cookie jar instead.
    context = _context(chromium, live_server)
    yield context
    context.close()


@pytest.fixture
def page(_shared_context: Any, live_server: Any) -> Iterator[Any]:
    """A page with no cookies, at desktop size. The test fails if the page reports a script
    error or a console error, such as a Content Security Policy violation."""
    pages = _shared_context.pages
    page = pages[0] if pages else _shared_context.new_page()
    _shared_context.clear_cookies()
    page.set_viewport_size(DESKTOP)
    problems: list[str] = []
    listeners = _watch(page, problems)
    try:
        yield page
    finally:
        if not page.is_closed():
            # Leave the app before the database is emptied under it.
            page.goto("about:blank")
            for event, listener in listeners:
                page.remove_listener(event, listener)
    assert not problems, "The browser reported problems:\n" + "\n".join(problems)


def _watch(page: Any, problems: list[str]) -> list[tuple[str, Callable[..., None]]]:
    def on_error(error: Any) -> None:
        problems.append(f"page error on {page.url}: {error}")

    def on_console(message: Any) -> None:
        if message.type != "error":
            return
        url = message.location.get("url", "")
        # An error page's own status (404, 400) is logged as a failed load of the page: expected.
        if message.text.startswith("Failed to load resource") and url == page.url:
            return
        problems.append(f"console error on {page.url}: {message.text} ({url})")

    page.on("pageerror", on_error)
    page.on("console", on_console)
    return [("pageerror", on_error), ("console", on_console)]


@pytest.fixture
def sign_in(live_server: Any) -> Callable[[Any, Any], None]:
    """Sign a user in to a browser context by giving it a real session cookie."""

    def sign_in_(context: Any, user: Any) -> None:
        client = Client()
        client.force_login(user)
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                    "httpOnly": True,
                    "sameSite": "Lax",
                }
            ]
        )

    return sign_in_

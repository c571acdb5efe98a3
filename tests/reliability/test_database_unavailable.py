"""A database that cannot be reached gives our 503 page with Retry-After, not a 500 or a
traceback: the real app under gunicorn, production settings, a SQLite file it cannot open."""

from __future__ import annotations

import tempfile
from pathlib import Path

from tests.reliability.appserver import Gunicorn, get, production_env


def test_an_unreachable_database_gives_the_503_page() -> None:
    missing = Path(tempfile.gettempdir()) / "rasp-no-such-directory" / "db.sqlite3"
    server = Gunicorn(production_env(f"sqlite:///{missing}"), workers=1)
    try:
        for path in ("/framework/", "/framework/questions/SV-01/", "/framework/glossary/"):
            status, headers, body = get(server.base + path)
            assert status == 503, (path, status)
            assert headers["Retry-After"] == "30"
            assert "Sorry, the service is unavailable" in body
            assert "Traceback" not in body and "sqlite" not in body.lower()
        # Pages that need no database (the home page, signing in) still work.
        assert get(server.base + "/")[0] == 200
        assert get(server.base + "/account/sign-in/")[0] == 200
        assert get(server.base + "/healthz")[0] == 503
    finally:
        server.stop()

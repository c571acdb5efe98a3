"""The one place that reads the process environment (12-factor).

Every variable read here is listed in ``.env.example`` and ``docs/configuration.md``; a test
(tests/config/test_configuration_docs.py) fails when one is missing from either.
"""

from __future__ import annotations

from pathlib import Path

import environ

env = environ.Env()

# A `.env` file at the repository root, if there is one, fills in what the real environment does
# not set (the real environment always wins). Handy for a self-hosted install run by hand.
_DOTENV = Path(__file__).resolve().parents[2] / ".env"
if _DOTENV.is_file():
    environ.Env.read_env(_DOTENV, overwrite=False)

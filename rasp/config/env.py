"""The one place that reads the process environment (12-factor).

Every variable read here is listed in ``.env.example`` and ``docs/configuration.md``; a test
(tests/config/test_configuration_docs.py) fails when one is missing from either.
"""

from __future__ import annotations

import environ

env = environ.Env()

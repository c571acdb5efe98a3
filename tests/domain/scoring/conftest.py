from __future__ import annotations

import pytest

from rasp.domain.framework.schema import Framework

from .helpers import small_framework


@pytest.fixture(scope="session")
def framework() -> Framework:
    return small_framework()

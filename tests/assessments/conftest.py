from __future__ import annotations

from pathlib import Path

import pytest

from rasp.frameworks.services import framework_version_load

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def published(db):
    """The real question bank 1.0, loaded and published."""
    return framework_version_load(
        source_text=(ROOT / "frameworks" / "rasp-1.0.yaml").read_text(encoding="utf-8"),
        publish=True,
    )


@pytest.fixture
def published_transactional(transactional_db):
    """As ``published``, for tests whose requests run on other connections."""
    return framework_version_load(
        source_text=(ROOT / "frameworks" / "rasp-1.0.yaml").read_text(encoding="utf-8"),
        publish=True,
    )

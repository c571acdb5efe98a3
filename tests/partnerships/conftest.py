"""Fixtures for the partnership tests."""

from __future__ import annotations

from typing import Any

import pytest

from tests.partnerships.builders import World, build_world
from tests.reports.builders import load_question_bank


@pytest.fixture
def published(db: None) -> Any:
    """The real question bank 1.0, loaded and published."""
    return load_question_bank()


@pytest.fixture
def world(published: Any) -> World:
    """Three partners who have shared their closed readiness assessments; the second sees
    Shared vision lower than the others, so those partnership-wide questions are not agreed."""
    return build_world()

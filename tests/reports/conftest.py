"""Fixtures for the results pages' tests."""

from __future__ import annotations

from typing import Any

import pytest

from tests.reports.builders import load_question_bank


@pytest.fixture
def published(db: None) -> Any:
    """The real question bank 1.0, loaded and published."""
    return load_question_bank()

"""Counts of what the security tests checked, printed at the end of the run."""

from __future__ import annotations

from typing import Any

import pytest

COUNTS: dict[str, int] = {}


@pytest.fixture
def counts() -> dict[str, int]:
    return COUNTS


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if COUNTS:
        terminalreporter.section("security checks counted")
        for name, value in sorted(COUNTS.items()):
            terminalreporter.write_line(f"{name}: {value}")

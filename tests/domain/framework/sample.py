"""The small valid framework used across the framework tests, and broken variants of it."""

from __future__ import annotations

from pathlib import Path

SAMPLE_PATH = Path(__file__).with_name("sample-framework.yaml")


def sample_text() -> str:
    return SAMPLE_PATH.read_text(encoding="utf-8")


def variant(*replacements: tuple[str, str], text: str | None = None) -> str:
    """The sample with each (old, new) replaced once; fails if ``old`` is not in the text.

    Failing loudly keeps a test from passing against an unchanged, valid file.
    """
    result = sample_text() if text is None else text
    for old, new in replacements:
        assert result.count(old) >= 1, f"fixture text not found: {old!r}"
        result = result.replace(old, new, 1)
    return result


def line_of(text: str, needle: str, *, occurrence: int = 1) -> int:
    """The 1-based line of the ``occurrence``-th line containing ``needle``."""
    found = [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    assert len(found) >= occurrence, f"{needle!r} occurs {len(found)} times"
    return found[occurrence - 1]

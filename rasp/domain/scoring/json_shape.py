"""Put a stored score result back into the key order of interfaces.md.

PostgreSQL keeps JSON in ``jsonb``, which sorts keys; SQLite keeps them as written. A result read
back from a snapshot is reordered here, so an export or API answer reads the same on either
database and in the order people were promised.
"""

from __future__ import annotations

from typing import Any

RESULT_KEYS = (
    "organisation",
    "mode",
    "framework_version",
    "verdict",
    "areas",
    "red_flags",
    "unknowns",
    "unanswered",
    "gaps",
)
AREA_KEYS = (
    "id",
    "declared_score",
    "evidence_adjusted_score",
    "band",
    "critical_gaps",
    "unknowns",
)
GAP_KEYS = ("code", "level", "target", "priority", "stage", "advice")


def _ordered(data: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    """``data`` with ``keys`` first, in that order, then any other keys as they come."""
    first = {key: data[key] for key in keys if key in data}
    rest = {key: value for key, value in data.items() if key not in first}
    return first | rest


def in_interface_order(result: dict[str, Any]) -> dict[str, Any]:
    """A score result (the "Score result (JSON)" shape) with its keys in the documented order."""
    ordered = _ordered(result, RESULT_KEYS)
    if isinstance(ordered.get("areas"), list):
        ordered["areas"] = [
            _ordered(area, AREA_KEYS) if isinstance(area, dict) else area
            for area in ordered["areas"]
        ]
    if isinstance(ordered.get("gaps"), list):
        ordered["gaps"] = [
            _ordered(gap, GAP_KEYS) if isinstance(gap, dict) else gap for gap in ordered["gaps"]
        ]
    return ordered

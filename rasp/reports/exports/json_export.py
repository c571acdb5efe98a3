"""The score result as JSON, in the "Score result (JSON)" shape of ``design/interfaces.md``.

A closed assessment gives the result stored in its snapshot at closing (what was decided stays
what is exported); an open one gives the live result. ``docs/schemas/score-result.schema.json``
publishes the shape, and the tests check every export against it.
"""

from __future__ import annotations

import json
from typing import Any

from rasp.assessments.models import Assessment
from rasp.domain.scoring.json_shape import in_interface_order
from rasp.reports.results import Scored, scored


def score_result(assessment: Assessment) -> dict[str, Any]:
    """The result of ``assessment``: the latest snapshot's when closed, else live."""
    result: Scored = scored(assessment)
    if result.snapshot is not None:
        return in_interface_order(result.snapshot.result)
    return result.live.to_json_dict()


def render_json(data: dict[str, Any]) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")

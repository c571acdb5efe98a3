"""Shared builders for the scoring tests: the small framework and compact answers."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from rasp.domain.framework.schema import Evidence, Framework, Mode
from rasp.domain.scoring.answers import Answer

FRAMEWORK_PATH = Path(__file__).with_name("small_framework.yaml")

# The questions asked in readiness mode, and their weights, as in small_framework.yaml.
CORE = ("SV-01", "SV-02", "SV-03", "EC-01", "EC-02", "TR-01", "TR-02", "RM-01", "RM-02",
        "GV-01", "GV-02")  # fmt: skip
CRITICAL = ("SV-01", "TR-02", "GV-01")


@cache
def small_framework() -> Framework:
    """The test framework (validated by the schema only, so loader changes can't break it)."""
    return Framework.model_validate(yaml.safe_load(FRAMEWORK_PATH.read_text(encoding="utf-8")))


def at(level: int, evidence: Evidence | None = Evidence.OPERATING) -> Answer:
    """A level answer; operating evidence by default, so no cap applies."""
    return Answer.at(level, evidence)


def everything_at(
    level: int, mode: Mode = Mode.READINESS, /, **overrides: Answer
) -> dict[str, Answer]:
    """Every question asked in ``mode`` at ``level`` (operating evidence), with overrides.

    Override keys use underscores for dashes: ``SV_01=at(2)``.
    """
    codes = [q.code for q in small_framework().questions_for_mode(mode)]
    answers = {code: at(level) for code in codes}
    answers.update({key.replace("_", "-"): answer for key, answer in overrides.items()})
    return answers

"""Builders for the results pages' tests (also used by the browser tests): real question bank,
real services, answers bulk-created."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from rasp.assessments.models import Answer, Assessment, Respondent
from rasp.assessments.services import assessment_close, assessment_start, respondent_add
from rasp.domain.framework.schema import Mode
from rasp.frameworks.models import FrameworkQuestion
from rasp.frameworks.selectors import framework_of
from rasp.frameworks.services import framework_version_load
from tests.factories import MembershipFactory

ROOT = Path(__file__).resolve().parents[2]
EVIDENCE_FOR = {0: "", 1: "", 2: "draft", 3: "approved", 4: "operating"}


def answer_rows(
    respondent: Respondent, questions: list[FrameworkQuestion], level_of: Callable[[str], int]
) -> list[Answer]:
    rows = []
    for question in questions:
        level = level_of(question.code)
        rows.append(
            Answer(
                respondent=respondent,
                question=question,
                kind="level",
                level=level,
                evidence=EVIDENCE_FOR[level],
            )
        )
    return rows


def build_assessment(
    *,
    respondents: int = 2,
    level: int | Callable[[str, int], int] = 3,
    close: bool = False,
    admin: Any = None,
) -> tuple[Assessment, Any]:
    """An assessment of a new organisation (or ``admin``'s) with ``respondents`` people who each
    answered every readiness question: ``level`` is a fixed level or ``f(code, respondent)``.
    Returns the assessment and the admin's membership."""
    admin = admin or MembershipFactory(role="admin")
    assessment = assessment_start(membership=admin, mode="readiness", title="Shared revenues")
    framework = framework_of(assessment.framework_version)
    codes = {q.code for q in framework.questions_for_mode(Mode.READINESS)}
    asked = [
        q
        for q in FrameworkQuestion.objects.filter(version_id=assessment.framework_version_id)
        if q.code in codes
    ]
    choose = level if callable(level) else (lambda code, who, fixed=level: fixed)
    rows: list[Answer] = []
    for number in range(respondents):
        member = (
            admin
            if number == 0
            else MembershipFactory(organisation=admin.organisation, role="contributor")
        )
        respondent = respondent_add(
            membership=admin, assessment=assessment, user=member.user, role="other"
        )
        rows += answer_rows(respondent, asked, lambda code, n=number: choose(code, n))
    Answer.objects.bulk_create(rows)
    if close:
        assessment_close(membership=admin, assessment=assessment)
        assessment.refresh_from_db()
    return assessment, admin


def results_path(assessment: Assessment) -> str:
    return f"/organisations/{assessment.organisation_id}/assessments/{assessment.pk}/results/"


def explain_path(assessment: Assessment, area: str) -> str:
    return results_path(assessment) + f"explain/{area}/"


def load_question_bank() -> Any:
    """The real question bank 1.0, loaded and published."""
    return framework_version_load(
        source_text=(ROOT / "frameworks" / "rasp-1.0.yaml").read_text(encoding="utf-8"),
        publish=True,
    )

"""Reads about assessments, always scoped through the acting user's membership.

Scoring reads every answer of an assessment in a fixed number of queries, whatever the number of
questions or respondents, and hands plain domain objects to the pure scoring engine.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from rasp.assessments.models import AgreedAnswer, Answer, Assessment, Respondent
from rasp.domain.framework.schema import Evidence, Framework, Mode
from rasp.domain.scoring import answers as domain
from rasp.domain.scoring.respondents import CombinedAnswers, score_respondents
from rasp.domain.scoring.results import OrganisationResult
from rasp.frameworks.selectors import framework_of
from rasp.organisations.models import Membership


def assessment_list(*, membership: Membership) -> QuerySet[Assessment]:
    """The organisation's assessments, newest first."""
    return Assessment.objects.filter(organisation_id=membership.organisation_id).select_related(
        "framework_version"
    )


def assessment_get(*, membership: Membership, assessment_id: int) -> Assessment:
    """One assessment of the actor's organisation; Http404 for any other id."""
    try:
        return assessment_list(membership=membership).get(pk=assessment_id)
    except Assessment.DoesNotExist:
        raise Http404 from None


def assessment_framework(assessment: Assessment) -> Framework:
    return framework_of(assessment.framework_version)


def respondent_of(*, assessment: Assessment, user_id: int) -> Respondent | None:
    return Respondent.objects.filter(assessment=assessment, user_id=user_id).first()


def respondent_list(*, assessment: Assessment) -> QuerySet[Respondent]:
    return Respondent.objects.filter(assessment=assessment).select_related("user")


def answers_of(*, respondent: Respondent) -> dict[str, Answer]:
    """The respondent's answer rows by question code."""
    rows = Answer.objects.filter(respondent=respondent).select_related("question")
    return {row.question.code: row for row in rows}


def to_domain(row: Answer | AgreedAnswer) -> domain.Answer:
    """An answer row as the scoring engine reads it."""
    return domain.Answer(
        kind=domain.AnswerKind(row.kind),
        level=row.level,
        evidence=Evidence(row.evidence) if row.evidence else None,
        reason=row.reason or None,
        note=row.note or None,
        link=row.link or None,
    )


@dataclass(frozen=True)
class AssessmentAnswers:
    """Every respondent's answers and the agreed levels, ready for scoring."""

    respondents: tuple[Respondent, ...]
    by_respondent: dict[int, dict[str, Answer]]
    agreed: dict[str, AgreedAnswer]


def assessment_answers(*, assessment: Assessment) -> AssessmentAnswers:
    """All answers of an assessment in three queries (respondents, answers, agreed levels)."""
    respondents = tuple(respondent_list(assessment=assessment))
    by_respondent: dict[int, dict[str, Answer]] = defaultdict(dict)
    rows = Answer.objects.filter(respondent__assessment=assessment).select_related("question")
    for row in rows:
        by_respondent[row.respondent_id][row.question.code] = row
    agreed = {
        row.question.code: row
        for row in AgreedAnswer.objects.filter(assessment=assessment).select_related("question")
    }
    return AssessmentAnswers(respondents, dict(by_respondent), agreed)


def assessment_result(
    *, assessment: Assessment, answers: AssessmentAnswers | None = None
) -> tuple[OrganisationResult, CombinedAnswers]:
    """Score the assessment from all its respondents (median per question; agreed levels win).

    Removed respondents' answers still count: what they said stays part of the record.
    """
    answers = answers or assessment_answers(assessment=assessment)
    framework = assessment_framework(assessment)
    per_respondent = [
        {code: to_domain(row) for code, row in answers.by_respondent.get(r.pk, {}).items()}
        for r in answers.respondents
    ]
    agreed = {code: to_domain(row) for code, row in answers.agreed.items()}
    return score_respondents(
        framework,
        Mode(assessment.mode),
        per_respondent,
        organisation=assessment.organisation.name,
        agreed=agreed,
    )

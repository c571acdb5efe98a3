"""Reads about assessments, always scoped through the acting user's membership.

Scoring reads every answer of an assessment in a fixed number of queries, whatever the number of
questions or respondents, and hands plain domain objects to the pure scoring engine.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from rasp.assessments.models import Action, AgreedAnswer, Answer, Assessment, Respondent
from rasp.domain.framework.schema import AreaId, Evidence, Framework, Mode, Question
from rasp.domain.scoring import answers as domain
from rasp.domain.scoring.engine import area_targets
from rasp.domain.scoring.respondents import CombinedAnswers, score_respondents
from rasp.domain.scoring.results import OrganisationResult
from rasp.domain.scoring.trends import CodeMatch, match_codes
from rasp.frameworks.selectors import framework_of, without_source
from rasp.organisations.models import Membership


def assessment_list(*, membership: Membership) -> QuerySet[Assessment]:
    """The organisation's assessments, newest first."""
    return (
        Assessment.objects.filter(organisation_id=membership.organisation_id)
        .select_related("framework_version")
        .defer(*without_source("framework_version"))
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
    """The respondent's answer rows by question code (of each question, only its code is read:
    the pages need nothing else of it, and a page reads every answer of the respondent)."""
    rows = (
        Answer.objects.filter(respondent=respondent)
        .select_related("question")
        .only("respondent", "question__code", *_ROW_COLUMNS)
    )
    return {row.question.code: row for row in rows}


_ROW_COLUMNS = ("kind", "level", "evidence", "reason", "note", "link", "version", "updated_at")


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


def assessment_targets(
    assessment: Assessment, framework: Framework | None = None
) -> dict[AreaId, int]:
    """The target level of every area of the assessment: the admin's choice where made, else the
    mode's target. A stored value that is no longer a valid level (say, a framework with a lower
    maximum) falls back to the mode's target rather than failing the page."""
    framework = framework or assessment_framework(assessment)
    mode = Mode(assessment.mode)
    method = framework.method
    chosen = {}
    for area in framework.areas:
        level = (assessment.area_targets or {}).get(area.id.value)
        if type(level) is int and 0 <= level <= method.max_level:
            chosen[area.id] = level
    return area_targets(framework, mode, chosen)


def snapshot_targets(assessment: Assessment, framework: Framework | None = None) -> dict[str, int]:
    """The targets the latest snapshot was scored against (area id -> level); the mode's target
    for every area when the snapshot predates per-area targets or there is no snapshot."""
    from rasp.assessments.models import ResultSnapshot

    framework = framework or assessment_framework(assessment)
    latest = ResultSnapshot.objects.filter(assessment=assessment).only("targets").first()
    default = framework.method.targets[Mode(assessment.mode)]
    stored = latest.targets if latest is not None else {}
    return {area.id.value: stored.get(area.id.value, default) for area in framework.areas}


_DOMAIN_COLUMNS = ("kind", "level", "evidence", "reason", "note", "link")


def _domain_answer(
    memo: dict[tuple[Any, ...], domain.Answer], values: tuple[Any, ...]
) -> domain.Answer:
    """The domain answer of one row's columns; rows with the same columns share one (frozen)
    object, as most answers repeat a handful of levels and evidence."""
    answer = memo.get(values)
    if answer is None:
        kind, level, evidence, reason, note, link = values
        answer = memo[values] = domain.Answer(
            kind=domain.AnswerKind(kind),
            level=level,
            evidence=Evidence(evidence) if evidence else None,
            reason=reason or None,
            note=note or None,
            link=link or None,
        )
    return answer


def scoring_answers(
    *, assessment: Assessment
) -> tuple[list[dict[str, domain.Answer]], dict[str, domain.Answer]]:
    """Every respondent's answers (in the respondents' order) and the agreed answers, as the
    scoring engine reads them, in three queries of only the columns scoring needs: no model
    objects, which cost more than the scoring itself on a large assessment."""
    respondent_ids = list(
        Respondent.objects.filter(assessment=assessment).values_list("pk", flat=True)
    )
    memo: dict[tuple[Any, ...], domain.Answer] = {}
    by_respondent: dict[int, dict[str, domain.Answer]] = defaultdict(dict)
    rows = Answer.objects.filter(respondent__assessment=assessment).values_list(
        "respondent_id", "question__code", *_DOMAIN_COLUMNS
    )
    for respondent_id, code, *values in rows:
        by_respondent[respondent_id][code] = _domain_answer(memo, tuple(values))
    agreed = {
        code: _domain_answer(memo, tuple(values))
        for code, *values in AgreedAnswer.objects.filter(assessment=assessment).values_list(
            "question__code", *_DOMAIN_COLUMNS
        )
    }
    return [by_respondent.get(pk, {}) for pk in respondent_ids], agreed


def assessment_result(
    *, assessment: Assessment, answers: AssessmentAnswers | None = None
) -> tuple[OrganisationResult, CombinedAnswers]:
    """Score the assessment from all its respondents (median per question; agreed levels win),
    against its targets per area. Pass ``answers`` when the rows are already read; otherwise
    only the columns scoring needs are read (``scoring_answers``).

    Removed respondents' answers still count: what they said stays part of the record.
    """
    framework = assessment_framework(assessment)
    if answers is None:
        per_respondent, agreed = scoring_answers(assessment=assessment)
    else:
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
        targets=assessment_targets(assessment, framework),
    )


def domain_answers_of(*, respondent: Respondent) -> dict[str, domain.Answer]:
    """The respondent's answers as the scoring engine reads them (for progress and show_if)."""
    memo: dict[tuple[Any, ...], domain.Answer] = {}
    rows = Answer.objects.filter(respondent=respondent).values_list(
        "question__code", *_DOMAIN_COLUMNS
    )
    return {code: _domain_answer(memo, tuple(values)) for code, *values in rows}


@dataclass(frozen=True)
class RespondentProgress:
    respondent: Respondent
    answered: int
    total: int

    @property
    def status(self) -> str:
        if self.respondent.removed_at is not None:
            return "removed"
        if self.respondent.submitted_at is not None:
            return "submitted"
        return "not-started" if self.answered == 0 else "in-progress"


def respondent_progress(*, assessment: Assessment) -> list[RespondentProgress]:
    """How far each respondent has got, counting only the questions shown to them."""
    from rasp.domain.scoring.engine import visible_codes

    framework = assessment_framework(assessment)
    asked = framework.questions_for_mode(Mode(assessment.mode))
    everything = assessment_answers(assessment=assessment)
    progress = []
    for respondent in everything.respondents:
        given = {
            code: to_domain(row)
            for code, row in everything.by_respondent.get(respondent.pk, {}).items()
        }
        shown = visible_codes(asked, given)
        answered = sum(1 for code in given if code in shown)
        progress.append(RespondentProgress(respondent, answered, len(shown)))
    return progress


def disputed_without_agreement(*, assessment: Assessment) -> list[str]:
    """Codes where respondents differ by the disputed spread or more and no level is agreed yet."""
    _result, combined = assessment_result(assessment=assessment)
    return [q.code for q in combined.questions if q.disputed and not q.agreed]


@dataclass(frozen=True)
class TrendRow:
    assessment: Assessment
    framework_version: str
    verdict: str
    scores: dict[str, float | None]  # area id -> evidence-adjusted score
    changes: dict[str, float | None]  # area id -> change since the previous row (None: none)
    match: CodeMatch | None  # how its questions line up with the previous row's


@dataclass(frozen=True)
class Trend:
    areas: tuple[tuple[str, str], ...]  # (id, name) in the latest framework's order
    rows: tuple[TrendRow, ...]  # oldest first


def area_trend(*, membership: Membership) -> Trend:
    """Each closed assessment's area scores from its latest snapshot, oldest first, with the
    change per area since the previous one and how their questions line up: by code, and
    through the later framework version's code map where codes changed.

    Area ids are stable across framework versions, so rows from different versions line up.
    Two queries whatever the number of assessments (snapshots with their assessments and
    framework versions; each version's questions are parsed once per process).
    """
    from rasp.assessments.models import ResultSnapshot

    latest: dict[int, ResultSnapshot] = {}
    snapshots = (
        ResultSnapshot.objects.filter(assessment__organisation_id=membership.organisation_id)
        .select_related("assessment", "framework_version")
        .defer(*without_source("framework_version"))
        .order_by("created_at", "id")
    )
    for snapshot in snapshots:
        latest[snapshot.assessment_id] = snapshot
    ordered = sorted(
        latest.values(), key=lambda snap: (snap.assessment.created_at, snap.assessment.pk)
    )
    rows: list[TrendRow] = []
    areas: tuple[tuple[str, str], ...] = ()
    previous: tuple[ResultSnapshot, Framework, dict[str, float | None]] | None = None
    for snapshot in ordered:
        framework = framework_of(snapshot.framework_version)
        areas = tuple((area.id.value, area.name) for area in framework.areas)
        scores = {
            area["id"]: area.get("evidence_adjusted_score")
            for area in snapshot.result.get("areas", [])
        }
        codes = [q.code for q in framework.questions_for_mode(Mode(snapshot.assessment.mode))]
        changes: dict[str, float | None] = dict.fromkeys(scores)
        match = None
        if previous is not None:
            before, before_framework, before_scores = previous
            for area_id, score in scores.items():
                old = before_scores.get(area_id)
                changes[area_id] = None if score is None or old is None else round(score - old, 1)
            before_codes = [
                q.code for q in before_framework.questions_for_mode(Mode(before.assessment.mode))
            ]
            match = match_codes(framework, before_framework.version, before_codes, codes)
        rows.append(
            TrendRow(
                snapshot.assessment,
                framework.version,
                snapshot.result.get("verdict", ""),
                scores,
                changes,
                match,
            )
        )
        previous = (snapshot, framework, scores)
    return Trend(areas, tuple(rows))


@dataclass(frozen=True)
class SpreadRow:
    """One question's answers across respondents, for the consensus discussion."""

    question: Question
    answers: tuple[tuple[Respondent, Answer | None], ...]
    median: int | None
    spread: int
    disputed: bool
    agreed: AgreedAnswer | None


def answer_spread(*, assessment: Assessment) -> list[SpreadRow]:
    """Every question asked, disputed ones first (then framework order), in a fixed number of queries."""
    everything = assessment_answers(assessment=assessment)
    framework = assessment_framework(assessment)
    _result, combined = assessment_result(assessment=assessment, answers=everything)
    by_code = {q.code: q for q in combined.questions}
    rows = []
    for question in framework.questions_for_mode(Mode(assessment.mode)):
        summary = by_code.get(question.code)
        answers = tuple(
            (r, everything.by_respondent.get(r.pk, {}).get(question.code))
            for r in everything.respondents
        )
        rows.append(
            SpreadRow(
                question,
                answers,
                summary.median if summary else None,
                summary.spread if summary else 0,
                bool(summary and summary.disputed),
                everything.agreed.get(question.code),
            )
        )
    return sorted(
        rows, key=lambda row: (not (row.disputed and row.agreed is None), not row.disputed)
    )


def action_list(*, assessment: Assessment) -> QuerySet[Action]:
    """The assessment's actions: open ones first, then by priority and due date."""
    from django.db.models import Case, IntegerField, Value, When

    return Action.objects.filter(assessment=assessment).order_by(
        Case(
            When(status=Action.Status.DONE, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        ),
        "-priority",
        "due_date",
        "id",
    )

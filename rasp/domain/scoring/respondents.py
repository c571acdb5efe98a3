"""Combining several respondents of one organisation into the organisation's answers.

Per question (``design/scoring.md``, "Several respondents in one organisation"):

* the organisation's level is the median of the respondents' levels, don't know counting as 0 and
  not-applicable answers left out, rounded down (with an even count: the mean of the two middle
  values, rounded down);
* the question is **disputed** when the highest and lowest of those levels differ by
  ``method.disputed_spread`` or more;
* an **agreed level** recorded after a consensus discussion replaces the median (and settles the
  dispute); the original answers are the caller's to keep.

Decisions:

* A respondent who did not answer a question, or to whom it was hidden by ``show_if`` (given that
  respondent's own answers), gives no view on it; nobody answering leaves it unanswered.
* Everyone counted answering don't know gives don't know (listed as an unknown); otherwise the
  combined answer is a level, even when it is 0.
* Everyone answering not applicable gives not applicable, with their reasons joined.
* Evidence of the combined level: the strongest evidence (highest cap in ``method.evidence_caps``)
  given by a respondent whose own level is at or above the combined level; such a respondent
  claimed at least that level. Missing evidence on a level that requires it counts as ``none``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rasp.domain.framework.schema import AreaId, Evidence, Framework, Method, Mode
from rasp.domain.scoring.answers import Answer, AnswerKind, validate_answers
from rasp.domain.scoring.engine import score_organisation, visible_codes
from rasp.domain.scoring.results import OrganisationResult


@dataclass(frozen=True)
class CombinedQuestion:
    """How one question's combined answer came about."""

    code: str
    levels: tuple[int, ...]  # the respondents' levels counted (don't know as 0), as given
    median: int | None  # None when no level was counted
    spread: int  # highest minus lowest counted level (0 with fewer than two)
    disputed: bool  # spread at or above method.disputed_spread (whether or not since agreed)
    agreed: bool  # an agreed level replaced the median
    answer: Answer | None  # None: nobody answered it


@dataclass(frozen=True)
class CombinedAnswers:
    """The organisation's answers from its respondents, with what needs a consensus discussion."""

    answers: Mapping[str, Answer]
    questions: tuple[CombinedQuestion, ...]

    @property
    def disputed(self) -> tuple[str, ...]:
        """Codes still disputed: respondents differ by the disputed spread and nothing is agreed."""
        return tuple(q.code for q in self.questions if q.disputed and not q.agreed)


def median_rounded_down(levels: Sequence[int]) -> int:
    """The median of ``levels`` rounded down (even count: floor of the two middle values' mean).

    Raises ValueError on an empty sequence.
    """
    if not levels:
        raise ValueError("the median of no levels is undefined")
    ordered = sorted(levels)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) // 2


def _combined_evidence(method: Method, answers: Sequence[Answer], level: int) -> Evidence | None:
    best: Evidence | None = None
    for answer in answers:
        if answer.level is None or answer.level < level:
            continue
        evidence = answer.evidence
        if evidence is None and answer.level >= method.evidence_required_from_level:
            evidence = Evidence.NONE
        if evidence is not None and (
            best is None or method.evidence_caps[evidence] > method.evidence_caps[best]
        ):
            best = evidence
    return best


def _combined_answer(method: Method, given: Sequence[Answer], levels: Sequence[int]) -> Answer:
    counted = [a for a in given if a.kind is not AnswerKind.NOT_APPLICABLE]
    if not counted:
        reasons = dict.fromkeys((a.reason or "").strip() for a in given)
        return Answer.not_applicable("; ".join(reason for reason in reasons if reason))
    if all(a.kind is AnswerKind.DONT_KNOW for a in counted):
        return Answer.dont_know()
    level = median_rounded_down(levels)
    return Answer.at(level, _combined_evidence(method, counted, level))


def combine_question(
    method: Method, code: str, given: Sequence[Answer], agreed: Answer | None = None
) -> CombinedQuestion:
    """Combine the answers respondents gave to one question (see the module's rules)."""
    levels = tuple(
        (a.level or 0) if a.kind is AnswerKind.LEVEL else 0
        for a in given
        if a.kind is not AnswerKind.NOT_APPLICABLE
    )
    spread = max(levels) - min(levels) if levels else 0
    median = median_rounded_down(levels) if levels else None
    disputed = len(levels) >= 2 and spread >= method.disputed_spread
    if agreed is not None:
        answer: Answer | None = agreed
    else:
        answer = _combined_answer(method, given, levels) if given else None
    return CombinedQuestion(code, levels, median, spread, disputed, agreed is not None, answer)


def combine_respondents(
    framework: Framework,
    mode: Mode,
    respondents: Sequence[Mapping[str, Answer]],
    agreed: Mapping[str, Answer] | None = None,
) -> CombinedAnswers:
    """The organisation's answers combined from its respondents' answers, per question.

    Every respondent's answers and the agreed levels are checked first (``AnswersError`` naming
    the code). The result holds an answer for every question someone answered or agreed, and a
    ``CombinedQuestion`` for every question asked in ``mode``, in framework order.
    """
    agreed = agreed or {}
    for answers in (*respondents, agreed):
        validate_answers(framework, mode, answers)
    questions = framework.questions_for_mode(mode)
    shown = [visible_codes(questions, answers) for answers in respondents]
    combined = []
    for question in questions:
        given = [
            answers[question.code]
            for answers, visible in zip(respondents, shown, strict=True)
            if question.code in answers and question.code in visible
        ]
        combined.append(
            combine_question(framework.method, question.code, given, agreed.get(question.code))
        )
    result = {q.code: q.answer for q in combined if q.answer is not None}
    return CombinedAnswers(result, tuple(combined))


def score_respondents(
    framework: Framework,
    mode: Mode,
    respondents: Sequence[Mapping[str, Answer]],
    *,
    organisation: str,
    agreed: Mapping[str, Answer] | None = None,
    targets: Mapping[AreaId, int] | None = None,
) -> tuple[OrganisationResult, CombinedAnswers]:
    """Score an organisation from its respondents: ``combine_respondents`` then scoring (with
    the per-area ``targets`` of ``score_organisation``)."""
    combined = combine_respondents(framework, mode, respondents, agreed)
    result = score_organisation(
        framework, mode, combined.answers, organisation=organisation, targets=targets
    )
    return result, combined

"""New partner mode: an entrant compared with the partnership's baseline.

The baseline is the partnership's level for each question (the incumbents' agreed joint level or
their lowest level). An **entry gap** is a question applicable to the entrant where

* the entrant's level is at or below ``baseline − method.entry_gap.levels_below_baseline``, or
* the question is critical and the entrant's level is below ``method.entry_gap.critical_below``.

Each entry gap carries an onboarding action: the question's advice for the entrant's level.

Decisions: levels compared are evidence-adjusted on both sides (as for every judgement); where the
partnership has no level for a question (a new-partner module question, or one not applicable to
any incumbent) only the critical rule applies. The entrant's verdict is its own organisation
verdict in its mode. Entry gaps are in framework order.
"""

from __future__ import annotations

from collections.abc import Sequence

from rasp.domain.framework.schema import Framework, Mode, Question
from rasp.domain.scoring.answers import PartnerAnswers
from rasp.domain.scoring.engine import score_organisation
from rasp.domain.scoring.results import EntrantResult, EntryGap, QuestionState


def entry_gap(
    framework: Framework, question: Question, entrant: QuestionState, baseline: int | None
) -> EntryGap | None:
    """The entry gap on one question, or ``None`` when the entrant meets the baseline."""
    level = entrant.adjusted
    if level is None:
        return None
    rule = framework.method.entry_gap
    below = baseline is not None and level <= baseline - rule.levels_below_baseline
    critical = question.critical and level < rule.critical_below
    if not (below or critical):
        return None
    advice = {int(key): text for key, text in question.advice.items()}
    return EntryGap(question.code, level, baseline, below, critical, advice.get(level, ""))


def assess_entrant(
    framework: Framework,
    mode: Mode,
    baseline: Sequence[QuestionState],
    entrant: PartnerAnswers,
) -> EntrantResult:
    """Score the entrant's answers in ``mode`` and list its entry gaps against ``baseline``.

    ``baseline`` holds the partnership's question states (``PartnershipResult.questions``).
    Raises ``AnswersError`` when the entrant's answers are bad.
    """
    result = score_organisation(
        framework, mode, entrant.answers, organisation=entrant.organisation, source=entrant.source
    )
    levels = {state.code: state.adjusted for state in baseline}
    gaps = []
    for state in result.questions:
        gap = entry_gap(framework, framework.question(state.code), state, levels.get(state.code))
        if gap is not None:
            gaps.append(gap)
    return EntrantResult(entrant.organisation, result.verdict, tuple(gaps), result)

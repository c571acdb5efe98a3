"""Scoring a partnership from its partners' answers (``design/scoring.md``, "Partnerships").

* Organisation-scope question: the partnership's level is the lowest partner's level.
* Partnership-scope question: scored with the lowest answer too, and flagged **not agreed** when
  the partners' declared levels differ by ``method.not_agreed.spread`` or more, or one is at or
  above ``high_from`` while another is at or below ``low_at_or_below``. An agreed joint level
  (from a consensus workshop) replaces the lowest answer and settles the flag.
* Divergence index of an area: the mean over its questions of (highest − lowest declared partner
  level), rounded to two decimal places.
* Any partner's red flag is the partnership's; the verdict applies the organisation rules to the
  partnership's levels.

Decisions:

* "Lowest" is taken separately for the declared and the evidence-adjusted level (so the adjusted
  level never exceeds the declared one). Don't know and unanswered count as 0.
* Partners to whom a question does not apply (not applicable, or hidden by ``show_if``) are left
  out of it; when it applies to nobody, it is not applicable for the partnership. Divergence
  counts the questions that apply to at least one partner; an area with none has ``None``.
* Agreed joint levels are accepted for partnership-scope questions only; elsewhere the weakest
  partner limits the programme. An agreed level's evidence caps it like any answer.
* The partnership's unknowns and unanswered are those of any partner.
* Weakest partner of an area: the partner with the lowest evidence-adjusted area score (ties: the
  first by name); ``None`` when no partner has a score there.
* Partners must have distinct names and share the framework version and mode.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from fractions import Fraction

from rasp.domain.framework.schema import AreaId, Framework, Mode, Question, Scope
from rasp.domain.scoring.answers import Answer, AnswersError, PartnerAnswers, validate_answers
from rasp.domain.scoring.engine import assess, question_state, score_organisation
from rasp.domain.scoring.entrant import assess_entrant
from rasp.domain.scoring.results import (
    OrganisationResult,
    PartnershipResult,
    QuestionComparison,
    QuestionState,
    Status,
    area_of,
)


def _not_agreed(framework: Framework, levels: Sequence[int]) -> bool:
    rule = framework.method.not_agreed
    if len(levels) < 2:
        return False
    high, low = max(levels), min(levels)
    return high - low >= rule.spread or (high >= rule.high_from and low <= rule.low_at_or_below)


def _lowest_state(states: Sequence[QuestionState]) -> QuestionState:
    applicable = [s for s in states if s.applicable]
    if not applicable:
        return replace(states[0], status=Status.NOT_APPLICABLE, declared=None, adjusted=None)
    weakest = min(applicable, key=lambda s: (s.adjusted or 0, s.declared or 0))
    return replace(weakest, declared=min(s.declared or 0 for s in applicable))


def combine_question(
    framework: Framework,
    question: Question,
    partners: Sequence[tuple[str, QuestionState]],
    agreed: Answer | None,
) -> tuple[QuestionState, QuestionComparison]:
    """The partnership's state for one question from each partner's state, and the comparison."""
    states = [state for _, state in partners]
    declared = [(name, state.declared) for name, state in partners]
    levels = [level for _, level in declared if level is not None]
    spread = max(levels) - min(levels) if levels else None
    state = _lowest_state(states)
    flagged = question.scope is Scope.PARTNERSHIP and _not_agreed(framework, levels)
    if agreed is not None:
        state = question_state(framework.method, question, agreed, visible=True)
        flagged = False
    comparison = QuestionComparison(
        question.code, question.area, tuple(declared), spread, flagged, agreed is not None
    )
    return state, comparison


def _divergence(
    framework: Framework, comparisons: Sequence[QuestionComparison]
) -> dict[AreaId, float | None]:
    result: dict[AreaId, float | None] = {}
    for area in framework.areas:
        spreads = [c.spread for c in comparisons if c.area == area.id and c.spread is not None]
        result[area.id] = round(float(Fraction(sum(spreads), len(spreads))), 2) if spreads else None
    return result


def _weakest(
    framework: Framework, partners: Sequence[OrganisationResult]
) -> dict[AreaId, str | None]:
    result: dict[AreaId, str | None] = {}
    for area in framework.areas:
        scored = [
            (score, partner.organisation)
            for partner in partners
            if (score := area_of(partner, area.id).evidence_adjusted_score) is not None
        ]
        result[area.id] = min(scored)[1] if scored else None
    return result


def _check_partners(partners: Sequence[PartnerAnswers]) -> None:
    if not partners:
        raise AnswersError("a partnership needs at least one partner's answers")
    names = [partner.organisation for partner in partners]
    for name in names:
        if names.count(name) > 1:
            raise AnswersError(f"two answers files are for the same organisation: {name}")


def _check_agreed(framework: Framework, mode: Mode, agreed: Mapping[str, Answer]) -> None:
    validate_answers(framework, mode, agreed, "agreed levels")
    for code in agreed:
        if framework.question(code).scope is not Scope.PARTNERSHIP:
            raise AnswersError(
                f"agreed levels: {code}: an agreed joint level is for partnership-scope "
                "questions only",
                code=code,
            )


def _ordered_union(framework: Framework, lists: Sequence[Sequence[str]]) -> tuple[str, ...]:
    found = {code for codes in lists for code in codes}
    return tuple(q.code for q in framework.questions if q.code in found)


def _joint_states(
    framework: Framework,
    mode: Mode,
    results: Sequence[OrganisationResult],
    agreed: Mapping[str, Answer],
) -> tuple[tuple[QuestionState, ...], tuple[QuestionComparison, ...]]:
    joint = []
    for index, question in enumerate(framework.questions_for_mode(mode)):
        named = [(r.organisation, r.questions[index]) for r in results]
        joint.append(combine_question(framework, question, named, agreed.get(question.code)))
    return tuple(state for state, _ in joint), tuple(comparison for _, comparison in joint)


def score_partnership(
    framework: Framework,
    mode: Mode,
    partners: Sequence[PartnerAnswers],
    *,
    agreed: Mapping[str, Answer] | None = None,
    entrant: PartnerAnswers | None = None,
    entrant_mode: Mode | None = None,
) -> PartnershipResult:
    """Score every partner and the partnership as a whole (see the module's rules).

    Raises ``AnswersError`` on a bad answer (naming the code and source), duplicate partner
    names, or an agreed level on an organisation-scope question. With ``entrant``, also compares
    that organisation (answering in ``entrant_mode``, default ``mode``) with the partnership's
    levels as baseline.
    """
    _check_partners(partners)
    agreed = agreed or {}
    _check_agreed(framework, mode, agreed)
    results = tuple(
        score_organisation(framework, mode, p.answers, organisation=p.organisation, source=p.source)
        for p in partners
    )
    states, comparisons = _joint_states(framework, mode, results, agreed)
    unknowns = _ordered_union(framework, [r.unknowns for r in results])
    partner_flags = {code for r in results for code in r.red_flags}
    judged = assess(framework, mode, states, set(unknowns), partner_flags)
    entrant_result = None
    if entrant is not None:
        entrant_result = assess_entrant(framework, entrant_mode or mode, states, entrant)
    return PartnershipResult(
        mode=mode,
        framework_version=framework.version,
        verdict=judged.verdict,
        areas=judged.areas,
        red_flags=judged.red_flags,
        unknowns=unknowns,
        unanswered=_ordered_union(framework, [r.unanswered for r in results]),
        gaps=judged.gaps,
        questions=states,
        partners=results,
        comparisons=comparisons,
        not_agreed=tuple(c.code for c in comparisons if c.not_agreed),
        divergence=_divergence(framework, comparisons),
        weakest_partner=_weakest(framework, results),
        entrant=entrant_result,
    )

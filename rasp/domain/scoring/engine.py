"""Scoring one organisation's answers (``design/scoring.md``).

Every constant (evidence caps, band thresholds, gates, targets, the red-flag level, the priority
bonus, the maximum level) comes from ``framework.method``.

Decisions, applied everywhere the method leaves a choice:

* **Every judgement uses the evidence-adjusted level**: bands and their critical gates, red flags,
  gaps (``Gap.level``) and entry gaps. A level nobody has written down is a gap to close. The
  declared level is shown beside it (declared score, assurance gap).
* Evidence missing on a level at or above ``method.evidence_required_from_level`` counts as
  ``none`` (capped accordingly); it is not a user error. Below that level, missing evidence
  applies no cap; evidence that is given always applies its cap.
* Don't-know and unanswered questions score 0 and count as level 0 for gates and red flags.
  ``unknowns`` lists don't-know answers only; ``unanswered`` lists questions missing from the
  answers (both are scored 0). An area's ``unknowns`` lists its don't-know answers.
* A question hidden by an unmet ``show_if`` (including one whose parent is unanswered, not
  applicable by being hidden itself, or not asked in the mode) is not applicable automatically.
* Band thresholds are compared with the score rounded to one decimal place (half up, exact
  arithmetic), so a shown 45.0 is never red on its score alone.
* An area with no applicable question has no score and no band, and is left out of the verdict.
  If no area at all has a score, the verdict is ``significant-gaps`` (nothing shows readiness).
* ``critical_gaps`` of an area are its critical questions that are gaps (below the mode's target).

Speed: ``score_organisation`` runs on a plan built once per framework and mode (``_Plan``): the
question states, gaps and score contributions every possible answer can produce are computed in
advance with the functions below and shared between results (they are frozen values), so
scoring an assessment is one pass of lookups and integer sums. Answers the plan does not foresee
(anything ``validate_answers`` refuses, or values of unexpected types) take the step-by-step path
below it, which gives the same results and the same errors.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from itertools import chain
from operator import getitem
from typing import Generic, TypeVar

from rasp.domain.framework.schema import (
    AreaId,
    Bands,
    Evidence,
    Framework,
    Method,
    Mode,
    Question,
)
from rasp.domain.scoring.answers import Answer, AnswerKind, validate_answers
from rasp.domain.scoring.index import cached, framework_index
from rasp.domain.scoring.results import (
    AreaResult,
    Assessment,
    Band,
    Gap,
    OrganisationResult,
    QuestionState,
    Status,
    Verdict,
    built,
)

T = TypeVar("T")


def round_score(value: Fraction) -> float:
    """``value`` rounded half up to one decimal place (exact: no binary-float surprises)."""
    if isinstance(value, (Fraction, int)):
        # floor(value × 10 + 1/2) in integers; int / int is correctly rounded, like float(Fraction).
        numerator, denominator = value.numerator, value.denominator
        return ((20 * numerator + denominator) // (2 * denominator)) / 10
    return float(Fraction(math.floor(value * 10 + Fraction(1, 2)), 10))


def _tenths_half_up(points: int, total: int) -> float:
    """``round_score(Fraction(100 * points, total))`` in integers (``total`` > 0)."""
    return ((2000 * points + total) // (2 * total)) / 10


def visible_codes(questions: Sequence[Question], answers: Mapping[str, Answer]) -> frozenset[str]:
    """Codes of the questions shown: no ``show_if``, or its parent shown and answered as listed."""
    by_code = {question.code: question for question in questions}
    memo: dict[str, bool] = {}

    def shown(code: str, depth: int) -> bool:
        if code not in memo:
            condition = by_code[code].show_if
            if condition is None:
                memo[code] = True
            elif condition.question not in by_code or depth > len(by_code):
                memo[code] = False
            else:
                parent = answers.get(condition.question)
                memo[code] = (
                    parent is not None
                    and parent.token in condition.levels
                    and shown(condition.question, depth + 1)
                )
        return memo[code]

    return frozenset(code for code in by_code if shown(code, 0))


def evidence_cap(method: Method, level: int, evidence: Evidence | None) -> int | None:
    """The cap evidence puts on ``level``; missing evidence counts as ``none`` where required."""
    if evidence is None:
        if level < method.evidence_required_from_level:
            return None
        evidence = Evidence.NONE
    return method.evidence_caps[evidence]


def question_state(
    method: Method, question: Question, answer: Answer | None, visible: bool
) -> QuestionState:
    """The declared and evidence-adjusted level of one question given its answer (if any)."""
    base = (question.code, question.area, question.weight, question.critical, question.red_flag)
    fixed = (*base, question.stage)
    if not visible:
        return QuestionState(*fixed, Status.HIDDEN, None, None)
    if answer is None:
        return QuestionState(*fixed, Status.UNANSWERED, 0, 0)
    if answer.kind is AnswerKind.DONT_KNOW:
        return QuestionState(*fixed, Status.DONT_KNOW, 0, 0)
    if answer.kind is AnswerKind.NOT_APPLICABLE or answer.level is None:
        return QuestionState(*fixed, Status.NOT_APPLICABLE, None, None)
    cap = evidence_cap(method, answer.level, answer.evidence)
    adjusted = answer.level if cap is None else min(answer.level, cap)
    return QuestionState(*fixed, Status.ANSWERED, answer.level, adjusted, answer.evidence, cap)


def question_states(
    framework: Framework, mode: Mode, answers: Mapping[str, Answer]
) -> tuple[QuestionState, ...]:
    """A state for every question asked in ``mode``, in framework order (answers not checked)."""
    questions = framework.questions_for_mode(mode)
    shown = visible_codes(questions, answers)
    return tuple(
        question_state(framework.method, q, answers.get(q.code), q.code in shown) for q in questions
    )


def area_score(method: Method, states: Iterable[QuestionState], adjusted: bool) -> Fraction | None:
    """100 × Σ(weight × level) / Σ(weight × max level) over applicable states, exactly."""
    points = 0
    total = 0
    for state in states:
        level = state.adjusted if adjusted else state.declared
        if level is None:
            continue
        points += state.weight * level
        total += state.weight * method.max_level
    return None if total == 0 else Fraction(100 * points, total)


def band_for(bands: Bands, score: float | None, critical_levels: Iterable[int]) -> Band | None:
    """The band of an area score with the critical gates; ``None`` when there is no score.

    Red: score below ``red_below`` or a critical level at or below ``critical_red_at_or_below``.
    Green: score at or above ``green_from`` and every critical level above ``critical_amber_at``.
    Amber otherwise.
    """
    if score is None:
        return None
    return _band(bands, score, min(critical_levels, default=None))


def _band(bands: Bands, score: float, worst: int | None) -> Band:
    """``band_for`` given the lowest critical level (``None`` without critical questions)."""
    if score < bands.red_below or (worst is not None and worst <= bands.critical_red_at_or_below):
        return Band.RED
    if score >= bands.green_from and (worst is None or worst > bands.critical_amber_at):
        return Band.GREEN
    return Band.AMBER


def verdict_for(bands: Iterable[Band | None], red_flag: bool) -> Verdict:
    """The weakest-link verdict: two red areas not ready; one red area or a red flag significant
    gaps; an amber area ready with conditions; all green and no red flag ready."""
    scored = [band for band in bands if band is not None]
    return _verdict(scored.count(Band.RED), Band.AMBER in scored, len(scored), red_flag)


def _verdict(reds: int, amber: bool, scored: int, red_flag: bool) -> Verdict:
    """``verdict_for`` given the number of red bands, whether one is amber, and how many areas
    have a band."""
    if reds >= 2:
        return Verdict.NOT_READY
    if reds == 1 or red_flag or not scored:
        return Verdict.SIGNIFICANT_GAPS
    if amber:
        return Verdict.READY_WITH_CONDITIONS
    return Verdict.READY


def is_red_flag(method: Method, state: QuestionState) -> bool:
    """A red-flag question answered don't know, unanswered, or at or below the red-flag level."""
    if not state.red_flag or state.adjusted is None:
        return False
    return (
        state.status in (Status.DONT_KNOW, Status.UNANSWERED)
        or state.adjusted <= method.red_flag_at_or_below
    )


def area_targets(
    framework: Framework, mode: Mode, targets: Mapping[AreaId, int] | None = None
) -> dict[AreaId, int]:
    """The target level of every area: ``targets``' own where given, else the mode's target.

    Raises ValueError for a target that is not a whole level from 0 to the method's maximum, or
    for an area the framework does not have.
    """
    method = framework.method
    known = {area.id for area in framework.areas}
    chosen = dict(targets or {})
    for area, level in chosen.items():
        if area not in known:
            raise ValueError(f"unknown area {area!s} in the targets")
        if type(level) is not int or not 0 <= level <= method.max_level:
            raise ValueError(
                f"the target of {area.value} must be a whole level from 0 to {method.max_level}"
            )
    default = method.targets[mode]
    return {area.id: chosen.get(area.id, default) for area in framework.areas}


def gaps_for(
    framework: Framework,
    mode: Mode,
    states: Iterable[QuestionState],
    targets: Mapping[AreaId, int] | None = None,
) -> tuple[Gap, ...]:
    """Every applicable question whose adjusted level is below its area's target.

    ``targets`` gives a target level per area (``area_targets``); an area missing from it, or no
    ``targets`` at all, uses the mode's target.
    ``priority = weight × (target − level) + critical_priority_bonus`` (bonus for critical ones);
    ``advice`` is the question's advice for moving up from its level. Sorted by priority (highest
    first), then stage (before commitment first), then code.
    """
    method = framework.method
    default = method.targets[mode]
    per_area = targets or {}
    index = framework_index(framework)
    stages = index.stage_order
    gaps = []
    for state in states:
        target = per_area.get(state.area, default)
        if state.adjusted is None or state.adjusted >= target:
            continue
        advice = index.advice[state.code]
        bonus = method.critical_priority_bonus if state.critical else 0
        priority = state.weight * (target - state.adjusted) + bonus
        text = advice.get(state.adjusted, "")
        gaps.append(
            Gap(
                state.code,
                state.area,
                state.adjusted,
                target,
                priority,
                state.stage,
                text,
                state.critical,
            )
        )
    gaps.sort(key=lambda gap: (-gap.priority, stages[gap.stage], gap.code))
    return tuple(gaps)


def area_result(
    method: Method,
    area: AreaId,
    states: Sequence[QuestionState],
    gaps: Sequence[Gap],
    unknowns: Collection[str],
) -> AreaResult:
    """Scores, band, critical gaps and unknowns of one area from its question states."""
    own = [state for state in states if state.area == area]
    declared = area_score(method, own, adjusted=False)
    adjusted = area_score(method, own, adjusted=True)
    adjusted_shown = None if adjusted is None else round_score(adjusted)
    criticals = [s.adjusted for s in own if s.critical and s.adjusted is not None]
    return AreaResult(
        id=area,
        declared_score=None if declared is None else round_score(declared),
        evidence_adjusted_score=adjusted_shown,
        band=band_for(method.bands, adjusted_shown, criticals),
        critical_gaps=tuple(gap.code for gap in gaps if gap.area == area and gap.critical),
        unknowns=tuple(s.code for s in own if s.code in unknowns),
    )


def assess(
    framework: Framework,
    mode: Mode,
    states: Sequence[QuestionState],
    unknowns: Collection[str],
    extra_red_flags: Collection[str] = (),
    targets: Mapping[AreaId, int] | None = None,
) -> Assessment:
    """Areas (in the framework's area order), red flags, gaps and verdict for question states.

    ``unknowns`` are the codes listed as unknown per area; ``extra_red_flags`` adds red flags
    raised elsewhere (a partner's), listed in question order with the states' own; ``targets``
    as in ``gaps_for``.
    """
    method = framework.method
    gaps = gaps_for(framework, mode, states, targets)
    areas = tuple(area_result(method, area.id, states, gaps, unknowns) for area in framework.areas)
    flagged = {s.code for s in states if is_red_flag(method, s)} | set(extra_red_flags)
    red_flags = tuple(q.code for q in framework.questions if q.code in flagged)
    verdict = verdict_for((area.band for area in areas), bool(red_flags))
    return Assessment(verdict, areas, red_flags, gaps)


# A plan record: a question's state for one answer, and its points and gap packed in one
# integer (see ``_Plan``).
_Record = tuple[QuestionState, int]
# A question asked in the mode: its code; its records for level answers, by level then evidence;
# and its records for don't know, for not applicable (None: refused, the question is critical)
# and when unanswered.
_Entry = tuple[
    str, dict[int, dict[Evidence | None, _Record]], tuple[_Record, _Record | None, _Record]
]
# The packed fields of each area: declared points, adjusted points, total points, and how many of
# its critical questions are at or below the red gate and at or below the amber gate.
_FIELDS = 5
# Enum members are slow to look up on their class: the hot path reads them from here.
_LEVEL, _DONT_KNOW, _NOT_APPLICABLE = (
    AnswerKind.LEVEL,
    AnswerKind.DONT_KNOW,
    AnswerKind.NOT_APPLICABLE,
)
_RED, _AMBER, _GREEN = Band.RED, Band.AMBER, Band.GREEN
# Members of a packed set per byte (so that a byte's value indexes a table of 2 ** _PER_BYTE).
_PER_BYTE = 6

_Item = TypeVar("_Item")


@dataclass(frozen=True, slots=True)
class _PackedSet(Generic[_Item]):
    """Which of an ordered list of items are present, as bits of a packed integer.

    Item ``i`` is bit ``i % _PER_BYTE`` of byte ``i // _PER_BYTE`` of the bytes starting at bit
    ``offset``: ``items(packed)`` lists the present items in order with a few C-level steps.
    """

    offset: int
    size: int  # bytes
    tables: tuple[tuple[tuple[_Item, ...], ...], ...]  # [byte][its value]: items, in order
    mask: int  # of the bits of the bytes, once shifted down by offset

    @staticmethod
    def of(items: Sequence[_Item], offset: int) -> _PackedSet[_Item]:
        """The set of ``items`` from bit ``offset``."""

        def present(byte: int, value: int) -> tuple[_Item, ...]:
            first = byte * _PER_BYTE
            chunk = items[first : first + _PER_BYTE]
            return tuple(item for bit, item in enumerate(chunk) if value >> bit & 1)

        size = -(-len(items) // _PER_BYTE)
        tables = tuple(
            tuple(present(byte, value) for value in range(1 << _PER_BYTE)) for byte in range(size)
        )
        return _PackedSet(offset, size, tables, (1 << 8 * size) - 1)

    def bit(self, index: int) -> int:
        byte, bit = divmod(index, _PER_BYTE)
        return 1 << self.offset + 8 * byte + bit

    def items(self, packed: int) -> tuple[_Item, ...]:
        """The items present in ``packed``, in order."""
        present = (packed >> self.offset & self.mask).to_bytes(self.size, "little")
        return tuple(chain.from_iterable(map(getitem, self.tables, present)))


@dataclass(frozen=True, slots=True)
class _Plan:
    """Everything about scoring ``framework`` in one mode that does not depend on the answers.

    The records hold the state of every answer ``validate_answers`` accepts, built with
    ``question_state`` and ``gaps_for`` themselves. A record's packed integer holds

    * for its question's area (area ``slot``), the ``_FIELDS`` fields, each ``shift`` bits
      wide: field ``f`` at bit ``(slot * _FIELDS + f) * shift``. ``shift`` is wide enough that
      no sum over all the questions carries from one field into the next;
    * above those, its gap if any, as a member of ``gaps``: the set of all the gaps possible, in
      the order ``gaps_for`` sorts them. A question has one gap at most, so these bits never
      carry either.

    So adding up the records' integers sums every field of every area and marks every gap,
    exactly, at once.
    """

    entries: tuple[_Entry, ...]  # the questions asked, in framework order
    # Questions with a show_if, parents before their follow-ups: position, code, parent's code
    # and the answers that show it (parent None: hidden whatever the answers, as its show_if
    # chain leaves the mode or loops), record when hidden, and the packed integer of each of
    # its other records (by the id of their state, which the plan keeps alive).
    conditional: tuple[
        tuple[int, str, str | None, tuple[int | str, ...], _Record, Mapping[int, int]], ...
    ]
    gaps: _PackedSet[Gap]
    areas: tuple[tuple[AreaId, int, int], ...]  # framework.areas: id, slot, bit of first field
    slot_of: Mapping[str, int]  # code -> area slot
    shift: int
    # Red-flag questions: position, code, and the ids of their states that raise the flag.
    red_flags: tuple[tuple[int, str, frozenset[int]], ...]


def _condition_depth(asked: Mapping[str, Question], code: str) -> int | None:
    """How many show_if links lead from ``code`` to an unconditional question; ``None`` when the
    chain reaches a question not asked in the mode or loops (hidden whatever the answers)."""
    seen: set[str] = set()
    depth = 0
    while code not in seen:
        seen.add(code)
        condition = asked[code].show_if
        if condition is None:
            return depth
        if condition.question not in asked:
            return None
        code = condition.question
        depth += 1
    return None


def _possible_gaps(framework: Framework, mode: Mode, questions: Sequence[Question]) -> list[Gap]:
    """The gap of every question at every level, in the order ``gaps_for`` sorts gaps."""
    possible: list[Gap] = []
    for question in questions:
        for level in range(framework.method.max_level + 1):
            state = QuestionState(
                question.code,
                question.area,
                question.weight,
                question.critical,
                question.red_flag,
                question.stage,
                Status.ANSWERED,
                level,
                level,
            )
            possible.extend(gaps_for(framework, mode, (state,)))
    stages = framework_index(framework).stage_order
    possible.sort(key=lambda gap: (-gap.priority, stages[gap.stage], gap.code, gap.level))
    return possible


def _build_plan(framework: Framework, mode: Mode) -> _Plan | None:
    """The mode's plan; ``None`` (scored step by step instead) when question codes repeat or the
    mode asks no question."""
    method = framework.method
    questions = framework.questions_for_mode(mode)
    if not questions or len({q.code for q in framework.questions}) != len(framework.questions):
        return None
    asked = {q.code: q for q in questions}
    slots: dict[AreaId, int] = {}
    for area in framework.areas:
        slots.setdefault(area.id, len(slots))
    for question in questions:
        slots.setdefault(question.area, len(slots))
    most = max(q.weight for q in questions) * method.max_level * len(questions)
    shift = most.bit_length()
    possible = _possible_gaps(framework, mode, questions)
    gaps = _PackedSet.of(possible, len(slots) * _FIELDS * shift)
    gap_bits = {(gap.code, gap.level): gaps.bit(rank) for rank, gap in enumerate(possible)}
    bands = method.bands

    def record(question: Question, answer: Answer | None, visible: bool = True) -> _Record:
        state = question_state(method, question, answer, visible)
        if state.declared is None or state.adjusted is None:
            return (state, 0)
        weight, adjusted = state.weight, state.adjusted
        fields = (
            weight * state.declared,
            weight * adjusted,
            weight * method.max_level,
            int(state.critical and adjusted <= bands.critical_red_at_or_below),
            int(state.critical and adjusted <= bands.critical_amber_at),
        )
        first = slots[state.area] * _FIELDS
        packed = sum(value << (first + field) * shift for field, value in enumerate(fields))
        return (state, packed + gap_bits.get((state.code, adjusted), 0))

    evidence: tuple[Evidence | None, ...] = (None, *Evidence)
    entries: list[_Entry] = []
    conditional: list[
        tuple[int, int, str, str | None, tuple[int | str, ...], _Record, Mapping[int, int]]
    ] = []
    for position, question in enumerate(questions):
        rows = {
            level: {given: record(question, Answer.at(level, given)) for given in evidence}
            for level in range(method.max_level + 1)
        }
        entries.append(
            (
                question.code,
                rows,
                (
                    record(question, Answer.dont_know()),
                    None if question.critical else record(question, Answer.not_applicable("-")),
                    record(question, None),
                ),
            )
        )
        if question.show_if is not None:
            shown = [*(r for row in rows.values() for r in row.values()), *entries[-1][2]]
            packed_of = {id(state): packed for state, packed in filter(None, shown)}
            hidden_record = record(question, None, visible=False)
            depth = _condition_depth(asked, question.code)
            parent = None if depth is None else question.show_if.question
            shown_for = tuple(question.show_if.levels)
            conditional.append(
                (depth or 0, position, question.code, parent, shown_for, hidden_record, packed_of)
            )
    conditional.sort(key=lambda condition: condition[0])  # parents before their follow-ups
    every_state = {
        code: [r[0] for r in (*(r for row in rows.values() for r in row.values()), *others) if r]
        for code, rows, others in entries
    }
    for _, _, code, _, _, (hidden_state, _), _ in conditional:
        every_state[code].append(hidden_state)
    return _Plan(
        entries=tuple(entries),
        conditional=tuple(condition[1:] for condition in conditional),
        gaps=gaps,
        areas=tuple(
            (area.id, slots[area.id], slots[area.id] * _FIELDS * shift) for area in framework.areas
        ),
        slot_of={q.code: slots[q.area] for q in questions},
        shift=shift,
        red_flags=tuple(
            (position, code, frozenset(id(s) for s in states if is_red_flag(method, s)))
            for position, (code, states) in enumerate(every_state.items())
            if questions[position].red_flag
        ),
    )


def _plans(framework: Framework) -> dict[Mode, _Plan | None]:
    return {mode: _build_plan(framework, mode) for mode in Mode}


# The framework scored last and its plans: scoring many assessments of one framework skips the
# cache lookup. It keeps that one framework alive, as the caller does.
_latest: tuple[Framework, dict[Mode, _Plan | None]] | None = None


def _plan_for(framework: Framework, mode: Mode) -> _Plan | None:
    global _latest
    latest = _latest
    if latest is None or latest[0] is not framework:
        latest = _latest = (framework, cached(framework, _plans, _plans))
    return latest[1].get(mode)


def _look_up(
    plan: _Plan, answers: Mapping[str, Answer]
) -> tuple[list[QuestionState], int, list[str], list[str]] | None:
    """Every question's state as if shown, the sum of their packed integers, and the codes of
    the don't-know and unanswered questions; ``None`` when an answer is one the plan does not
    foresee (a bad one, or of an unexpected type)."""
    get = answers.get
    level_kind = _LEVEL
    states: list[QuestionState] = []
    add = states.append
    points = 0
    unknowns: list[str] = []
    unanswered: list[str] = []
    for code, rows, others in plan.entries:
        answer = get(code)
        if answer is not None and answer.kind is level_kind:
            level = answer.level
            given = answer.evidence
            try:
                state, packed = rows[level][given]  # type: ignore[index]
            except (KeyError, TypeError):
                return None
            # Look-alikes of the keys (True for 1, "draft" for Evidence.DRAFT) hash and compare
            # equal: leave them to the step-by-step path, which keeps them as given.
            if type(level) is not int or state.evidence is not given:
                return None
        else:
            dk_record, na_record, none_record = others
            if answer is None:
                state, packed = none_record
                unanswered.append(code)
            elif answer.kind is _DONT_KNOW:
                state, packed = dk_record
                unknowns.append(code)
            elif answer.kind is _NOT_APPLICABLE and na_record and (answer.reason or "").strip():
                state, packed = na_record
            else:
                return None
        add(state)
        points += packed
    if len(states) - len(unanswered) != len(answers):
        return None  # an answer to a question not asked in the mode
    return states, points, unknowns, unanswered


def _hide(
    plan: _Plan,
    answers: Mapping[str, Answer],
    states: list[QuestionState],
    points: int,
    unknowns: list[str],
    unanswered: list[str],
) -> int:
    """Make the questions hidden by their show_if (as ``visible_codes``) not applicable, in
    place; returns the new sum of the packed integers. The answers must be good ones: then an
    answer's token is its level or its kind (a StrEnum, equal to its value)."""
    hidden: set[str] = set()
    for position, code, parent, shown_for, hidden_record, packed_of in plan.conditional:
        if parent is not None and parent not in hidden:
            answer = answers.get(parent)
            if answer is not None:
                kind = answer.kind
                token = answer.level if kind is _LEVEL and answer.level is not None else kind
                if token in shown_for:
                    continue
        hidden.add(code)
        if code in unanswered:
            unanswered.remove(code)
        elif code in unknowns:
            unknowns.remove(code)
        hidden_state, hidden_packed = hidden_record
        points += hidden_packed - packed_of[id(states[position])]
        states[position] = hidden_state
    return points


def _by_slot(codes: Iterable[str], slot_of: Mapping[str, int]) -> dict[int, list[str]]:
    grouped: dict[int, list[str]] = {}
    for code in codes:
        if (slot := slot_of[code]) in grouped:
            grouped[slot].append(code)
        else:
            grouped[slot] = [code]
    return grouped


def _areas(
    plan: _Plan, bands: Bands, points: int, gaps: tuple[Gap, ...], unknowns: list[str]
) -> tuple[tuple[AreaResult, ...], tuple[int, bool, int]]:
    """The areas' results, and for the verdict: how many are red, whether one is amber, and how
    many have a band."""
    critical_gaps = _by_slot([gap.code for gap in gaps if gap.critical], plan.slot_of)
    unknowns_of = _by_slot(unknowns, plan.slot_of) if unknowns else {}
    red_below, green_from = bands.red_below, bands.green_from
    shift = plan.shift
    mask = (1 << shift) - 1
    area_mask = (1 << _FIELDS * shift) - 1
    areas = []
    reds = ambers = scored = 0
    for area_id, slot, offset in plan.areas:
        fields = points >> offset & area_mask
        total = fields >> 2 * shift & mask
        if total:
            # round_score(Fraction(100 * points, total)), in integers
            declared: float | None = ((2000 * (fields & mask) + total) // (2 * total)) / 10
            adjusted = ((2000 * (fields >> shift & mask) + total) // (2 * total)) / 10
            if adjusted < red_below or fields >> 3 * shift & mask:
                band: Band | None = _RED
                reds += 1
            elif adjusted >= green_from and not fields >> 4 * shift:
                band = _GREEN
            else:
                band = _AMBER
                ambers += 1
            adjusted_score: float | None = adjusted
            scored += 1
        else:
            declared = adjusted_score = band = None
        areas.append(
            built(
                AreaResult,
                {
                    "id": area_id,
                    "declared_score": declared,
                    "evidence_adjusted_score": adjusted_score,
                    "band": band,
                    "critical_gaps": tuple(critical_gaps.get(slot, ())),
                    "unknowns": tuple(unknowns_of.get(slot, ())),
                },
            )
        )
    return tuple(areas), (reds, ambers > 0, scored)


def _score_planned(
    framework: Framework, plan: _Plan, answers: Mapping[str, Answer], organisation: str, mode: Mode
) -> OrganisationResult | None:
    """``score_organisation`` on the plan; ``None`` when an answer is one the plan does not
    foresee (a bad one, or of an unexpected type): the caller then goes step by step."""
    looked_up = _look_up(plan, answers)
    if looked_up is None:
        return None
    states, points, unknowns, unanswered = looked_up
    if plan.conditional:
        points = _hide(plan, answers, states, points, unknowns, unanswered)
    gaps = plan.gaps.items(points)
    areas, (reds, amber, scored) = _areas(plan, framework.method.bands, points, gaps, unknowns)
    red_flags = tuple(
        [code for position, code, flagged in plan.red_flags if id(states[position]) in flagged]
    )
    return built(
        OrganisationResult,
        {
            "organisation": organisation,
            "mode": mode,
            "framework_version": framework.version,
            "verdict": _verdict(reds, amber, scored, bool(red_flags)),
            "areas": areas,
            "red_flags": red_flags,
            "unknowns": tuple(unknowns),
            "unanswered": tuple(unanswered),
            "gaps": gaps,
            "questions": tuple(states),
        },
    )


def score_organisation(
    framework: Framework,
    mode: Mode,
    answers: Mapping[str, Answer],
    *,
    organisation: str,
    source: str | None = None,
    targets: Mapping[AreaId, int] | None = None,
) -> OrganisationResult:
    """Score one organisation's answers in ``mode``.

    Checks the answers first (``validate_answers``: raises ``AnswersError`` naming the code, and
    ``source`` when given). Only questions asked in ``mode`` count; module questions score into
    their ``area``. The result's code lists are in framework order.

    ``targets`` sets a target level per area (an organisation's own choice); areas left out use
    the mode's target. Targets decide the gaps (and so each area's critical gaps and the plan),
    never the scores, bands or verdict. Raises ValueError for a bad target (``area_targets``).
    """
    own_targets = None
    if targets:
        default = framework.method.targets[mode]
        chosen = area_targets(framework, mode, targets)
        if any(level != default for level in chosen.values()):
            own_targets = chosen
    plan = _plan_for(framework, mode)
    if plan is not None:
        result = _score_planned(framework, plan, answers, organisation, mode)
        if result is not None:
            return result if own_targets is None else _retarget(framework, result, own_targets)
    validate_answers(framework, mode, answers, source)
    states = question_states(framework, mode, answers)
    unknowns = tuple(s.code for s in states if s.status is Status.DONT_KNOW)
    unanswered = tuple(s.code for s in states if s.status is Status.UNANSWERED)
    judged = assess(framework, mode, states, set(unknowns), targets=own_targets)
    return OrganisationResult(
        organisation=organisation,
        mode=mode,
        framework_version=framework.version,
        verdict=judged.verdict,
        areas=judged.areas,
        red_flags=judged.red_flags,
        unknowns=unknowns,
        unanswered=unanswered,
        gaps=judged.gaps,
        questions=states,
    )


def _retarget(
    framework: Framework, result: OrganisationResult, targets: Mapping[AreaId, int]
) -> OrganisationResult:
    """``result`` (scored against the mode's target) with its gaps, and each area's critical
    gaps, taken against ``targets`` instead. The plan precomputes gaps for the mode's target
    only; scores, bands, red flags and the verdict do not depend on targets."""
    gaps = gaps_for(framework, result.mode, result.questions, targets)
    critical: dict[AreaId, list[str]] = {}
    for gap in gaps:
        if gap.critical:
            critical.setdefault(gap.area, []).append(gap.code)
    # In gap order, as ``area_result`` and the plan list them.
    areas = tuple(
        replace(area, critical_gaps=tuple(critical.get(area.id, ()))) for area in result.areas
    )
    return replace(result, gaps=gaps, areas=areas)

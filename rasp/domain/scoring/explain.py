"""Explain this score: each question's part in an area score, and what would lift the band.

For each question of an area: its status, declared and evidence-adjusted levels, weight, evidence
and evidence cap, and its contribution (points of the area score it brings, on the adjusted level).

"What would move the area up a band" (red → amber, amber → green):

* ``single_moves``: every question whose level alone, raised to the smallest sufficient level
  (with the weakest evidence that allows it), lifts the band;
* ``plan``: when no single change suffices, a short combined plan: first the critical questions
  that block the next band (raised just past their gate), then one level at a time on the
  heaviest, lowest questions (ties: code) until the band lifts. Empty when the area is green, has
  no score, or the next band cannot be reached.

Moves are worked out on the area's question states as they are: a follow-up question that a
raised parent answer would reveal (``show_if``) is not counted.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from rasp.domain.framework.schema import AreaId, Evidence, Framework, Method
from rasp.domain.scoring.engine import area_score, band_for, round_score
from rasp.domain.scoring.results import Band, QuestionState, ScoredResult, Status, area_of

_RANK = {Band.RED: 0, Band.AMBER: 1, Band.GREEN: 2}


@dataclass(frozen=True)
class QuestionContribution:
    code: str
    status: Status
    declared: int | None
    adjusted: int | None
    weight: int
    critical: bool
    evidence: Evidence | None
    cap: int | None
    contribution: float | None  # points of the area's adjusted score this question brings
    most: float | None  # points it would bring at the top level


@dataclass(frozen=True)
class BandMove:
    code: str
    from_level: int
    to_level: int
    evidence_needed: Evidence | None  # the weakest evidence whose cap allows to_level


@dataclass(frozen=True)
class AreaExplanation:
    area: AreaId
    declared_score: float | None
    evidence_adjusted_score: float | None
    band: Band | None
    questions: tuple[QuestionContribution, ...]
    next_band: Band | None
    single_moves: tuple[BandMove, ...]
    plan: tuple[BandMove, ...]


def evidence_needed(method: Method, level: int) -> Evidence | None:
    """The weakest evidence whose cap allows ``level`` (``None`` when none is required)."""
    if level < method.evidence_required_from_level:
        return None
    allowing = [e for e in Evidence if method.evidence_caps[e] >= level]
    return min(allowing, key=lambda e: method.evidence_caps[e]) if allowing else None


def _band(
    method: Method, states: Sequence[QuestionState], levels: Mapping[str, int]
) -> Band | None:
    lifted = [s if s.code not in levels else _with_level(s, levels[s.code]) for s in states]
    score = area_score(method, lifted, adjusted=True)
    criticals = [s.adjusted for s in lifted if s.critical and s.adjusted is not None]
    return band_for(method.bands, None if score is None else round_score(score), criticals)


def _with_level(state: QuestionState, level: int) -> QuestionState:
    return QuestionState(
        state.code,
        state.area,
        state.weight,
        state.critical,
        state.red_flag,
        state.stage,
        Status.ANSWERED,
        max(level, state.declared or 0),
        level,
    )


def _contribution(method: Method, state: QuestionState, total: int) -> QuestionContribution:
    points = most = None
    if state.adjusted is not None and total:
        points = round_score(Fraction(100 * state.weight * state.adjusted, total))
        most = round_score(Fraction(100 * state.weight * method.max_level, total))
    return QuestionContribution(
        state.code,
        state.status,
        state.declared,
        state.adjusted,
        state.weight,
        state.critical,
        state.evidence,
        state.cap,
        points,
        most,
    )


def _single_moves(
    method: Method, states: Sequence[QuestionState], target: int
) -> tuple[BandMove, ...]:
    moves = []
    for state in states:
        if state.adjusted is None:
            continue
        for level in range(state.adjusted + 1, method.max_level + 1):
            band = _band(method, states, {state.code: level})
            if band is not None and _RANK[band] >= target:
                moves.append(
                    BandMove(state.code, state.adjusted, level, evidence_needed(method, level))
                )
                break
    return tuple(moves)


def _gate(method: Method, target: int) -> int:
    bands = method.bands
    return bands.critical_red_at_or_below + 1 if target == 1 else bands.critical_amber_at + 1


def _plan(method: Method, states: Sequence[QuestionState], target: int) -> tuple[BandMove, ...]:
    applicable = [s for s in states if s.adjusted is not None]
    levels = {s.code: s.adjusted or 0 for s in applicable}
    gate = min(_gate(method, target), method.max_level)
    for state in applicable:
        if state.critical:
            levels[state.code] = max(levels[state.code], gate)
    while _RANK.get(_band(method, states, levels) or Band.RED, 0) < target:
        open_ = [s for s in applicable if levels[s.code] < method.max_level]
        if not open_:
            return ()
        pick = min(open_, key=lambda s: (-s.weight, levels[s.code], s.code))
        levels[pick.code] += 1
    return tuple(
        BandMove(s.code, s.adjusted or 0, levels[s.code], evidence_needed(method, levels[s.code]))
        for s in applicable
        if levels[s.code] > (s.adjusted or 0)
    )


def explain_area(framework: Framework, result: ScoredResult, area: AreaId) -> AreaExplanation:
    """Why ``area`` has its score and band in ``result``, and what would lift the band."""
    method = framework.method
    summary = area_of(result, area)
    states = [s for s in result.questions if s.area == area]
    total = sum(s.weight * method.max_level for s in states if s.adjusted is not None)
    rows = tuple(_contribution(method, s, total) for s in states)
    next_band: Band | None = None
    single: tuple[BandMove, ...] = ()
    plan: tuple[BandMove, ...] = ()
    if summary.band is not None and summary.band is not Band.GREEN:
        target = _RANK[summary.band] + 1
        next_band = Band.AMBER if target == 1 else Band.GREEN
        single = _single_moves(method, states, target)
        plan = () if single else _plan(method, states, target)
    return AreaExplanation(
        area,
        summary.declared_score,
        summary.evidence_adjusted_score,
        summary.band,
        rows,
        next_band,
        single,
        plan,
    )


def explain_result(framework: Framework, result: ScoredResult) -> tuple[AreaExplanation, ...]:
    """``explain_area`` for every area of the framework, in its order."""
    return tuple(explain_area(framework, result, area.id) for area in framework.areas)

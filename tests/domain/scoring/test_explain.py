"""Explain this score: contributions, and the answer changes that would lift the band."""

from __future__ import annotations

from rasp.domain.framework.schema import AreaId, Evidence, Framework, Mode
from rasp.domain.scoring.answers import Answer
from rasp.domain.scoring.engine import score_organisation
from rasp.domain.scoring.explain import (
    AreaExplanation,
    evidence_needed,
    explain_area,
    explain_result,
)
from rasp.domain.scoring.results import Band, OrganisationResult, area_of

from .helpers import at, everything_at


def explain(
    framework: Framework, answers: dict[str, Answer], area: AreaId, mode: Mode = Mode.READINESS
) -> tuple[OrganisationResult, AreaExplanation]:
    result = score_organisation(framework, mode, answers, organisation="C")
    return result, explain_area(framework, result, area)


def test_contributions_add_up_to_the_score(framework: Framework) -> None:
    _, why = explain(framework, everything_at(4, GV_02=at(1, None)), AreaId.GOVERNANCE)
    rows = {row.code: row for row in why.questions}
    assert (rows["GV-01"].contribution, rows["GV-01"].most, rows["GV-01"].cap) == (60.0, 60.0, 4)
    assert (rows["GV-02"].contribution, rows["GV-02"].most, rows["GV-02"].cap) == (10.0, 40.0, None)
    assert why.evidence_adjusted_score == 70.0 and why.band is Band.GREEN
    assert why.next_band is None and why.single_moves == why.plan == ()


def test_single_change_from_amber_to_green(framework: Framework) -> None:
    _, why = explain(framework, everything_at(4, GV_02=at(0)), AreaId.GOVERNANCE)
    assert why.band is Band.AMBER and why.next_band is Band.GREEN
    # GV-02 to 1 gives 100 x 14 / 20 = 70: green; level 1 needs no evidence
    assert [(m.code, m.from_level, m.to_level, m.evidence_needed) for m in why.single_moves] == [
        ("GV-02", 0, 1, None)
    ]


def test_critical_gate_from_red_to_amber(framework: Framework) -> None:
    _, why = explain(framework, everything_at(4, GV_01=at(1)), AreaId.GOVERNANCE)
    assert why.band is Band.RED and why.next_band is Band.AMBER
    assert [(m.code, m.to_level, m.evidence_needed) for m in why.single_moves] == [
        ("GV-01", 2, Evidence.VERBAL)
    ]


def test_plan_when_no_single_change_suffices(framework: Framework) -> None:
    answers = everything_at(4, Mode.HEALTH_CHECK, GV_01=at(3), GV_02=at(1), HC_01=at(1))
    result, why = explain(framework, answers, AreaId.GOVERNANCE, Mode.HEALTH_CHECK)
    assert why.evidence_adjusted_score == 46.4 and why.single_moves == ()
    plan = [(m.code, m.from_level, m.to_level, m.evidence_needed) for m in why.plan]
    assert plan == [
        ("GV-01", 3, 4, Evidence.OPERATING),
        ("GV-02", 1, 2, Evidence.VERBAL),
        ("HC-01", 1, 2, Evidence.VERBAL),
    ]
    for move in why.plan:
        answers[move.code] = Answer.at(move.to_level, move.evidence_needed)
    lifted = score_organisation(framework, Mode.HEALTH_CHECK, answers, organisation="C")
    assert area_of(lifted, AreaId.GOVERNANCE).band is Band.GREEN
    assert area_of(result, AreaId.GOVERNANCE).band is Band.AMBER


def test_area_without_score_has_nothing_to_explain(framework: Framework) -> None:
    answers = everything_at(4, RM_01=Answer.not_applicable("x"), RM_02=Answer.not_applicable("y"))
    result = score_organisation(framework, Mode.READINESS, answers, organisation="C")
    why = {e.area: e for e in explain_result(framework, result)}[AreaId.RISK]
    assert why.band is None and why.plan == () and why.single_moves == ()
    assert all(row.contribution is None for row in why.questions)


def test_evidence_needed(framework: Framework) -> None:
    method = framework.method
    assert [evidence_needed(method, level) for level in range(5)] == [
        None, None, Evidence.VERBAL, Evidence.APPROVED, Evidence.OPERATING,
    ]  # fmt: skip

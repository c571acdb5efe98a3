"""Per-area targets: an organisation's own target level per area decides its gaps (and so the
critical gaps and the plan), never its scores, bands or verdict."""

from __future__ import annotations

import pytest

from rasp.domain.framework.schema import AreaId, Framework, Mode
from rasp.domain.scoring.answers import Answer
from rasp.domain.scoring.engine import area_targets, score_organisation
from rasp.domain.scoring.respondents import score_respondents
from rasp.domain.scoring.results import area_of

from .helpers import at, everything_at

SV, GV, RM = AreaId("shared-vision"), AreaId("governance"), AreaId("risk")


def _score(framework: Framework, answers: dict[str, Answer], **kwargs: object):
    return score_organisation(
        framework, Mode.READINESS, answers, organisation="Test Council", **kwargs
    )


def test_area_targets_fill_in_the_modes_default(framework: Framework) -> None:
    assert area_targets(framework, Mode.READINESS) == {area.id: 3 for area in framework.areas}
    chosen = area_targets(framework, Mode.HEALTH_CHECK, {SV: 2})
    assert chosen[SV] == 2 and chosen[GV] == 4


@pytest.mark.parametrize("bad", [-1, 5, 2.5, "3", True, None])
def test_a_target_must_be_a_whole_level(framework: Framework, bad: object) -> None:
    with pytest.raises(ValueError, match="whole level from 0 to 4"):
        area_targets(framework, Mode.READINESS, {SV: bad})  # type: ignore[dict-item]


def test_an_unknown_area_is_refused(framework: Framework) -> None:
    with pytest.raises(ValueError, match="unknown area"):
        area_targets(framework, Mode.READINESS, {"nowhere": 3})  # type: ignore[dict-item]


def test_raising_an_areas_target_adds_its_gaps_only(framework: Framework) -> None:
    answers = everything_at(3)
    plain = _score(framework, answers)
    assert plain.gaps == ()
    raised = _score(framework, answers, targets={SV: 4})
    assert [gap.code for gap in raised.gaps] == ["SV-01", "SV-02", "SV-03"]
    assert {gap.target for gap in raised.gaps} == {4}
    # weight × (target − level) + 3 for the critical SV-01
    assert [gap.priority for gap in raised.gaps] == [6, 2, 1]
    assert area_of(raised, SV).critical_gaps == ("SV-01",)
    assert area_of(raised, GV).critical_gaps == ()
    # Scores, bands and the verdict do not move with the target.
    assert raised.areas == tuple(
        area if area.id != SV else area_of(raised, SV) for area in plain.areas
    )
    assert [(a.evidence_adjusted_score, a.band) for a in raised.areas] == [
        (a.evidence_adjusted_score, a.band) for a in plain.areas
    ]
    assert raised.verdict == plain.verdict


def test_lowering_a_target_removes_gaps_below_the_modes_target(framework: Framework) -> None:
    answers = everything_at(3, SV_01=at(2), GV_01=at(1), RM_01=at(2))
    plain = _score(framework, answers)
    assert {gap.code for gap in plain.gaps} == {"SV-01", "GV-01", "RM-01"}
    lowered = _score(framework, answers, targets={SV: 2, RM: 1})
    assert [gap.code for gap in lowered.gaps] == ["GV-01"]
    assert area_of(lowered, SV).critical_gaps == ()
    assert area_of(lowered, GV).critical_gaps == ("GV-01",)
    # A target of 0 means no gap at all in that area, even at level 0.
    nothing = _score(framework, everything_at(0), targets={a.id: 0 for a in framework.areas})
    assert nothing.gaps == () and all(not a.critical_gaps for a in nothing.areas)


def test_targets_equal_to_the_default_change_nothing(framework: Framework) -> None:
    answers = everything_at(2, SV_02=Answer.dont_know())
    assert _score(framework, answers, targets={SV: 3, GV: 3}) == _score(framework, answers)


def test_planned_and_step_by_step_paths_agree_on_targets(framework: Framework) -> None:
    """A bad-typed but valid-looking answer sends scoring step by step: same gaps either way."""
    targets = {SV: 4, GV: 2}
    answers = everything_at(2, SV_03=at(1, None), GV_02=Answer.dont_know())
    planned = _score(framework, answers, targets=targets)
    # A level given as a bool equal to 1 is not foreseen by the plan: the step-by-step path runs.
    odd = dict(answers)
    odd["SV-03"] = Answer.at(True, None)  # type: ignore[arg-type]
    stepwise = _score(framework, odd, targets=targets)
    assert stepwise.gaps == planned.gaps
    assert stepwise.areas == planned.areas


def test_respondents_scoring_passes_the_targets_on(framework: Framework) -> None:
    result, _combined = score_respondents(
        framework,
        Mode.READINESS,
        [everything_at(3), everything_at(3)],
        organisation="Test Council",
        targets={GV: 4},
    )
    assert [gap.code for gap in result.gaps] == ["GV-01", "GV-02"]
    assert all(gap.target == 4 for gap in result.gaps)

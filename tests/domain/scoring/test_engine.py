"""Organisation scoring: area scores, evidence caps, bands, red flags, verdict and gaps."""

from __future__ import annotations

from fractions import Fraction

import pytest

from rasp.domain.framework.schema import AreaId, Evidence, Framework, Mode
from rasp.domain.scoring.answers import Answer, AnswersError
from rasp.domain.scoring.engine import (
    band_for,
    evidence_cap,
    round_score,
    score_organisation,
    verdict_for,
)
from rasp.domain.scoring.results import Band, OrganisationResult, Verdict, area_of, state_of

from .helpers import at, everything_at

NA = Answer.not_applicable("Not relevant here")
DK = Answer.dont_know()
B = Band


def score(
    framework: Framework, answers: dict[str, Answer], mode: Mode = Mode.READINESS
) -> OrganisationResult:
    return score_organisation(framework, mode, answers, organisation="Test Council")


def scores(result: OrganisationResult, area: str) -> tuple[float | None, float | None, Band | None]:
    entry = area_of(result, AreaId(area))
    return entry.declared_score, entry.evidence_adjusted_score, entry.band


@pytest.mark.parametrize(
    ("score_value", "critical_levels", "expected"),
    [
        (44.9, [], B.RED),
        (45.0, [], B.AMBER),
        (69.9, [], B.AMBER),
        (70.0, [], B.GREEN),
        (100.0, [0], B.RED),
        (100.0, [1], B.RED),
        (100.0, [2], B.AMBER),
        (100.0, [3], B.GREEN),
        (100.0, [4, 3], B.GREEN),
        (70.0, [3, 2], B.AMBER),
        (69.9, [3], B.AMBER),
        (44.9, [4], B.RED),
        (50.0, [2], B.AMBER),
        (0.0, [], B.RED),
        (None, [], None),
    ],
)
def test_band_thresholds_and_critical_gates(
    framework: Framework,
    score_value: float | None,
    critical_levels: list[int],
    expected: Band | None,
) -> None:
    assert band_for(framework.method.bands, score_value, critical_levels) == expected


@pytest.mark.parametrize(
    ("bands", "red_flag", "expected"),
    [
        ([B.GREEN] * 5, False, Verdict.READY),
        ([B.GREEN] * 5, True, Verdict.SIGNIFICANT_GAPS),
        ([B.GREEN, B.AMBER, B.GREEN], False, Verdict.READY_WITH_CONDITIONS),
        ([B.AMBER, B.AMBER], True, Verdict.SIGNIFICANT_GAPS),
        ([B.RED, B.GREEN, B.AMBER], False, Verdict.SIGNIFICANT_GAPS),
        ([B.RED, B.RED, B.GREEN], False, Verdict.NOT_READY),
        ([B.RED, B.RED], True, Verdict.NOT_READY),
        ([None, B.GREEN], False, Verdict.READY),
        ([None, None], False, Verdict.SIGNIFICANT_GAPS),
    ],
)
def test_verdict_is_the_weakest_link(
    bands: list[Band | None], red_flag: bool, expected: Verdict
) -> None:
    assert verdict_for(bands, red_flag) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Fraction(449, 10), 44.9),
        (Fraction(4495, 100), 45.0),  # half up, exactly
        (Fraction(4494, 100), 44.9),
        (Fraction(200, 3), 66.7),
        (Fraction(125, 3), 41.7),
        (Fraction(1, 20), 0.1),
        (Fraction(100), 100.0),
    ],
)
def test_round_score_half_up(value: Fraction, expected: float) -> None:
    assert round_score(value) == expected


@pytest.mark.parametrize(
    ("level", "evidence", "cap"),
    [
        (0, None, None),
        (1, None, None),
        (2, None, 1),  # missing evidence where it is required counts as none
        (4, None, 1),
        (1, Evidence.NONE, 1),
        (3, Evidence.VERBAL, 2),
        (3, Evidence.DRAFT, 2),
        (4, Evidence.APPROVED, 3),
        (4, Evidence.OPERATING, 4),
    ],
)
def test_evidence_cap(
    framework: Framework, level: int, evidence: Evidence | None, cap: int | None
) -> None:
    assert evidence_cap(framework.method, level, evidence) == cap


@pytest.mark.parametrize(
    ("answers", "area", "expected"),
    [
        (everything_at(4), "shared-vision", (100.0, 100.0, B.GREEN)),
        (everything_at(3), "governance", (75.0, 75.0, B.GREEN)),
        (everything_at(2), "resources", (50.0, 50.0, B.AMBER)),
        # TR-01 (weight 2) not applicable: only TR-02 (weight 3) counts: 100 x 6 / 12
        (everything_at(4, TR_01=NA, TR_02=at(2)), "resources", (50.0, 50.0, B.AMBER)),
        # ...whereas answered 4 it counts: 100 x (8 + 6) / 20
        (everything_at(4, TR_02=at(2)), "resources", (70.0, 70.0, B.AMBER)),
        (everything_at(4, RM_01=NA, RM_02=NA), "risk", (None, None, None)),
        # SV-02 at 1 hides SV-03 (show_if 2, 3, 4): 100 x (12 + 2) / 20
        (everything_at(4, SV_02=at(1)), "shared-vision", (70.0, 70.0, B.GREEN)),
        # SV-02 at 2 shows SV-03, unanswered here: 100 x (12 + 4 + 0) / 24
        ({**everything_at(4, SV_02=at(2))} | {"SV-03": DK}, "shared-vision", (66.7, 66.7, B.AMBER)),
        # SV-01 claimed 4 with no evidence: capped at 1, a critical at 1 is red
        (everything_at(4, SV_01=at(4, None)), "shared-vision", (100.0, 62.5, B.RED)),
        (everything_at(4, SV_01=at(4, Evidence.VERBAL)), "shared-vision", (100.0, 75.0, B.AMBER)),
        (everything_at(4, SV_01=at(4, Evidence.APPROVED)), "shared-vision", (100.0, 87.5, B.GREEN)),
        # EC-02 level 1 needs no evidence: no cap; EC-01 dont-know scores 0: 100 x 1 / 12
        (everything_at(4, EC_01=DK, EC_02=at(1, None)), "ethos-culture", (8.3, 8.3, B.RED)),
        # 100 x (8 + 3) / 20 = 55: amber; all three critical at 3 keep green elsewhere
        (everything_at(3, GV_02=at(1)), "governance", (55.0, 55.0, B.AMBER)),
        (everything_at(4, GV_01=at(1)), "governance", (55.0, 55.0, B.RED)),
    ],
)
def test_area_scores_by_hand(
    framework: Framework,
    answers: dict[str, Answer],
    area: str,
    expected: tuple[float | None, float | None, Band | None],
) -> None:
    assert scores(score(framework, answers), area) == expected


def test_unanswered_hidden_and_unknown_are_listed_apart(framework: Framework) -> None:
    answers = everything_at(4, EC_01=DK, SV_02=at(1))
    del answers["EC-02"]
    result = score(framework, answers)
    assert result.unknowns == ("EC-01",)
    assert result.unanswered == ("EC-02",)
    assert area_of(result, AreaId("ethos-culture")).unknowns == ("EC-01",)
    assert state_of(result, "SV-03").status == "hidden"  # answered, but hidden by SV-02 at 1
    assert scores(result, "ethos-culture") == (0.0, 0.0, B.RED)


def test_answer_hidden_by_show_if_does_not_count_even_when_given(framework: Framework) -> None:
    with_answer = score(framework, everything_at(4, SV_02=at(1), SV_03=at(0)))
    without = score(
        framework, {k: v for k, v in everything_at(4, SV_02=at(1)).items() if k != "SV-03"}
    )
    assert (
        scores(with_answer, "shared-vision")
        == scores(without, "shared-vision")
        == (70.0, 70.0, B.GREEN)
    )
    assert without.unanswered == ()


@pytest.mark.parametrize(
    ("rm01", "flagged"),
    [
        (DK, True),
        (None, True),  # unanswered: scored like don't know
        (at(0), True),
        (at(1), True),
        (at(2), False),
        (at(2, None), True),  # claimed 2 without evidence: adjusted to 1
        (at(4, Evidence.VERBAL), False),
        (NA, False),
    ],
)
def test_red_flag(framework: Framework, rm01: Answer | None, flagged: bool) -> None:
    answers = everything_at(4)
    if rm01 is None:
        del answers["RM-01"]
    else:
        answers["RM-01"] = rm01
    result = score(framework, answers)
    assert result.red_flags == (("RM-01",) if flagged else ())
    if flagged:
        # risk at (0 + 4) / 12 = 33.3 is red too: one red area and a red flag
        assert result.verdict is Verdict.SIGNIFICANT_GAPS


def test_red_flag_alone_gives_significant_gaps(framework: Framework) -> None:
    # RM-01 at 1 and RM-02 at 4: risk = 100 x (2 + 4) / 12 = 50: amber, yet the flag decides
    result = score(framework, everything_at(4, RM_01=at(1)))
    assert scores(result, "risk") == (50.0, 50.0, B.AMBER)
    assert result.red_flags == ("RM-01",)
    assert result.verdict is Verdict.SIGNIFICANT_GAPS


@pytest.mark.parametrize(
    ("answers", "verdict"),
    [
        (everything_at(4), Verdict.READY),
        (everything_at(3), Verdict.READY),
        (everything_at(2), Verdict.READY_WITH_CONDITIONS),
        (everything_at(4, TR_02=at(1)), Verdict.SIGNIFICANT_GAPS),
        (everything_at(4, TR_02=at(1), GV_01=at(0)), Verdict.NOT_READY),
        (everything_at(4, RM_01=NA, RM_02=NA), Verdict.READY),  # the unscored area is left out
    ],
)
def test_verdicts_from_answers(
    framework: Framework, answers: dict[str, Answer], verdict: Verdict
) -> None:
    assert score(framework, answers).verdict is verdict


def test_gaps_priority_advice_and_order(framework: Framework) -> None:
    answers = everything_at(4, SV_01=at(1), SV_02=at(0), GV_02=at(2))
    gaps = score(framework, answers).gaps
    assert [(g.code, g.level, g.target, g.priority, g.advice) for g in gaps] == [
        ("SV-01", 1, 3, 3 * 2 + 3, "Advice SV-01 from 1."),  # critical: + bonus
        ("SV-02", 0, 3, 2 * 3, "Advice SV-02 from 0."),
        ("GV-02", 2, 3, 2 * 1, "Advice GV-02 from 2."),
    ]


def test_gap_ties_go_by_stage_then_code(framework: Framework) -> None:
    answers = everything_at(4, SV_02=at(2), EC_01=at(2), GV_02=at(2), TR_01=at(2))
    gaps = score(framework, answers).gaps
    assert [(g.code, g.priority, g.stage.value) for g in gaps] == [
        ("SV-02", 2, "before-commitment"),
        ("TR-01", 2, "before-commitment"),
        ("EC-01", 2, "before-go-live"),
        ("GV-02", 2, "after-go-live"),
    ]


def test_gaps_use_the_evidence_adjusted_level(framework: Framework) -> None:
    result = score(framework, everything_at(4, TR_01=at(4, Evidence.DRAFT)))
    assert [(g.code, g.level, g.priority) for g in result.gaps] == [("TR-01", 2, 2)]
    assert area_of(result, AreaId("resources")).critical_gaps == ()


def test_critical_gaps_listed_per_area(framework: Framework) -> None:
    result = score(framework, everything_at(4, SV_01=at(2)))
    assert area_of(result, AreaId("shared-vision")).critical_gaps == ("SV-01",)
    assert area_of(result, AreaId("governance")).critical_gaps == ()


def test_health_check_targets_4_and_scores_module_questions_into_their_area(
    framework: Framework,
) -> None:
    answers = everything_at(4, Mode.HEALTH_CHECK, HC_01=at(0))
    result = score(framework, answers, Mode.HEALTH_CHECK)
    # governance: GV-01 (3) at 4, GV-02 (2) at 4, HC-01 (2) at 0: 100 x 20 / 28
    assert scores(result, "governance") == (71.4, 71.4, B.GREEN)
    assert [(g.code, g.target, g.priority) for g in result.gaps] == [("HC-01", 4, 8)]
    at_three = score(framework, everything_at(3, Mode.HEALTH_CHECK), Mode.HEALTH_CHECK)
    assert {g.target for g in at_three.gaps} == {4}
    assert len(at_three.gaps) == 12


def test_a_module_question_is_refused_in_another_mode(framework: Framework) -> None:
    with pytest.raises(AnswersError, match="HC-01: question not asked in mode readiness"):
        score(framework, everything_at(4, HC_01=at(2)))


def test_json_shape_is_exactly_the_interface(framework: Framework) -> None:
    data = score(framework, everything_at(4, SV_02=DK)).to_json_dict()
    assert list(data) == [
        "organisation", "mode", "framework_version", "verdict", "areas",
        "red_flags", "unknowns", "unanswered", "gaps",
    ]  # fmt: skip
    assert [area["id"] for area in data["areas"]] == [
        "shared-vision", "ethos-culture", "resources", "risk", "governance",
    ]  # fmt: skip
    assert set(data["areas"][0]) == {
        "id", "declared_score", "evidence_adjusted_score", "band", "critical_gaps", "unknowns",
    }  # fmt: skip
    assert set(data["gaps"][0]) == {"code", "level", "target", "priority", "stage", "advice"}
    assert data["unknowns"] == ["SV-02"]
    assert data["gaps"][0]["stage"] == "before-commitment"

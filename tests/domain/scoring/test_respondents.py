"""Several respondents in one organisation: median rounded down, disputes, agreed levels."""

from __future__ import annotations

import pytest

from rasp.domain.framework.schema import Evidence, Framework, Mode
from rasp.domain.scoring.answers import Answer, AnswerKind, AnswersError
from rasp.domain.scoring.respondents import (
    combine_question,
    combine_respondents,
    median_rounded_down,
    score_respondents,
)
from rasp.domain.scoring.results import Verdict

from .helpers import at, everything_at

DK = Answer.dont_know()
NA = Answer.not_applicable("Not here")


@pytest.mark.parametrize(
    ("levels", "median"),
    [
        ([3], 3),
        ([1, 4, 2], 2),
        ([2, 3], 2),  # 2.5 rounded down
        ([0, 1], 0),
        ([1, 2, 3, 4], 2),  # middle pair 2 and 3
        ([4, 4, 0, 1], 2),  # middle pair 1 and 4: 2.5 down
        ([0, 4], 2),
        ([3, 3, 4, 4], 3),
    ],
)
def test_median_rounded_down(levels: list[int], median: int) -> None:
    assert median_rounded_down(levels) == median


def test_median_of_nothing_is_refused() -> None:
    with pytest.raises(ValueError):
        median_rounded_down([])


@pytest.mark.parametrize(
    ("given", "level", "spread", "disputed"),
    [
        ([at(3), at(2)], 2, 1, False),
        ([at(3), at(1)], 2, 2, True),  # spread 2 is disputed
        ([at(4), at(1), at(4)], 4, 3, True),
        ([at(3), DK], 1, 3, True),  # don't know counts 0: median 1.5 -> 1
        ([at(3), NA, at(3)], 3, 0, False),  # not applicable left out
        ([at(2)], 2, 0, False),
    ],
)
def test_combined_level_and_dispute(
    framework: Framework, given: list[Answer], level: int, spread: int, disputed: bool
) -> None:
    combined = combine_question(framework.method, "EC-01", given)
    assert combined.answer is not None
    assert (combined.answer.level, combined.spread, combined.disputed) == (level, spread, disputed)


def test_all_dont_know_stays_dont_know(framework: Framework) -> None:
    combined = combine_question(framework.method, "EC-01", [DK, DK, NA])
    assert combined.answer == Answer.dont_know()


def test_all_not_applicable_stays_not_applicable_with_reasons(framework: Framework) -> None:
    combined = combine_question(framework.method, "EC-01", [NA, Answer.not_applicable("Other"), NA])
    assert combined.answer is not None
    assert combined.answer.kind is AnswerKind.NOT_APPLICABLE
    assert combined.answer.reason == "Not here; Other"
    assert combined.median is None


def test_agreed_level_replaces_the_median_and_settles_the_dispute(framework: Framework) -> None:
    agreed = at(3, Evidence.APPROVED)
    combined = combine_question(framework.method, "EC-01", [at(4), at(1), at(1)], agreed)
    assert combined.median == 1
    assert combined.disputed and combined.agreed
    assert combined.answer == agreed


@pytest.mark.parametrize(
    ("given", "evidence"),
    [
        # combined level 3: the strongest evidence among those at 3 or above
        (
            [at(3, Evidence.APPROVED), at(4, Evidence.OPERATING), at(2, Evidence.DRAFT)],
            Evidence.OPERATING,
        ),
        (
            [at(3, Evidence.VERBAL), at(3, Evidence.DRAFT), at(1, Evidence.OPERATING)],
            Evidence.VERBAL,
        ),
        ([at(3, None), at(4, None)], Evidence.NONE),  # missing where required counts as none
        ([at(1, None), at(1, None)], None),  # below the level that needs evidence
    ],
)
def test_evidence_of_the_combined_level(
    framework: Framework, given: list[Answer], evidence: Evidence | None
) -> None:
    combined = combine_question(framework.method, "EC-01", given)
    assert combined.answer is not None
    assert combined.answer.evidence == evidence


def test_combine_respondents_per_question(framework: Framework) -> None:
    cabinet = everything_at(4, EC_01=at(1), TR_01=DK)
    cio = everything_at(3, EC_01=at(3))
    finance = everything_at(3, EC_01=at(4))
    del finance["GV-02"]
    combined = combine_respondents(framework, Mode.READINESS, [cabinet, cio, finance])
    assert combined.answers["EC-01"].level == 3
    assert combined.answers["TR-01"].level == 3  # 0, 3, 3
    assert combined.answers["GV-02"].level == 3  # 4 and 3 (finance gave no view): 3.5 down
    assert combined.disputed == ("EC-01", "TR-01")
    assert [q.code for q in combined.questions][:3] == ["SV-01", "SV-02", "SV-03"]


def test_a_respondent_to_whom_a_follow_up_is_hidden_gives_no_view(framework: Framework) -> None:
    sees = everything_at(4, SV_03=at(1))
    hidden = everything_at(4, SV_02=at(1), SV_03=at(4))  # SV-03 hidden for this respondent
    combined = combine_respondents(framework, Mode.READINESS, [sees, hidden])
    sv03 = next(q for q in combined.questions if q.code == "SV-03")
    assert sv03.levels == (1,)
    assert combined.answers["SV-03"].level == 1


def test_nobody_answering_leaves_the_question_unanswered(framework: Framework) -> None:
    one = everything_at(4)
    del one["RM-02"]
    result, combined = score_respondents(
        framework, Mode.READINESS, [one, dict(one)], organisation="Council"
    )
    assert "RM-02" not in combined.answers
    assert result.unanswered == ("RM-02",)


def test_score_respondents_uses_agreed_levels(framework: Framework) -> None:
    low, high = everything_at(4, TR_02=at(0)), everything_at(4, TR_02=at(4))
    result, combined = score_respondents(
        framework, Mode.READINESS, [low, high], organisation="Council"
    )
    assert combined.disputed == ("TR-02",)
    assert result.verdict is Verdict.READY_WITH_CONDITIONS  # TR-02 at 2: amber
    agreed = {"TR-02": at(4, Evidence.OPERATING)}
    result, combined = score_respondents(
        framework, Mode.READINESS, [low, high], organisation="Council", agreed=agreed
    )
    assert combined.disputed == ()
    assert result.verdict is Verdict.READY


def test_a_bad_respondent_answer_names_the_code(framework: Framework) -> None:
    with pytest.raises(AnswersError, match="TR-02: a critical question cannot be answered"):
        combine_respondents(framework, Mode.READINESS, [everything_at(4, TR_02=NA)])

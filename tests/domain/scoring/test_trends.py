"""Change since the previous assessment, across framework versions through the code map."""

from __future__ import annotations

import pytest

from rasp.domain.framework.schema import AreaId, Framework, Mode, Question, ShowIf
from rasp.domain.scoring.engine import score_organisation
from rasp.domain.scoring.results import Band, Verdict
from rasp.domain.scoring.trends import compare_results

from .helpers import at, everything_at


def newer(framework: Framework) -> Framework:
    """Version 1.1: SV-02 renamed SV-12, RM-02 dropped, GV-03 added."""
    questions: list[Question] = []
    for question in framework.questions:
        if question.code == "RM-02":
            continue
        if question.code == "SV-02":
            question = question.model_copy(update={"code": "SV-12"})
        if question.code == "SV-03":
            question = question.model_copy(
                update={"show_if": ShowIf(question="SV-12", levels=[2, 3, 4])}
            )
        questions.append(question)
        if question.code == "GV-02":
            questions.append(question.model_copy(update={"code": "GV-03"}))
    return framework.model_copy(
        update={
            "version": "1.1",
            "previous_version": "1.0",
            "code_map": {"SV-02": "SV-12"},
            "questions": questions,
        }
    )


def test_changes_by_area_and_question_in_one_version(framework: Framework) -> None:
    before = score_organisation(
        framework, Mode.HEALTH_CHECK, everything_at(2, Mode.HEALTH_CHECK), organisation="C"
    )
    after = score_organisation(
        framework,
        Mode.HEALTH_CHECK,
        everything_at(3, Mode.HEALTH_CHECK, TR_02=at(4)),
        organisation="C",
    )
    trend = compare_results(framework, before, after)
    by_area = {change.area: change for change in trend.areas}
    assert (by_area[AreaId.SHARED_VISION].previous_score, by_area[AreaId.SHARED_VISION].score) == (
        50.0,
        75.0,
    )
    assert by_area[AreaId.SHARED_VISION].change == 25.0
    # resources: 100 x (2x2 + 3x2) / 20 = 50 -> 100 x (2x3 + 3x4) / 20 = 90
    assert by_area[AreaId.RESOURCES].change == 40.0
    assert (by_area[AreaId.RESOURCES].previous_band, by_area[AreaId.RESOURCES].band) == (
        Band.AMBER,
        Band.GREEN,
    )
    changes = {q.code: q.change for q in trend.questions}
    assert changes["TR-02"] == 2
    assert changes["HC-01"] == 1
    assert trend.new == trend.dropped == ()
    assert (trend.previous_verdict, trend.verdict) == (Verdict.READY_WITH_CONDITIONS, Verdict.READY)


def test_questions_matched_through_the_code_map(framework: Framework) -> None:
    v11 = newer(framework)
    before = score_organisation(
        framework, Mode.READINESS, everything_at(4, SV_02=at(1)), organisation="C"
    )
    answers = {
        code.replace("SV-02", "SV-12"): a for code, a in everything_at(4, SV_12=at(3)).items()
    }
    answers = {c: a for c, a in answers.items() if c in {q.code for q in v11.questions}}
    answers["GV-03"] = at(2)
    after = score_organisation(v11, Mode.READINESS, answers, organisation="C")
    trend = compare_results(v11, before, after)
    sv12 = next(q for q in trend.questions if q.code == "SV-12")
    assert (sv12.previous_code, sv12.previous_level, sv12.level, sv12.change) == ("SV-02", 1, 3, 2)
    sv03 = next(q for q in trend.questions if q.code == "SV-03")
    assert (sv03.previous_level, sv03.level, sv03.change) == (None, 4, None)  # was hidden
    assert trend.new == ("GV-03",)
    assert trend.dropped == ("RM-02",)
    assert (trend.previous_framework_version, trend.framework_version) == ("1.0", "1.1")
    data = trend.to_json_dict()
    assert data["questions"][1]["previous_code"] == "SV-02"


def test_the_framework_must_be_the_current_results(framework: Framework) -> None:
    result = score_organisation(framework, Mode.READINESS, everything_at(4), organisation="C")
    with pytest.raises(ValueError, match="not the current result's version 1.0"):
        compare_results(newer(framework), result, result)


def test_match_codes_across_versions_through_the_code_map(framework: Framework) -> None:
    from rasp.domain.scoring.trends import match_codes

    later = newer(framework)
    before = [q.code for q in framework.questions_for_mode(Mode.READINESS)]
    now = [q.code for q in later.questions_for_mode(Mode.READINESS)]
    match = match_codes(later, framework.version, before, now)
    # SV-02 -> SV-12 through the map; RM-02 dropped; GV-03 new; the rest by code.
    assert match.matched == len(before) - 1
    assert match.through_map == 1
    assert (match.new, match.dropped) == (1, 1)
    assert not match.complete
    # Same version: the code map is not applied, codes match as they are.
    same = match_codes(framework, framework.version, before, before)
    assert same.matched == len(before) and same.complete
    # The map is used only across versions: SV-02 under 1.1 itself is not SV-12.
    assert match_codes(later, later.version, ["SV-02"], ["SV-12"]).matched == 0

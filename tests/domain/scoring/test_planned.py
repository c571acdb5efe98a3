"""``score_organisation`` runs on a precomputed plan; it must agree exactly with scoring step by
step (checks, question states, judgement) on every answer set, good or bad, in every mode."""

from __future__ import annotations

import gc
import math
from collections.abc import Mapping
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from rasp.domain.framework.schema import Evidence, Mode
from rasp.domain.scoring import index
from rasp.domain.scoring.answers import Answer, AnswerKind, AnswersError, validate_answers
from rasp.domain.scoring.engine import (
    _plan_for,
    _score_planned,
    assess,
    question_states,
    round_score,
    score_organisation,
)
from rasp.domain.scoring.results import OrganisationResult, Status

from .helpers import small_framework

FRAMEWORK = small_framework()
CODES = [q.code for q in FRAMEWORK.questions]

levels = st.builds(Answer.at, st.integers(0, 4), st.none() | st.sampled_from(list(Evidence)))
answers_of_every_kind = st.one_of(
    levels,
    levels,
    levels,
    st.just(Answer.dont_know()),
    st.builds(Answer.not_applicable, st.sampled_from(["Not here", "Out of scope", " "])),
    # Odd ones: out of range, no level, look-alikes of a level and of evidence, a stray level.
    st.sampled_from(
        [
            Answer.at(5),
            Answer.at(-1),
            Answer(AnswerKind.LEVEL),
            Answer(AnswerKind.LEVEL, True, Evidence.OPERATING),
            Answer(AnswerKind.LEVEL, 3, "approved"),  # type: ignore[arg-type]
            Answer(AnswerKind.DONT_KNOW, 3, Evidence.DRAFT),
        ]
    ),
)
answer_sets = st.dictionaries(
    st.sampled_from([*CODES, "ZZ-99"]), answers_of_every_kind, max_size=len(CODES)
)


def step_by_step(
    mode: Mode, answers: Mapping[str, Answer], organisation: str
) -> OrganisationResult:
    """The method as written in ``design/scoring.md``, one step after another."""
    validate_answers(FRAMEWORK, mode, answers, "file.yaml")
    states = question_states(FRAMEWORK, mode, answers)
    unknowns = tuple(s.code for s in states if s.status is Status.DONT_KNOW)
    unanswered = tuple(s.code for s in states if s.status is Status.UNANSWERED)
    judged = assess(FRAMEWORK, mode, states, set(unknowns))
    return OrganisationResult(
        organisation=organisation,
        mode=mode,
        framework_version=FRAMEWORK.version,
        verdict=judged.verdict,
        areas=judged.areas,
        red_flags=judged.red_flags,
        unknowns=unknowns,
        unanswered=unanswered,
        gaps=judged.gaps,
        questions=states,
    )


@given(st.sampled_from(list(Mode)), answer_sets)
def test_planned_scoring_agrees_with_scoring_step_by_step(
    mode: Mode, answers: dict[str, Answer]
) -> None:
    try:
        expected: object = repr(step_by_step(mode, answers, "Council"))
    except AnswersError as error:
        expected = (str(error), error.code)
    try:
        got: object = repr(
            score_organisation(FRAMEWORK, mode, answers, organisation="Council", source="file.yaml")
        )
    except AnswersError as error:
        got = (str(error), error.code)
    assert got == expected


def test_good_answers_take_the_plan_and_odd_ones_do_not() -> None:
    plan = _plan_for(FRAMEWORK, Mode.READINESS)
    assert plan is not None
    good = {
        "SV-01": Answer.at(3, Evidence.APPROVED),
        "SV-02": Answer.at(1),
        "SV-03": Answer.dont_know(),  # hidden: SV-02 is below 2
        "EC-01": Answer.not_applicable("Not here"),
    }
    assert _score_planned(FRAMEWORK, plan, good, "Council", Mode.READINESS) is not None
    for odd in (Answer.at(True), Answer(AnswerKind.LEVEL, 2, "draft")):  # type: ignore[arg-type]
        answers = {**good, "TR-01": odd}
        assert _score_planned(FRAMEWORK, plan, answers, "Council", Mode.READINESS) is None


@given(st.integers(0, 10**6), st.integers(1, 10**4))
def test_round_score_in_integers_agrees_with_the_fraction_arithmetic(
    numerator: int, denominator: int
) -> None:
    value = Fraction(numerator, denominator)
    assert round_score(value) == float(Fraction(math.floor(value * 10 + Fraction(1, 2)), 10))


def test_the_plan_cache_lets_go_of_a_framework_and_never_mixes_two_up() -> None:
    copy = FRAMEWORK.model_copy(update={"title": "A copy"})
    answers = {"SV-01": Answer.at(3, Evidence.APPROVED)}
    first = score_organisation(copy, Mode.READINESS, answers, organisation="Council")
    assert first == step_by_step(Mode.READINESS, answers, "Council")
    ident = id(copy)
    assert ident in index._store
    score_organisation(FRAMEWORK, Mode.READINESS, answers, organisation="Council")
    del copy
    gc.collect()
    assert ident not in index._store

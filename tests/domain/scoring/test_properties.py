"""Property-based checks of the method's guarantees, over random answers to the test framework."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from rasp.domain.framework.schema import Evidence, Mode
from rasp.domain.scoring.answers import Answer, AnswerKind, PartnerAnswers
from rasp.domain.scoring.engine import score_organisation
from rasp.domain.scoring.explain import explain_result
from rasp.domain.scoring.partnership import score_partnership
from rasp.domain.scoring.respondents import combine_question
from rasp.domain.scoring.results import Band, OrganisationResult, Verdict, area_of, state_of

from .helpers import small_framework

FRAMEWORK = small_framework()
QUESTIONS = FRAMEWORK.questions_for_mode(Mode.READINESS)
PARENTS = {q.show_if.question for q in QUESTIONS if q.show_if is not None}
RANK = {Band.GREEN: 0, Band.AMBER: 1, Band.RED: 2}
ORDER = list(Verdict)

levels = st.integers(min_value=0, max_value=4)
evidence = st.one_of(st.none(), st.sampled_from(list(Evidence)))
level_answers = st.builds(Answer.at, levels, evidence)


def answer_for(critical: bool) -> st.SearchStrategy[Answer | None]:
    choices: list[st.SearchStrategy[Answer | None]] = [
        st.none(), st.just(Answer.dont_know()), level_answers, level_answers,
    ]  # fmt: skip
    if not critical:
        choices.append(st.just(Answer.not_applicable("Not here")))
    return st.one_of(*choices)


answer_sets = st.tuples(*(answer_for(q.critical) for q in QUESTIONS)).map(
    lambda given: {q.code: a for q, a in zip(QUESTIONS, given, strict=True) if a is not None}
)


def score(answers: dict[str, Answer], name: str = "Council") -> OrganisationResult:
    return score_organisation(FRAMEWORK, Mode.READINESS, answers, organisation=name)


@given(answer_sets)
def test_scores_are_within_range_and_adjusted_never_exceeds_declared(
    answers: dict[str, Answer],
) -> None:
    for area in score(answers).areas:
        declared, adjusted = area.declared_score, area.evidence_adjusted_score
        assert (declared is None) == (adjusted is None) == (area.band is None)
        if declared is not None and adjusted is not None:
            assert 0 <= adjusted <= declared <= 100
            assert area.assurance_gap is not None and area.assurance_gap >= 0


@given(answer_sets, st.sampled_from([q.code for q in QUESTIONS if q.code not in PARENTS]), levels)
def test_raising_one_level_never_lowers_its_area(
    answers: dict[str, Answer], code: str, raise_by: int
) -> None:
    # (Raising a show_if parent may reveal a follow-up question, so parents are left out.)
    current = answers.get(code)
    if current is None or current.kind is not AnswerKind.LEVEL or current.level is None:
        return
    higher = Answer.at(min(4, current.level + raise_by), current.evidence)
    area = FRAMEWORK.question(code).area
    before = area_of(score(answers), area)
    after = area_of(score({**answers, code: higher}), area)
    assert before.declared_score is not None and after.declared_score is not None
    assert after.declared_score >= before.declared_score
    assert (after.evidence_adjusted_score or 0) >= (before.evidence_adjusted_score or 0)
    assert RANK[after.band or Band.RED] <= RANK[before.band or Band.RED]


@given(answer_sets)
def test_a_red_flag_never_gives_ready_and_verdict_follows_the_worst_band(
    answers: dict[str, Answer],
) -> None:
    result = score(answers)
    bands = [a.band for a in result.areas if a.band is not None]
    reds = bands.count(Band.RED)
    if result.red_flags:
        assert ORDER.index(result.verdict) >= ORDER.index(Verdict.SIGNIFICANT_GAPS)
    if reds >= 2:
        assert result.verdict is Verdict.NOT_READY
    elif reds == 1:
        assert result.verdict is Verdict.SIGNIFICANT_GAPS
    elif Band.AMBER in bands:
        assert ORDER.index(result.verdict) >= ORDER.index(Verdict.READY_WITH_CONDITIONS)
    if result.verdict is Verdict.READY:
        assert bands and set(bands) == {Band.GREEN} and not result.red_flags


@given(answer_sets)
def test_gaps_are_sorted_and_below_target(answers: dict[str, Answer]) -> None:
    gaps = score(answers).gaps
    assert [g.priority for g in gaps] == sorted((g.priority for g in gaps), reverse=True)
    assert all(g.level < g.target == FRAMEWORK.method.targets[Mode.READINESS] for g in gaps)


@settings(max_examples=50)
@given(st.lists(answer_sets, min_size=2, max_size=4))
def test_partnership_level_never_exceeds_any_partner_on_organisation_scope(
    partners: list[dict[str, Answer]],
) -> None:
    named = [PartnerAnswers(f"Council {i}", a) for i, a in enumerate(partners)]
    result = score_partnership(FRAMEWORK, Mode.READINESS, named)
    for question in QUESTIONS:
        joint = state_of(result, question.code)
        for partner in result.partners:
            own = state_of(partner, question.code)
            if question.scope == "organisation" and own.applicable:
                assert joint.adjusted is not None and own.adjusted is not None
                assert joint.adjusted <= own.adjusted
                assert joint.declared is not None and own.declared is not None
                assert joint.declared <= own.declared
    for partner in result.partners:
        assert set(partner.red_flags) <= set(result.red_flags)


@given(st.lists(st.one_of(level_answers, st.just(Answer.dont_know())), min_size=1, max_size=6))
def test_combined_level_lies_between_the_respondents(given_answers: list[Answer]) -> None:
    combined = combine_question(FRAMEWORK.method, "EC-01", given_answers)
    assert combined.answer is not None
    values = [a.level if a.level is not None else 0 for a in given_answers]
    if combined.answer.kind is AnswerKind.LEVEL:
        assert combined.answer.level is not None
        assert min(values) <= combined.answer.level <= max(values)
    assert combined.disputed == (max(values) - min(values) >= FRAMEWORK.method.disputed_spread)


@settings(max_examples=50)
@given(answer_sets)
def test_every_single_move_really_lifts_the_band(answers: dict[str, Answer]) -> None:
    result = score(answers)
    for why in explain_result(FRAMEWORK, result):
        for move in why.single_moves:
            if move.code in PARENTS:
                continue
            lifted = score({**answers, move.code: Answer.at(move.to_level, move.evidence_needed)})
            new_band = area_of(lifted, why.area).band
            assert why.band is not None and new_band is not None
            assert RANK[new_band] < RANK[why.band]

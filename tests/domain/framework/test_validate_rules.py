"""Validator rules added with the public pages: follow-ups come after their question, and
glossary aliases name one entry only. Critical questions and not applicable: see the note."""

from __future__ import annotations

from rasp.domain.framework.validate import validate_framework_text
from tests.domain.framework.sample import line_of, variant

FILE = "bank.yaml"

# SV-02 is asked in readiness only; SV-03 in every mode, so pointing SV-02 at SV-03 breaks only
# the order rule.
LATER = ("show_if: {question: SV-01, levels: [2, 3, 4]}", "show_if: {question: SV-03, levels: [3]}")


def test_a_show_if_pointing_to_a_later_question_is_a_problem() -> None:
    text = variant(LATER)
    problems = validate_framework_text(text, filename=FILE)
    assert len(problems) == 1, problems
    problem = problems[0]
    assert (problem.code, problem.field) == ("SV-02", "show_if.question")
    assert problem.line == line_of(text, "question: SV-03")
    assert "comes later in the file" in problem.message
    assert "must come after the question it depends on" in problem.message


def test_a_show_if_pointing_to_an_earlier_question_is_fine() -> None:
    assert validate_framework_text(variant(), filename=FILE) == []


def test_glossary_aliases_are_allowed_and_checked_for_clashes() -> None:
    ok = variant(("  - term: baseline\n", "  - term: baseline\n    aliases: [base line]\n"))
    assert validate_framework_text(ok, filename=FILE) == []
    second = "case_studies:\n"
    clash = variant(
        (second, "  - term: budget\n    aliases: [Baseline]\n    definition: Money.\n" + second)
    )
    problems = validate_framework_text(clash, filename=FILE)
    assert [(p.field, p.message) for p in problems] == [
        ("glossary[1].aliases[0]", "'Baseline' already names glossary[0]")
    ]


def test_a_question_listing_an_alias_is_told_the_term() -> None:
    text = variant(
        ("  - term: baseline\n", "  - term: baseline\n    aliases: [BL]\n"),
        ("    glossary: [baseline]", "    glossary: [BL]"),
    )
    messages = [p.message for p in validate_framework_text(text, filename=FILE)]
    assert messages == ["no glossary entry for 'BL' (it is another name for 'baseline': list that)"]


def test_critical_questions_have_no_way_to_allow_not_applicable() -> None:
    # The schema has no field for it: a critical question is never answerable "not applicable"
    # (the scoring engine refuses such an answer). An attempt to add one is an unknown field.
    text = variant(("    critical: true\n", "    critical: true\n    allow_not_applicable: true\n"))
    problems = validate_framework_text(text, filename=FILE)
    assert [(p.code, p.field) for p in problems] == [("SV-01", "allow_not_applicable")]
    assert "unknown field" in problems[0].message

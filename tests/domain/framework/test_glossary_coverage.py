"""The bundled question bank's glossary: the technical terms are defined, and every question lists
the glossary terms its page shows, so each can be linked where it appears."""

from __future__ import annotations

import pytest

from rasp.domain.framework.loader import bundled_framework
from rasp.domain.framework.presentation import TermMatcher, question_prose, terms_used
from rasp.domain.framework.schema import Framework


@pytest.fixture(scope="module")
def bank() -> Framework:
    return bundled_framework()


# Terms the issue names, each with the abbreviation or short form councils use for it.
REQUIRED = [
    "s.101",
    "s.113",
    "Teckal",
    "TUPE",
    "LGPS",
    "DPIA",
    "section 114",
    "section 151 officer",
    "monitoring officer",
    "SIRO",
    "LGR",
    "ICB",
    "joint committee",
    "section 75",
    "UK GDPR",
]


@pytest.mark.parametrize("name", REQUIRED)
def test_the_named_technical_terms_are_in_the_glossary(bank: Framework, name: str) -> None:
    assert TermMatcher(bank.glossary).terms_in(name), f"{name} is not in the glossary"


def test_every_term_in_a_question_text_or_hint_is_listed(bank: Framework) -> None:
    matcher = TermMatcher(bank.glossary)
    missing = []
    for question in bank.questions:
        listed = {ref.casefold() for ref in question.glossary}
        used = matcher.terms_in(question.text) | matcher.terms_in(question.hint)
        missing += [f"{question.code}: {t}" for t in sorted(used) if t.casefold() not in listed]
    assert not missing, "add these to the questions' glossary lists:\n" + "\n".join(missing)


def test_every_term_anywhere_on_a_question_page_is_listed(bank: Framework) -> None:
    matcher = TermMatcher(bank.glossary)
    missing = []
    for question in bank.questions:
        listed = {ref.casefold() for ref in question.glossary}
        missing += [
            f"{question.code}: {t}"
            for t in sorted(terms_used(matcher, question))
            if t.casefold() not in listed
        ]
    assert not missing, "add these to the questions' glossary lists:\n" + "\n".join(missing)


def test_every_glossary_term_is_used_by_some_question(bank: Framework) -> None:
    listed = {ref.casefold() for q in bank.questions for ref in q.glossary}
    unused = [e.term for e in bank.glossary if e.term.casefold() not in listed]
    assert not unused


def test_question_prose_is_what_the_page_shows(bank: Framework) -> None:
    question = bank.question("TR-10")
    prose = question_prose(question)
    assert question.text in prose and question.hint in prose
    assert all(level in prose for level in question.levels.values())
    assert all(note in prose for note in question.nations.values())

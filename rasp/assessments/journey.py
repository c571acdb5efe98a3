"""The shape of a respondent's journey: sections (the five areas, then the mode's module), pages
of a few related questions, and progress. Pure: no database, so it is cheap and easy to test.

A follow-up question (``show_if``) always sits on the same page as the question it depends on, so
without JavaScript it can be shown when the page is saved and shown again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rasp.domain.framework.schema import Framework, Mode, Question
from rasp.domain.scoring.answers import Answer
from rasp.domain.scoring.engine import visible_codes

PAGE_SIZE = 4


@dataclass(frozen=True)
class Section:
    id: str  # an area id, or a module id
    name: str
    pages: tuple[tuple[Question, ...], ...]

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(q for page in self.pages for q in page)


def _paginate(questions: Sequence[Question]) -> tuple[tuple[Question, ...], ...]:
    """Pages of about PAGE_SIZE questions; a follow-up joins its parent's page."""
    pages: list[list[Question]] = []
    page_of: dict[str, int] = {}
    for question in questions:
        parent = question.show_if.question if question.show_if else None
        if parent in page_of:
            index = page_of[parent]
        else:
            if not pages or len(pages[-1]) >= PAGE_SIZE:
                pages.append([])
            index = len(pages) - 1
        pages[index].append(question)
        page_of[question.code] = index
    return tuple(tuple(page) for page in pages)


def sections_for(framework: Framework, mode: Mode) -> tuple[Section, ...]:
    """The five areas (their questions asked in ``mode``), then the mode's module if it has one."""
    asked = framework.questions_for_mode(mode)
    sections = []
    for area in framework.areas:
        questions = [q for q in asked if q.area == area.id and q.module is None]
        if questions:
            sections.append(Section(area.id.value, area.name, _paginate(questions)))
    for module in framework.modules:
        questions = [q for q in asked if q.module == module.id]
        if questions:
            sections.append(Section(module.id.value, module.name, _paginate(questions)))
    return tuple(sections)


def section_get(sections: Sequence[Section], section_id: str) -> Section | None:
    return next((s for s in sections if s.id == section_id), None)


@dataclass(frozen=True)
class Progress:
    answered: int
    total: int

    @property
    def status(self) -> str:
        if self.answered == 0:
            return "not-started"
        return "completed" if self.answered >= self.total else "in-progress"


def section_progress(
    framework: Framework, mode: Mode, section: Section, answers: Mapping[str, Answer]
) -> Progress:
    """Answered against shown questions (a hidden follow-up counts for neither)."""
    shown = visible_codes(framework.questions_for_mode(mode), answers)
    codes = [q.code for q in section.questions if q.code in shown]
    return Progress(sum(1 for code in codes if code in answers), len(codes))


def next_page(sections: Sequence[Section], section_id: str, page: int) -> tuple[str, int] | None:
    """The page after (section, page) within the same section, or None at its end."""
    section = section_get(sections, section_id)
    if section is None or page + 1 >= len(section.pages):
        return None
    return section_id, page + 1


def first_unanswered(
    framework: Framework, mode: Mode, sections: Sequence[Section], answers: Mapping[str, Answer]
) -> tuple[str, int] | None:
    """Where to resume: the first page with a shown question not yet answered."""
    shown = visible_codes(framework.questions_for_mode(mode), answers)
    for section in sections:
        for index, page in enumerate(section.pages):
            if any(q.code in shown and q.code not in answers for q in page):
                return section.id, index
    return None

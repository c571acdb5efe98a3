"""The question bank arranged for reading: groups with counts, time estimates, glossary links.

Pure functions over a :class:`Framework`, used by the public "preview the questions" pages and
testable without Django. Words shown to people (labels, sentences) stay in the templates, where
they can be translated; this module hands them numbers, lists and pieces of text.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rasp.domain.framework.schema import (
    AreaId,
    CaseStudy,
    Framework,
    GlossaryEntry,
    Mode,
    ModuleId,
    Question,
    ShowIf,
    Topic,
)

SECONDS_PER_QUESTION = 40  # a fair reading-and-answering pace, for the time estimates


# -- groups and counts ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ModeCount:
    mode: Mode
    questions: int
    minutes: int  # about this many minutes at SECONDS_PER_QUESTION a question


@dataclass(frozen=True)
class Group:
    """An area (its own questions, not module ones) or a module, with its questions in file order."""

    kind: str  # "area" or "module"
    id: str
    name: str
    description: str
    questions: tuple[Question, ...]
    counts: tuple[ModeCount, ...]  # per mode, only the modes that ask any of these questions

    @property
    def critical_count(self) -> int:
        return sum(1 for q in self.questions if q.critical)

    @property
    def red_flag_count(self) -> int:
        return sum(1 for q in self.questions if q.red_flag)


def minutes_for(questions: int, seconds_per_question: int = SECONDS_PER_QUESTION) -> int:
    """Whole minutes (rounded up) to answer ``questions`` questions; 0 for none."""
    return math.ceil(questions * seconds_per_question / 60)


def _counts(questions: Sequence[Question]) -> tuple[ModeCount, ...]:
    counts = []
    for mode in Mode:
        asked = sum(1 for q in questions if mode in q.modes)
        if asked:
            counts.append(ModeCount(mode, asked, minutes_for(asked)))
    return tuple(counts)


def mode_counts(framework: Framework) -> tuple[ModeCount, ...]:
    """Every mode with the number of questions it can ask (follow-ups included) and the time."""
    return tuple(
        ModeCount(mode, len(asked), minutes_for(len(asked)))
        for mode in Mode
        if (asked := framework.questions_for_mode(mode))
    )


def area_group(framework: Framework, area_id: str) -> Group | None:
    """The area with this id and its own (non-module) questions; ``None`` if there is no such."""
    for area in framework.areas:
        if area.id.value == area_id:
            own = tuple(q for q in framework.questions if q.area == area.id and q.module is None)
            return Group("area", area.id.value, area.name, area.description, own, _counts(own))
    return None


def module_group(framework: Framework, module_id: str) -> Group | None:
    """The module with this id and its questions; ``None`` if there is no such module."""
    for module in framework.modules:
        if module.id.value == module_id:
            own = tuple(q for q in framework.questions if q.module == module.id)
            return Group(
                "module", module.id.value, module.name, module.description, own, _counts(own)
            )
    return None


def groups(framework: Framework) -> tuple[Group, ...]:
    """The five areas in file order, then the modules."""
    found = [area_group(framework, area.id.value) for area in framework.areas]
    found += [module_group(framework, module.id.value) for module in framework.modules]
    return tuple(group for group in found if group is not None)


def group_of(framework: Framework, question: Question) -> Group:
    """The group whose page lists ``question``: its module if it has one, else its area."""
    if question.module is not None:
        group = module_group(framework, question.module.value)
    else:
        group = area_group(framework, question.area.value)
    if group is None:  # the validator guarantees every area and module is declared
        raise LookupError(f"no group for {question.code}")
    return group


def area_name(framework: Framework, area: AreaId) -> str:
    return next((a.name for a in framework.areas if a.id == area), area.value)


def module_name(framework: Framework, module: ModuleId) -> str:
    return next((m.name for m in framework.modules if m.id == module), module.value)


# -- one question --------------------------------------------------------------------------------


def question_or_none(framework: Framework, code: str) -> Question | None:
    try:
        return framework.question(code)
    except KeyError:
        return None


def neighbours(framework: Framework, question: Question) -> tuple[Question | None, Question | None]:
    """The questions before and after ``question`` on its group's page."""
    listed = group_of(framework, question).questions
    at = listed.index(question)
    before = listed[at - 1] if at > 0 else None
    after = listed[at + 1] if at + 1 < len(listed) else None
    return before, after


def show_if_answers(show_if: ShowIf) -> tuple[tuple[str, int | None], ...]:
    """The answers that show a follow-up, as (kind, level): ("level", 2), ("dont-know", None)."""
    answers: list[tuple[str, int | None]] = []
    for token in show_if.levels:
        if isinstance(token, int):
            answers.append(("level", token))
        else:
            answers.append((token, None))
    return tuple(answers)


def follow_ups(framework: Framework, question: Question) -> tuple[Question, ...]:
    """The questions shown only after certain answers to ``question``."""
    return tuple(
        q for q in framework.questions if q.show_if and q.show_if.question == question.code
    )


def topics_of(framework: Framework, question: Question) -> tuple[Topic, ...]:
    """The catalogue topics a question covers, in the order it lists them."""
    by_id = {topic.id: topic for topic in framework.topics}
    return tuple(by_id[i] for i in question.topics if i in by_id)


def case_studies_of(framework: Framework, question: Question) -> tuple[CaseStudy, ...]:
    by_id = {study.id: study for study in framework.case_studies}
    return tuple(by_id[i] for i in question.case_studies if i in by_id)


# -- the glossary --------------------------------------------------------------------------------


def glossary_anchor(term: str) -> str:
    """The id of a term on the glossary page: ``section 151 officer`` -> ``term-section-151-officer``."""
    slug = re.sub(r"[^a-z0-9]+", "-", term.casefold()).strip("-")
    return f"term-{slug or 'entry'}"


@dataclass(frozen=True)
class GlossaryItem:
    entry: GlossaryEntry
    anchor: str
    questions: tuple[Question, ...]  # the questions that list the term, in file order


def _entry_for_ref(framework: Framework) -> dict[str, GlossaryEntry]:
    return {entry.term.casefold(): entry for entry in framework.glossary}


def glossary_items(framework: Framework) -> tuple[GlossaryItem, ...]:
    """Every glossary entry, sorted alphabetically, with its anchor and the questions using it."""
    anchors = _anchors(framework.glossary)
    items = []
    for entry in framework.glossary:
        using = tuple(
            q
            for q in framework.questions
            if entry.term.casefold() in {ref.casefold() for ref in q.glossary}
        )
        items.append(GlossaryItem(entry, anchors[entry.term], using))
    return tuple(sorted(items, key=lambda item: item.entry.term.casefold()))


def _anchors(entries: Iterable[GlossaryEntry]) -> dict[str, str]:
    """A unique anchor per term, even if two terms would make the same one."""
    anchors: dict[str, str] = {}
    used: set[str] = set()
    for entry in entries:
        anchor = base = glossary_anchor(entry.term)
        number = 2
        while anchor in used:
            anchor, number = f"{base}-{number}", number + 1
        used.add(anchor)
        anchors[entry.term] = anchor
    return anchors


def glossary_of(framework: Framework, question: Question) -> tuple[GlossaryItem, ...]:
    """The glossary entries a question lists, in the order it lists them."""
    anchors = _anchors(framework.glossary)
    by_ref = _entry_for_ref(framework)
    found = []
    for ref in question.glossary:
        entry = by_ref.get(ref.casefold())
        if entry is not None:
            found.append(GlossaryItem(entry, anchors[entry.term], ()))
    return tuple(found)


@dataclass(frozen=True)
class Segment:
    """A piece of text; ``anchor`` is set when it is a glossary term to link."""

    text: str
    term: str | None = None
    anchor: str | None = None


def _name_pattern(name: str) -> str:
    """A name as a regular expression: any run of spaces matches any whitespace. Names in
    capitals (``TUPE``, ``ICB``) match only in capitals; others match in any case."""
    body = r"\s+".join(re.escape(word) for word in name.split())
    return body if name.isupper() else f"(?i:{body})"


class TermMatcher:
    """Finds glossary terms and their aliases in text: whole words, an optional plural ending,
    the longest name winning where names overlap ("section 151 officer" over "section 151")."""

    def __init__(self, entries: Sequence[GlossaryEntry]) -> None:
        self.entries = tuple(entries)
        self.anchors = _anchors(self.entries)
        names: list[tuple[str, int]] = []
        for index, entry in enumerate(self.entries):
            names.extend((name, index) for name in (entry.term, *entry.aliases))
        names.sort(key=lambda item: -len(item[0]))
        self._entry_of_group: dict[str, GlossaryEntry] = {}
        parts = []
        for number, (name, index) in enumerate(names):
            group = f"n{number}"
            self._entry_of_group[group] = self.entries[index]
            parts.append(f"(?P<{group}>{_name_pattern(name)})")
        self._pattern = (
            re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?:e?s)?(?!\w)") if parts else None
        )

    def find(self, text: str) -> list[tuple[int, int, GlossaryEntry]]:
        """Every (start, end, entry) in ``text``, left to right."""
        if self._pattern is None:
            return []
        return [
            (match.start(), match.end(), self._entry_of_group[match.lastgroup or ""])
            for match in self._pattern.finditer(text)
        ]

    def terms_in(self, text: str) -> set[str]:
        """The terms (as the glossary spells them) used in ``text``."""
        return {entry.term for _, _, entry in self.find(text)}

    def linker(self) -> Linker:
        return Linker(self)


@dataclass
class Linker:
    """Splits texts into segments, linking the first use of each term on one page only."""

    matcher: TermMatcher
    linked: set[str] = field(default_factory=set)

    def segments(self, text: str) -> tuple[Segment, ...]:
        pieces: list[Segment] = []
        at = 0
        for start, end, entry in self.matcher.find(text):
            if entry.term in self.linked:
                continue
            self.linked.add(entry.term)
            if start > at:
                pieces.append(Segment(text[at:start]))
            anchor = self.matcher.anchors[entry.term]
            pieces.append(Segment(text[start:end], entry.term, anchor))
            at = end
        if at < len(text):
            pieces.append(Segment(text[at:]))
        return tuple(pieces)


def question_prose(question: Question) -> tuple[str, ...]:
    """Every text the question's page shows: question, hint, levels, evidence, advice, nations."""
    return (
        question.text,
        question.hint,
        *(question.levels[level] for level in sorted(question.levels)),
        *question.evidence_examples,
        *(question.advice[level] for level in sorted(question.advice)),
        *question.nations.values(),
    )


def terms_used(matcher: TermMatcher, question: Question) -> set[str]:
    """The glossary terms that appear anywhere in the question's page text."""
    found: set[str] = set()
    for text in question_prose(question):
        found |= matcher.terms_in(text)
    return found


# -- case studies --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseStudyItem:
    study: CaseStudy
    questions: tuple[Question, ...]  # the questions that cite it, in file order


def case_study_items(framework: Framework) -> tuple[CaseStudyItem, ...]:
    """Every case study in file order, with the questions that cite it."""
    return tuple(
        CaseStudyItem(study, tuple(q for q in framework.questions if study.id in q.case_studies))
        for study in framework.case_studies
    )


def case_study_item(framework: Framework, study_id: str) -> CaseStudyItem | None:
    return next((item for item in case_study_items(framework) if item.study.id == study_id), None)

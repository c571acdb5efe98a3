"""The guidance pages' content, read once from ``guidance.yaml`` beside this module.

Content is data so it can be edited without touching templates; the loader checks its shape and
fails loudly on a mistake, which a test catches. ``guides_for_question`` is what links a gap on
the results page to the guidance on its question's topics (or, failing that, its area).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import yaml

from rasp.domain.framework.schema import Framework, Question

SOURCE = Path(__file__).with_name("guidance.yaml")


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: tuple[str, ...]
    points: tuple[str, ...]


@dataclass(frozen=True)
class Guide:
    slug: str
    title: str
    summary: str
    topics: tuple[str, ...]
    areas: tuple[str, ...]
    case_studies: tuple[str, ...]
    sections: tuple[Section, ...]
    tool: str | None  # "plan" or "register": the tool that puts the guide to work

    @property
    def href(self) -> str:
        return f"/guidance/{self.slug}/"


class GuidanceError(ValueError):
    pass


def _strings(entry: dict[str, object], key: str, where: str) -> tuple[str, ...]:
    value = entry.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise GuidanceError(f"{where}: {key} must be a list of text")
    return tuple(value)


def parse(text: str) -> tuple[Guide, ...]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise GuidanceError(f"guidance is not valid YAML: {error}") from error
    if not isinstance(data, list) or not data:
        raise GuidanceError("guidance must be a list of guides")
    guides = []
    for index, entry in enumerate(data):
        where = f"guide {index + 1}"
        if not isinstance(entry, dict):
            raise GuidanceError(f"{where} must be a mapping")
        for key in ("slug", "title", "summary"):
            if not isinstance(entry.get(key), str) or not entry[key]:
                raise GuidanceError(f"{where}: {key} is missing")
        sections = []
        for section in entry.get("sections") or []:
            if not isinstance(section, dict) or not isinstance(section.get("heading"), str):
                raise GuidanceError(f"{where}: each section needs a heading")
            sections.append(
                Section(
                    section["heading"],
                    _strings(section, "paragraphs", where),
                    _strings(section, "points", where),
                )
            )
        if not sections:
            raise GuidanceError(f"{where}: a guide needs at least one section")
        tool = entry.get("tool")
        if tool not in (None, "plan", "register"):
            raise GuidanceError(f"{where}: tool must be plan or register")
        guides.append(
            Guide(
                slug=entry["slug"],
                title=entry["title"],
                summary=entry["summary"],
                topics=_strings(entry, "topics", where),
                areas=_strings(entry, "areas", where),
                case_studies=_strings(entry, "case_studies", where),
                sections=tuple(sections),
                tool=tool,
            )
        )
    slugs = [g.slug for g in guides]
    if len(set(slugs)) != len(slugs):
        raise GuidanceError("guide slugs must be unique")
    return tuple(guides)


@functools.cache
def guides() -> tuple[Guide, ...]:
    return parse(SOURCE.read_text(encoding="utf-8"))


def guide(slug: str) -> Guide | None:
    return next((g for g in guides() if g.slug == slug), None)


def guides_for_topics(topics: list[str] | tuple[str, ...], area: str) -> tuple[Guide, ...]:
    """The guides on any of ``topics``; if none, the guides on the area, at most two."""
    by_topic = tuple(g for g in guides() if set(topics) & set(g.topics))
    if by_topic:
        return by_topic
    return tuple(g for g in guides() if area in g.areas)[:2]


def guides_for_question(framework: Framework | None, code: str) -> tuple[Guide, ...]:
    """The guides that help with question ``code`` (for links beside its gap)."""
    if framework is None:
        return ()
    try:
        question = framework.question(code)
    except KeyError:
        return ()
    return guides_for_topics(question.topics, question.area.value)


def questions_for(framework: Framework | None, entry: Guide) -> tuple[Question, ...]:
    """The framework's questions on the guide's topics, in the framework's order."""
    if framework is None:
        return ()
    wanted = set(entry.topics)
    return tuple(q for q in framework.questions if set(q.topics) & wanted)

"""The rules that tie a framework's parts together, beyond what each part's schema can check.

They read the raw YAML data defensively (a field of the wrong type is simply skipped: the schema
has already reported it), so they keep working on a file that is partly broken.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rasp.domain.framework.schema import AreaId, ModuleId
from rasp.domain.framework.yamlmap import duplicate_keys

if TYPE_CHECKING:
    from rasp.domain.framework.validate import Reporter

# Question code prefix -> the area (for area questions) or module (for module questions) it means.
CODE_PREFIXES: Mapping[str, AreaId | ModuleId] = {
    "SV": AreaId.SHARED_VISION,
    "EC": AreaId.ETHOS_CULTURE,
    "TR": AreaId.RESOURCES,
    "RM": AreaId.RISK,
    "GV": AreaId.GOVERNANCE,
    "HC": ModuleId.HEALTH_CHECK,
    "NP": ModuleId.NEW_PARTNER,
}


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _texts(value: object) -> list[tuple[int, str]]:
    if not isinstance(value, list):
        return []
    return [(index, item) for index, item in enumerate(value) if isinstance(item, str)]


def _mappings(value: object) -> list[tuple[int, dict[Any, Any]]]:
    if not isinstance(value, list):
        return []
    return [(index, item) for index, item in enumerate(value) if isinstance(item, dict)]


@dataclass(frozen=True)
class QuestionView:
    """What the rules need from one question, read leniently from the raw data."""

    index: int
    code: str | None
    area: str | None
    module: str | None
    topics: tuple[tuple[int, str], ...]
    critical: bool
    red_flag: bool
    modes: frozenset[str]
    show_if: str | None
    case_studies: tuple[tuple[int, str], ...]
    glossary: tuple[tuple[int, str], ...]

    @classmethod
    def read(cls, index: int, raw: dict[Any, Any]) -> QuestionView:
        show_if = raw.get("show_if")
        return cls(
            index=index,
            code=_text(raw.get("code")),
            area=_text(raw.get("area")),
            module=_text(raw.get("module")),
            topics=tuple(_texts(raw.get("topics"))),
            critical=raw.get("critical") is True,
            red_flag=raw.get("red_flag") is True,
            modes=frozenset(mode for _, mode in _texts(raw.get("modes"))),
            show_if=_text(show_if.get("question")) if isinstance(show_if, dict) else None,
            case_studies=tuple(_texts(raw.get("case_studies"))),
            glossary=tuple(_texts(raw.get("glossary"))),
        )


@dataclass(frozen=True)
class TopicView:
    index: int
    id: str
    area: str | None
    module: str | None
    critical: bool
    red_flag: bool


class _Rules:
    def __init__(self, reporter: Reporter) -> None:
        self.r = reporter
        data: dict[Any, Any] = reporter.data
        self.data = data
        self.questions = [QuestionView.read(i, q) for i, q in _mappings(data.get("questions"))]
        self.topics = [
            TopicView(
                index=i,
                id=t["id"],
                area=_text(t.get("area")),
                module=_text(t.get("module")),
                critical=t.get("critical") is True,
                red_flag=t.get("red_flag") is True,
            )
            for i, t in _mappings(data.get("topics"))
            if isinstance(t.get("id"), str)
        ]
        self.topic_by_id = {t.id: t for t in self.topics}
        self.question_by_code: dict[str, QuestionView] = {}
        for q in self.questions:
            if q.code is not None:
                self.question_by_code.setdefault(q.code, q)
        self.covering: dict[str, list[QuestionView]] = defaultdict(list)
        for q in self.questions:
            for _, topic_id in q.topics:
                self.covering[topic_id].append(q)

    def q_loc(self, q: QuestionView, *rest: str | int) -> tuple[str | int, ...]:
        return ("questions", q.index, *rest)

    # -- the file as a whole ------------------------------------------------------------------

    def duplicate_yaml_keys(self) -> None:
        for loc, key, first, repeat in duplicate_keys(self.r.root):
            self.r.add(
                loc,
                f"key '{key}' is given twice (first on line {first}); YAML would silently "
                "keep only the last one",
                line=repeat,
            )

    def unique_ids(self, section: str, key: str, *, casefold: bool = False) -> None:
        seen: dict[str, int] = {}
        for index, item in _mappings(self.data.get(section)):
            value = _text(item.get(key))
            if value is None:
                continue
            folded = value.casefold() if casefold else value
            if folded in seen:
                self.r.add(
                    (section, index, key),
                    f"{key} '{value}' is already used by {section}[{seen[folded]}]",
                )
            else:
                seen[folded] = index

    def glossary_names(self) -> None:
        """A term or alias names one entry only, so a word in a question links to one place."""
        seen: dict[str, int] = {}
        for index, entry in _mappings(self.data.get("glossary")):
            term = _text(entry.get("term"))
            if term is not None:
                seen.setdefault(term.casefold(), index)
        for index, entry in _mappings(self.data.get("glossary")):
            for position, alias in _texts(entry.get("aliases")):
                first = seen.setdefault(alias.casefold(), index)
                if first != index:
                    self.r.add(
                        ("glossary", index, "aliases", position),
                        f"'{alias}' already names glossary[{first}]",
                    )

    def areas_are_the_five(self) -> None:
        given = {_text(item.get("id")) for _, item in _mappings(self.data.get("areas"))}
        missing = [area.value for area in AreaId if area.value not in given]
        if missing and "areas" in self.data:
            self.r.add(("areas",), f"areas must be exactly the five; missing: {', '.join(missing)}")

    def code_map(self) -> None:
        mapping = self.data.get("code_map")
        if not isinstance(mapping, dict):
            return
        if mapping and not self.data.get("previous_version"):
            self.r.add(("code_map",), "a code_map needs previous_version to say what it maps from")
        for old, new in mapping.items():
            if old in self.question_by_code and old != new:
                self.r.add(
                    ("code_map", old),
                    f"old code {old} is still a question code here, so it cannot map to {new}",
                )
            if isinstance(new, str) and new not in self.question_by_code:
                self.r.add(("code_map", old), f"{old} maps to {new}, which is not a question here")

    def previous_version(self) -> None:
        previous, version = self.data.get("previous_version"), self.data.get("version")
        if not isinstance(previous, str) or not isinstance(version, str):
            return
        try:
            older = tuple(int(p) for p in previous.split("."))
            newer = tuple(int(p) for p in version.split("."))
        except ValueError:
            self.r.add(("previous_version",), f"'{previous}' is not a version like 1.0")
            return
        if older >= newer:
            self.r.add(("previous_version",), f"must be lower than version {version}")

    # -- questions ----------------------------------------------------------------------------

    def unique_codes(self) -> None:
        first: dict[str, QuestionView] = {}
        for q in self.questions:
            if q.code is None:
                continue
            if q.code in first:
                line = self.r.locate_line(self.q_loc(first[q.code]))
                self.r.add(self.q_loc(q, "code"), f"duplicate code {q.code} (first on line {line})")
            else:
                first[q.code] = q

    def code_prefixes(self) -> None:
        for q in self.questions:
            if q.code is None:
                continue
            prefix = q.code.split("-")[0]
            meaning = CODE_PREFIXES.get(prefix)
            if meaning is None:
                known = ", ".join(f"{p}-" for p in CODE_PREFIXES)
                self.r.add(self.q_loc(q, "code"), f"unknown code prefix {prefix}- (use {known})")
            elif isinstance(meaning, ModuleId):
                if q.module != meaning.value:
                    self.r.add(
                        self.q_loc(q, "module"),
                        f"a {prefix}- question belongs to module {meaning.value}: "
                        f"set module: {meaning.value}",
                    )
            elif q.module is not None:
                self.r.add(
                    self.q_loc(q, "module"),
                    f"module questions take an HC- or NP- code, not {prefix}-",
                )
            elif q.area is not None and q.area != meaning.value:
                self.r.add(
                    self.q_loc(q, "area"),
                    f"a {prefix}- question belongs to area {meaning.value}, not {q.area}",
                )

    def references(self) -> None:
        case_ids = {_text(c.get("id")) for _, c in _mappings(self.data.get("case_studies"))} - {
            None
        }
        terms = {
            t.casefold()
            for _, g in _mappings(self.data.get("glossary"))
            if (t := _text(g.get("term"))) is not None
        }
        alias_of = {
            alias.casefold(): term
            for _, g in _mappings(self.data.get("glossary"))
            if (term := _text(g.get("term"))) is not None
            for _, alias in _texts(g.get("aliases"))
        }
        for q in self.questions:
            for index, topic_id in q.topics:
                if topic_id not in self.topic_by_id:
                    self.r.add(self.q_loc(q, "topics", index), f"unknown topic {topic_id}")
            for index, case_id in q.case_studies:
                if case_id not in case_ids:
                    loc = self.q_loc(q, "case_studies", index)
                    self.r.add(loc, f"unknown case study {case_id}")
            for index, term in q.glossary:
                if term.casefold() in terms:
                    continue
                message = f"no glossary entry for '{term}'"
                if term.casefold() in alias_of:
                    message += f" (it is another name for '{alias_of[term.casefold()]}': list that)"
                self.r.add(self.q_loc(q, "glossary", index), message)

    def red_flag_questions(self) -> None:
        for q in self.questions:
            known = [self.topic_by_id[t] for _, t in q.topics if t in self.topic_by_id]
            if q.red_flag and known and not any(t.red_flag for t in known):
                self.r.add(
                    self.q_loc(q, "red_flag"),
                    "a red_flag question must cover a red-flag topic "
                    f"({', '.join(t.id for t in self.topics if t.red_flag) or 'none defined'})",
                )

    def show_if(self) -> None:
        for q in self.questions:
            if q.show_if is None or q.show_if == q.code:
                continue  # a self-reference is reported by the schema
            target = self.question_by_code.get(q.show_if)
            loc = self.q_loc(q, "show_if", "question")
            if target is None:
                self.r.add(loc, f"show_if refers to {q.show_if}, which is not a question here")
                continue
            if target.index > q.index:
                self.r.add(
                    loc,
                    f"show_if refers to {q.show_if}, which comes later in the file; a follow-up "
                    "must come after the question it depends on",
                )
            absent = sorted(q.modes - target.modes)
            if absent:
                self.r.add(
                    loc,
                    f"{q.show_if} is not asked in mode {', '.join(absent)}, where this "
                    "follow-up is; the follow-up could never be shown there",
                )
        self._show_if_cycles()

    def _show_if_cycles(self) -> None:
        follows = {
            q.code: q.show_if
            for q in self.questions
            if q.code is not None and q.show_if is not None and q.show_if != q.code
        }
        reported: set[frozenset[str]] = set()
        for start in follows:
            path: list[str] = []
            code: str | None = start
            while code is not None and code not in path:
                path.append(code)
                code = follows.get(code)
            if code is None:
                continue
            cycle = path[path.index(code) :]
            if frozenset(cycle) in reported:
                continue
            reported.add(frozenset(cycle))
            first = min(
                (self.question_by_code[c] for c in cycle), key=lambda question: question.index
            )
            chain = " -> ".join([*cycle, cycle[0]])
            self.r.add(self.q_loc(first, "show_if", "question"), f"show_if cycle: {chain}")

    # -- topics -------------------------------------------------------------------------------

    def topic_coverage(self) -> None:
        for t in self.topics:
            loc = ("topics", t.index)
            covering = self.covering.get(t.id, [])
            if (t.area is None) == (t.module is None):
                self.r.add(loc, f"topic {t.id} must name exactly one of area and module")
            if not covering:
                self.r.add(loc, f"topic {t.id} is not covered by any question")
                continue
            if t.module is not None and not any(t.module in q.modes for q in covering):
                self.r.add(
                    loc, f"topic {t.id} is not covered by any question asked in mode {t.module}"
                )
            if t.critical and not any(q.critical for q in covering):
                codes = ", ".join(q.code or "?" for q in covering)
                self.r.add(
                    loc, f"critical topic {t.id} is covered by no critical question ({codes})"
                )
            if t.red_flag and not any(q.red_flag for q in covering):
                self.r.add(loc, f"red-flag topic {t.id} is covered by no red_flag question")

    def modules_declared(self) -> None:
        declared = {_text(m.get("id")) for _, m in _mappings(self.data.get("modules"))}
        known = {m.value for m in ModuleId}
        for q in self.questions:
            if q.module in known and q.module not in declared:
                self.r.add(self.q_loc(q, "module"), f"module {q.module} is not in modules")


def run(reporter: Reporter) -> None:
    """Apply every cross-reference rule, adding what is wrong to ``reporter``."""
    rules = _Rules(reporter)
    rules.duplicate_yaml_keys()
    rules.areas_are_the_five()
    for section, key in (("areas", "id"), ("modules", "id"), ("topics", "id")):
        rules.unique_ids(section, key)
    rules.unique_ids("case_studies", "id")
    rules.unique_ids("glossary", "term", casefold=True)
    rules.glossary_names()
    rules.previous_version()
    rules.code_map()
    rules.unique_codes()
    rules.code_prefixes()
    rules.references()
    rules.red_flag_questions()
    rules.show_if()
    rules.topic_coverage()
    rules.modules_declared()

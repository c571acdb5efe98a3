"""Answers: the domain's ``Answer`` value, the answers file, and their checks.

The answers file (YAML or JSON, ``design/interfaces.md``) is parsed with pydantic into
``AnswersFile``; ``validate_answers`` then checks the answers against a framework. Every problem
raises ``AnswersError`` whose message names the question code (and the file, when there is one).

Decisions:

* A question asked in another mode (not in ``question.modes`` for the file's mode) is refused:
  answering it would otherwise be silently ignored.
* An answer to a question hidden by an unmet ``show_if`` is kept but does not count: the question
  is not applicable automatically (the web form keeps such answers when a parent answer changes).
* Evidence on a don't-know or not-applicable answer, and a reason on a level answer, are ignored.
* A missing ``mode`` means ``readiness``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictInt,
    StringConstraints,
    ValidationError,
)

from rasp.domain.framework.schema import Evidence, Framework, Mode, Question
from rasp.domain.scoring.index import framework_index


class AnswersError(ValueError):
    """An answer or answers file that cannot be scored; the message names the code and file."""

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.code = code


class AnswerKind(StrEnum):
    LEVEL = "level"
    DONT_KNOW = "dont-know"
    NOT_APPLICABLE = "not-applicable"


@dataclass(frozen=True)
class Answer:
    """One respondent's answer to one question, as the scoring engine reads it.

    ``level`` is set only for ``AnswerKind.LEVEL``; ``reason`` matters only for not-applicable.
    The Django apps build these from answer rows; ``validate_answers`` checks them.
    """

    kind: AnswerKind
    level: int | None = None
    evidence: Evidence | None = None
    reason: str | None = None
    note: str | None = None
    link: str | None = None

    @classmethod
    def at(cls, level: int, evidence: Evidence | None = None) -> Answer:
        """An answer at ``level`` with the given evidence."""
        return cls(AnswerKind.LEVEL, level=level, evidence=evidence)

    @classmethod
    def dont_know(cls) -> Answer:
        return cls(AnswerKind.DONT_KNOW)

    @classmethod
    def not_applicable(cls, reason: str) -> Answer:
        return cls(AnswerKind.NOT_APPLICABLE, reason=reason)

    @property
    def token(self) -> int | str:
        """The answer as ``show_if.levels`` spells it: a level or the answer kind."""
        if self.kind is AnswerKind.LEVEL and self.level is not None:
            return self.level
        return self.kind.value


@dataclass(frozen=True)
class PartnerAnswers:
    """One organisation's answers for a partnership (combined from its respondents if several)."""

    organisation: str
    answers: Mapping[str, Answer]
    source: str | None = None  # names the file in error messages


def _shorthand(value: object) -> object:
    """Accept ``SV-03: 3`` and ``SV-03: dont-know`` as short for ``{level: ...}``."""
    if isinstance(value, (int, str)) and not isinstance(value, bool):
        return {"level": value}
    return value


def _version_text(value: object) -> object:
    """Accept ``framework_version: 1.0`` written without quotes (YAML reads a number)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value


class AnswerEntry(BaseModel):
    """One entry under ``answers:`` in an answers file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    level: StrictInt | Literal["dont-know", "not-applicable"]
    evidence: Evidence | None = None
    note: str | None = None
    link: str | None = None
    reason: str | None = None

    def to_answer(self) -> Answer:
        if isinstance(self.level, int):
            return Answer(AnswerKind.LEVEL, self.level, self.evidence, None, self.note, self.link)
        kind = AnswerKind(self.level)
        reason = self.reason if kind is AnswerKind.NOT_APPLICABLE else None
        return Answer(kind, None, None, reason, self.note, self.link)


class AnswersFile(BaseModel):
    """An answers file: one organisation's answers in one mode (``design/interfaces.md``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    organisation: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
    mode: Mode = Mode.READINESS
    framework_version: Annotated[str | None, BeforeValidator(_version_text)] = None
    answers: dict[str, Annotated[AnswerEntry, BeforeValidator(_shorthand)]] = Field(
        default_factory=dict
    )

    def to_answers(self) -> dict[str, Answer]:
        """The answers keyed by question code, as the engine reads them."""
        return {code: entry.to_answer() for code, entry in self.answers.items()}


def _describe(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "the file"
    more = len(error.errors()) - 1
    tail = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
    return f"{where}: {first['msg']}{tail}"


def parse_answers_document(data: object, source: str) -> AnswersFile:
    """Validate already-parsed YAML/JSON data as an answers file; ``source`` names it in errors."""
    if not isinstance(data, dict):
        raise AnswersError(f"{source}: expected a mapping with organisation, mode and answers")
    try:
        return AnswersFile.model_validate(data)
    except ValidationError as error:
        locations = [e["loc"] for e in error.errors()]
        code = next(
            (str(loc[1]) for loc in locations if loc[:1] == ("answers",) and len(loc) > 1), None
        )
        raise AnswersError(f"{source}: {_describe(error)}", code=code) from None


def load_answers_file(path: Path) -> AnswersFile:
    """Read and parse an answers file (JSON when it ends in ``.json``, YAML otherwise).

    Raises ``AnswersError`` (naming the file) when it cannot be read or parsed, or has the wrong
    shape. It does not check the answers against a framework: see ``validate_answers``.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise AnswersError(f"{path}: cannot read the file: {reason}") from None
    try:
        data: Any = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except json.JSONDecodeError as error:
        raise AnswersError(f"{path}: line {error.lineno}: invalid JSON: {error.msg}") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f"line {mark.line + 1}: " if mark is not None else ""
        problem = getattr(error, "problem", None) or "cannot parse"
        raise AnswersError(f"{path}: {line}invalid YAML: {problem}") from None
    return parse_answers_document(data, str(path))


def _check_answer(question: Question, answer: Answer, max_level: int, where: str) -> None:
    code = question.code
    if answer.kind is AnswerKind.LEVEL:
        if answer.level is None or not 0 <= answer.level <= max_level:
            raise AnswersError(
                f"{where}{code}: level {answer.level} is out of range 0 to {max_level}", code=code
            )
    elif answer.kind is AnswerKind.NOT_APPLICABLE:
        if question.critical:
            raise AnswersError(
                f"{where}{code}: a critical question cannot be answered not-applicable", code=code
            )
        if not (answer.reason or "").strip():
            raise AnswersError(f"{where}{code}: not-applicable needs a reason", code=code)


def validate_answers(
    framework: Framework, mode: Mode, answers: Mapping[str, Answer], source: str | None = None
) -> None:
    """Check answers against the framework; raise ``AnswersError`` naming the first bad code.

    Refused: an unknown code, a question not asked in ``mode``, a level outside 0..max_level,
    not-applicable without a reason, and not-applicable on a critical question.
    """
    where = f"{source}: " if source else ""
    by_code = framework_index(framework).by_code
    for code, answer in answers.items():
        question = by_code.get(code)
        if question is None:
            raise AnswersError(
                f"{where}{code}: no such question in framework {framework.version}", code=code
            )
        if mode not in question.modes:
            raise AnswersError(f"{where}{code}: question not asked in mode {mode}", code=code)
        _check_answer(question, answer, framework.method.max_level, where)

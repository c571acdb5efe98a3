"""Check a framework file completely: the schema, then the rules that tie its parts together.

:func:`validate_framework_text` never stops at the first problem: a file with a bad weight in one
question and a duplicate code in another reports both, each with its line, question code and field.
The cross-reference rules run on the raw data, so one malformed question does not hide problems
elsewhere or make correct questions look wrong.

Before anything is parsed, :func:`source_problems` refuses input that could exhaust the machine
rather than merely be wrong: more than :data:`MAX_FRAMEWORK_BYTES`, bytes that are not UTF-8, YAML
aliases that expand to more than :data:`MAX_EXPANDED_VALUES` values (a few lines of them can
stand for billions: the "billion laughs" attack) or that refer to themselves, and nesting deeper
than :data:`MAX_NESTING`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import yaml
from pydantic import ValidationError
from pydantic_core import ErrorDetails
from yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    Event,
    NodeEvent,
)
from yaml.nodes import Node

from rasp.domain.framework import crosscheck
from rasp.domain.framework.problems import FrameworkInvalid, Problem
from rasp.domain.framework.schema import Framework
from rasp.domain.framework.yamlmap import KEY_STEP, Loc, Step, YamlSyntaxError, locate, parse

# pydantic inserts the name of the union member it tried into the location of a union's errors.
_TYPE_TAGS = frozenset({"int", "str", "float", "bool", "none", "list", "dict"})

MAX_FRAMEWORK_BYTES = 5 * 1024 * 1024  # 5 MB; the real bank is about a tenth of that
MAX_NESTING = 32  # mappings and lists inside each other; the format needs six
MAX_EXPANDED_VALUES = 1_000_000  # values once aliases are expanded; the real bank has ~25,000

# libyaml's event parser when PyYAML has it, else the pure-Python one (same events).
_EventLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_MESSAGES = {
    "missing": "required field is missing",
    "extra_forbidden": "unknown field (not part of the format: check the spelling)",
}


def _is_type_tag(step: Step) -> bool:
    return isinstance(step, str) and ("[" in step or "(" in step or step in _TYPE_TAGS)


def _shown(value: object) -> str | None:
    if isinstance(value, bool | int | float) or (isinstance(value, str) and len(value) <= 40):
        return repr(value)
    return None


def _format_path(steps: Iterator[tuple[Step, bool]]) -> str:
    text = ""
    for step, is_index in steps:
        text += f"[{step}]" if is_index else (f".{step}" if text else str(step))
    return text


def _merged_literals(group: list[ErrorDetails]) -> str:
    """One message for a value that matched none of a union of literals: "should be 0, 1 or 'x'"."""
    if len(group) < 2 or any(error["type"] != "literal_error" for error in group):
        return ""
    choices: list[str] = []
    for error in group:
        expected = str((error.get("ctx") or {}).get("expected", ""))
        choices.extend(part for part in expected.replace(" or ", ", ").split(", ") if part)
    return f"Input should be {', '.join(choices[:-1])} or {choices[-1]}" if choices else ""


def _joined_messages(group: list[ErrorDetails]) -> str:
    messages: list[str] = []
    for error in group:
        text = _MESSAGES.get(error["type"], error["msg"]).removeprefix("Value error, ")
        if text not in messages:
            messages.append(text)
    return "; or ".join(messages)


class Reporter:
    """Collects problems for one file, turning data locations into line, code and field."""

    def __init__(self, *, filename: str, root: Node | None, data: Any) -> None:
        self.filename = filename
        self.root = root
        self.data = data
        self.problems: list[Problem] = []

    def _question_code(self, index: int) -> str | None:
        questions = self.data.get("questions") if isinstance(self.data, dict) else None
        if isinstance(questions, list) and 0 <= index < len(questions):
            item = questions[index]
            code = item.get("code") if isinstance(item, dict) else None
            return code if isinstance(code, str) else None
        return None

    def add(self, loc: Loc, message: str, *, line: int | None = None) -> None:
        """Record a problem at data location ``loc``; ``line`` overrides the line found there."""
        found = locate(self.root, loc)
        taken = list(found.taken)
        extra = [(step, False) for step in found.missing if step != KEY_STEP]
        steps = taken + [(step, is_index) for step, is_index in extra if not _is_type_tag(step)]
        code: str | None = None
        if len(steps) >= 2 and steps[0] == ("questions", False) and isinstance(steps[1][0], int):
            code = self._question_code(steps[1][0])
            if code is not None:
                steps = steps[2:]
        self.problems.append(
            Problem(
                file=self.filename,
                line=line if line is not None else found.line,
                code=code,
                field=_format_path(iter(steps)),
                message=message,
            )
        )

    def locate_line(self, loc: Loc) -> int | None:
        """The line of the deepest node along ``loc``."""
        return locate(self.root, loc).line

    def add_pydantic(self, errors: list[ErrorDetails]) -> None:
        """Record pydantic's errors, merging the several errors a union gives for one value."""
        grouped: dict[Loc, list[ErrorDetails]] = defaultdict(list)
        for error in errors:
            loc = tuple(step for step in error["loc"] if not _is_type_tag(step))
            grouped[loc].append(error)
        for loc, group in grouped.items():
            message = _merged_literals(group) or _joined_messages(group)
            shown = _shown(group[0].get("input"))
            if shown is not None and group[0]["type"] not in _MESSAGES:
                message += f" (got {shown})"
            self.add(self._refine(loc, message), message)

    def _refine(self, loc: Loc, message: str) -> Loc:
        """Point a model-level error at the first field its message names, when the file has it.

        The schema's cross-field validators report on the whole question ("a critical question
        must have weight 3"); the author wants the line of the field concerned.
        """
        if locate(self.root, loc).missing:
            return loc
        for word in message.split():
            candidate = (*loc, word.strip(".,;:()'\"").split(".")[0])
            if candidate[-1] and not locate(self.root, candidate).missing:
                return candidate
        return loc


def too_large_message(size: int, *, at_least: bool = False) -> str:
    """The problem message for a source of ``size`` bytes (``at_least``: it may be longer)."""
    more = "at least " if at_least else ""
    return (
        f"the file is too large ({more}{size:,} bytes); a framework file may be at most "
        f"5 MB ({MAX_FRAMEWORK_BYTES:,} bytes)"
    )


def decode_framework_bytes(data: bytes, *, filename: str) -> tuple[str | None, list[Problem]]:
    """The text of a framework file's bytes, or the problem that stops it being read.

    Too large or not UTF-8: ``(None, [problem])``. Files and uploads both come through here, so a
    file on disk and the same bytes given directly are refused with the same message.
    """
    if len(data) > MAX_FRAMEWORK_BYTES:
        return None, [Problem(filename, None, None, "", too_large_message(len(data)))]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        return None, [Problem(filename, line, None, "", f"not UTF-8 text (byte {error.start})")]


def source_problems(source: str | bytes, *, filename: str) -> tuple[str | None, list[Problem]]:
    """The source as text, or the problems that mean it must not be parsed at all.

    Refuses more than :data:`MAX_FRAMEWORK_BYTES` of UTF-8, bytes or text that are not UTF-8,
    YAML aliases that expand beyond :data:`MAX_EXPANDED_VALUES` values or refer to themselves,
    and nesting deeper than :data:`MAX_NESTING`. Scanning YAML events
    never expands an alias, so this is safe on hostile input. A syntax error found here is left
    for the full parse to report with its context.
    """
    if isinstance(source, bytes):
        text, problems = decode_framework_bytes(source, filename=filename)
        if text is None:
            return None, problems
    else:
        text = source
        if len(text) > MAX_FRAMEWORK_BYTES:  # every character takes at least one byte
            message = too_large_message(len(text), at_least=True)
            return None, [Problem(filename, None, None, "", message)]
        try:
            size = len(text.encode("utf-8"))
        except UnicodeEncodeError as error:
            line = text.count("\n", 0, error.start) + 1
            message = f"not UTF-8 text (character {error.start} cannot be encoded)"
            return None, [Problem(filename, line, None, "", message)]
        if size > MAX_FRAMEWORK_BYTES:
            return None, [Problem(filename, None, None, "", too_large_message(size))]
    problems = _event_problems(text, filename=filename)
    return (None, problems) if problems else (text, [])


class _ExpansionCounter:
    """Reads YAML events and says what is wrong, if anything: alias expansion, an alias used
    inside the value it names, or excessive nesting.

    Anchors and aliases are allowed (test fixtures use them to repeat level texts), but every use
    of an alias counts the whole value it repeats, so a file whose values, so expanded, number
    more than :data:`MAX_EXPANDED_VALUES` is refused however few lines it has.
    """

    def __init__(self) -> None:
        self.sizes: dict[str, int] = {}  # anchor -> the number of values it stands for
        self.open: list[list[Any]] = []  # [values so far, anchor] of each collection being read
        self.expanded = 0

    def feed(self, event: Event) -> str | None:
        if isinstance(event, CollectionStartEvent):
            if len(self.open) >= MAX_NESTING:
                return (
                    f"mappings and lists are nested more than {MAX_NESTING} deep; "
                    "a framework file never needs that"
                )
            self.open.append([1, event.anchor])
            count = 1
        elif isinstance(event, CollectionEndEvent):
            # The collection's values were counted as they came; its parent now includes them.
            size, anchor = self.open.pop()
            if anchor is not None:
                self.sizes[anchor] = size
            if self.open:
                self.open[-1][0] += size
            return None
        elif isinstance(event, AliasEvent):
            if any(anchor == event.anchor for _, anchor in self.open):
                return f"YAML alias '*{event.anchor}' is used inside the value it names"
            count = self.sizes.get(event.anchor or "", 1)
        elif isinstance(event, NodeEvent):  # a scalar
            count = 1
            if event.anchor is not None:
                self.sizes[event.anchor] = 1
        else:
            return None
        self.expanded += count
        if self.open and not isinstance(event, CollectionStartEvent):
            self.open[-1][0] += count
        if self.expanded > MAX_EXPANDED_VALUES:
            return (
                f"the file holds more than {MAX_EXPANDED_VALUES:,} values once its YAML aliases "
                "are expanded (each alias repeats its whole value); a framework file never needs "
                "that"
            )
        return None


def _event_problems(text: str, *, filename: str) -> list[Problem]:
    """The first problem :class:`_ExpansionCounter` finds in the text's YAML events, if any."""
    counter = _ExpansionCounter()
    try:
        for event in yaml.parse(text, Loader=_EventLoader):
            message = counter.feed(event)
            if message is not None:
                line = None if event.start_mark is None else event.start_mark.line + 1
                return [Problem(filename, line, None, "", message)]
    except yaml.YAMLError:
        pass  # the full parse reports syntax errors, with their context
    return []


def validate_framework_text(text: str | bytes, *, filename: str) -> list[Problem]:
    """Every problem in a framework file's text, sorted by line; an empty list means it is valid.

    Never raises for bad content: oversized, non-UTF-8 or hostile input (see
    :func:`source_problems`), YAML syntax errors, schema errors and broken cross-references all
    come back as problems naming file, line (where there is one), question code and field.
    ``text`` may be the file's bytes, which must be UTF-8.
    """
    return _check(text, filename=filename)[0]


def parse_framework_text(text: str | bytes, *, filename: str) -> Framework:
    """The validated framework; raises :class:`FrameworkInvalid` listing every problem if any."""
    problems, framework = _check(text, filename=filename)
    if problems or framework is None:
        raise FrameworkInvalid(problems)
    return framework


def _check(source: str | bytes, *, filename: str) -> tuple[list[Problem], Framework | None]:
    text, refused = source_problems(source, filename=filename)
    if text is None:
        return refused, None
    try:
        parsed = parse(text)
    except YamlSyntaxError as error:
        return [Problem(filename, error.line, None, "", str(error))], None
    reporter = Reporter(filename=filename, root=parsed.root, data=parsed.data)
    if not isinstance(parsed.data, dict):
        what = "empty" if parsed.data is None else f"a YAML {type(parsed.data).__name__}"
        reporter.add((), f"a framework file must be a YAML mapping of fields, but it is {what}")
        return reporter.problems, None
    framework: Framework | None = None
    try:
        framework = Framework.model_validate(parsed.data)
    except ValidationError as error:
        reporter.add_pydantic(error.errors(include_url=False))
    crosscheck.run(reporter)
    problems = sorted(
        reporter.problems, key=lambda p: (p.line is None, p.line or 0, p.code or "", p.field)
    )
    return problems, (framework if not problems else None)

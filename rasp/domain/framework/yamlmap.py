"""YAML parsed twice over: the plain data, and the node tree that knows each value's line.

Pydantic reports where a problem is as a location tuple (``("questions", 3, "levels", 3)``).
:func:`locate` walks the node tree along such a tuple, so a problem can be shown with the line an
author will look at. Steps that are not in the file (a missing field, pydantic's union tags) are
kept apart, so the caller can still name the field.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

Step = str | int
Loc = tuple[Step, ...]

# libyaml's parser is about twenty times faster and gives the same nodes and marks.
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

KEY_STEP = "[key]"  # pydantic's step for "the key of the previous mapping entry"


class YamlSyntaxError(ValueError):
    """The text is not one well-formed YAML document; ``line`` is 1-based or ``None``."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class Parsed:
    """One YAML document: the node tree (``None`` for an empty document) and its plain data."""

    root: Node | None
    data: Any


@dataclass(frozen=True)
class Located:
    """Where a location tuple leads: the deepest node reached and the steps taken and not taken.

    ``taken`` pairs each step found in the file with whether it indexed a sequence (so a path can
    be written ``topics[2]`` rather than ``topics.2``). ``missing`` holds the steps after the
    deepest node that the file does not have.
    """

    node: Node | None
    taken: tuple[tuple[Step, bool], ...]
    missing: Loc
    key: Node | None = None  # the key of the last mapping entry taken, if the last step was one

    @property
    def line(self) -> int | None:
        """The line to show: the key's for a mapping entry (a block value starts below it)."""
        node = self.key if self.key is not None else self.node
        return None if node is None else node.start_mark.line + 1


def parse(text: str) -> Parsed:
    """Parse one YAML document safely; raises :class:`YamlSyntaxError` with the line if it can't."""
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        data = None if root is None else loader.construct_document(root)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = None if mark is None else mark.line + 1
        message = " ".join(part for part in (error.context, error.problem) if part)
        start = error.context_mark
        if start is not None and mark is not None and start.line != mark.line:
            message += f" (the part in question starts on line {start.line + 1})"
        raise YamlSyntaxError(f"YAML syntax: {message or 'not valid YAML'}", line) from error
    except yaml.YAMLError as error:
        raise YamlSyntaxError(f"YAML syntax: {error}", None) from error
    finally:
        loader.dispose()
    return Parsed(root=root, data=data)


def _entry(node: MappingNode, step: Step) -> tuple[Node, Node] | None:
    wanted = str(step)
    for key_node, value_node in node.value:
        if isinstance(key_node, ScalarNode) and key_node.value == wanted:
            return key_node, value_node
    return None


def locate(root: Node | None, loc: Loc) -> Located:
    """Follow ``loc`` down the node tree as far as the file goes."""
    node = root
    key_node: Node | None = None
    taken: list[tuple[Step, bool]] = []
    for position, step in enumerate(loc):
        if step == KEY_STEP and key_node is not None:
            node = key_node
            continue
        if isinstance(node, MappingNode) and (entry := _entry(node, step)) is not None:
            key_node, node = entry
            taken.append((step, False))
        elif (
            isinstance(node, SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value)
        ):
            key_node, node = None, node.value[step]
            taken.append((step, True))
        else:
            return Located(node=node, taken=tuple(taken), missing=loc[position:], key=key_node)
    return Located(node=node, taken=tuple(taken), missing=(), key=key_node)


def duplicate_keys(root: Node | None) -> list[tuple[Loc, str, int, int]]:
    """Every mapping key given twice: (location of the mapping, key, first line, repeat line).

    PyYAML keeps the last value silently, so an author who pastes a level twice would never know.
    """
    found: list[tuple[Loc, str, int, int]] = []
    stack: list[tuple[Node, Loc]] = [] if root is None else [(root, ())]
    while stack:
        node, loc = stack.pop()
        if isinstance(node, MappingNode):
            first_seen: dict[str, int] = {}
            for key_node, value_node in node.value:
                if isinstance(key_node, ScalarNode):
                    line = key_node.start_mark.line + 1
                    if key_node.value in first_seen:
                        found.append((loc, key_node.value, first_seen[key_node.value], line))
                    else:
                        first_seen[key_node.value] = line
                    stack.append((value_node, (*loc, key_node.value)))
        elif isinstance(node, SequenceNode):
            stack.extend((child, (*loc, index)) for index, child in enumerate(node.value))
    return sorted(found, key=lambda item: item[3])

"""Lookups derived from a framework, built once per framework object and kept while it lives.

Frameworks are frozen pydantic models, so anything derived from one (questions by code, advice
by level, a mode's scoring plan) can be computed once and reused. Frameworks are not hashable
(their fields hold lists), so the cache is keyed by ``id(framework)`` and holds only a weak
reference to it: when the framework is garbage collected the weak reference's callback drops the
entry, and a lookup also checks the reference still points at the very same object, so a later
framework reusing the id never sees another framework's data. No lock: each dict operation is
atomic, and two threads building the same entry at once only build it twice.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from rasp.domain.framework.schema import Framework, Question, Stage

T = TypeVar("T")

_store: dict[int, tuple[weakref.ref[Framework], dict[Hashable, Any]]] = {}


def _forget(ident: int, ref: weakref.ref[Framework]) -> None:
    """Drop the entry of a framework being garbage collected (unless already replaced)."""
    entry = _store.get(ident)
    if entry is not None and entry[0] is ref:
        del _store[ident]


def cached(framework: Framework, key: Hashable, build: Callable[[Framework], T]) -> T:
    """``build(framework)``, computed once per framework object and ``key``.

    ``build`` must depend on the framework only (and ``key``), never on anything mutable.
    """
    ident = id(framework)
    entry = _store.get(ident)
    if entry is None or entry[0]() is not framework:

        def forget(dead: weakref.ref[Framework]) -> None:
            _forget(ident, dead)

        entry = (weakref.ref(framework, forget), {})
        _store[ident] = entry
    values = entry[1]
    try:
        return cast(T, values[key])
    except KeyError:
        value = build(framework)
        values[key] = value
        return value


@dataclass(frozen=True, slots=True)
class FrameworkIndex:
    """Per-framework lookups shared by validation and gaps."""

    by_code: Mapping[str, Question]  # as ``{q.code: q for q in framework.questions}``
    advice: Mapping[str, Mapping[int, str]]  # code -> advice by int level
    stage_order: Mapping[Stage, int]  # stage -> its position in ``Stage``


def _build_index(framework: Framework) -> FrameworkIndex:
    by_code = {question.code: question for question in framework.questions}
    advice = {
        code: {int(level): text for level, text in question.advice.items()}
        for code, question in by_code.items()
    }
    return FrameworkIndex(
        by_code=by_code,
        advice=advice,
        stage_order={stage: index for index, stage in enumerate(Stage)},
    )


def framework_index(framework: Framework) -> FrameworkIndex:
    """The framework's cached ``FrameworkIndex``."""
    return cached(framework, FrameworkIndex, _build_index)

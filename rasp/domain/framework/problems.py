"""What the validator reports: one :class:`Problem` per thing wrong, with where it is."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem in a framework file.

    ``line`` is 1-based and ``None`` only when the problem has no single place (an empty file).
    ``code`` is the question code when the problem belongs to one question. ``field`` is the path
    of the field, relative to the question when ``code`` is set (``levels.3``), otherwise from the
    top of the file (``topics[4].critical``); empty when the problem concerns the whole file.
    """

    file: str
    line: int | None
    code: str | None
    field: str
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        parts = [where]
        if self.code:
            parts.append(self.code)
        if self.field:
            parts.append(self.field)
        return ": ".join([*parts, self.message])


class FrameworkInvalid(ValueError):
    """A framework file or text failed validation; ``problems`` lists every problem found."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        lines = [f"framework is not valid ({count} {noun}):", *(str(p) for p in self.problems)]
        super().__init__("\n".join(lines))

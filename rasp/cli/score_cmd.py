"""``rasp score`` and ``rasp partnership-score``: offline scoring of answers files, no database.

The framework is the bundled one for the answers' ``framework_version`` (the latest when the
files give none), or the file given with ``--framework``. Output is JSON by default (the shapes of
``design/interfaces.md``), or a readable text report with ``--format text``. A bad file is a user
error (exit 1, one line naming the file and the question code); fewer than two partner files is
bad usage (exit 2).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import yaml
from pydantic import ValidationError

from rasp.cli.errors import UserError
from rasp.domain.framework.loader import bundled_framework, load_framework_file
from rasp.domain.framework.problems import FrameworkInvalid
from rasp.domain.framework.schema import Framework
from rasp.domain.scoring.answers import (
    AnswersError,
    AnswersFile,
    PartnerAnswers,
    load_answers_file,
)
from rasp.domain.scoring.engine import score_organisation
from rasp.domain.scoring.partnership import score_partnership
from rasp.domain.scoring.results import JsonDict
from rasp.domain.scoring.text import render_organisation, render_partnership


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``score`` and ``partnership-score`` sub-commands."""
    score = subparsers.add_parser(
        "score",
        help="score one organisation's answers file (no database needed)",
        description="Score one organisation's answers file offline against the framework.",
    )
    score.add_argument("answers_file", metavar="ANSWERS_FILE", type=Path, help="YAML or JSON")
    _common_options(score)
    score.set_defaults(handler=run_score)

    partnership = subparsers.add_parser(
        "partnership-score",
        help="score a partnership from each partner's answers file",
        description="Score a partnership from two or more partners' answers files; --entrant "
        "also compares a new partner with the partnership's baseline.",
    )
    partnership.add_argument("files", metavar="FILE", nargs="+", type=Path, help="answers files")
    partnership.add_argument(
        "--entrant", metavar="FILE", type=Path, help="a new partner's answers file"
    )
    _common_options(partnership)
    partnership.set_defaults(handler=run_partnership_score, parser=partnership)


def _common_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format", choices=("json", "text"), default="json", help="output format (default json)"
    )
    parser.add_argument(
        "--framework", metavar="FILE", type=Path, help="a framework file instead of the bundled one"
    )


def _one_line(message: str) -> str:
    return "; ".join(part.strip() for part in message.splitlines() if part.strip())


def _read_answers(path: Path) -> AnswersFile:
    try:
        return load_answers_file(path)
    except AnswersError as error:
        raise UserError(_one_line(str(error))) from None


def _framework_problem(error: Exception) -> str:
    if isinstance(error, FrameworkInvalid) and error.problems:
        more = len(error.problems) - 1
        return str(error.problems[0]) + (f" (and {more} more)" if more else "")
    if isinstance(error, ValidationError):
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        return f"{where}: {first['msg']}" if where else first["msg"]
    if isinstance(error, OSError) and error.strerror:
        return f"cannot read the file: {error.strerror}"
    return str(error)


def _load_framework(path: Path | None, version: str | None, source: str) -> Framework:
    """The framework to score with; ``source`` names the answers file(s) in errors."""
    if path is None:
        try:
            return bundled_framework(version)
        except (LookupError, OSError, ValueError, yaml.YAMLError) as error:
            problem = _one_line(_framework_problem(error))
            if isinstance(error, LookupError):
                raise UserError(f"{source}: {problem}; give one with --framework FILE") from None
            raise UserError(f"{source}: the bundled framework is not usable: {problem}") from None
    try:
        framework = load_framework_file(path)
    except (LookupError, OSError, ValueError, yaml.YAMLError) as error:
        problem = _one_line(_framework_problem(error))
        raise UserError(f"{path}: not a usable framework file: {problem}") from None
    if version is not None and framework.version != version:
        raise UserError(
            f"{source}: framework_version {version} does not match {path} "
            f"(version {framework.version})"
        )
    return framework


def _emit(data: JsonDict | str) -> None:
    if isinstance(data, str):
        sys.stdout.write(data)
    else:
        sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def run_score(args: argparse.Namespace) -> int:
    """Score one answers file and print the result; UserError on any bad input."""
    path: Path = args.answers_file
    answers = _read_answers(path)
    framework = _load_framework(args.framework, answers.framework_version, str(path))
    try:
        result = score_organisation(
            framework,
            answers.mode,
            answers.to_answers(),
            organisation=answers.organisation,
            source=str(path),
        )
    except AnswersError as error:
        raise UserError(_one_line(str(error))) from None
    if args.format == "text":
        _emit(render_organisation(framework, result))
    else:
        _emit(result.to_json_dict())
    return 0


def _shared_version(files: list[AnswersFile]) -> str | None:
    versions = {a.framework_version for a in files if a.framework_version is not None}
    if len(versions) > 1:
        listed = ", ".join(sorted(versions))
        raise UserError(f"the answers files name different framework versions: {listed}")
    return next(iter(versions), None)


def _partner(path: Path, answers: AnswersFile) -> PartnerAnswers:
    return PartnerAnswers(answers.organisation, answers.to_answers(), str(path))


def run_partnership_score(args: argparse.Namespace) -> int:
    """Score a partnership (and optionally an entrant) and print the result."""
    paths: list[Path] = args.files
    if len(paths) < 2:
        args.parser.error("partnership-score needs at least two answers files")
    partners = [(path, _read_answers(path)) for path in paths]
    entrant = None if args.entrant is None else _read_answers(args.entrant)
    every = [answers for _, answers in partners] + ([entrant] if entrant is not None else [])
    modes = {answers.mode for _, answers in partners}
    if len(modes) > 1:
        listed = ", ".join(sorted(mode.value for mode in modes))
        raise UserError(f"the partners' answers files are in different modes: {listed}")
    framework = _load_framework(args.framework, _shared_version(every), str(paths[0]))
    try:
        result = score_partnership(
            framework,
            modes.pop(),
            [_partner(path, answers) for path, answers in partners],
            entrant=None if entrant is None else _partner(args.entrant, entrant),
            entrant_mode=None if entrant is None else entrant.mode,
        )
    except AnswersError as error:
        raise UserError(_one_line(str(error))) from None
    if args.format == "text":
        _emit(render_partnership(framework, result))
    else:
        _emit(result.to_json_dict())
    return 0

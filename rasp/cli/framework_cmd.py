"""``rasp framework ...``: validate a question-bank file, load it, export a loaded version.

``validate`` works offline. ``load`` and ``export`` use the database, so they set Django up only
when they run: validating a file never needs settings or a database.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from rasp.cli.errors import UserError
from rasp.domain.framework.loader import read_framework_text
from rasp.domain.framework.problems import FrameworkInvalid, Problem
from rasp.domain.framework.schema import Mode
from rasp.domain.framework.validate import parse_framework_text

if TYPE_CHECKING:
    from collections.abc import Sequence


def _read(path: Path) -> str:
    try:
        return read_framework_text(path)
    except FrameworkInvalid as error:
        raise UserError(str(error.problems[0])) from None


def _report(problems: Sequence[Problem], path: Path) -> UserError:
    """Print every problem, one a line, on stdout; return the one-line error to raise."""
    for problem in problems:
        print(problem)
    count = len(problems)
    return UserError(f"{path}: {count} problem{'s' if count != 1 else ''} found")


def _validate(args: argparse.Namespace) -> int:
    path: Path = args.file
    try:
        framework = parse_framework_text(_read(path), filename=str(path))
    except FrameworkInvalid as error:
        raise _report(error.problems, path) from None
    modes = ", ".join(f"{mode.value} {len(framework.questions_for_mode(mode))}" for mode in Mode)
    print(
        f"{path}: valid: {framework.framework} {framework.version}, "
        f"{len(framework.questions)} questions ({modes}), {len(framework.topics)} topics covered"
    )
    return 0


def _database_error(error: Exception) -> UserError:
    first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return UserError(f"the database is not ready ({first_line}); run 'rasp manage migrate' first")


def _load(args: argparse.Namespace) -> int:
    path: Path = args.file
    text = _read(path)
    from rasp.cli.server_cmd import setup_django

    setup_django()
    from django.db import DatabaseError

    from rasp.domain.framework.loader import framework_checksum
    from rasp.frameworks.selectors import framework_version_with_checksum
    from rasp.frameworks.services import FrameworkLoadError, framework_version_load

    try:
        before = framework_version_with_checksum(framework_checksum(text))
        row = framework_version_load(source_text=text, publish=args.publish, filename=str(path))
    except FrameworkInvalid as error:
        raise _report(error.problems, path) from None
    except FrameworkLoadError as error:
        raise UserError(f"{path}: {error}") from None
    except DatabaseError as error:
        raise _database_error(error) from None
    if before is None:
        what = "loaded"
    elif before.status != row.status:
        what = "already loaded, now published"
    else:
        what = "already loaded, unchanged"
    print(f"{row.framework} {row.version}: {what}; status {row.status}; checksum {row.checksum}")
    return 0


def _export(args: argparse.Namespace) -> int:
    from rasp.cli.server_cmd import setup_django

    setup_django()
    from django.db import DatabaseError

    from rasp.domain.framework.export import framework_export
    from rasp.frameworks.models import FrameworkVersion
    from rasp.frameworks.selectors import (
        framework_of,
        framework_version_get,
        framework_version_latest_published,
    )

    try:
        if args.version is None:
            row = framework_version_latest_published(args.framework)
            if row is None:
                raise UserError(
                    f"no published version of framework '{args.framework}'; "
                    "load one with 'rasp framework load FILE --publish'"
                )
        else:
            try:
                row = framework_version_get(args.framework, args.version)
            except FrameworkVersion.DoesNotExist:
                raise UserError(
                    f"framework '{args.framework}' has no version {args.version}"
                ) from None
        data = framework_export(framework_of(row))
    except DatabaseError as error:
        raise _database_error(error) from None
    data["status"] = row.status
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    framework = subparsers.add_parser(
        "framework",
        help="check, load and export question-bank versions",
        description="Check, load and export versions of the question bank (the framework).",
    )
    commands = framework.add_subparsers(dest="framework_command", metavar="COMMAND")
    commands.required = True

    validate = commands.add_parser(
        "validate",
        help="check a question-bank file (offline)",
        description="Check a question-bank YAML file against the format and its cross-references. "
        "Prints every problem, one a line, as FILE:LINE: CODE: FIELD: MESSAGE, and exits 1 if "
        "there is any. Needs no database.",
    )
    validate.add_argument("file", type=Path, metavar="FILE", help="the YAML file to check")
    validate.set_defaults(handler=_validate)

    load = commands.add_parser(
        "load",
        help="load a question-bank file into the database",
        description="Validate a question-bank file and store it as a version (a draft unless "
        "--publish). Loading the same file again changes nothing; a published version can never "
        "be changed, only followed by a new version.",
    )
    load.add_argument("file", type=Path, metavar="FILE", help="the YAML file to load")
    load.add_argument(
        "--publish", action="store_true", help="publish the version, making it immutable"
    )
    load.set_defaults(handler=_load)

    export = commands.add_parser(
        "export",
        help="print a loaded version as JSON",
        description="Print a loaded framework version from the database (by default the latest "
        "published one) in the documented JSON shape.",
    )
    export.add_argument("--version", metavar="V", help="the version to export, such as 1.0")
    export.add_argument(
        "--framework", default="rasp", metavar="NAME", help="the framework's name (default rasp)"
    )
    export.add_argument(
        "--format", choices=["json"], default="json", help="output format (only json for now)"
    )
    export.set_defaults(handler=_export)

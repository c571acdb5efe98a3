"""Entry point of the ``rasp`` command.

Exit codes are a promise to scripts: 0 success, 1 user error (one line on stderr saying what is
wrong and where), 2 bad usage (argparse's own convention).
Each group of sub-commands lives in its own module with a ``register(subparsers)`` function, so the
framework and scoring commands can grow without touching this file.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from rasp.cli import backup_cmd, framework_cmd, score_cmd, server_cmd
from rasp.cli.errors import UserError

REGISTRARS: tuple[Callable[[argparse._SubParsersAction[argparse.ArgumentParser]], None], ...] = (
    framework_cmd.register,
    score_cmd.register,
    server_cmd.register,
    backup_cmd.register,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rasp",
        description="RASP: Readiness Assessment for a Shared service Programme.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    subparsers.required = True
    for register in REGISTRARS:
        register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        result = args.handler(args)
    except UserError as error:
        print(f"rasp: error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return int(result or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

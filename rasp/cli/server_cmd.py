"""Commands that act on a running installation's database (they set Django up lazily)."""

from __future__ import annotations

import argparse
import os


def setup_django() -> None:
    """Configure Django for commands that need the database; offline commands never call this."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rasp.config.settings")
    import django

    django.setup()


def _manage(args: argparse.Namespace) -> int:
    setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["rasp manage", *args.arguments])
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    manage = subparsers.add_parser(
        "manage",
        help="run a Django management command (as manage.py would)",
        description="Run a Django management command, for example 'rasp manage migrate'.",
    )
    manage.add_argument("arguments", nargs=argparse.REMAINDER, help="the command and its options")
    manage.set_defaults(handler=_manage)

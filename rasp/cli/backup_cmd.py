"""``rasp backup FILE`` and ``rasp restore FILE [--force]``: a whole instance to a file and back.

* **PostgreSQL**: ``pg_dump`` in its custom format, and ``pg_restore`` in one transaction (all or
  nothing). The client tools are looked for in ``RASP_PG_BINDIR``, then on the ``PATH``, then in
  Debian's ``/usr/lib/postgresql/*/bin`` (newest first). Their version must be at least the
  server's.
* **SQLite**: SQLite's online backup API, page by page, safe while the app is running.

A backup is written to a temporary file beside FILE and renamed when complete, so a failed or
interrupted backup never leaves a half file under the name given. An existing FILE is never
overwritten.

Restoring refuses to replace a database that already holds tables unless ``--force`` is given:
the usual mistake is restoring over the live data. It also refuses a file that is not a RASP
backup of the same kind of database. Afterwards, ``rasp manage migrate`` brings a backup from an
older release up to date. Every refusal is one line on stderr and exit code 1.
"""

from __future__ import annotations

import argparse
import glob
import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rasp.cli.errors import UserError
from rasp.cli.server_cmd import setup_django

PG_MAGIC = b"PGDMP"
SQLITE_MAGIC = b"SQLite format 3\x00"
KIND_NAMES = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}


@dataclass(frozen=True)
class Database:
    """Where a database is: ``vendor`` "postgresql" with psycopg's connection keywords in
    ``params``, or "sqlite" with the file in ``params["path"]``."""

    vendor: str
    params: Mapping[str, Any]

    @property
    def name(self) -> str:
        return str(self.params.get("dbname") or self.params.get("path"))


def configured_database() -> Database:
    """The installation's database, from its settings."""
    setup_django()
    from django.db import connections

    connection = connections["default"]
    if connection.vendor == "sqlite":
        return Database("sqlite", {"path": str(connection.settings_dict["NAME"])})
    if connection.vendor == "postgresql":
        params = connection.get_connection_params()
        keep = ("dbname", "user", "password", "host", "port", "sslmode")
        return Database("postgresql", {k: params[k] for k in keep if params.get(k)})
    raise UserError(f"backups of a {connection.vendor} database are not supported")


# PostgreSQL -----------------------------------------------------------------------------------


def _pg_tool(name: str) -> str:
    configured = os.environ.get("RASP_PG_BINDIR")
    if configured:
        candidate = Path(configured) / name
        if candidate.exists():
            return str(candidate)
        raise UserError(f"{name} is not in RASP_PG_BINDIR ({configured})")
    found = shutil.which(name)
    if found:
        return found
    debian = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda path: int(Path(path).parts[-3]) if Path(path).parts[-3].isdigit() else 0,
    )
    if debian:
        return debian[-1]
    raise UserError(
        f"{name} was not found: install the PostgreSQL client tools "
        "(apt-get install postgresql-client) or set RASP_PG_BINDIR"
    )


def _pg_arguments(params: Mapping[str, Any]) -> tuple[list[str], dict[str, str]]:
    """Command-line options naming the database, and the environment carrying the password
    (never on the command line, where other users could see it)."""
    options = []
    for key, flag in (("host", "--host"), ("port", "--port"), ("user", "--username")):
        if params.get(key):
            options += [flag, str(params[key])]
    env = dict(os.environ)
    if params.get("password"):
        env["PGPASSWORD"] = str(params["password"])
    if params.get("sslmode"):
        env["PGSSLMODE"] = str(params["sslmode"])
    return options, env


def _run(command: list[str], env: Mapping[str, str], what: str) -> str:
    done = subprocess.run(command, env=dict(env), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        lines = [line for line in done.stderr.strip().splitlines() if line.strip()]
        raise UserError(f"{what} failed: {lines[-1] if lines else f'exit code {done.returncode}'}")
    return done.stdout


def _pg_connect(params: Mapping[str, Any]) -> Any:
    import psycopg

    try:
        return psycopg.connect(**params, connect_timeout=10)
    except psycopg.OperationalError as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else "no answer"
        raise UserError(f"cannot connect to the database {params.get('dbname')}: {first}") from None


def _pg_tables(params: Mapping[str, Any]) -> int:
    with _pg_connect(params) as connection:
        row = connection.execute(
            "SELECT count(*) FROM pg_catalog.pg_tables "
            "WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"
        ).fetchone()
    return int(row[0]) if row else 0


def _pg_backup(database: Database, target: Path) -> None:
    options, env = _pg_arguments(database.params)
    _run(
        [
            _pg_tool("pg_dump"),
            *options,
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            "--file",
            str(target),
            str(database.params["dbname"]),
        ],
        env,
        "pg_dump",
    )


def _pg_restore(database: Database, source: Path, replace: bool) -> None:
    options, env = _pg_arguments(database.params)
    listing = _run([_pg_tool("pg_restore"), "--list", str(source)], env, "reading the backup")
    if "TABLE public django_migrations" not in listing:
        raise UserError(f"{source} is a PostgreSQL backup, but not of a RASP database")
    command = [
        _pg_tool("pg_restore"),
        *options,
        "--dbname",
        str(database.params["dbname"]),
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        "--exit-on-error",
    ]
    if replace:
        command += ["--clean", "--if-exists"]
    _run([*command, str(source)], env, "pg_restore")


# SQLite ---------------------------------------------------------------------------------------


def _sqlite_tables(path: Path) -> int:
    if not path.exists() or path.stat().st_size == 0:
        return 0
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = connection.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).fetchone()
    finally:
        connection.close()
    return int(row[0])


def _sqlite_copy(source: Path, target: Path) -> None:
    """Copy one SQLite database into another with the online backup API (the target's whole
    content is replaced, in one step)."""
    reader = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    writer = sqlite3.connect(str(target))
    try:
        reader.backup(writer)
    except sqlite3.Error as error:
        raise UserError(f"copying {source} to {target} failed: {error}") from None
    finally:
        writer.close()
        reader.close()


def _sqlite_check_backup(source: Path) -> None:
    connection = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        status = connection.execute("PRAGMA quick_check").fetchone()
        has_migrations = connection.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'django_migrations'"
        ).fetchone()
    except sqlite3.DatabaseError as error:
        raise UserError(f"{source} cannot be read as a SQLite database: {error}") from None
    finally:
        connection.close()
    if not status or status[0] != "ok":
        raise UserError(f"{source} is damaged: {status[0] if status else 'no answer'}")
    if not has_migrations or not has_migrations[0]:
        raise UserError(f"{source} is a SQLite database, but not a RASP backup")


# The two operations ---------------------------------------------------------------------------


def kind_of_file(path: Path) -> str | None:
    """ "postgresql" or "sqlite" from the file's first bytes; None for anything else."""
    with path.open("rb") as handle:
        start = handle.read(len(SQLITE_MAGIC))
    if start.startswith(PG_MAGIC):
        return "postgresql"
    if start == SQLITE_MAGIC:
        return "sqlite"
    return None


def backup_database(database: Database, target: Path) -> None:
    """Write the whole database to ``target`` (which must not exist yet)."""
    if target.exists():
        raise UserError(f"{target} already exists: choose another name, or remove it first")
    if not target.parent.is_dir():
        raise UserError(f"{target.parent} is not a folder")
    handle, partial_name = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    os.close(handle)
    partial = Path(partial_name)
    try:
        if database.vendor == "postgresql":
            partial.unlink()  # pg_dump creates the file itself
            _pg_backup(database, partial)
        else:
            source = Path(database.params["path"])
            if not source.exists():
                raise UserError(f"the database file {source} does not exist")
            _sqlite_copy(source, partial)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def restore_database(database: Database, source: Path, *, force: bool) -> int:
    """Replace the database's content with the backup in ``source``; returns the number of
    tables the database held before (0 unless ``force``)."""
    if not source.is_file():
        raise UserError(f"{source}: no such file")
    kind = kind_of_file(source)
    if kind is None:
        raise UserError(f"{source} is not a backup made by rasp backup")
    if kind != database.vendor:
        raise UserError(
            f"{source} is a {KIND_NAMES[kind]} backup, but this installation's database is "
            f"{KIND_NAMES[database.vendor]}: restore it into a {KIND_NAMES[kind]} installation"
        )
    if database.vendor == "postgresql":
        tables = _pg_tables(database.params)
    else:
        _sqlite_check_backup(source)
        tables = _sqlite_tables(Path(database.params["path"]))
    if tables and not force:
        raise UserError(
            f"the database {database.name} already holds data ({tables} tables); restoring "
            "would replace all of it. Run again with --force if that is what you want"
        )
    if database.vendor == "postgresql":
        _pg_restore(database, source, replace=bool(tables))
    else:
        _sqlite_copy(source, Path(database.params["path"]))
    return tables


def _backup(args: argparse.Namespace) -> int:
    database = configured_database()
    target = Path(args.file).expanduser().resolve()
    backup_database(database, target)
    size = target.stat().st_size
    print(
        f"Backed up the {KIND_NAMES[database.vendor]} database {database.name} "
        f"to {target} ({size:,} bytes)"
    )
    return 0


def _restore(args: argparse.Namespace) -> int:
    database = configured_database()
    source = Path(args.file).expanduser().resolve()
    replaced = restore_database(database, source, force=args.force)
    what = f"replacing its {replaced} tables" if replaced else "which was empty"
    print(
        f"Restored {source} into the {KIND_NAMES[database.vendor]} database {database.name}, "
        f"{what}. Next, run 'rasp manage migrate' in case the backup is from an older release."
    )
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``backup`` and ``restore`` sub-commands."""
    backup = subparsers.add_parser(
        "backup",
        help="copy the whole database to a file (safe while the app runs)",
        description="Copy the whole database to FILE: pg_dump's custom format on PostgreSQL, "
        "SQLite's online backup on SQLite. FILE must not exist yet.",
    )
    backup.add_argument("file", metavar="FILE", help="the backup file to write")
    backup.set_defaults(handler=_backup)

    restore = subparsers.add_parser(
        "restore",
        help="replace the database's content with a backup",
        description="Restore a backup made by 'rasp backup' into this installation's database. "
        "Refuses a database that already holds data unless --force is given. Stop the app first.",
    )
    restore.add_argument("file", metavar="FILE", help="a file written by rasp backup")
    restore.add_argument(
        "--force",
        action="store_true",
        help="replace a database that already holds data (everything in it is lost)",
    )
    restore.set_defaults(handler=_restore)

"""Walking the URL patterns and the API operations, and reading the authorisation table."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

from tests.security.world import ROLES

# Outcomes, as written in the table.
OUTCOMES = {"200", "302", "login", "admin-login", "400", "401", "403", "404", "405", "201", "409"}


@dataclass(frozen=True)
class Route:
    key: str  # the row name: "namespace:url-name", or the route itself for unnamed patterns
    route: str  # the pattern, e.g. "organisations/<int:organisation_id>/"
    pattern: URLPattern


def walk(patterns: Any = None, prefix: str = "", namespace: str = "") -> Iterator[Route]:
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            if entry.name:
                key = f"{namespace}:{entry.name}" if namespace else entry.name
            else:
                key = route
            yield Route(key, route, entry)


CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")
REGEX_GROUP = re.compile(r"\(\?P<(\w+)>[^)]*\)")


def path_for(route: str, ids: dict[str, Any]) -> str:
    """Fill every parameter of ``route`` (path converters and regex groups) from ``ids``."""

    def fill(match: re.Match[str]) -> str:
        name = match.group(match.lastindex or 1)
        if name not in ids:
            raise AssertionError(
                f"The URL {route} has a parameter {name!r} that tests/security/world.py does not "
                f"know: add {name!r} to the ids built there (and to _world() in "
                "tests/core/test_access_rules.py)."
            )
        return str(ids[name])

    # Regex groups first: their "(?P<name>...)" would otherwise look like a path converter.
    filled = REGEX_GROUP.sub(fill, route)
    filled = CONVERTER.sub(fill, filled)
    return "/" + filled.replace("^", "").replace("$", "")


ADMIN_OBJECT = re.compile(r"^site-admin/(\w+)/(\w+)/<path:object_id>/")
MISSING_PK = 999_999_999
# An organisation's own transition plan and register use their own task, benefit and actual ids.
ORGANISATION_DELIVERY = (
    "organisations/<int:organisation_id>/transition/",
    "organisations/<int:organisation_id>/benefits/",
)
DELIVERY_DOWNLOAD = re.compile(r"(transition|benefits)/download\.<str:format>$")


def ids_for(route: str, ids: dict[str, Any]) -> dict[str, Any]:
    """``ids``, with the site administration's ``object_id`` set to a row that exists in that
    page's model (the first), or to a missing one if the table is empty: the same answer on any
    database, whatever ids its sequences hand out."""
    if route.startswith(ORGANISATION_DELIVERY):
        ids = {
            **ids,
            "task_id": ids["organisation_task_id"],
            "benefit_id": ids["organisation_benefit_id"],
            "actual_id": ids["organisation_actual_id"],
        }
    if DELIVERY_DOWNLOAD.search(route):
        ids = {**ids, "format": "xlsx"}  # the plan and register come as PDF, Word and Excel
    match = ADMIN_OBJECT.match(route)
    if match is None:
        return ids
    from django.apps import apps

    model = apps.get_model(match.group(1), match.group(2))
    first = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
    return {**ids, "object_id": MISSING_PK if first is None else first}


def outcome(response: Any) -> str:
    """The table's word for a response: a status, or where a redirect goes."""
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith("/account/sign-in/?next="):
            return "login"
        if location.startswith("/site-admin/login/"):
            return "admin-login"
        return "302"
    return str(response.status_code)


def parse_table(text: str) -> dict[str, dict[str, str]]:
    """Rows of ``name outcome outcome ...`` (one outcome per role, in ``ROLES`` order)."""
    rows: dict[str, dict[str, str]] = {}
    for number, line in enumerate(text.splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line or line.startswith("URL") or line.startswith("OPERATION"):
            continue
        name, *cells = line.split()
        if len(cells) != len(ROLES):
            raise AssertionError(f"table line {number} ({name}) needs {len(ROLES)} outcomes")
        unknown = set(cells) - OUTCOMES
        if unknown:
            raise AssertionError(f"table line {number} ({name}): unknown outcome {unknown}")
        if name in rows:
            raise AssertionError(f"table line {number}: {name} appears twice")
        rows[name] = dict(zip(ROLES, cells, strict=True))
    return rows


def row_line(name: str, observed: dict[str, str]) -> str:
    return f"{name:<58}" + "".join(f"{observed[role]:<12}" for role in ROLES).rstrip()

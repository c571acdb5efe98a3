"""The authorisation matrix: every URL pattern and every API operation, as every role, against
the table in authorisation_table.py; and another organisation's objects are 404 to everyone."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from tests.conftest import ValidatingClient
from tests.security.authorisation_table import API, PAGES
from tests.security.matrix import Route, ids_for, outcome, parse_table, path_for, row_line, walk
from tests.security.snapshot import database_snapshot
from tests.security.world import ROLES, World, build_world, sign_in

pytestmark = pytest.mark.django_db

# Parameters that name an object of one organisation or partnership.
OBJECT_PARAMETERS = (
    "organisation_id",
    "member_id",
    "assessment_id",
    "respondent_id",
    "action_id",
    "partnership_id",
    "joint_action_id",
    "invitation_id",
    "token_id",
)
# Fields a POST carries: enough for any of our forms to be valid if the view let it through.
POST_DATA = {
    "role": "viewer",
    "email": "changed@example.org",
    "title": "Changed by someone who may not",
    "name": "Changed by someone who may not",
    "confirm": "yes",
    "status": "done",
    "level": "4",
    "kind": "level",
    "reason": "x",
    "owner": "x",
    "answer": "accept",
    "mode": "readiness",
    "share": "yes",
}


class MatrixClient(ValidatingClient):
    """Checks our pages' HTML; Django's own site administration is not ours to check."""

    def request(self, **request: Any) -> Any:
        if request.get("PATH_INFO", "").startswith("/site-admin/"):
            return Client.request(self, **request)
        return super().request(**request)


def clients(world: World) -> dict[str, ValidatingClient]:
    result = {}
    for role in ROLES:
        client = MatrixClient()
        if world.users[role] is not None:
            sign_in(client, world.users[role])
        result[role] = client
    return result


def operation_ids() -> set[str]:
    from rasp.api.v1 import api

    return {
        operation["operationId"]
        for methods in api.get_openapi_schema()["paths"].values()
        for operation in methods.values()
    }


def page_routes() -> list[Route]:
    """Every URL pattern except the API's operations (the API table covers those)."""
    operations = operation_ids()
    return [r for r in walk() if r.pattern.name not in operations or not r.key.startswith("api:")]


def _is_ours(route: Route) -> bool:
    return getattr(route.pattern.callback, "access_rule", None) is not None


def _names_an_object(route: Route) -> bool:
    return any(f"{name}>" in route.route for name in OBJECT_PARAMETERS)


def _report(kind: str, table_name: str, observed: dict[str, dict[str, str]], table: Any) -> None:
    missing = [name for name in observed if name not in table]
    stale = [name for name in table if name not in observed]
    wrong = [
        f"  {name}: {role} expected {table[name][role]}, got {got}"
        for name, cells in observed.items()
        if name in table
        for role, got in cells.items()
        if table[name][role] != got
    ]
    problems = []
    if missing:
        problems.append(
            f"{len(missing)} {kind} have no row in tests/security/authorisation_table.py. Add "
            f"these lines to {table_name} there (they show what each role gets now: check every "
            "cell is what you intend before pasting):\n"
            + "\n".join(row_line(name, observed[name]) for name in missing)
        )
    if stale:
        problems.append(f"Rows in {table_name} for {kind} that no longer exist: {stale}")
    if wrong:
        problems.append("Answers that differ from the table:\n" + "\n".join(wrong))
    assert not problems, "\n\n".join(problems)


def test_every_page_answers_every_role_as_the_table_says(counts):
    world = build_world()
    by_role = clients(world)
    observed: dict[str, dict[str, str]] = {}
    for route in page_routes():
        path = path_for(route.route, ids_for(route.route, world.own))
        observed[route.key] = {role: outcome(by_role[role].get(path)) for role in ROLES}
    counts["page GETs (URL x role)"] = len(observed) * len(ROLES)
    _report("URLs", "PAGES", observed, parse_table(PAGES))


def test_another_organisations_objects_are_not_found_by_anyone(counts):
    """GET and POST, every role, every URL that names an object: 404 (or sign in), no change."""
    world = build_world()
    by_role = clients(world)
    before = database_snapshot()
    wrong = []
    checked = 0
    for route in page_routes():
        if not (_is_ours(route) and _names_an_object(route)):
            continue
        path = path_for(route.route, ids_for(route.route, world.foreign))
        for role in ROLES:
            expected = "login" if role == "anonymous" else "404"
            for method in ("get", "post"):
                response = getattr(by_role[role], method)(path, POST_DATA)
                checked += 1
                # A POST-only view may refuse a GET before looking anything up: 405 for any id,
                # so it tells nobody whether the object exists. Its POST must still be 404.
                if method == "get" and outcome(response) == "405" and role != "anonymous":
                    continue
                if outcome(response) != expected:
                    wrong.append(f"{method.upper()} {path} as {role}: {outcome(response)}")
    assert checked > 300
    counts["foreign GET+POST (URL x role x method)"] = checked
    assert not wrong, "\n".join(wrong)
    assert database_snapshot() == before


def test_refused_posts_are_refused_the_same_way_and_change_nothing(counts):
    """A POST is refused as the GET is: anonymous to sign in; a role the table gives 403 or 404
    gets the same by POST; the outsider gets 404 from every URL naming the home organisation's
    objects, even where a GET would be 405. Nothing changes."""
    world = build_world()
    by_role = clients(world)
    table = parse_table(PAGES)
    before = database_snapshot()
    wrong = []
    checked = 0
    for route in page_routes():
        if not _is_ours(route) or route.pattern.callback.access_rule == "public":
            continue
        path = path_for(route.route, ids_for(route.route, world.own))
        row = table.get(route.key, {})
        for role in ROLES:
            if role == "anonymous":
                expected = "login"
            elif role == "outsider" and _names_an_object(route):
                expected = "404"
            elif row.get(role) in ("403", "404"):
                expected = row[role]
            else:
                continue
            response = by_role[role].post(path, POST_DATA)
            checked += 1
            # A read-only page refuses every POST with 405 before it could change anything.
            if expected == "403" and outcome(response) == "405":
                continue
            if outcome(response) != expected:
                wrong.append(f"POST {path} as {role}: expected {expected}, got {outcome(response)}")
    assert checked > 150
    assert before["assessments.Assessment"] and before["organisations.Membership"]
    counts["refused POSTs (URL x role)"] = checked
    assert not wrong, "\n".join(wrong)
    assert database_snapshot() == before


# API ---------------------------------------------------------------------------------------------

# A valid body for each operation that takes one: what a caller allowed to would send.
BODIES: dict[str, dict[str, Any]] = {
    "assessment_create": {"mode": "readiness", "title": "Made through the API"},
    "answer_put": {"kind": "level", "level": 1, "based_on_version": None},
    "action_create": {"title": "Made through the API"},
    "action_put": {"title": "Changed through the API", "version": 1},
    "transition_task_create": {
        "title": "Made through the API",
        "workstream": "people",
        "starts_on": "2026-05-01",
        "due_on": "2026-06-01",
    },
    "transition_task_put": {
        "title": "Changed through the API",
        "workstream": "systems",
        "starts_on": "2026-05-01",
        "due_on": "2026-06-01",
        "version": 1,
    },
    # organisation_ids must name the programme's organisations, which a fixed body cannot:
    # the benefit writes are refused as bad input after the access checks, which is what the
    # table records for the roles that may write.
    "benefit_create": {
        "title": "Made through the API",
        "kind": "financial",
        "measure": "Annual cost",
        "baseline": "£1.2m",
        "target": "£1m",
        "starts_on": "2026-05-01",
        "target_on": "2027-05-01",
        "owner": "Finance director",
        "organisation_ids": [999999999],
    },
    "benefit_put": {
        "title": "Changed through the API",
        "kind": "financial",
        "measure": "Annual cost",
        "baseline": "£1.2m",
        "target": "£1m",
        "starts_on": "2026-05-01",
        "target_on": "2027-05-01",
        "owner": "Finance director",
        "organisation_ids": [999999999],
        "version": 1,
    },
    "benefit_actual_put": {"period_end": "2026-06-30", "value": "£350,000"},
}
API_PARAMETERS = {"version": "1.0"}


def operations() -> list[tuple[str, str, str]]:
    """(operationId, method, path template) of every operation in the OpenAPI document."""
    from rasp.api.v1 import api

    return [
        (operation["operationId"], method, path)
        for path, methods in api.get_openapi_schema()["paths"].items()
        for method, operation in methods.items()
    ]


def _api_path(template: str, ids: dict[str, Any]) -> str:
    values = {**ids, **API_PARAMETERS}
    return re.sub(r"\{(\w+)\}", lambda m: str(values[m.group(1)]), template)


def _api_call(client: Client, token: str | None, operation: str, method: str, path: str) -> Any:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    if method == "get":
        return client.get(path, **headers)
    assert operation in BODIES, (
        f"Add a valid body for the API operation {operation!r} to BODIES in "
        "tests/security/test_authorisation_matrix.py"
    )
    return getattr(client, method)(
        path, BODIES[operation], content_type="application/json", **headers
    )


def _tokens(world: World) -> dict[str, str | None]:
    from tests.api.conftest import make_token

    return {role: None if user is None else make_token(user) for role, user in world.users.items()}


def test_every_api_operation_answers_every_role_as_the_table_says(counts, settings):
    settings.RASP_API_RATE_LIMIT = 0
    world = build_world()
    tokens = _tokens(world)
    client = Client()
    observed: dict[str, dict[str, str]] = {}
    for operation, method, template in operations():
        path = _api_path(template, world.own)
        observed[operation] = {
            role: outcome(_api_call(client, tokens[role], operation, method, path))
            for role in ROLES
        }
    counts["API calls (operation x role)"] = len(observed) * len(ROLES)
    _report("API operations", "API", observed, parse_table(API))


def test_api_objects_of_another_organisation_are_not_found_and_unchanged(counts, settings):
    settings.RASP_API_RATE_LIMIT = 0
    world = build_world()
    tokens = _tokens(world)
    client = Client()
    before = database_snapshot()
    wrong = []
    checked = 0
    for operation, method, template in operations():
        if "{organisation_id}" not in template and "{assessment_id}" not in template:
            continue
        path = _api_path(template, world.foreign)
        for role in ROLES:
            got = outcome(_api_call(client, tokens[role], operation, method, path))
            checked += 1
            if got != ("401" if role == "anonymous" else "404"):
                wrong.append(f"{method.upper()} {path} as {role}: {got}")
    counts["API calls on another organisation's objects"] = checked
    assert checked >= 60
    assert not wrong, "\n".join(wrong)
    assert database_snapshot() == before


def test_the_api_never_reads_the_session_cookie(client, settings):
    """Signed in to the site but no token: every API operation is 401, so a page on another site
    cannot use someone's session to call the API (which is why the API needs no CSRF token)."""
    world = build_world()
    client.force_login(world.users["org_admin"])
    for operation, method, template in operations():
        response = _api_call(client, None, operation, method, _api_path(template, world.own))
        assert response.status_code == 401, operation

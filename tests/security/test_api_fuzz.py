"""schemathesis against the API's own OpenAPI document: generated requests to every operation,
valid and not, with a real read-and-write token, in process. No answer may be a server error,
and every answer must match the document (status codes, content types, response schemas)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings

from tests.security.world import build_world

pytestmark = pytest.mark.django_db

EXAMPLES_PER_RUN = 15  # per operation, for each of three runs: about 500 requests in all


@pytest.fixture
def keep_the_test_transaction() -> Iterator[None]:
    """The WSGI app starts and ends each request by closing stale connections, which would close
    the test's transaction; Django's own test client turns this off the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def test_schemathesis_finds_no_server_error(keep_the_test_transaction, counts, settings):  # noqa: ARG001
    import schemathesis
    from django.core.wsgi import get_wsgi_application
    from schemathesis.checks import not_a_server_error
    from schemathesis.generation.modes import GenerationMode
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        ignored_auth,
        response_schema_conformance,
        status_code_conformance,
    )

    from tests.api.conftest import make_token

    settings.RASP_API_RATE_LIMIT = 0
    world = build_world()
    token = make_token(world.users["org_admin"])
    headers = {"Authorization": f"Bearer {token}"}
    # Not schemathesis's negative_data_rejection: the API ignores query parameters it does not
    # know, as most APIs do, which that check counts as accepting invalid data.
    checks = [
        not_a_server_error,
        status_code_conformance,
        content_type_conformance,
        response_schema_conformance,
        ignored_auth,
    ]
    # Real ids as well as random ones, so generated bodies reach the code behind the lookups.
    real = {
        "organisation_id": world.own["organisation_id"],
        "assessment_id": world.own["assessment_id"],
        "action_id": world.own["action_id"],
        "code": "SV-01",
        "version": "1.0",
    }
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    examples = 0
    operations = [result.ok() for result in schema.get_all_operations()]
    for operation in operations:
        names = {p.name for p in operation.path_parameters}
        for mode, path_parameters in (
            (GenerationMode.POSITIVE, None),
            (GenerationMode.POSITIVE, {k: v for k, v in real.items() if k in names} or None),
            (GenerationMode.NEGATIVE, None),
        ):
            strategy = operation.as_strategy(mode, path_parameters=path_parameters)

            @hypothesis_settings(
                max_examples=EXAMPLES_PER_RUN,
                deadline=None,
                database=None,
                derandomize=True,
                suppress_health_check=list(HealthCheck),
            )
            @given(case=strategy)
            def run(case: Any) -> None:
                nonlocal examples
                examples += 1
                response = case.call(headers=headers)
                # Raises with the failing request as a curl command, after Hypothesis shrinks it.
                case.validate_response(response, checks=checks, headers=headers)

            run()
    counts["API operations fuzzed"] = len(operations)
    counts["API examples run (schemathesis)"] = examples
    assert examples >= len(operations) * 10

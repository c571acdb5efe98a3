"""The OpenAPI document lists every endpoint, and changes to it are deliberate: its paths, methods,
schema names and schema fields must match the committed snapshot.

To accept a change, regenerate the snapshot and commit it with the change:

    RASP_UPDATE_OPENAPI_SNAPSHOT=1 .venv/bin/pytest tests/api/test_openapi.py

Within v1 a change may only add (see docs/api.md); the test also fails if anything in the
snapshot has disappeared, whatever the environment variable says.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

SNAPSHOT = Path(__file__).with_name("openapi-snapshot.json")


def _summary(document: dict[str, Any]) -> dict[str, Any]:
    return {
        "paths": {path: sorted(methods) for path, methods in sorted(document["paths"].items())},
        "schemas": {
            name: sorted(schema.get("properties", {}))
            for name, schema in sorted(document["components"]["schemas"].items())
        },
    }


def _removed(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    gone = []
    for section in ("paths", "schemas"):
        for key, values in old[section].items():
            if key not in new[section]:
                gone.append(f"{section} {key}")
                continue
            gone += [f"{section} {key} {v}" for v in values if v not in new[section][key]]
    return gone


@pytest.mark.django_db
def test_the_openapi_document_matches_the_snapshot(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    current = _summary(response.json())
    if os.environ.get("RASP_UPDATE_OPENAPI_SNAPSHOT") == "1" and SNAPSHOT.exists():
        assert not _removed(json.loads(SNAPSHOT.read_text()), current), (
            "v1 promises additive changes only"
        )
    if os.environ.get("RASP_UPDATE_OPENAPI_SNAPSHOT") == "1":
        SNAPSHOT.write_text(json.dumps(current, indent=2) + "\n", encoding="utf-8")
    committed = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    assert not _removed(committed, current), "v1 promises additive changes only"
    assert current == committed, (
        "The API changed. If that is deliberate, regenerate the snapshot: "
        "RASP_UPDATE_OPENAPI_SNAPSHOT=1 .venv/bin/pytest tests/api/test_openapi.py"
    )


@pytest.mark.django_db
def test_every_endpoint_is_in_the_document_with_bearer_auth(client):
    document = client.get("/api/v1/openapi.json").json()
    operations = {
        (method.upper(), path) for path, methods in document["paths"].items() for method in methods
    }
    assert operations == {
        ("GET", "/api/v1/frameworks"),
        ("GET", "/api/v1/frameworks/{version}"),
        ("GET", "/api/v1/organisations"),
        ("GET", "/api/v1/organisations/{organisation_id}/assessments"),
        ("POST", "/api/v1/organisations/{organisation_id}/assessments"),
        ("GET", "/api/v1/assessments/{assessment_id}"),
        ("GET", "/api/v1/assessments/{assessment_id}/answers"),
        ("PUT", "/api/v1/assessments/{assessment_id}/answers/{code}"),
        ("GET", "/api/v1/assessments/{assessment_id}/results"),
        ("GET", "/api/v1/assessments/{assessment_id}/actions"),
        ("POST", "/api/v1/assessments/{assessment_id}/actions"),
        ("PUT", "/api/v1/assessments/{assessment_id}/actions/{action_id}"),
        ("GET", "/api/v1/{owner}/{owner_id}/transition-plan"),
        ("POST", "/api/v1/{owner}/{owner_id}/transition-plan/tasks"),
        ("PUT", "/api/v1/{owner}/{owner_id}/transition-plan/tasks/{task_id}"),
        ("GET", "/api/v1/{owner}/{owner_id}/benefits"),
        ("POST", "/api/v1/{owner}/{owner_id}/benefits"),
        ("PUT", "/api/v1/{owner}/{owner_id}/benefits/{benefit_id}"),
        ("PUT", "/api/v1/{owner}/{owner_id}/benefits/{benefit_id}/actuals"),
        ("GET", "/api/v1/partnerships"),
        ("GET", "/api/v1/partnerships/{partnership_id}/results"),
    }
    schemes = document["components"]["securitySchemes"]
    assert list(schemes.values()) == [{"type": "http", "scheme": "bearer"}]
    for methods in document["paths"].values():
        for operation in methods.values():
            assert operation["security"], operation["operationId"]
            assert operation["responses"]["401"]["content"]["application/json"]["schema"] == {
                "$ref": "#/components/schemas/ErrorOut"
            }

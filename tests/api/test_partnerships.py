"""The API's partnership endpoints: members only (404 for everyone else and for organisations the
token cannot reach), only what was shared, the JSON Schema, revoked and read-only tokens."""

from __future__ import annotations

import json

import jsonschema
import pytest

from rasp.api.models import ApiToken
from rasp.api.services import token_revoke
from rasp.partnerships.access import partnership_access
from rasp.partnerships.models import AssessmentShare
from rasp.partnerships.pages import partnership_page
from rasp.partnerships.selectors import joint_result
from tests.api.conftest import ROOT, api_as, assert_error, make_token
from tests.factories import MembershipFactory
from tests.partnerships.builders import build_world

pytestmark = pytest.mark.django_db

SCHEMA = json.loads(
    (ROOT / "docs" / "schemas" / "partnership-result.schema.json").read_text("utf-8")
)


@pytest.fixture
def world(published):
    return build_world()


def results_path(world) -> str:
    return f"/api/v1/partnerships/{world.partnership.pk}/results"


def test_members_read_the_joint_result_as_the_view_shows_it(world):
    response = api_as(world.admins[1].user, scope="read").get(results_path(world))
    assert response.status_code == 200, response.content[:300]
    data = response.json()
    jsonschema.Draft202012Validator(SCHEMA).validate(data)
    access = partnership_access(actor=world.admins[0].user, partnership_id=world.partnership.pk)
    page = partnership_page(joint_result(access=access))
    assert data["result"] == json.loads(json.dumps(page.result.to_json_dict()))
    assert data["result"]["not_agreed"]
    assert [item["organisation"] for item in data["compared"]] == list(page.partners)


def test_listing_names_only_my_partnerships(world):
    other = build_world(name="Someone else's partnership")
    data = api_as(world.admins[0].user).get("/api/v1/partnerships").json()
    assert [item["name"] for item in data["items"]] == ["Shared Services Partnership"]
    assert data["items"][0]["my_organisations"] == [world.admins[0].organisation_id]
    assert other.partnership.pk not in [item["id"] for item in data["items"]]


def test_outsiders_and_unreachable_organisations_get_404(world):
    outsider = MembershipFactory(role="admin")
    assert_error(api_as(outsider.user).get(results_path(world)), 404, "not_found")
    for missing in (0, 10**12, 2**63):
        path = f"/api/v1/partnerships/{missing}/results"
        assert api_as(world.admins[0].user).get(path).status_code in (404, 422, 400)
    # A token limited to another of the member's organisations does not reach the partnership.
    member = world.admins[0]
    elsewhere = MembershipFactory(user=member.user, role="admin")
    limited = api_as(member.user, organisation_ids=[elsewhere.organisation_id])
    assert_error(limited.get(results_path(world)), 404)
    assert limited.get("/api/v1/partnerships").json()["items"] == []


def test_only_shared_assessments_are_compared(world):
    AssessmentShare.objects.filter(assessment=world.assessments[1]).update(
        withdrawn_at="2026-01-01T00:00:00Z"
    )
    data = api_as(world.admins[0].user).get(results_path(world)).json()
    assert len(data["compared"]) == 2
    assert data["not_included"][0]["reason"] == "no-share"
    names = [p["organisation"] for p in data["result"]["partners"]]
    assert world.admins[1].organisation.name not in names


def test_revoked_token_is_refused(world):
    token = make_token(world.admins[0].user)
    from django.test import Client

    client = Client()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    assert client.get(results_path(world), **headers).status_code == 200
    row = ApiToken.objects.get(user=world.admins[0].user)
    token_revoke(user=world.admins[0].user, token=row)
    assert_error(client.get(results_path(world), **headers), 401)
    assert_error(client.get("/api/v1/partnerships", **headers), 401)


def test_read_only_tokens_may_read_partnerships(world):
    reader = api_as(world.admins[2].user, scope="read")
    assert reader.get("/api/v1/partnerships").status_code == 200
    assert reader.get(results_path(world)).status_code == 200

"""Every endpoint: who may use it, scoping to the token's user and organisations, the one error
format, stale saves, validation naming the field, pagination."""

from __future__ import annotations

import pytest
from django.utils import timezone

from rasp.api.models import ApiToken
from rasp.assessments.models import Action, Answer
from rasp.assessments.services import assessment_close
from rasp.domain.framework.export import framework_export
from rasp.frameworks.selectors import framework_of
from rasp.frameworks.services import framework_version_load
from tests.api.conftest import ROOT, Api, api_as, assert_error, in_the_past, make_token
from tests.api.world import World, build_world
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

V1 = "/api/v1"


@pytest.fixture
def world(published) -> World:
    return build_world()


def _read_paths(w: World, *, other: bool = False) -> list[str]:
    org = w.other_admin.organisation_id if other else w.organisation_id
    a = w.other_assessment.pk if other else w.assessment.pk
    return [
        f"{V1}/organisations/{org}/assessments",
        f"{V1}/assessments/{a}",
        f"{V1}/assessments/{a}/answers",
        f"{V1}/assessments/{a}/answers?all=true",
        f"{V1}/assessments/{a}/results",
        f"{V1}/assessments/{a}/actions",
    ]


def _writes(w: World, *, other: bool = False) -> list[tuple[str, str, dict]]:
    org = w.other_admin.organisation_id if other else w.organisation_id
    a = w.other_assessment.pk if other else w.assessment.pk
    action = w.other_action.pk if other else w.action.pk
    return [
        ("post", f"{V1}/organisations/{org}/assessments", {"mode": "readiness", "title": "New"}),
        (
            "put",
            f"{V1}/assessments/{a}/answers/SV-02",
            {"kind": "level", "level": 1, "based_on_version": 0},
        ),
        ("post", f"{V1}/assessments/{a}/actions", {"title": "Mine"}),
        ("put", f"{V1}/assessments/{a}/actions/{action}", {"title": "Changed", "version": 0}),
    ]


# Authentication ------------------------------------------------------------------------------------


def _all_paths(w: World) -> list[str]:
    return [f"{V1}/frameworks", f"{V1}/frameworks/1.0", f"{V1}/organisations", *_read_paths(w)]


def test_no_token_unknown_token_and_wrong_scheme_get_401(client, world):
    for path in _all_paths(world):
        error = assert_error(client.get(path), 401, "unauthorised")
        assert "Bearer" in error["message"]
        assert_error(client.get(path, HTTP_AUTHORIZATION="Bearer not-a-real-token-at-all"), 401)
        assert_error(client.get(path, HTTP_AUTHORIZATION="Basic dXNlcjpwYXNz"), 401)
    assert client.get(f"{V1}/organisations")["WWW-Authenticate"].startswith("Bearer")


def test_revoked_token_gets_401_everywhere(client, world):
    api = api_as(world.admin.user)
    assert api.get(f"{V1}/organisations").status_code == 200
    ApiToken.objects.update(revoked_at=timezone.now())
    for path in _all_paths(world):
        assert_error(api.get(path), 401)
    for method, path, body in _writes(world):
        assert_error(getattr(api, method)(path, body), 401)


def test_expired_token_gets_401_everywhere(client, world):
    api = api_as(world.admin.user)
    ApiToken.objects.update(expires_at=in_the_past())
    for path in _all_paths(world):
        assert_error(api.get(path), 401)
    for method, path, body in _writes(world):
        assert_error(getattr(api, method)(path, body), 401)


def test_a_deactivated_account_s_tokens_stop_working(world):
    api = api_as(world.admin.user)
    world.admin.user.is_active = False
    world.admin.user.save()
    assert_error(api.get(f"{V1}/organisations"), 401)


def test_a_token_records_when_it_was_last_used(world):
    api = api_as(world.admin.user)
    assert ApiToken.objects.get().last_used_at is None
    api.get(f"{V1}/organisations")
    assert ApiToken.objects.get().last_used_at is not None


def test_the_openapi_document_needs_no_token(client):
    response = client.get(f"{V1}/openapi.json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "RASP API"


# Another organisation's ids ------------------------------------------------------------------------


def test_another_organisations_ids_are_not_found_for_every_endpoint(world):
    api = api_as(world.admin.user)
    for path in _read_paths(world, other=True):
        assert_error(api.get(path), 404, "not_found")
    for method, path, body in _writes(world, other=True):
        assert_error(getattr(api, method)(path, body), 404, "not_found")
    world.other_action.refresh_from_db()
    assert world.other_action.title == "Their action"
    assert not Answer.objects.filter(
        respondent__assessment=world.other_assessment, question__code="SV-02"
    ).exists()


def test_a_token_limited_to_some_organisations_cannot_reach_the_others(world):
    """The admin also belongs to the other organisation, but the token is not limited to it."""
    MembershipFactory(organisation=world.other_admin.organisation, user=world.admin.user)
    api = api_as(world.admin.user, organisation_ids=[world.organisation_id])
    names = [o["name"] for o in api.get(f"{V1}/organisations").json()["items"]]
    assert names == [world.admin.organisation.name]
    for path in _read_paths(world, other=True):
        assert_error(api.get(path), 404)
    for method, path, body in _writes(world, other=True):
        assert_error(getattr(api, method)(path, body), 404)
    everywhere = api_as(world.admin.user)
    assert everywhere.get(_read_paths(world, other=True)[1]).status_code == 200


def test_a_member_who_leaves_loses_access_through_old_tokens(world):
    api = api_as(world.contributor.user)
    assert api.get(f"{V1}/assessments/{world.assessment.pk}").status_code == 200
    world.contributor.delete()
    assert_error(api.get(f"{V1}/assessments/{world.assessment.pk}"), 404)
    assert api.get(f"{V1}/organisations").json()["items"] == []


def test_nonexistent_ids_are_not_found(world):
    api = api_as(world.admin.user)
    assert_error(api.get(f"{V1}/assessments/999999"), 404)
    assert_error(api.get(f"{V1}/organisations/999999/assessments"), 404)
    assert_error(
        api.put(
            f"{V1}/assessments/{world.assessment.pk}/actions/999999", {"title": "x", "version": 1}
        ),
        404,
    )


# Read-only tokens ----------------------------------------------------------------------------------


def test_a_read_only_token_is_refused_every_write_with_403(world):
    api = api_as(world.admin.user, scope="read")
    for path in _read_paths(world):
        assert api.get(path).status_code == 200, path
    for method, path, body in _writes(world):
        error = assert_error(getattr(api, method)(path, body), 403, "forbidden")
        assert "read-only" in error["message"]
    assert Action.objects.filter(assessment=world.assessment).count() == 1
    assert not Answer.objects.filter(question__code="SV-02").exists()


# Frameworks ----------------------------------------------------------------------------------------


def test_frameworks_list_and_export(world, published):
    api = api_as(world.viewer.user, scope="read")
    listing = api.get(f"{V1}/frameworks").json()
    assert listing["count"] == 1 and listing["next"] is None
    assert listing["items"][0]["version"] == "1.0"
    exported = api.get(f"{V1}/frameworks/1.0").json()
    assert exported == framework_export(framework_of(published))
    assert [a["id"] for a in exported["areas"]] == [
        "shared-vision",
        "ethos-culture",
        "resources",
        "risk",
        "governance",
    ]
    assert_error(api.get(f"{V1}/frameworks/9.9"), 404)


def test_draft_framework_versions_are_not_listed(world):
    text = (ROOT / "frameworks" / "rasp-1.0.yaml").read_text(encoding="utf-8")
    framework_version_load(source_text=text.replace('version: "1.0"', 'version: "1.1"', 1))
    api = api_as(world.admin.user)
    assert [v["version"] for v in api.get(f"{V1}/frameworks").json()["items"]] == ["1.0"]
    assert_error(api.get(f"{V1}/frameworks/1.1"), 404)


# Organisations -------------------------------------------------------------------------------------


def test_organisations_lists_mine_with_my_role(world):
    api = api_as(world.contributor.user)
    body = api.get(f"{V1}/organisations").json()
    assert body["count"] == 1
    assert body["items"] == [
        {
            "id": world.organisation_id,
            "name": world.admin.organisation.name,
            "kind": "district",
            "nation": "england",
            "region": "",
            "official_code": "",
            "role": "contributor",
        }
    ]


def test_a_user_with_no_organisations_sees_none_but_can_read_frameworks(published):
    api = api_as(UserFactory())
    assert api.get(f"{V1}/organisations").json() == {"items": [], "count": 0, "next": None}
    assert api.get(f"{V1}/frameworks").status_code == 200


# Assessments ---------------------------------------------------------------------------------------


def test_assessments_are_paginated(world):
    from rasp.assessments.services import assessment_start

    for n in range(4):
        assessment_start(membership=world.admin, mode="readiness", title=f"Extra {n}")
    api = api_as(world.viewer.user, scope="read")
    path = f"{V1}/organisations/{world.organisation_id}/assessments"
    first = api.get(path, limit=2).json()
    assert first["count"] == 5 and len(first["items"]) == 2
    assert first["next"].endswith(f"{path}?limit=2&offset=2")
    second = api.client.get(first["next"], HTTP_AUTHORIZATION=f"Bearer {api.token}").json()
    third = api.get(path, limit=2, offset=4).json()
    assert third["next"] is None and len(third["items"]) == 1
    ids = [a["id"] for a in first["items"] + second["items"] + third["items"]]
    assert len(set(ids)) == 5
    assert api.get(path).json()["count"] == 5  # default limit 50
    for bad in ({"limit": 101}, {"limit": 0}, {"offset": -1}, {"limit": "x"}):
        error = assert_error(api.get(path, **bad), 400, "invalid")
        assert error["details"][0]["field"] == next(iter(bad))


def test_only_admins_start_assessments(world):
    path = f"{V1}/organisations/{world.organisation_id}/assessments"
    body = {"mode": "health-check", "title": "Year one", "due_date": "2027-03-31"}
    for member in (world.contributor, world.viewer):
        assert_error(api_as(member.user).post(path, body), 403)
    response = api_as(world.admin.user).post(path, body)
    assert response.status_code == 201
    created = response.json()
    assert created["mode"] == "health-check" and created["status"] == "open"
    assert created["due_date"] == "2027-03-31" and created["framework_version"] == "1.0"


def test_starting_an_assessment_validates_and_names_the_field(world):
    api = api_as(world.admin.user)
    path = f"{V1}/organisations/{world.organisation_id}/assessments"
    error = assert_error(api.post(path, {"mode": "sometimes", "title": "x"}), 400, "invalid")
    assert [d["field"] for d in error["details"]] == ["mode"]
    error = assert_error(api.post(path, {"mode": "readiness"}), 400)
    assert [d["field"] for d in error["details"]] == ["title"]
    error = assert_error(api.post(path, {"mode": "readiness", "title": "   "}), 400)
    assert [d["field"] for d in error["details"]] == ["title"]
    error = assert_error(api.post(path, {"mode": "readiness", "title": "x" * 201}), 400)
    assert [d["field"] for d in error["details"]] == ["title"]


def test_assessment_detail_says_what_i_may_do(world):
    path = f"{V1}/assessments/{world.assessment.pk}"
    admin = api_as(world.admin.user).get(path).json()
    assert admin["title"] == "Ours" and admin["me"]["role"] == "other"
    assert admin["permissions"] == {
        "answer": True,
        "see_results": True,
        "see_everyones_answers": True,
        "manage": True,
    }
    contributor = api_as(world.contributor.user).get(path).json()
    assert contributor["permissions"] == {
        "answer": True,
        "see_results": False,
        "see_everyones_answers": False,
        "manage": False,
    }
    viewer = api_as(world.viewer.user).get(path).json()
    assert viewer["me"] is None and viewer["permissions"]["answer"] is False


# Answers -------------------------------------------------------------------------------------------


def _answer_path(w: World, code: str) -> str:
    return f"{V1}/assessments/{w.assessment.pk}/answers/{code}"


def test_my_answers(world):
    body = api_as(world.admin.user).get(f"{V1}/assessments/{world.assessment.pk}/answers").json()
    assert body["agreed"] is None
    [me] = body["respondents"]
    assert me["user_id"] == world.admin.user_id
    assert me["answers"] == [
        {
            "code": "SV-01",
            "kind": "level",
            "level": 3,
            "evidence": "approved",
            "reason": "",
            "note": "Cabinet",
            "link": "",
            "version": 1,
            "updated_at": me["answers"][0]["updated_at"],
        }
    ]
    contributor = api_as(world.contributor.user).get(
        f"{V1}/assessments/{world.assessment.pk}/answers"
    )
    assert contributor.json()["respondents"][0]["answers"] == []
    viewer = api_as(world.viewer.user).get(f"{V1}/assessments/{world.assessment.pk}/answers")
    assert viewer.json()["respondents"] == []


def test_everyones_answers_only_when_permitted(world):
    path = f"{V1}/assessments/{world.assessment.pk}/answers"
    body = api_as(world.admin.user).get(path, all="true").json()
    assert len(body["respondents"]) == 2 and body["agreed"] == []
    assert_error(api_as(world.contributor.user).get(path, all="true"), 403)
    assert_error(api_as(world.viewer.user).get(path, all="true"), 403)
    world.assessment.combined_view_open = True
    world.assessment.save()
    assert api_as(world.contributor.user).get(path, all="true").status_code == 200
    assert_error(api_as(world.viewer.user).get(path, all="true"), 403)


def test_saving_an_answer_and_a_stale_save(world):
    api = api_as(world.contributor.user)
    path = _answer_path(world, "SV-02")
    first = api.put(
        path, {"kind": "level", "level": 1, "note": "Draft plan", "based_on_version": 0}
    )
    assert first.status_code == 200, first.content
    assert first.json()["version"] == 1 and first.json()["note"] == "Draft plan"
    second = api.put(
        path, {"kind": "level", "level": 2, "evidence": "draft", "based_on_version": 1}
    )
    assert second.json()["version"] == 2 and second.json()["level"] == 2

    stale = api.put(path, {"kind": "dont-know", "based_on_version": 1})
    error = assert_error(stale, 409, "stale")
    assert error["details"][0]["current"]["level"] == 2
    assert error["details"][0]["current"]["version"] == 2
    saved = Answer.objects.get(respondent__user=world.contributor.user, question__code="SV-02")
    assert (saved.kind, saved.level, saved.version) == ("level", 2, 2)
    # Saving "new" over an answer that exists is stale too.
    assert_error(api.put(path, {"kind": "dont-know", "based_on_version": 0}), 409)
    # Sending the current version wins.
    assert api.put(path, {"kind": "dont-know", "based_on_version": 2}).json()["kind"] == "dont-know"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "maybe"}, "kind"),
        ({"kind": "level"}, "level"),
        ({"kind": "level", "level": 5}, "level"),
        ({"kind": "level", "level": -1}, "level"),
        ({"kind": "level", "level": "high"}, "level"),
        ({"kind": "level", "level": 3}, "evidence"),
        ({"kind": "level", "level": 3, "evidence": "rumour"}, "evidence"),
        ({"kind": "not-applicable"}, "reason"),
        ({"kind": "dont-know", "level": 2}, "level"),
        ({"kind": "dont-know", "note": "x" * 2001}, "note"),
        ({"kind": "dont-know", "link": "javascript:alert(1)"}, "link"),
        ({"kind": "dont-know", "based_on_version": -1}, "based_on_version"),
        ({"level": 1}, "kind"),
    ],
)
def test_bad_answers_get_400_naming_the_field(world, body, field):
    response = api_as(world.contributor.user).put(_answer_path(world, "SV-02"), body)
    error = assert_error(response, 400, "invalid")
    assert field in [d["field"] for d in error["details"]], error
    assert not Answer.objects.filter(question__code="SV-02").exists()


def test_a_critical_question_cannot_be_not_applicable(world):
    response = api_as(world.contributor.user).put(
        _answer_path(world, "SV-04"), {"kind": "not-applicable", "reason": "No"}
    )
    error = assert_error(response, 400)
    assert error["details"][0]["field"] == "kind"


def test_unknown_questions_and_questions_of_another_mode_are_not_found(world):
    api = api_as(world.contributor.user)
    assert_error(api.put(_answer_path(world, "ZZ-99"), {"kind": "dont-know"}), 404)
    assert_error(api.put(_answer_path(world, "HC-01"), {"kind": "dont-know"}), 404)


def test_who_may_answer(world):
    body = {"kind": "dont-know", "based_on_version": 0}
    assert_error(api_as(world.viewer.user).put(_answer_path(world, "SV-02"), body), 403)
    outsider_member = MembershipFactory(organisation=world.admin.organisation, role="contributor")
    assert_error(api_as(outsider_member.user).put(_answer_path(world, "SV-02"), body), 403)
    assessment_close(membership=world.admin, assessment=world.assessment)
    assert_error(api_as(world.admin.user).put(_answer_path(world, "SV-02"), body), 403)


def test_a_body_that_is_not_json_gets_400(world):
    api = api_as(world.contributor.user)
    response = api.client.put(
        _answer_path(world, "SV-02"),
        "{not json",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {api.token}",
    )
    assert_error(response, 400)


# Results -------------------------------------------------------------------------------------------


def test_results_follow_the_interface_shape_and_permissions(world):
    path = f"{V1}/assessments/{world.assessment.pk}/results"
    live = api_as(world.admin.user).get(path).json()
    assert live["provisional"] is True
    assert set(live) >= {
        "organisation",
        "mode",
        "framework_version",
        "verdict",
        "areas",
        "red_flags",
        "unknowns",
        "unanswered",
        "gaps",
    }
    assert live["verdict"] in ("ready", "ready-with-conditions", "significant-gaps", "not-ready")
    assert {a["id"] for a in live["areas"]} == {
        "shared-vision",
        "ethos-culture",
        "resources",
        "risk",
        "governance",
    }
    assert set(live["areas"][0]) == {
        "id",
        "declared_score",
        "evidence_adjusted_score",
        "band",
        "critical_gaps",
        "unknowns",
    }
    for member in (world.contributor, world.viewer):
        error = assert_error(api_as(member.user).get(path), 403)
        assert "closed" in error["message"]
    snapshot = assessment_close(membership=world.admin, assessment=world.assessment)
    closed = api_as(world.viewer.user).get(path).json()
    assert closed["provisional"] is False
    assert {k: v for k, v in closed.items() if k != "provisional"} == snapshot.result


# Actions -------------------------------------------------------------------------------------------


def test_actions_list_and_edit_with_stale_protection(world):
    path = f"{V1}/assessments/{world.assessment.pk}/actions"
    assert_error(api_as(world.contributor.user).get(path), 403)  # results not visible yet
    assessment_close(membership=world.admin, assessment=world.assessment)
    api = api_as(world.contributor.user)
    listing = api.get(path, limit=1).json()
    assert listing["count"] >= 2 and listing["next"]
    action = next(a for a in api.get(path, limit=100).json()["items"] if a["id"] == world.action.pk)
    body = {"title": "Agree the vision", "owner": "Chief executive", "status": "in-progress"}
    saved = api.put(f"{path}/{world.action.pk}", {**body, "version": action["version"]})
    assert saved.status_code == 200, saved.content
    assert saved.json()["version"] == action["version"] + 1
    stale = api.put(
        f"{path}/{world.action.pk}", {**body, "title": "Old", "version": action["version"]}
    )
    error = assert_error(stale, 409, "stale")
    assert error["details"][0]["current"]["title"] == "Agree the vision"
    error = assert_error(
        api.put(f"{path}/{world.action.pk}", {**body, "status": "someday", "version": 2}), 400
    )
    assert error["details"][0]["field"] == "status"

    created = api.post(path, {"title": "Our own step", "due_date": "2027-01-31"})
    assert created.status_code == 201 and created.json()["version"] == 1

    viewer = api_as(world.viewer.user)
    assert viewer.get(path).status_code == 200
    assert_error(viewer.put(f"{path}/{world.action.pk}", {**body, "version": 2}), 403)
    assert_error(viewer.post(path, {"title": "Not allowed"}), 403)


# The one error format ------------------------------------------------------------------------------


def test_unknown_paths_and_methods_use_the_error_format(world):
    api = api_as(world.admin.user)
    assert_error(api.get(f"{V1}/no-such-thing"), 404)
    assert_error(api.get(f"{V1}/"), 404)
    response = api.client.delete(
        f"{V1}/assessments/{world.assessment.pk}", HTTP_AUTHORIZATION=f"Bearer {api.token}"
    )
    assert_error(response, 405, "method_not_allowed")
    assert "GET" in response["Allow"]


def test_a_body_that_is_too_large_gets_413(world, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 200
    api = api_as(world.contributor.user)
    error = assert_error(
        api.put(_answer_path(world, "SV-02"), {"kind": "dont-know", "note": "x" * 500}), 413
    )
    assert "200 bytes" in error["message"]


def test_a_server_error_is_500_without_a_traceback(world, monkeypatch, caplog):
    def broken(**kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr("rasp.api.v1.assessment_selectors.assessment_get", broken)
    response = api_as(world.admin.user).get(f"{V1}/assessments/{world.assessment.pk}")
    assert_error(response, 500, "server_error")
    assert "secret internals" not in response.content.decode()
    assert "Traceback" not in response.content.decode()
    assert "secret internals" in caplog.text


def test_rate_limit_per_token_with_retry_after(world, settings):
    settings.RASP_API_RATE_LIMIT = 3
    api = api_as(world.admin.user)
    other = api_as(world.admin.user)
    for _ in range(3):
        assert api.get(f"{V1}/organisations").status_code == 200
    response = api.get(f"{V1}/organisations")
    assert_error(response, 429, "rate_limited")
    assert 1 <= int(response["Retry-After"]) <= 61
    assert other.get(f"{V1}/organisations").status_code == 200


def test_rate_limit_zero_turns_it_off(world, settings):
    settings.RASP_API_RATE_LIMIT = 0
    api = api_as(world.admin.user)
    for _ in range(5):
        assert api.get(f"{V1}/organisations").status_code == 200


def test_api_requests_need_no_csrf_token_and_ignore_the_session(world):
    """A signed-in browser session alone gets nothing: only tokens count."""
    api = Api(api_as(world.admin.user).client, None)
    api.client.force_login(world.admin.user)
    assert_error(api.get(f"{V1}/organisations"), 401)
    api.token = make_token(world.admin.user)
    api.client.handler.enforce_csrf_checks = True
    response = api.put(_answer_path(world, "SV-02"), {"kind": "dont-know", "based_on_version": 0})
    assert response.status_code == 200


def test_odd_input_is_a_client_error_never_a_server_error(world):
    api = api_as(world.contributor.user)
    huge = 2**70
    assert_error(api.get(f"{V1}/assessments/{huge}"), 404)
    assert_error(api.get(f"{V1}/organisations/{huge}/assessments"), 404)
    assert_error(
        api_as(world.admin.user).put(
            f"{V1}/assessments/{world.assessment.pk}/actions/{huge}", {"title": "x", "version": 1}
        ),
        404,
    )
    assert_error(api.get(f"{V1}/frameworks/1.0%00"), 404)
    error = assert_error(
        api.get(f"{V1}/organisations/{world.organisation_id}/assessments", offset=10**12), 400
    )
    assert error["details"][0]["field"] == "offset"
    error = assert_error(
        api.put(_answer_path(world, "SV-02"), {"kind": "dont-know", "note": "a\x00b"}), 400
    )
    assert error["details"][0] == {"field": "note", "message": "Null characters are not allowed"}

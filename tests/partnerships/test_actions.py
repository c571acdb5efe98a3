"""The joint action plan: actions seeded from the partnership's gaps on demand, each owned by a
member organisation, editable by member admins, stale edits shown, every save audited."""

from __future__ import annotations

from typing import Any

import pytest

from rasp.audit.models import AuditEvent
from rasp.partnerships.models import JointAction
from tests.factories import MembershipFactory
from tests.partnerships.builders import World
from tests.partnerships.test_workshop import _result


@pytest.mark.django_db
def test_create_actions_from_the_gaps(client: Any, world: World) -> None:
    result = _result(world)
    client.force_login(world.admins[0].user)
    response = client.post(world.path("actions/from-gaps/"))
    assert response.status_code == 302
    actions = list(JointAction.objects.filter(partnership=world.partnership))
    assert sorted(a.question_code for a in actions) == sorted(g.code for g in result.gaps)
    members = {admin.organisation_id for admin in world.admins}
    assert all(a.owner_id in members for a in actions)
    # Again: nothing doubles.
    client.post(world.path("actions/from-gaps/"))
    assert JointAction.objects.filter(partnership=world.partnership).count() == len(actions)
    assert AuditEvent.objects.filter(action="joint-actions-from-gaps").count() == 2
    page = client.get(world.path("actions/")).content.decode()
    assert actions[0].title[:40] in page


@pytest.mark.django_db
def test_an_organisation_scope_gap_goes_to_the_weakest_partner(client: Any, published: Any) -> None:
    from tests.partnerships.builders import build_world

    world = build_world(levels=(3, 1))
    result = _result(world)
    client.force_login(world.admins[0].user)
    client.post(world.path("actions/from-gaps/"))
    from rasp.frameworks.selectors import framework_of, framework_version_latest_published

    framework = framework_of(framework_version_latest_published())
    organisation_gap = next(
        g.code for g in result.gaps if framework.question(g.code).scope.value == "organisation"
    )
    action = JointAction.objects.get(question_code=organisation_gap)
    assert action.owner_id == world.admins[1].organisation_id


@pytest.mark.django_db
def test_add_and_change_an_action_with_stale_detection(client: Any, world: World) -> None:
    client.force_login(world.admins[1].user)
    owner = world.admins[2].organisation_id
    response = client.post(
        world.path("actions/new/"),
        {"title": "Agree the scope", "owner": owner, "status": "not-started", "version": 0},
    )
    assert response.status_code == 302
    action = JointAction.objects.get()
    assert (action.owner_id, action.version) == (owner, 1)
    edit = world.path(f"actions/{action.pk}/")
    data = {"title": "Agree the scope in writing", "owner": owner, "status": "in-progress"}
    assert client.post(edit, {**data, "version": 1}).status_code == 302
    response = client.post(edit, {**data, "status": "done", "version": 1})
    assert response.status_code == 409
    assert "Someone saved this action meanwhile" in response.content.decode()
    action.refresh_from_db()
    assert (action.status, action.version) == ("in-progress", 2)
    assert AuditEvent.objects.filter(action="joint-action-saved").count() == 2


@pytest.mark.django_db
def test_the_owner_must_be_a_member(client: Any, world: World) -> None:
    outsider = MembershipFactory(role="admin")
    client.force_login(world.admins[0].user)
    response = client.post(
        world.path("actions/new/"),
        {"title": "Agree", "owner": outsider.organisation_id, "status": "not-started"},
    )
    assert response.status_code == 200
    assert "Select a member organisation" in response.content.decode()
    assert not JointAction.objects.exists()

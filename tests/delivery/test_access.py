"""Permissions as for partnerships: members of the partnership (or of the organisation) only,
404 for everyone else; contributors and admins edit, viewers read."""

from __future__ import annotations

import pytest
from django.utils import timezone

from rasp.delivery.models import Benefit, Programme, Task
from rasp.organisations.models import PartnershipMember
from tests.delivery.world import delivery_world
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

READ = ["transition/", "benefits/", "transition/download.xlsx", "benefits/download.docx"]
WRITE = ["transition/start/", "transition/tasks/new/", "benefits/new/"]


def _ids(world):
    Programme.objects.filter(partnership=world.partnership).delete()
    return delivery_world(world.partnership)


def test_viewers_read_but_do_not_edit(client, world):
    ids = _ids(world)
    viewer = MembershipFactory(organisation=world.admins[1].organisation, role="viewer")
    client.force_login(viewer.user)
    base = world.path()
    for tail in READ + [f"benefits/{ids['benefit_id']}/"]:
        assert client.get(base + tail).status_code == 200, tail
    html = client.get(base + "transition/").content.decode()
    assert "Add a task" not in html and f"transition/tasks/{ids['task_id']}/" not in html
    for tail in WRITE + [
        f"transition/tasks/{ids['task_id']}/",
        f"transition/tasks/{ids['task_id']}/delete/",
        f"benefits/{ids['benefit_id']}/change/",
        f"benefits/{ids['benefit_id']}/actuals/new/",
    ]:
        assert client.get(base + tail).status_code == 403, tail
    assert client.post(base + "transition/from-advice/").status_code == 403
    assert client.post(base + "transition/tasks/new/", {"title": "x"}).status_code == 403
    assert client.post(base + f"transition/tasks/{ids['task_id']}/delete/").status_code == 403
    assert Task.objects.count() == 1


def test_contributors_edit(client, world):
    ids = _ids(world)
    contributor = MembershipFactory(organisation=world.admins[2].organisation, role="contributor")
    client.force_login(contributor.user)
    base = world.path()
    assert client.get(base + f"transition/tasks/{ids['task_id']}/").status_code == 200
    assert client.get(base + f"benefits/{ids['benefit_id']}/actuals/new/").status_code == 200
    assert "Add a task" in client.get(base + "transition/").content.decode()


def test_outsiders_and_former_members_get_404_everywhere(client, world):
    ids = _ids(world)
    base = world.path()
    tails = (
        READ
        + WRITE
        + [
            f"transition/tasks/{ids['task_id']}/",
            f"benefits/{ids['benefit_id']}/",
            f"benefits/{ids['benefit_id']}/actuals/new/",
        ]
    )
    outsider = MembershipFactory(role="admin")
    client.force_login(outsider.user)
    for tail in tails:
        assert client.get(base + tail).status_code == 404, tail
    leaver = world.admins[2]
    PartnershipMember.objects.filter(organisation=leaver.organisation).update(
        left_at=timezone.now()
    )
    client.force_login(leaver.user)
    for tail in tails:
        assert client.get(base + tail).status_code == 404, tail


def test_ids_of_another_programme_are_404(client, world):
    """A member of one programme cannot reach another programme's task or benefit by id."""
    theirs = _ids(world)
    mine = MembershipFactory(role="admin")
    client.force_login(mine.user)
    base = f"/organisations/{mine.organisation_id}/"
    client.post(base + "transition/start/", {"starts_on": "1/4/2026"})
    assert Programme.objects.filter(organisation=mine.organisation).exists()
    for tail in [
        f"transition/tasks/{theirs['task_id']}/",
        f"benefits/{theirs['benefit_id']}/",
        f"benefits/{theirs['benefit_id']}/change/",
        f"benefits/{theirs['benefit_id']}/actuals/new/",
    ]:
        assert client.get(base + tail).status_code == 404, tail
    assert (
        client.post(
            base + f"benefits/{theirs['benefit_id']}/actuals/new/",
            {"period_end": "1/5/2026", "value": "1"},
        ).status_code
        == 404
    )
    # The world's benefit keeps its one actual and gains none.
    assert Benefit.objects.get(pk=theirs["benefit_id"]).actuals.count() == 1


def test_an_organisation_on_its_own_has_a_plan_and_register(client, published):
    admin = MembershipFactory(role="admin")
    client.force_login(admin.user)
    base = f"/organisations/{admin.organisation_id}/"
    client.post(base + "transition/start/", {"starts_on": "1/4/2026"})
    response = client.post(
        base + "transition/tasks/new/",
        {
            "title": "Own task",
            "workstream": "systems",
            "starts_on": "1/4/2026",
            "due_on": "1/5/2026",
            "status": "done",
            "version": "0",
        },
    )
    assert response.status_code == 302
    # The only organisation a benefit can fall to is the organisation itself, ticked already.
    page = client.get(base + "benefits/new/").content.decode()
    assert f'type="checkbox" value="{admin.organisation_id}" checked' in page
    html = client.get(base + "transition/").content.decode()
    assert "Own task" in html and "Your organisations" in html
    other = MembershipFactory(role="admin")
    client.force_login(other.user)
    assert client.get(base + "transition/").status_code == 404

"""The consensus workshop: an agreed joint level settles a not-agreed question and the partnership
result uses it; every partner's own answer is kept; a stale save is shown, not overwritten."""

from __future__ import annotations

from typing import Any

import pytest

from rasp.assessments.models import Answer
from rasp.audit.models import AuditEvent
from rasp.partnerships.access import partnership_access
from rasp.partnerships.models import JointAgreedAnswer
from rasp.partnerships.selectors import joint_result
from tests.factories import MembershipFactory
from tests.partnerships.builders import World


def _result(world: World) -> Any:
    access = partnership_access(actor=world.admins[0].user, partnership_id=world.partnership.pk)
    result = joint_result(access=access).result
    assert result is not None
    return result


def _agree(client: Any, world: World, code: str, **data: Any) -> Any:
    form = {"answer": "3", "evidence": "approved", "note": "Agreed at the workshop", "version": 0}
    form.update(data)
    return client.post(world.path(f"workshop/{code}/"), form)


@pytest.mark.django_db
def test_an_agreed_level_changes_the_result_and_keeps_the_originals(
    client: Any, world: World
) -> None:
    before = _result(world)
    code = before.not_agreed[0]
    originals = list(Answer.objects.order_by("pk").values_list("pk", "level", "version"))
    client.force_login(world.admins[2].user)  # a member admin who is not the coordinator
    assert client.get(world.path(f"workshop/{code}/")).status_code == 200
    response = _agree(client, world, code)
    assert response.status_code == 302
    after = _result(world)
    assert code not in after.not_agreed
    comparison = next(c for c in after.comparisons if c.code == code)
    assert comparison.agreed and not comparison.not_agreed
    state = next(s for s in after.questions if s.code == code)
    assert state.declared == 3  # the agreed level, no longer the lowest answer (2)
    assert list(Answer.objects.order_by("pk").values_list("pk", "level", "version")) == originals
    event = AuditEvent.objects.get(action="joint-level-agreed")
    assert event.target == code and event.actor == world.admins[2].user
    # The pages show it as settled.
    results = client.get(world.path("results/")).content.decode()
    assert f'id="row-{code}"' in results.split('id="settled"')[1]
    workshop = client.get(world.path("workshop/")).content.decode()
    assert "Agreed at the workshop" in workshop
    assert "Level 3" in workshop.split('id="settled"')[1]


@pytest.mark.django_db
def test_the_partnership_area_score_moves_with_the_agreed_level(client: Any, world: World) -> None:
    before = _result(world)
    client.force_login(world.admins[0].user)
    for code in before.not_agreed:
        assert _agree(client, world, code, answer="4", evidence="operating").status_code == 302
    after = _result(world)
    assert not after.not_agreed
    area = next(a for a in before.areas if a.id.value == "shared-vision")
    moved = next(a for a in after.areas if a.id.value == "shared-vision")
    assert (moved.evidence_adjusted_score or 0) > (area.evidence_adjusted_score or 0)


@pytest.mark.django_db
def test_a_stale_save_is_shown_not_overwritten(client: Any, world: World) -> None:
    code = _result(world).not_agreed[0]
    client.force_login(world.admins[0].user)
    assert _agree(client, world, code, answer="3").status_code == 302
    client.force_login(world.admins[1].user)
    response = _agree(client, world, code, answer="1", version=0)  # opened before the first save
    assert response.status_code == 409
    assert "Someone recorded an agreed level meanwhile: Level 3" in response.content.decode()
    row = JointAgreedAnswer.objects.get()
    assert (row.level, row.version) == (3, 1)
    # Saving again, now based on the current version, replaces it.
    assert _agree(client, world, code, answer="1", version=1).status_code == 302
    row.refresh_from_db()
    assert (row.level, row.version) == (1, 2)


@pytest.mark.django_db
def test_the_method_rules_apply_to_an_agreed_level(client: Any, world: World) -> None:
    code = _result(world).not_agreed[0]
    client.force_login(world.admins[0].user)
    response = _agree(client, world, code, answer="3", evidence="")
    assert response.status_code == 200
    assert "Select the evidence behind the agreed level" in response.content.decode()
    response = _agree(client, world, code, note="")
    assert "Enter a note of the discussion" in response.content.decode()
    assert not JointAgreedAnswer.objects.exists()


@pytest.mark.django_db
def test_only_questions_to_agree_have_a_workshop_page(client: Any, world: World) -> None:
    result = _result(world)
    client.force_login(world.admins[0].user)
    agreed_already = next(
        c.code for c in result.comparisons if not c.not_agreed and c.code.startswith("GV-")
    )
    assert client.get(world.path(f"workshop/{agreed_already}/")).status_code == 404
    assert client.get(world.path("workshop/XX-99/")).status_code == 404


@pytest.mark.django_db
def test_viewers_cannot_record_agreed_levels(client: Any, world: World) -> None:
    code = _result(world).not_agreed[0]
    viewer = MembershipFactory(organisation=world.admins[0].organisation, role="viewer")
    client.force_login(viewer.user)
    assert _agree(client, world, code).status_code == 403
    assert not JointAgreedAnswer.objects.exists()

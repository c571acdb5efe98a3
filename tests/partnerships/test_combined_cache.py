"""The partners' combined answers are kept in the cache between requests: a later view reads
them in one query and shows the same page, and nothing that can change what the page shows is
served from an old entry (reopened assessments, new shares, names, agreed joint levels)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rasp.assessments.models import Answer
from rasp.assessments.services import assessment_close, assessment_reopen
from rasp.organisations.models import Organisation
from rasp.partnerships.access import partnership_access
from rasp.partnerships.models import JointAgreedAnswer
from rasp.partnerships.selectors import joint_result
from tests.partnerships.builders import World, share
from tests.reports.builders import build_assessment


def _page(client: Any, world: World, tail: str = "results/") -> tuple[str, list[str]]:
    """The page's HTML without its per-response tokens, and the SQL it ran."""
    client.force_login(world.admins[0].user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(world.path(tail))
    assert response.status_code == 200
    html = re.sub(r'(nonce|value)="[^"]*"', r'\1=""', response.content.decode())
    return html, [q["sql"] for q in queries.captured_queries]


def _reads_answers(sql: list[str]) -> bool:
    return any('FROM "assessments_answer"' in q for q in sql)


@pytest.mark.django_db
@pytest.mark.parametrize("tail", ["results/", "workshop/"])
def test_a_second_view_reads_the_cache_and_shows_the_same_page(
    client: Any, world: World, tail: str
) -> None:
    first, first_sql = _page(client, world, tail)
    second, second_sql = _page(client, world, tail)
    assert _reads_answers(first_sql)
    assert not _reads_answers(second_sql)
    assert len(second_sql) < len(first_sql)
    assert second == first


@pytest.mark.django_db
def test_a_reopened_and_changed_assessment_is_combined_again(client: Any, world: World) -> None:
    access = partnership_access(actor=world.admins[0].user, partnership_id=world.partnership.pk)
    before = joint_result(access=access)
    assert before.result is not None and before.result.not_agreed  # the second partner is lower

    admin, assessment = world.admins[1], world.assessments[1]
    assessment_reopen(membership=admin, assessment=assessment)
    # While it is open its respondents raise every level to 3, as their saves would.
    Answer.objects.filter(respondent__assessment=assessment).update(level=3)
    assessment_close(membership=admin, assessment=assessment)

    after = joint_result(access=access)
    assert after.result is not None
    assert after.result.not_agreed == ()
    html, sql = _page(client, world)
    assert _reads_answers(sql) is False  # joint_result above stored the new combination
    assert 'id="no-not-agreed"' in html


@pytest.mark.django_db
def test_a_newer_share_is_combined_again(client: Any, world: World) -> None:
    _page(client, world)
    newer, _admin = build_assessment(respondents=1, level=3, close=True, admin=world.admins[1])
    share(world.admins[1], world.partnership, newer)
    html, sql = _page(client, world)
    assert _reads_answers(sql)
    assert 'id="no-not-agreed"' in html  # the second partner's newer assessment is level


@pytest.mark.django_db
def test_names_and_agreed_joint_levels_are_read_fresh(client: Any, world: World) -> None:
    _page(client, world)
    organisation = Organisation.objects.get(pk=world.admins[1].organisation_id)
    organisation.name = "Renamed District Council"
    organisation.save(update_fields=["name"])
    access = partnership_access(actor=world.admins[0].user, partnership_id=world.partnership.pk)
    joint = joint_result(access=access)
    assert joint.result is not None and joint.framework_version is not None
    code = joint.result.not_agreed[0]
    JointAgreedAnswer.objects.create(
        partnership=world.partnership,
        framework_version=joint.framework_version,
        mode=joint.mode.value,
        question_code=code,
        kind=JointAgreedAnswer.Kind.LEVEL,
        level=2,
    )

    html, sql = _page(client, world)
    assert not _reads_answers(sql)
    assert ">Renamed District Council</th>" in html
    settled = html[html.index('id="settled"') :]
    assert f'id="row-{code}"' in settled[: settled.index("</table>")]

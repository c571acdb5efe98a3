"""The partnership view shows what the scoring engine computes (``scoring.md``, "Partnerships"),
in a number of queries that does not grow with the number of partners or respondents."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rasp.assessments.selectors import assessment_framework, assessment_result
from rasp.domain.framework.schema import Mode, Scope
from rasp.domain.scoring import PartnerAnswers, score_partnership
from rasp.domain.scoring.results import PartnershipResult
from rasp.reports.results import verdict_words
from tests.partnerships.builders import World, build_world, shared_vision_low


def _expected(world: World) -> PartnershipResult:
    """The engine's result from each partner's answers combined by the assessments app."""
    framework = assessment_framework(world.assessments[0])
    partners = []
    for assessment in world.assessments:
        _result, combined = assessment_result(assessment=assessment)
        partners.append(PartnerAnswers(assessment.organisation.name, combined.answers))
    return score_partnership(framework, Mode.READINESS, partners)


def _table(html: str, table_id: str) -> str:
    match = re.search(rf'<table class="govuk-table" id="{table_id}">(.*?)</table>', html, re.S)
    assert match, table_id
    return match.group(1)


def _row_ids(html: str) -> list[str]:
    return re.findall(r'<tr class="govuk-table__row" id="row-([A-Z]+-\d+)">', html)


@pytest.mark.django_db
def test_the_page_shows_the_engines_result(client: Any, world: World) -> None:
    expected = _expected(world)
    client.force_login(world.admins[1].user)
    html = client.get(world.path("results/")).content.decode()

    assert f'id="verdict">{verdict_words()[expected.verdict]}<' in html
    assert expected.not_agreed, "the world is built to have questions not agreed"
    assert _row_ids(_table(html, "not-agreed")) == list(expected.not_agreed)
    for area in expected.areas:
        row = re.search(rf'id="area-{area.id.value}">(.*?)</tr>', html, re.S)
        assert row, area.id
        cells = row.group(1)
        assert f"{area.evidence_adjusted_score:.1f}" in cells
        divergence = expected.divergence[area.id]
        assert (f"{divergence:.2f}" if divergence is not None else "–") in cells
        weakest = expected.weakest_partner[area.id]
        assert weakest is not None
        if area.id.value == "shared-vision":
            assert weakest in cells
        else:  # everyone level: the engine names the first by name, the page says nobody trails
            assert "None: every partner at" in cells
    # Shared vision: the second partner is weaker; elsewhere everyone is level (ties: first name).
    assert expected.weakest_partner[next(iter(expected.weakest_partner))] == (
        world.admins[1].organisation.name
    )
    gap_rows = _table(html, "gaps").count('<tr class="govuk-table__row">') - 1
    assert gap_rows == len(expected.gaps)
    for partner in expected.partners:
        assert f">{partner.organisation}</th>" in _table(html, "heat-table")
        assert f">{partner.organisation}</th>" in _table(html, "radar-table")
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="rasp-chart rasp-chart--radar"' in html
    assert 'class="rasp-chart rasp-chart--heat-map"' in html


@pytest.mark.django_db
def test_every_partners_level_side_by_side_on_a_not_agreed_question(
    client: Any, world: World
) -> None:
    expected = _expected(world)
    code = expected.not_agreed[0]
    comparison = next(c for c in expected.comparisons if c.code == code)
    client.force_login(world.admins[0].user)
    html = client.get(world.path("results/")).content.decode()
    row = re.search(rf'id="row-{code}">(.*?)</tr>', _table(html, "not-agreed"), re.S)
    assert row
    cells = re.findall(r'govuk-table__cell--numeric">([^<]*)<', row.group(1))
    assert cells[:-1] == [str(level) for _name, level in comparison.declared]
    assert cells[-1] == str(comparison.spread)


@pytest.mark.django_db
def test_a_red_flag_from_any_partner_comes_first(client: Any, published: Any) -> None:
    from rasp.frameworks.selectors import framework_of, framework_version_latest_published

    framework = framework_of(framework_version_latest_published())
    flag = next(q.code for q in framework.questions if q.red_flag)

    def low_on_flag(code: str, _respondent: int) -> int:
        return 1 if code == flag else 3

    world = build_world(levels=(3, low_on_flag))
    expected = _expected(world)
    assert flag in expected.red_flags
    client.force_login(world.admins[0].user)
    html = client.get(world.path("results/")).content.decode()
    assert html.index('id="red-flags-heading"') < html.index('id="verdict-heading"')
    flags = html[html.index('id="red-flags"') :]
    assert f"Raised by: {world.admins[1].organisation.name}" in flags[: flags.index("</ul>")]


@pytest.mark.django_db
def test_only_partnership_wide_questions_are_flagged_not_agreed(world: World) -> None:
    framework = assessment_framework(world.assessments[0])
    expected = _expected(world)
    assert all(framework.question(c).scope is Scope.PARTNERSHIP for c in expected.not_agreed)


def _count_queries(client: Any, world: World) -> int:
    client.force_login(world.admins[0].user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(world.path("results/"))
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_queries_do_not_grow_with_partners_or_respondents(client: Any, published: Any) -> None:
    small = build_world(levels=(3, shared_vision_low), respondents=1, name="Two partners")
    large = build_world(
        levels=(3, shared_vision_low, 2, 3, 4, 1), respondents=3, name="Six partners"
    )
    assert _count_queries(client, small) == _count_queries(client, large)


@pytest.mark.django_db
def test_the_overview_queries_do_not_grow_with_partners(client: Any, published: Any) -> None:
    small = build_world(levels=(3, 3), respondents=1, name="Two partners")
    large = build_world(levels=(3, 3, 3, 3, 3, 3), respondents=1, name="Six partners")

    def count(world: World) -> int:
        client.force_login(world.admins[0].user)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(world.path()).status_code == 200
        return len(queries)

    assert count(small) == count(large)

"""Health-check of a live partnership against its own earlier readiness baseline: the change per
area and per partner, as the engine's trends compute it; and query counts that do not grow with
the number of partners (up to 20) or respondents on any partnership page."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rasp.domain.framework.schema import Mode
from rasp.domain.scoring.trends import compare_results
from rasp.organisations.models import Partnership
from rasp.partnerships.access import partnership_access
from rasp.partnerships.selectors import health_check
from tests.partnerships.builders import (
    World,
    add_entrant,
    build_mode_assessment,
    build_world,
    share,
)

pytestmark = pytest.mark.django_db


def live_world(
    before: tuple[int, ...] = (2, 2, 2),
    after: tuple[int, ...] = (3, 4, 2),
    *,
    respondents: int = 1,
    name: str = "Live partnership",
) -> World:
    """A partnership whose members shared readiness at ``before``, went live, and shared
    health-checks at ``after`` (one level per member; fewer entries: the rest have none)."""
    world = build_world(before, respondents=respondents, name=name)
    Partnership.objects.filter(pk=world.partnership.pk).update(status=Partnership.Status.LIVE)
    world.partnership.refresh_from_db()
    for admin, level in zip(world.admins, after, strict=False):
        share(
            admin,
            world.partnership,
            build_mode_assessment(admin, Mode.HEALTH_CHECK, level, respondents=respondents),
        )
    return world


def test_the_change_per_area_and_per_partner_is_the_engines(client: Any, published: Any) -> None:
    world = live_world()
    access = partnership_access(actor=world.admins[0].user, partnership_id=world.partnership.pk)
    check = health_check(access=access)
    assert check.trend is not None and check.current.framework is not None
    assert check.baseline.mode is Mode.READINESS and check.current.mode is Mode.HEALTH_CHECK
    client.force_login(world.admins[0].user)
    page = client.get(world.path("health-check/")).content.decode()
    assert 'id="area-changes"' in page and 'id="partner-changes"' in page
    for change in check.trend.areas:
        assert change.change is not None
        assert f"{change.change:+.1f}" in page or (change.change == 0 and "no change" in page)
    # Per partner: the one that stayed at level 2 has no change; the one at 4 rose by 50.
    earlier = {p.organisation: p for p in check.baseline.result.partners}  # type: ignore[union-attr]
    for partner in check.current.result.partners:  # type: ignore[union-attr]
        trend = compare_results(check.current.framework, earlier[partner.organisation], partner)
        assert partner.organisation in page
        for change in trend.areas:
            assert f"to {change.score:.1f}" in page
    assert "+50.0" in page


def test_a_partner_without_a_baseline_is_said_so(client: Any, published: Any) -> None:
    world = live_world()
    client.force_login(world.admins[2].user)
    client.post(
        world.org_path(2, "share/"), {"assessment": world.assessments[2].pk, "do": "withdraw"}
    )
    page = client.get(world.path("health-check/")).content.decode()
    assert "no readiness baseline shared" in page


def test_withdrawing_a_health_check_removes_it_at_once(client: Any, published: Any) -> None:
    world = live_world()
    client.force_login(world.admins[1].user)
    page = client.get(world.path("health-check/")).content.decode()
    assert "+50.0" in page
    access = partnership_access(actor=world.admins[1].user, partnership_id=world.partnership.pk)
    current = health_check(access=access).current.included
    mine = next(a for a in current if a.organisation_id == world.admins[1].organisation_id)
    client.post(world.org_path(1, "share/"), {"assessment": mine.pk, "do": "withdraw"})
    page = client.get(world.path("health-check/")).content.decode()
    assert "+50.0" not in page
    assert world.admins[1].organisation.name not in page.split('id="partner-changes"')[1]


def test_a_planned_partnership_says_the_health_check_is_for_live_ones(
    client: Any, world: World
) -> None:
    client.force_login(world.admins[0].user)
    page = client.get(world.path("health-check/")).content.decode()
    assert 'id="not-live"' in page and 'id="nothing-to-compare"' in page


def _count(client: Any, world: World, path: str) -> int:
    client.force_login(world.admins[0].user)
    client.get(path)  # warm per-process caches (the framework)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200, path
    return len(queries)


def test_queries_do_not_grow_with_partners_up_to_twenty_or_respondents(
    client: Any, published: Any
) -> None:
    small = live_world((3, 2), (3, 3), respondents=1, name="Two partners")
    large = live_world(
        tuple([3, 2, 1, 4] * 5), tuple([4, 3, 2, 3] * 5), respondents=2, name="Twenty partners"
    )
    small_entrant, *_rest = add_entrant(small)
    large_entrant, *_rest = add_entrant(large)
    for tail_small, tail_large in (
        ("", ""),
        ("results/", "results/"),
        ("workshop/", "workshop/"),
        ("health-check/", "health-check/"),
        (f"entrants/{small_entrant.pk}/", f"entrants/{large_entrant.pk}/"),
    ):
        assert _count(client, small, small.path(tail_small)) == _count(
            client, large, large.path(tail_large)
        ), tail_small


def test_questions_are_matched_across_versions_through_the_code_map(
    client: Any, published: Any
) -> None:
    from rasp.frameworks.services import framework_version_load
    from tests.reports.builders import ROOT

    world = build_world((1, 1, 1), name="Renamed question")
    # Version 1.1 renames SV-04 to SV-40 and says so in its code map.
    text = (ROOT / "frameworks" / "rasp-1.0.yaml").read_text(encoding="utf-8")
    text = text.replace("SV-04", "SV-40").replace('version: "1.0"', 'version: "1.1"')
    text = text.replace("previous_version: null", 'previous_version: "1.0"')
    text = text.replace("code_map: {}", 'code_map: {"SV-04": "SV-40"}')
    framework_version_load(source_text=text, publish=True)
    Partnership.objects.filter(pk=world.partnership.pk).update(status=Partnership.Status.LIVE)
    for admin in world.admins:
        share(admin, world.partnership, build_mode_assessment(admin, Mode.HEALTH_CHECK, 3))
    access = partnership_access(actor=world.admins[0].user, partnership_id=world.partnership.pk)
    check = health_check(access=access)
    assert check.trend is not None
    assert (check.trend.previous_framework_version, check.trend.framework_version) == (
        "1.0",
        "1.1",
    )
    renamed = next(q for q in check.trend.questions if q.code == "SV-40")
    assert (renamed.previous_code, renamed.previous_level, renamed.level) == ("SV-04", 1, 3)
    client.force_login(world.admins[0].user)
    page = client.get(world.path("health-check/")).content.decode()
    row = page.split('id="change-SV-40"')[1].split("</tr>")[0]
    assert "(was SV-04)" in row and "+2" in row
    assert "questions are matched through the version" in page

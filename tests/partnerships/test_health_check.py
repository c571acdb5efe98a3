"""Health-check of a live partnership against its own earlier readiness baseline: the change per
area and per partner, as the engine's trends compute it; and query counts that do not grow with
the number of partners (up to 20) or respondents on any partnership page."""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rasp.domain.framework.schema import AreaId, Mode
from rasp.domain.scoring.trends import AreaChange, compare_results
from rasp.organisations.models import Partnership
from rasp.partnerships.access import partnership_access
from rasp.partnerships.pages import change_summary
from rasp.partnerships.selectors import health_check
from tests.partnerships.builders import (
    Level,
    World,
    add_entrant,
    build_mode_assessment,
    build_world,
    share,
)

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


def live_world(
    before: tuple[int, ...] = (2, 2, 2),
    after: tuple[Level, ...] = (3, 4, 2),
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
    assert 'id="health-check-radar"' not in page  # no chart with nothing to compare


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


def mixed(code: str, _respondent: int) -> int:
    """A health-check below the baseline of 2 in Shared vision and above it elsewhere."""
    return 1 if code.startswith("SV-") else 4


def test_a_chart_of_the_baseline_and_now_says_what_improved_and_what_fell_back(
    client: Any, published: Any
) -> None:
    world = live_world((2, 2, 2), (mixed, mixed, mixed))
    access = partnership_access(actor=world.admins[0].user, partnership_id=world.partnership.pk)
    check = health_check(access=access)
    assert check.trend is not None and check.current.framework is not None
    names = {area.id: area.name for area in check.current.framework.areas}
    client.force_login(world.admins[0].user)
    page = client.get(world.path("health-check/")).content.decode()
    # The chart comes first, then the per-area table it stands beside, which stays.
    chart_at, table_at = page.index('id="health-check-radar"'), page.index('id="area-changes"')
    assert chart_at < table_at
    assert page[table_at:].count('<tr class="govuk-table__row">') >= len(check.trend.areas) + 1
    figure = page[page.rindex("<figure", 0, chart_at) : page.index("</figure>", chart_at)]
    svg = ET.fromstring(figure[figure.index("<svg") : figure.index("</svg>") + 6])
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "health-check-radar-title health-check-radar-desc"
    caption = figure.split('id="change-chart-summary">')[1].split("</figcaption>")[0]
    desc = svg.find(f"{SVG}desc")
    assert desc is not None and desc.text and caption.startswith(html.escape(desc.text))
    # In words: what rose and what fell, each with its change, as the engine computed it.
    improved, fell_back = caption.split("Fell back:")
    assert improved.startswith("Improved since the readiness baseline:")
    for change in check.trend.areas:
        assert change.change
        words = f"{names[change.area]} ({change.change:+.1f})"
        assert words in (improved if change.change > 0 else fell_back), words
    assert "Shared vision (-14.3)" in fell_back  # 2 everywhere, then 1 in Shared vision
    # One point per area on each line, and a legend naming both lines.
    for key in ("baseline", "now"):
        series = next(e for e in svg.iter() if f"rasp-series-{key}" in (e.get("class") or ""))
        points = [e for e in series.iter() if e.get("class") == "rasp-chart-point"]
        assert len(points) == len(check.trend.areas), key
    legend = "".join(
        next(e for e in svg.iter() if e.get("class") == "rasp-chart-legend").itertext()
    )
    assert legend == "Readiness baselineHealth-check now"


def test_the_chart_summary_names_areas_level_and_without_a_score() -> None:
    names = {area: area.value.replace("-", " ").capitalize() for area in AreaId}

    def change(area: AreaId, before: float | None, now: float | None) -> AreaChange:
        moved = None if before is None or now is None else round(now - before, 1)
        return AreaChange(area, before, now, moved, before, now, moved, None, None)

    everything_rose = [change(AreaId.SHARED_VISION, 50.0, 75.0), change(AreaId.RISK, 50.0, 60.0)]
    assert change_summary(everything_rose, names) == (
        "Improved since the readiness baseline: Shared vision (+25.0) and Risk (+10.0)."
        " No area fell back."
    )
    still = [
        change(AreaId.SHARED_VISION, 50.0, 50.0),
        change(AreaId.RISK, None, 50.0),
        change(AreaId.GOVERNANCE, 60.0, 40.0),
        change(AreaId.RESOURCES, 50.0, None),
    ]
    assert change_summary(still, names) == (
        "No area improved since the readiness baseline. Fell back: Governance (-20.0)."
        " No change: Shared vision. Not compared, because a score is missing at the baseline"
        " or now: Risk and Resources."
    )

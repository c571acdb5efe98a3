"""The pages added for new partners, the partnership health-check and the comparison with similar
bodies: each passes axe-core and reflows at 320 CSS pixels; and the demo partnership end to end
in Chromium, as a person reaches it by links and forms."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from rasp.domain.framework.schema import Mode
from rasp.organisations.models import Partnership
from rasp.reports.summaries import summary_store
from tests.browser.pages import Visit
from tests.browser.test_accessibility import AXE_OPTIONS, NARROW, WIDEST_ELEMENTS, describe
from tests.factories import MembershipFactory
from tests.partnerships.builders import (
    World,
    add_entrant,
    build_mode_assessment,
    build_world,
    share,
)
from tests.reports.builders import build_assessment, load_question_bank

SHOTS = Path(os.environ.get("RASP_SHOTS_DIR", "/tmp/rasp-shots"))
AREAS = ("shared-vision", "ethos-culture", "resources", "risk", "governance")

axe = Axe()


def _world(visit: Visit) -> World:
    load_question_bank()
    world = build_world()
    visit.sign_in(visit.page.context, world.admins[0].user)
    return world


def entrant(visit: Visit) -> None:
    world = _world(visit)
    joining, _admin, _assessment = add_entrant(world, level=1)
    visit.go(world.path())
    with visit.page.expect_navigation():
        visit.page.get_by_role("link", name=joining.organisation.name).click()
    assert visit.page.locator("#entry-gaps tbody tr").count() > 0


def joining(visit: Visit) -> None:
    world = _world(visit)
    entrant_row, admin, _assessment = add_entrant(world, shared=False)
    visit.sign_in(visit.page.context, admin.user)
    visit.go("/partnerships/")
    with visit.page.expect_navigation():
        visit.page.get_by_role("link", name=world.partnership.name).click()
    visit.submit("Share")
    assert visit.page.get_by_text("is now shared with").count() == 1


def entrant_decline(visit: Visit) -> None:
    """The decline page reached from the new partner's page, sent empty: its error summary."""
    world = _world(visit)
    joining, _admin, _assessment = add_entrant(world, level=1)
    visit.go(world.path(f"entrants/{joining.pk}/"))
    with visit.page.expect_navigation():
        visit.page.get_by_role("button", name=re.compile(r"^Decline\b")).click()
    visit.submit(f"Decline {joining.organisation.name}")
    assert visit.page.locator(".govuk-error-summary").count() == 1


def declined(visit: Visit) -> None:
    """The declined organisation's partnerships page, with the members' reason."""
    from rasp.partnerships.access import partnership_access
    from rasp.partnerships.services import entrant_decline

    world = _world(visit)
    joining, admin, _assessment = add_entrant(world, level=1)
    access = partnership_access(actor=world.admins[0].user, partnership_id=world.partnership.pk)
    entrant_decline(access=access, entrant=joining, reason="Exit terms are not settled yet.")
    visit.sign_in(visit.page.context, admin.user)
    visit.go("/partnerships/")
    assert visit.page.get_by_text("Exit terms are not settled yet.").count() == 1


def health_check(visit: Visit) -> None:
    world = _world(visit)
    Partnership.objects.filter(pk=world.partnership.pk).update(status=Partnership.Status.LIVE)
    for admin, level in zip(world.admins, (3, 4, 2), strict=True):
        share(admin, world.partnership, build_mode_assessment(admin, Mode.HEALTH_CHECK, level))
    visit.go(world.path("health-check/"))
    assert visit.page.locator("#partner-changes tbody tr").count() == 3
    chart = visit.page.locator("svg#health-check-radar")
    assert chart.get_attribute("role") == "img"
    assert "Fell back: Ethos and cultures" in visit.page.inner_text("#change-chart-summary")
    # Printed, the chart keeps to the page's width and is not hidden.
    visit.page.emulate_media(media="print")
    box = chart.bounding_box()
    assert box is not None and box["width"] > 0
    assert box["x"] + box["width"] <= visit.page.evaluate("document.documentElement.clientWidth")
    visit.page.emulate_media(media="screen")


def comparison(visit: Visit) -> None:
    load_question_bank()
    me = None
    for score in (20.0, 40.0, 55.5, 70.0, 90.0):
        membership = MembershipFactory(role="admin", organisation__compare_with_similar=True)
        assessment, _admin = build_assessment(respondents=1, level=0, admin=membership)
        summary_store(
            assessment_id=assessment.pk,
            organisation_id=membership.organisation_id,
            organisation_kind=membership.organisation.kind,
            opted_in=True,
            mode="readiness",
            closed_at=timezone.now(),
            result={
                "areas": [
                    {"id": a, "declared_score": score, "evidence_adjusted_score": score}
                    for a in AREAS
                ]
            },
        )
        me = me or membership
    assert me is not None
    visit.sign_in(visit.page.context, me.user)
    visit.go(f"/organisations/{me.organisation_id}/assessments/")
    with visit.page.expect_navigation():
        visit.page.get_by_role("link", name="See how your closed assessments compare").click()
    medians = visit.page.locator("#comparison-adjusted").get_by_text("55.5")
    assert medians.count() == 5  # the median of each area


def comparison_opt_in(visit: Visit) -> None:
    membership = visit.as_admin()
    visit.go(f"/organisations/{membership.organisation_id}/")
    with visit.page.expect_navigation():
        visit.page.get_by_role("link", name="Choose whether to take part in the comparison").click()
    visit.page.get_by_label("Yes, take part").check()
    visit.submit("Save")
    assert visit.page.get_by_text("now takes part").count() == 1
    visit.go(f"/organisations/{membership.organisation_id}/comparison/")


NEW_PAGES: dict[str, Callable[[Visit], None]] = {
    f.__name__: f
    for f in (
        entrant,
        entrant_decline,
        declined,
        joining,
        health_check,
        comparison,
        comparison_opt_in,
    )
}


@pytest.mark.parametrize("name", NEW_PAGES)
def test_new_page_is_accessible_and_reflows(
    page: Any, sign_in: Callable[..., None], name: str
) -> None:
    NEW_PAGES[name](Visit(page, sign_in))
    problems = []
    violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
    if violations:
        problems.append(f"axe found problems on {name} ({page.url}):\n{describe(violations)}")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"new-{name}-1280.png"), full_page=True)
    page.set_viewport_size(NARROW)
    scroll = page.evaluate("document.documentElement.scrollWidth")
    if scroll > NARROW["width"]:
        culprits = "\n".join(page.evaluate(WIDEST_ELEMENTS))
        problems.append(f"{name} scrolls sideways at 320px: {scroll}px wide\n{culprits}")
    page.screenshot(path=str(SHOTS / f"new-{name}-320.png"), full_page=True)
    assert not problems, "\n\n".join(problems)


def test_the_demo_partnership_end_to_end(
    page: Any, sign_in: Callable[..., None], settings: Any
) -> None:
    from rasp.accounts.models import User
    from rasp.demo.services import demo_data_ensure

    settings.RASP_DEMO = True
    demo_data_ensure()
    visit = Visit(page, sign_in)
    sign_in(page.context, User.objects.get(email="demo@example.com"))
    visit.go("/partnerships/")
    with page.expect_navigation():
        page.get_by_role("link", name="Demo Shared Services Partnership").click()
    overview = page.url
    with page.expect_navigation():
        page.get_by_role("link", name="The partnership view").click()
    assert page.locator("#not-agreed tbody tr").count() > 0
    assert page.get_by_text("Demo County Council (").count() > 0  # a weakest partner
    page.goto(overview)
    with page.expect_navigation():
        page.get_by_role("link", name="Consensus workshop").click()
    with page.expect_navigation():
        page.get_by_role("link", name="Record an agreed level").first.click()
    page.get_by_label("2", exact=True).check()
    page.get_by_label("Draft: a draft document").check()
    page.get_by_label("Note of the discussion").fill("Agreed at the demo workshop")
    visit.submit("Save agreed level")
    assert page.get_by_text("Agreed joint level recorded").count() == 1
    page.goto(overview)
    with page.expect_navigation():
        page.get_by_role("link", name="Demo Fire and Rescue Service").click()
    assert page.locator("#entry-gaps tbody tr").count() > 0
    violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, describe(violations)

    sign_in(page.context, User.objects.get(email="outsider@example.com"))
    visit.go(overview, status=404)
    visit.go(overview.rstrip("/") + "/health-check/", status=404)

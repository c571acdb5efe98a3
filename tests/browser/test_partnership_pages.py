"""Every partnership page type passes axe-core with no violations and reflows at 320 CSS pixels
without horizontal scrolling, with every <details> open (the charts' table alternatives too).
Screenshots go to RASP_SHOTS_DIR (default /tmp/rasp-shots)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from rasp.partnerships.models import JointAction, PartnershipInvitation
from tests.browser.pages import Visit
from tests.browser.test_accessibility import AXE_OPTIONS, NARROW, WIDEST_ELEMENTS, describe
from tests.factories import MembershipFactory
from tests.partnerships.builders import World, build_world
from tests.reports.builders import load_question_bank

SHOTS = Path(os.environ.get("RASP_SHOTS_DIR", "/tmp/rasp-shots"))

axe = Axe()


def _world(visit: Visit) -> World:
    load_question_bank()
    world = build_world()
    visit.sign_in(visit.page.context, world.admins[0].user)
    return world


def _not_agreed(world: World) -> str:
    from rasp.partnerships.access import partnership_access
    from rasp.partnerships.selectors import joint_result

    access = partnership_access(actor=world.admins[0].user, partnership_id=world.partnership.pk)
    result = joint_result(access=access).result
    assert result is not None
    return result.not_agreed[0]


def partnership_list(visit: Visit) -> None:
    _world(visit)
    visit.go("/partnerships/")


def invitations(visit: Visit) -> None:
    world = _world(visit)
    newcomer = MembershipFactory(role="admin")
    PartnershipInvitation.objects.create(
        partnership=world.partnership,
        organisation=newcomer.organisation,
        email=newcomer.user.email,
        invited_by_organisation=world.admins[0].organisation,
    )
    visit.sign_in(visit.page.context, newcomer.user)
    visit.go("/partnerships/invitations/")


def overview(visit: Visit) -> None:
    visit.go(_world(visit).path())


def results(visit: Visit) -> None:
    visit.go(_world(visit).path("results/"))
    assert visit.page.get_by_role("img", name="Each partner's evidence-adjusted").count() == 1
    assert visit.page.get_by_role("img", name="Mean evidence-adjusted level").count() == 1


def share(visit: Visit) -> None:
    visit.go(_world(visit).org_path(0, "share/"))


def leave(visit: Visit) -> None:
    visit.go(_world(visit).org_path(0, "leave/"))


def workshop(visit: Visit) -> None:
    visit.go(_world(visit).path("workshop/"))


def agree_with_errors(visit: Visit) -> None:
    world = _world(visit)
    visit.go(world.path(f"workshop/{_not_agreed(world)}/"))
    visit.submit("Save agreed level")
    visit.expect_error_summary()


def actions(visit: Visit) -> None:
    world = _world(visit)
    JointAction.objects.create(
        partnership=world.partnership, title="Agree the scope", owner=world.admins[1].organisation
    )
    visit.go(world.path("actions/"))


def action_edit_with_errors(visit: Visit) -> None:
    visit.go(_world(visit).path("actions/new/"))
    visit.submit("Save action")
    visit.expect_error_summary()


def invite_with_errors(visit: Visit) -> None:
    visit.go(_world(visit).org_path(0, "invite/"))
    visit.page.get_by_label("Their admin's email address").fill("nobody@example.org")
    visit.submit("Send invitation")
    visit.expect_error_summary()


PARTNERSHIP_PAGES: dict[str, Callable[[Visit], None]] = {
    f.__name__: f
    for f in (
        partnership_list,
        invitations,
        overview,
        results,
        share,
        leave,
        workshop,
        agree_with_errors,
        actions,
        action_edit_with_errors,
        invite_with_errors,
    )
}


def _open_details(page: Any) -> None:
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")


@pytest.mark.parametrize("name", PARTNERSHIP_PAGES)
def test_partnership_page_is_accessible_and_reflows(
    page: Any, sign_in: Callable[..., None], name: str
) -> None:
    PARTNERSHIP_PAGES[name](Visit(page, sign_in))
    _open_details(page)
    problems = []
    violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
    if violations:
        problems.append(f"axe found problems on {name} ({page.url}):\n{describe(violations)}")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"partnership-{name}-1280.png"), full_page=True)
    page.set_viewport_size(NARROW)
    scroll = page.evaluate("document.documentElement.scrollWidth")
    if scroll > NARROW["width"]:
        culprits = "\n".join(page.evaluate(WIDEST_ELEMENTS))
        problems.append(f"{name} scrolls sideways at 320px: {scroll}px wide\n{culprits}")
    page.screenshot(path=str(SHOTS / f"partnership-{name}-320.png"), full_page=True)
    assert not problems, "\n\n".join(problems)

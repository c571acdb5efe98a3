"""Every delivery page type passes axe-core with no violations and reflows at 320 CSS pixels
without horizontal scrolling; and by keyboard alone a new user adds a task to the transition
plan and records an actual in the benefits register. Screenshots go to RASP_SHOTS_DIR."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from rasp.assessments.services import assessment_start, respondent_add
from rasp.delivery.models import BenefitActual, Task
from rasp.demo.delivery import ensure_demo_delivery
from rasp.organisations.models import Partnership
from tests.browser.pages import Visit
from tests.browser.test_accessibility import AXE_OPTIONS, NARROW, WIDEST_ELEMENTS, describe
from tests.delivery.test_reports_and_guidance import _answer_path
from tests.factories import PASSWORD, MembershipFactory
from tests.partnerships.builders import World, build_world
from tests.reports.builders import load_question_bank

SHOTS = Path(os.environ.get("RASP_SHOTS_DIR", "/tmp/rasp-shots"))

axe = Axe()


def _world(visit: Visit, *, seeded: bool = True) -> World:
    """The partnership of three, with the demo's plan and register when ``seeded``."""
    load_question_bank()
    world = build_world(name="Demo Shared Services Partnership")
    if seeded:
        ensure_demo_delivery()
    visit.sign_in(visit.page.context, world.admins[0].user)
    return world


def guidance_index(visit: Visit) -> None:
    load_question_bank()
    visit.go("/guidance/")


def guidance_page(visit: Visit) -> None:
    load_question_bank()
    visit.go("/guidance/managing-the-transition/")


def plan_not_started(visit: Visit) -> None:
    visit.go(_world(visit, seeded=False).path("transition/"))


def programme_start_with_errors(visit: Visit) -> None:
    visit.go(_world(visit, seeded=False).path("transition/start/"))
    visit.page.get_by_label("Programme start").fill("31/2/2026")
    visit.submit("Save the start date")
    visit.expect_error_summary()


def plan(visit: Visit) -> None:
    visit.go(_world(visit).path("transition/"))
    assert visit.page.locator("#attention li").count() > 0
    assert visit.page.locator("#critical-path li").count() > 1


def task_new_with_errors(visit: Visit) -> None:
    visit.go(_world(visit).path("transition/tasks/new/"))
    visit.page.get_by_label("Start date").fill("1/1/2000")
    visit.submit("Save task")
    visit.expect_error_summary()


def task_edit(visit: Visit) -> None:
    world = _world(visit)
    task = Task.objects.get(title__startswith="Go live")
    visit.go(world.path(f"transition/tasks/{task.pk}/"))


def task_delete(visit: Visit) -> None:
    world = _world(visit)
    task = Task.objects.get(title__startswith="Consult trade unions")
    visit.go(world.path(f"transition/tasks/{task.pk}/delete/"))


def register(visit: Visit) -> None:
    visit.go(_world(visit).path("benefits/"))
    assert visit.page.locator("#behind").count() == 1


def benefit(visit: Visit) -> None:
    world = _world(visit)
    actual = BenefitActual.objects.filter(benefit__title__startswith="Savings").first()
    assert actual is not None
    visit.go(world.path(f"benefits/{actual.benefit_id}/"))
    assert visit.page.get_by_role("img", name="Expected and actual").count() == 1


def benefit_delete(visit: Visit) -> None:
    world = _world(visit)
    actual = BenefitActual.objects.filter(benefit__title__startswith="Savings").first()
    assert actual is not None
    visit.go(world.path(f"benefits/{actual.benefit_id}/delete/"))
    assert visit.page.locator("#actuals-lost li").count() > 0


def actual_delete(visit: Visit) -> None:
    world = _world(visit)
    actual = BenefitActual.objects.filter(benefit__title__startswith="Savings").first()
    assert actual is not None
    visit.go(world.path(f"benefits/{actual.benefit_id}/actuals/{actual.pk}/delete/"))


def actual_delete_changed_meanwhile(visit: Visit) -> None:
    """The confirmation page shown again with its error summary: the actual was corrected after
    the page was opened."""
    world = _world(visit)
    actual = BenefitActual.objects.filter(benefit__title__startswith="Savings").first()
    assert actual is not None
    visit.go(world.path(f"benefits/{actual.benefit_id}/actuals/{actual.pk}/delete/"))
    actual.note = "Corrected by someone else"
    actual.save()
    visit.submit("Delete the actual")
    visit.expect_error_summary()
    assert BenefitActual.objects.filter(pk=actual.pk).exists()


def benefit_new_with_errors(visit: Visit) -> None:
    visit.go(_world(visit).path("benefits/new/"))
    visit.page.get_by_label("Baseline").fill("abc")
    visit.submit("Save benefit")
    visit.expect_error_summary()


def actual_new_with_errors(visit: Visit) -> None:
    world = _world(visit)
    actual = BenefitActual.objects.first()
    assert actual is not None
    visit.go(world.path(f"benefits/{actual.benefit_id}/actuals/new/"))
    visit.page.get_by_label("Figure achieved").fill("1.2.3")
    visit.submit("Save actual")
    visit.expect_error_summary()


def organisation_plan(visit: Visit) -> None:
    load_question_bank()
    admin = visit.as_admin()
    visit.go(f"/organisations/{admin.organisation_id}/transition/")


def health_check_evidence(visit: Visit) -> None:
    world = _world(visit)
    admin = world.admins[0]
    assessment = assessment_start(membership=admin, mode="health-check", title="Health-check")
    respondent_add(membership=admin, assessment=assessment, user=admin.user, role="other")
    visit.go(_answer_path(assessment, "HC-01"))
    assert visit.page.locator("#benefits-evidence-HC-01").count() == 1


DELIVERY_PAGES: dict[str, Callable[[Visit], None]] = {
    f.__name__: f
    for f in (
        guidance_index,
        guidance_page,
        plan_not_started,
        programme_start_with_errors,
        plan,
        task_new_with_errors,
        task_edit,
        task_delete,
        register,
        benefit,
        benefit_delete,
        actual_delete,
        actual_delete_changed_meanwhile,
        benefit_new_with_errors,
        actual_new_with_errors,
        organisation_plan,
        health_check_evidence,
    )
}


@pytest.mark.parametrize("name", DELIVERY_PAGES)
def test_delivery_page_is_accessible_and_reflows(
    page: Any, sign_in: Callable[..., None], name: str
) -> None:
    DELIVERY_PAGES[name](Visit(page, sign_in))
    if name != "health_check_evidence":
        # The answer page's own question help is checked closed, as in test_accessibility.
        page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
    problems = []
    violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
    if violations:
        problems.append(f"axe found problems on {name} ({page.url}):\n{describe(violations)}")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"delivery-{name}-1280.png"), full_page=True)
    page.set_viewport_size(NARROW)
    scroll = page.evaluate("document.documentElement.scrollWidth")
    if scroll > NARROW["width"]:
        culprits = "\n".join(page.evaluate(WIDEST_ELEMENTS))
        problems.append(f"{name} scrolls sideways at 320px: {scroll}px wide\n{culprits}")
    page.screenshot(path=str(SHOTS / f"delivery-{name}-320.png"), full_page=True)
    assert not problems, "\n\n".join(problems)


def _press(page: Any, locator: Any, key: str = "Enter") -> None:
    locator.focus()
    with page.expect_navigation():
        page.keyboard.press(key)


def _type_into(page: Any, selector: str, text: str) -> None:
    page.locator(selector).focus()
    page.keyboard.type(text)


def test_a_new_user_adds_a_task_and_records_an_actual_by_keyboard(
    page: Any, live_server: Any
) -> None:
    load_question_bank()
    world = build_world(name="Demo Shared Services Partnership")
    ensure_demo_delivery()
    partnership = Partnership.objects.get(pk=world.partnership.pk)
    newcomer = MembershipFactory(organisation=world.admins[1].organisation, role="contributor")

    page.goto(live_server.url + "/account/sign-in/")
    _type_into(page, "#id_email", newcomer.user.email)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.goto(live_server.url + f"/partnerships/{partnership.pk}/")
    _press(page, page.get_by_role("link", name="Transition plan", exact=True))
    _press(page, page.get_by_role("button", name="Add a task"))

    _type_into(page, "#id_title", "Brief the staff side on the timetable")
    page.locator("#id_workstream").focus()  # the first radio: People
    page.keyboard.press("Space")
    _type_into(page, "#id_owner", "Head of HR")
    today = dt.date.today()
    _type_into(page, "#id_starts_on", today.strftime("%d/%m/%Y"))
    _type_into(page, "#id_due_on", (today + dt.timedelta(days=20)).strftime("%d/%m/%Y"))
    page.locator("#id_status").focus()  # the first radio: Not started
    page.keyboard.press("Space")
    dependency = Task.objects.get(title__startswith="Consult trade unions")
    page.locator(f"input[name='depends_on'][value='{dependency.pk}']").focus()
    page.keyboard.press("Space")
    _press(page, page.get_by_role("button", name="Save task"))
    task = Task.objects.get(title="Brief the staff side on the timetable")
    assert task.workstream == "people" and task.owner == "Head of HR"
    assert list(task.depends_on.all()) == [dependency]
    assert "Task saved" in page.locator(".govuk-notification-banner").inner_text()

    _press(page, page.get_by_role("link", name="Benefits realisation register", exact=True))
    _press(page, page.get_by_role("link", name="Faster processing of new benefits claims"))
    _press(page, page.get_by_role("button", name="Record an actual"))
    _type_into(page, "#id_period_end", today.strftime("%d/%m/%Y"))
    _type_into(page, "#id_value", "17.5")
    _type_into(page, "#id_note", "Monthly return")
    _press(page, page.get_by_role("button", name="Save actual"))
    recorded = BenefitActual.objects.get(period_end=today, benefit__title__startswith="Faster")
    assert str(recorded.value) == "17.50" and recorded.recorded_by == newcomer.user
    assert "17.5 days" in page.locator("#actuals").inner_text()

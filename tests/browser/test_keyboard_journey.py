"""The assessment journey of the issue's "done when", by keyboard alone in Chromium: sign in,
start a readiness assessment, add a colleague, answer every question, agree a disputed one,
close it, and reach the results and the action plan. Elements are reached with focus() and used
with the keyboard (Enter, Space, arrow keys, typing): no mouse clicks."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from rasp.assessments.models import Assessment, Respondent
from rasp.assessments.services import AnswerInput, answer_save
from rasp.domain.framework.schema import Mode
from rasp.frameworks.selectors import framework_of
from rasp.frameworks.services import framework_version_load
from tests.factories import PASSWORD, MembershipFactory

ROOT = Path(__file__).resolve().parents[2]


def _press(page: Any, locator: Any, key: str = "Enter") -> None:
    locator.focus()
    with page.expect_navigation():
        page.keyboard.press(key)


def test_the_whole_journey_by_keyboard(
    page: Any, live_server: Any, sign_in: Callable[..., None]
) -> None:
    version = framework_version_load(
        source_text=(ROOT / "frameworks" / "rasp-1.0.yaml").read_text(encoding="utf-8"),
        publish=True,
    )
    admin = MembershipFactory(role="admin")
    colleague = MembershipFactory(organisation=admin.organisation, role="contributor")

    page.goto(live_server.url + "/account/sign-in/")
    page.locator("#id_email").focus()
    page.keyboard.type(admin.user.email)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    _press(page, page.get_by_role("link", name=admin.organisation.name, exact=True))
    _press(page, page.get_by_role("button", name="Assessments", exact=True))
    _press(page, page.get_by_role("button", name="Start an assessment"))

    page.locator("#id_mode").focus()
    page.keyboard.press("Space")  # the first mode: readiness
    page.locator("#id_title").focus()
    page.keyboard.type("Keyboard readiness")
    _press(page, page.get_by_role("button", name="Start assessment"))
    assessment = Assessment.objects.get(title="Keyboard readiness")

    for user in (admin.user, colleague.user):
        page.locator("#id_user").focus()
        page.keyboard.press("ArrowDown")
        page.select_option(
            "#id_user", str(user.pk)
        )  # a native select: the keyboard picks an option
        page.locator("#id_role").focus()
        page.select_option("#id_role", "chief-executive" if user == admin.user else "finance")
        _press(page, page.get_by_role("button", name="Add respondent"))
    assert Respondent.objects.filter(assessment=assessment).count() == 2

    # Answer every question shown: level 3 with approved evidence; critical ones included.
    _press(page, page.get_by_role("link", name="Back to the assessment"))
    _press(page, page.get_by_role("button", name="Continue where you left off"))
    for _ in range(60):
        if "/answer/" not in page.url or "/check/" in page.url:
            if "/check/" in page.url:
                _press(page, page.get_by_role("button", name="Back to all sections"))
                resume = page.get_by_role("button", name="Continue where you left off")
                if resume.count() == 0:
                    break
                _press(page, resume)
                continue
            break
        for code in page.eval_on_selector_all(
            ".rasp-question:not([hidden])", "els => els.map(e => e.id.slice(2))"
        ):
            page.locator(f"#id_{code}-answer-4").focus()
            page.keyboard.press("Space")
            page.locator(f"#id_{code}-evidence-4").focus()
            page.keyboard.press("Space")
        _press(page, page.get_by_role("button", name="Save and continue"))
    framework = framework_of(version)
    mine = Respondent.objects.get(assessment=assessment, user=admin.user)
    assert mine.answers.count() >= len(framework.questions_for_mode(Mode.READINESS)) - 5

    # The colleague answers too (through the service: the keyboard path is proven above), and
    # disagrees by three levels on SV-01.
    theirs = Respondent.objects.get(assessment=assessment, user=colleague.user)
    answer_save(
        respondent=theirs,
        code="SV-01",
        given=AnswerInput(kind="level", level=0),
        based_on_version=0,
    )

    page.goto(
        f"{live_server.url}/organisations/{admin.organisation_id}/assessments/{assessment.pk}/answers/"
    )
    _press(page, page.get_by_role("link", name="Record the agreed level for SV-01"))
    page.locator("#id_answer-3").focus()
    page.keyboard.press("Space")
    page.locator("#id_evidence-3").focus()
    page.keyboard.press("Space")
    page.locator("#id_note").focus()
    page.keyboard.type("Agreed at the leadership team meeting")
    _press(page, page.get_by_role("button", name="Save agreed level"))
    assert "Agreed level recorded for SV-01" in page.content()

    page.goto(
        f"{live_server.url}/organisations/{admin.organisation_id}/assessments/{assessment.pk}/"
    )
    _press(page, page.get_by_role("button", name="Close the assessment"))
    _press(page, page.get_by_role("button", name="Close and save the results"))
    assessment.refresh_from_db()
    assert not assessment.is_open
    _press(page, page.get_by_role("link", name="Results"))
    assert page.locator("h1").inner_text() == "Results"
    page.go_back()
    _press(page, page.get_by_role("link", name="Action plan"))
    assert page.locator("h1").inner_text() == "Action plan"
    # Let the last page finish loading, so no request is still running when the test's
    # database is torn down.
    page.wait_for_load_state("networkidle")

"""The assessment journey's page types pass axe-core and reflow at 320 px, and a respondent can
answer a page of questions by keyboard alone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from rasp.assessments.models import Action
from rasp.assessments.services import (
    AnswerInput,
    answer_save,
    assessment_close,
    assessment_start,
    respondent_add,
)
from rasp.frameworks.selectors import framework_version_latest_published
from rasp.frameworks.services import framework_version_load
from tests.browser.pages import Visit
from tests.browser.test_accessibility import AXE_OPTIONS, NARROW, axe, describe

ROOT = Path(__file__).resolve().parents[2]


def _assessment(visit: Visit) -> tuple[Any, Any]:
    if framework_version_latest_published() is None:
        framework_version_load(
            source_text=(ROOT / "frameworks" / "rasp-1.0.yaml").read_text(encoding="utf-8"),
            publish=True,
        )
    admin = visit.as_admin()
    assessment = assessment_start(membership=admin, mode="readiness", title="Shared ICT readiness")
    me = respondent_add(
        membership=admin, assessment=assessment, user=admin.user, role="chief-executive"
    )
    other = respondent_add(
        membership=admin, assessment=assessment, user=admin.other.user, role="finance"
    )
    answer_save(
        respondent=me,
        code="SV-01",
        given=AnswerInput(kind="level", level=4, evidence="approved"),
        based_on_version=0,
    )
    answer_save(
        respondent=other, code="SV-01", given=AnswerInput(kind="level", level=1), based_on_version=0
    )
    Action.objects.create(assessment=assessment, title="Agree the scope", owner="Head of ICT")
    return admin, assessment


def _base(admin: Any, assessment: Any) -> str:
    return f"/organisations/{admin.organisation_id}/assessments/{assessment.pk}"


def assessment_list(visit: Visit) -> None:
    admin, _assessment_ = _assessment(visit)
    visit.go(f"/organisations/{admin.organisation_id}/assessments/")


def start_with_errors(visit: Visit) -> None:
    admin = visit.as_admin()
    visit.go(f"/organisations/{admin.organisation_id}/assessments/new/")
    visit.submit("Start assessment")
    visit.expect_error_summary()


def overview(visit: Visit) -> None:
    visit.go(_base(*_assessment(visit)) + "/")


def respondents(visit: Visit) -> None:
    visit.go(_base(*_assessment(visit)) + "/respondents/")


def question_page(visit: Visit) -> None:
    visit.go(_base(*_assessment(visit)) + "/answer/shared-vision/0/")


def question_page_with_errors(visit: Visit) -> None:
    visit.go(_base(*_assessment(visit)) + "/answer/shared-vision/0/")
    visit.page.check("#id_SV-02-answer-4")
    visit.submit("Save and continue")
    visit.expect_error_summary()


def check_answers(visit: Visit) -> None:
    visit.go(_base(*_assessment(visit)) + "/answer/shared-vision/check/")


def submit(visit: Visit) -> None:
    visit.go(_base(*_assessment(visit)) + "/submit/")


def spread(visit: Visit) -> None:
    visit.go(_base(*_assessment(visit)) + "/answers/")


def agree(visit: Visit) -> None:
    visit.go(_base(*_assessment(visit)) + "/answers/SV-01/agree/")


def close(visit: Visit) -> None:
    visit.go(_base(*_assessment(visit)) + "/close/")


def actions(visit: Visit) -> None:
    visit.go(_base(*_assessment(visit)) + "/actions/")


def targets_with_errors(visit: Visit) -> None:
    visit.go(_base(*_assessment(visit)) + "/targets/")
    visit.page.fill("#id_target-risk", "9")
    visit.submit("Save targets")
    visit.expect_error_summary()


def actions_overdue(visit: Visit) -> None:
    admin, assessment = _assessment(visit)
    Action.objects.create(
        assessment=assessment, title="Late", due_date=dt.date(2020, 1, 31), owner="Head of HR"
    )
    visit.go(_base(admin, assessment) + "/actions/")


def assessment_list_with_trend(visit: Visit) -> None:
    admin, first = _assessment(visit)
    assessment_close(membership=admin, assessment=first)
    second = assessment_start(membership=admin, mode="health-check", title="A year on")
    assessment_close(membership=admin, assessment=second)
    visit.go(f"/organisations/{admin.organisation_id}/assessments/")


def action_edit_with_errors(visit: Visit) -> None:
    visit.go(_base(*_assessment(visit)) + "/actions/new/")
    visit.submit("Save action")
    visit.expect_error_summary()


JOURNEY_PAGES: dict[str, Callable[[Visit], None]] = {
    f.__name__: f
    for f in (
        assessment_list,
        start_with_errors,
        overview,
        respondents,
        question_page,
        question_page_with_errors,
        check_answers,
        submit,
        spread,
        agree,
        close,
        actions,
        action_edit_with_errors,
        targets_with_errors,
        actions_overdue,
        assessment_list_with_trend,
    )
}


@pytest.mark.parametrize("name", JOURNEY_PAGES)
def test_journey_page_is_accessible(page: Any, sign_in: Callable[..., None], name: str) -> None:
    JOURNEY_PAGES[name](Visit(page, sign_in))
    # Checked with every <details> open: the help on each question is part of the page too.
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
    problems = []
    violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
    if violations:
        problems.append(f"axe found problems on {name} ({page.url}):\n{describe(violations)}")
    page.set_viewport_size(NARROW)
    scroll = page.evaluate("document.documentElement.scrollWidth")
    if scroll > NARROW["width"]:
        problems.append(f"{name} scrolls sideways at 320px: {scroll}px wide")
    assert not problems, "\n\n".join(problems)


def test_a_page_of_questions_can_be_answered_by_keyboard(
    page: Any, sign_in: Callable[..., None]
) -> None:
    visit = Visit(page, sign_in)
    admin, assessment = _assessment(visit)
    visit.go(_base(admin, assessment) + "/answer/shared-vision/0/")
    # Tab from the top of the page to SV-02's first answer, then choose level 1 with the arrow keys.
    page.locator("#id_SV-02-answer").focus()
    page.keyboard.press("ArrowDown")  # radios move and select with the arrow keys
    focused = page.evaluate("document.activeElement.id")
    assert focused.startswith("id_SV-02-answer")
    assert page.is_checked(f"#{focused}")
    # Tab on to the save button and press Enter.
    page.locator("button[name=continue]").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/answer/shared-vision/1/" in page.url
    from rasp.assessments.models import Answer

    assert Answer.objects.get(respondent__user=admin.user, question__code="SV-02").level == 1

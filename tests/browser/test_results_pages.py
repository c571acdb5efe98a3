"""The results page and an "Explain this score" page pass axe-core with no violations and reflow
at 320 CSS pixels without horizontal scrolling, with every <details> open (the charts' table
alternatives included). Screenshots go to RASP_SHOTS_DIR (default /tmp/rasp-shots)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.test_accessibility import AXE_OPTIONS, NARROW, WIDEST_ELEMENTS, describe
from tests.reports.builders import build_assessment, explain_path, load_question_bank

SHOTS = Path(os.environ.get("RASP_SHOTS_DIR", "/tmp/rasp-shots"))
RED_FLAG = "GV-15"

axe = Axe()


def _level(code: str, who: int) -> int:
    """A varied result: a red flag, disputes (respondents 0 and 2 differ by 2), all bands."""
    if code == RED_FLAG:
        return 0
    base = {"SV": 3, "EC": 2, "TR": 2, "RM": 1, "GV": 3}.get(code[:2], 2)
    if who == 2 and code.endswith(("1", "4", "7")):
        return min(4, base + 2)
    return base


@pytest.fixture
def results_data(transactional_db: None) -> Any:
    load_question_bank()
    assessment, admin = build_assessment(respondents=3, level=_level, close=True)
    return assessment, admin


def _open_details(page: Any) -> None:
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")


def _check(page: Any, path: str, name: str) -> None:
    response = page.goto(path)
    assert response is not None and response.status == 200, f"GET {path}"
    _open_details(page)
    violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, f"axe found problems on {name} ({path}):\n{describe(violations)}"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-1280.png"), full_page=True)

    page.set_viewport_size(NARROW)
    page.goto(path)
    _open_details(page)
    widths = page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"
    )
    assert widths["inner"] == NARROW["width"]
    if widths["scroll"] > widths["inner"]:
        culprits = "\n".join(page.evaluate(WIDEST_ELEMENTS))
        pytest.fail(f"{name} scrolls sideways at 320px ({widths['scroll']}px):\n{culprits}")
    page.screenshot(path=str(SHOTS / f"{name}-320.png"), full_page=True)


def test_results_page_is_accessible_and_reflows(
    page: Any, sign_in: Callable[..., None], results_data: Any
) -> None:
    assessment, admin = results_data
    sign_in(page.context, admin.user)
    path = f"/organisations/{assessment.organisation_id}/assessments/{assessment.pk}/results/"
    _check(page, path, "results")
    # The charts are images with a name, and the red flag comes before the verdict.
    assert page.get_by_role("img", name="Area scores").count() == 1
    assert page.get_by_role("img", name="Mean evidence-adjusted level").count() == 1
    headings = page.locator("h2").all_inner_texts()
    assert headings.index("Red flags") < headings.index("Verdict")


def test_explain_page_is_accessible_and_reflows(
    page: Any, sign_in: Callable[..., None], results_data: Any
) -> None:
    assessment, admin = results_data
    sign_in(page.context, admin.user)
    _check(page, explain_path(assessment, "risk"), "explain-risk")

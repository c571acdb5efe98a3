"""The public question-bank pages pass axe-core (WCAG 2.2 A and AA, plus best practice) with no
violations, and reflow at 320 CSS pixels wide without scrolling sideways (WCAG 1.4.10)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from rasp.frameworks.services import framework_version_load

BANK = Path(__file__).resolve().parents[2] / "frameworks" / "rasp-1.0.yaml"
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": [
            "wcag2a",
            "wcag2aa",
            "wcag21a",
            "wcag21aa",
            "wcag22a",
            "wcag22aa",
            "best-practice",
        ],
    },
    "resultTypes": ["violations"],
}
NARROW = {"width": 320, "height": 800}

PAGES = {
    "index": "/framework/",
    "area": "/framework/areas/governance/",
    # TR-10 has notes for all four nations, a case study and linked glossary terms.
    "question": "/framework/questions/TR-10/",
    "follow-up question": "/framework/questions/SV-03/",
    "how scores work": "/framework/how-scores-work/",
    "glossary": "/framework/glossary/",
    "case study": "/framework/case-studies/hoople/",
}

# The deepest elements reaching past the right edge, to say what makes a page scroll sideways.
WIDEST = """() => {
  const limit = window.innerWidth + 0.5;
  const out = [];
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.right <= limit || [...el.children].some(c => c.getBoundingClientRect().right > limit)) continue;
    out.push(`${el.tagName.toLowerCase()}.${String(el.className).trim()} right=${Math.round(box.right)}`);
    if (out.length >= 8) break;
  }
  return out;
}"""

axe = Axe()


def _describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.extend(f"    at {' '.join(map(str, n['target']))}" for n in violation["nodes"][:3])
    return "\n".join(lines)


@pytest.fixture
def published(transactional_db: None) -> None:
    framework_version_load(source_text=BANK.read_text(encoding="utf-8"), publish=True)


@pytest.mark.usefixtures("published")
@pytest.mark.parametrize("name", PAGES)
def test_framework_page_is_accessible(page: Any, name: str) -> None:
    path = PAGES[name]
    response = page.goto(path)
    assert response is not None and response.status == 200, f"GET {path}"
    problems = []

    violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
    if violations:
        problems.append(f"axe found problems on {name} ({path}):\n{_describe(violations)}")

    page.set_viewport_size(NARROW)
    widths = page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"
    )
    if widths["scroll"] > widths["inner"]:
        culprits = "\n".join(page.evaluate(WIDEST))
        problems.append(
            f"{name} ({path}) scrolls sideways at 320px: {widths['scroll']}px wide.\n{culprits}"
        )
    assert not problems, "\n\n".join(problems)


@pytest.mark.usefixtures("published")
def test_a_glossary_link_on_a_question_lands_on_its_term(page: Any) -> None:
    page.goto(PAGES["question"])
    page.get_by_role("link", name="NILGOSC").first.click()
    page.wait_for_url("**/framework/glossary/#term-nilgosc")
    heading = page.locator("#term-nilgosc")
    assert heading.inner_text() == "NILGOSC"
    assert heading.is_visible()

"""Every page type passes axe-core (WCAG 2.0, 2.1 and 2.2 A and AA, plus best practice) with no
violations, and reflows at 320 CSS pixels wide without horizontal scrolling (WCAG 1.4.10)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.pages import PAGES, Visit

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

axe = Axe()


def describe(violations: list[dict[str, Any]], targets: int = 3) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"][:targets]:
            lines.append(f"    at {' '.join(map(str, node['target']))}")
            summary = node.get("failureSummary", "").replace("\n", " ")
            if summary:
                lines.append(f"       {summary}")
        if len(violation["nodes"]) > targets:
            lines.append(f"    ... and {len(violation['nodes']) - targets} more")
    return "\n".join(lines)


@pytest.mark.parametrize("name", PAGES)
def test_page_is_accessible(page: Any, sign_in: Callable[..., None], name: str) -> None:
    """axe finds nothing at desktop width, and at 320px wide the page does not scroll sideways.

    Both checks share one visit to the page (the suite is twice as fast that way) and both are
    always made, so one failure does not hide the other.
    """
    PAGES[name](Visit(page, sign_in))
    where = f"{name} ({page.url})"
    problems = []

    violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
    if violations:
        problems.append(f"axe found problems on {where}:\n{describe(violations)}")

    page.set_viewport_size(NARROW)
    widths = page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"
    )
    assert widths["inner"] == NARROW["width"]
    if widths["scroll"] > widths["inner"]:
        culprits = "\n".join(page.evaluate(WIDEST_ELEMENTS))
        problems.append(
            f"{where} scrolls sideways at 320px wide: the page is {widths['scroll']}px wide. "
            f"Elements reaching past the right edge:\n{culprits}"
        )

    assert not problems, "\n\n".join(problems)


# The deepest elements that reach past the right edge of the viewport, or whose content spills
# out of them, to say what makes the page scroll sideways.
WIDEST_ELEMENTS = """() => {
  const limit = window.innerWidth + 0.5;
  const overflows = el => {
    if (el.getBoundingClientRect().right > limit) return true;
    return el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === "visible";
  };
  const out = [];
  for (const el of document.body.querySelectorAll("*")) {
    if (!overflows(el) || [...el.children].some(overflows)) continue;
    const box = el.getBoundingClientRect();
    const cls = typeof el.className === "string" && el.className.trim()
      ? "." + el.className.trim().split(/\\s+/).join(".") : "";
    const text = JSON.stringify((el.textContent || "").trim().slice(0, 40));
    out.push(`${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}${cls} right=${Math.round(box.right)} scrollWidth=${el.scrollWidth} text=${text}`);
    if (out.length >= 8) break;
  }
  return out;
}"""

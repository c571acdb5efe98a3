"""Keyboard-only use: the skip link, and signing in without a mouse; and signing in with
JavaScript turned off."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.factories import PASSWORD, UserFactory

SIGN_IN = "/account/sign-in/"

FOCUSED = """() => {
  const el = document.activeElement;
  return {
    tag: el.tagName.toLowerCase(),
    id: el.id,
    type: el.getAttribute("type") || "",
    classes: el.className || "",
    text: (el.innerText || el.value || "").trim(),
  };
}"""


def focused(page: Any) -> dict[str, str]:
    return page.evaluate(FOCUSED)


def describe(element: dict[str, str]) -> str:
    return (
        f"<{element['tag']} id={element['id']!r} class={element['classes']!r}> {element['text']!r}"
    )


def tab_to(page: Any, element_id: str, limit: int = 8) -> list[str]:
    """Press Tab until the element with this id has focus; return the stops on the way."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        element = focused(page)
        if element["id"] == element_id:
            return stops
        stops.append(describe(element))
    pytest.fail(f"#{element_id} never got focus after {limit} Tabs; stops: {stops}")


def assert_signed_in(page: Any) -> None:
    page.wait_for_url("**/organisations/")
    assert page.get_by_role("heading", level=1).inner_text() == "Your organisations"
    assert page.get_by_role("link", name="Sign out").is_visible()


def test_first_tab_stop_is_the_skip_link(page: Any) -> None:
    page.goto(SIGN_IN)
    page.keyboard.press("Tab")
    element = focused(page)
    assert element["text"] == "Skip to main content", describe(element)
    assert "govuk-skip-link" in element["classes"]
    # A skip link is hidden until it has focus.
    assert page.locator(".govuk-skip-link").is_visible()


def test_sign_in_with_the_keyboard_only(page: Any) -> None:
    user = UserFactory()
    page.goto(SIGN_IN)
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Skip to main content"

    stops = tab_to(page, "id_email")
    # Only the header's links lie between the skip link and the form.
    assert len(stops) <= 4, stops
    page.keyboard.type(user.email)
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "id_password", describe(focused(page))
    page.keyboard.type(PASSWORD)

    page.keyboard.press("Tab")
    element = focused(page)
    if "govuk-password-input__toggle" in element["classes"]:
        assert element["text"] == "Show"
        page.keyboard.press("Tab")
        element = focused(page)
    assert (element["tag"], element["text"]) == ("button", "Sign in"), describe(element)

    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert_signed_in(page)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_skip_link_moves_focus_to_the_main_content(
    new_context: Callable[..., Any], javascript: bool
) -> None:
    page = new_context(java_script_enabled=javascript).new_page()
    page.goto(SIGN_IN)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    if javascript:
        # GOV.UK Frontend's skip link focuses <main> itself.
        assert focused(page)["id"] == "main-content", describe(focused(page))
    assert page.url.endswith("#main-content")
    # Either way, the next Tab goes to the first thing in the main content, not the header.
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "id_email", describe(focused(page))


def test_sign_in_works_without_javascript(new_context: Callable[..., Any]) -> None:
    user = UserFactory()
    page = new_context(java_script_enabled=False).new_page()
    page.goto(SIGN_IN)
    assert "js-enabled" not in (page.get_attribute("body", "class") or "")
    # The "Show" button needs JavaScript, so it stays hidden.
    assert not page.locator(".govuk-password-input__toggle").is_visible()
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    assert_signed_in(page)

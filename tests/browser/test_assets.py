"""The live server really serves the built assets: GOV.UK Frontend's CSS and JavaScript apply."""

from __future__ import annotations

from typing import Any

HINT = "If this fails, build the assets first: make assets"


def test_stylesheet_and_javascript_load(page: Any) -> None:
    responses: dict[str, int] = {}
    page.on("response", lambda response: responses.__setitem__(response.url, response.status))
    page.goto("/account/sign-in/")

    static = {url: status for url, status in responses.items() if "/static/" in url}
    assert any(url.endswith("/static/rasp/app.css") for url in static), f"{static}\n{HINT}"
    assert all(status == 200 for status in static.values()), f"{static}\n{HINT}"

    container = page.locator("main").evaluate("el => getComputedStyle(el.parentElement).maxWidth")
    assert container == "960px", f"GOV.UK Frontend's CSS did not apply ({container}). {HINT}"
    hidden = page.locator(".govuk-visually-hidden").first.evaluate(
        "el => [getComputedStyle(el).position, getComputedStyle(el).width]"
    )
    assert hidden == ["absolute", "1px"], f"GOV.UK Frontend's CSS did not apply ({hidden}). {HINT}"
    font = page.locator("h1").evaluate("el => getComputedStyle(el).fontFamily")
    assert font.startswith("system-ui"), font

    # The JavaScript ran: GOV.UK Frontend is initialised and shows the password "Show" button.
    assert "govuk-frontend-supported" in (page.get_attribute("body", "class") or "")
    page.locator(".govuk-password-input__toggle").wait_for(state="visible")

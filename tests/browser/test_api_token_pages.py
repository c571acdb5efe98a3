"""The API token pages pass axe-core and reflow at 320 px."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from rasp.api.services import token_create
from tests.browser.pages import Visit
from tests.browser.test_accessibility import AXE_OPTIONS, NARROW, axe, describe


def token_list(visit: Visit) -> None:
    admin = visit.as_admin()
    token_create(user=admin.user, name="Finance dashboard", scope="read")
    row, _token = token_create(user=admin.user, name="Old script", scope="read-write")
    from rasp.api.services import token_revoke

    token_revoke(user=admin.user, token=row)
    visit.go("/api/tokens/")


def token_create_page(visit: Visit) -> None:
    visit.as_admin()
    visit.go("/api/tokens/new/")


def token_create_with_errors(visit: Visit) -> None:
    visit.as_admin()
    visit.go("/api/tokens/new/")
    visit.submit("Make token")
    visit.expect_error_summary()


def token_created(visit: Visit) -> None:
    visit.as_admin()
    visit.go("/api/tokens/new/")
    visit.page.fill("#id_name", "Finance dashboard")
    visit.submit("Make token")
    assert visit.page.locator("#token").input_value()


def token_revoke_page(visit: Visit) -> None:
    admin = visit.as_admin()
    row, _token = token_create(user=admin.user, name="Old script", scope="read")
    visit.go(f"/api/tokens/{row.pk}/revoke/")


TOKEN_PAGES: dict[str, Callable[[Visit], None]] = {
    f.__name__: f
    for f in (
        token_list,
        token_create_page,
        token_create_with_errors,
        token_created,
        token_revoke_page,
    )
}


@pytest.mark.parametrize("name", TOKEN_PAGES)
def test_token_page_is_accessible(page: Any, sign_in: Callable[..., None], name: str) -> None:
    TOKEN_PAGES[name](Visit(page, sign_in))
    problems = []
    violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
    if violations:
        problems.append(f"axe found problems on {name} ({page.url}):\n{describe(violations)}")
    page.set_viewport_size(NARROW)
    scroll = page.evaluate("document.documentElement.scrollWidth")
    if scroll > NARROW["width"]:
        problems.append(f"{name} scrolls sideways at 320px: {scroll}px wide")
    assert not problems, "\n\n".join(problems)

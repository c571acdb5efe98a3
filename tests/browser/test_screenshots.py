"""Full-page screenshots of the sign-in page and an organisation page, desktop and 320px wide,
for a person to look at (in RASP_SHOTS_DIR, default /tmp/rasp-shots). The test checks that each
image is exactly as wide as the window, which it is not if anything sticks out sideways."""

from __future__ import annotations

import os
import struct
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.browser.pages import Visit, organisation_detail, sign_in_wrong_password

SHOTS = Path(os.environ.get("RASP_SHOTS_DIR", "/tmp/rasp-shots"))
PAGES = {"sign-in": sign_in_wrong_password, "organisation": organisation_detail}


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


@pytest.mark.parametrize("width", [1280, 320])
@pytest.mark.parametrize("name", PAGES)
def test_screenshot(page: Any, sign_in: Callable[..., None], name: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    PAGES[name](Visit(page, sign_in))
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}-{width}.png"
    page.screenshot(path=str(path), full_page=True)
    shot_width, shot_height = png_size(path)
    assert shot_width == width, f"{path} is {shot_width}px wide, not {width}px"
    assert shot_height >= 800

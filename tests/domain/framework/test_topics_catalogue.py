"""The bundled framework's topics are exactly the shared catalogue's, with the same flags."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import yaml

from rasp.domain.framework.loader import BUNDLED_DIR, bundled_framework

CATALOGUE = Path(__file__).resolve().parents[3].parent / "shared" / "domain" / "topics.yaml"
BUNDLED = BUNDLED_DIR / "rasp-1.0.yaml"


def _catalogue() -> dict[str, dict[str, Any]]:
    if not CATALOGUE.exists():
        # CI always has shared/ beside the clone; there a missing catalogue is a failure.
        if os.environ.get("CI"):
            pytest.fail(f"the shared topic catalogue is missing at {CATALOGUE}")
        pytest.skip(f"the shared topic catalogue is not at {CATALOGUE} (CI always has it)")
    data = yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))
    return {topic["id"]: topic for topic in data["topics"]}


def _bundled_topics() -> dict[str, dict[str, Any]]:
    assert BUNDLED.exists(), f"the default framework {BUNDLED} is missing"
    data = yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))
    return {topic["id"]: topic for topic in data["topics"]}


def test_the_framework_has_exactly_the_catalogue_topic_ids() -> None:
    catalogue, bundled = _catalogue(), _bundled_topics()
    assert sorted(bundled) == sorted(catalogue)


@pytest.mark.parametrize("key", ["area", "module", "critical", "red_flag", "scope"])
def test_each_topic_has_the_catalogue_flags(key: str) -> None:
    catalogue, bundled = _catalogue(), _bundled_topics()
    defaults: dict[str, Any] = {"critical": False, "red_flag": False}
    differ = {
        topic_id: (bundled[topic_id].get(key, defaults.get(key)), row.get(key, defaults.get(key)))
        for topic_id, row in catalogue.items()
        if topic_id in bundled
        and bundled[topic_id].get(key, defaults.get(key)) != row.get(key, defaults.get(key))
    }
    assert not differ, f"{key} differs (framework, catalogue): {differ}"


def test_the_bundled_framework_is_valid_and_covers_every_topic() -> None:
    framework = bundled_framework("1.0")  # raises FrameworkInvalid listing every problem
    covered = {topic for question in framework.questions for topic in question.topics}
    assert covered == set(_catalogue())

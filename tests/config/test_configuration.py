"""Settings: every variable is documented; production fails fast and passes check --deploy."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
READS = re.compile(
    r"""env\.\w+\(\s*["']([A-Z][A-Z0-9_]+)["']|os\.environ(?:\.get)?[\[(]\s*["']([A-Z][A-Z0-9_]+)["']"""
)
NOT_OURS = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def _variables_read() -> set[str]:
    names: set[str] = set()
    for folder in ("rasp", "tests"):
        for path in (ROOT / folder).rglob("*.py"):
            for match in READS.finditer(path.read_text(encoding="utf-8")):
                names.add(match.group(1) or match.group(2))
    for path in (ROOT / "scripts").iterdir():
        names.update(re.findall(r"\$\{?(RASP_[A-Z_]+)", path.read_text(encoding="utf-8")))
    return names - NOT_OURS


def test_the_scan_finds_the_settings():
    assert {"DJANGO_SECRET_KEY", "DATABASE_URL", "RASP_DEMO"} <= _variables_read()


@pytest.mark.parametrize("document", [".env.example", "docs/configuration.md"])
def test_every_variable_is_documented(document):
    text = (ROOT / document).read_text(encoding="utf-8")
    missing = sorted(name for name in _variables_read() if name not in text)
    assert not missing, f"{document} does not mention: {missing}"


PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "k" * 20 + "-production-like-secret-value-for-the-deploy-check-0123456789",
    "DJANGO_ALLOWED_HOSTS": "rasp.example.gov.uk",
    "DATABASE_URL": "sqlite:///:memory:",
    "RASP_DEMO": "0",
    # Preloading is an operator's one-way commitment, so it is off by default; a real site opts in.
    "DJANGO_SECURE_HSTS_PRELOAD": "1",
}


def _manage(*args: str, **overrides: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "RASP_"))}
    env.update(PRODUCTION)
    env.update(overrides)
    env["DJANGO_SETTINGS_MODULE"] = "rasp.config.settings"
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_values():
    result = _manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    "overrides,message",
    [
        ({"DJANGO_SECRET_KEY": ""}, "DJANGO_SECRET_KEY must be set"),
        ({"DJANGO_SECRET_KEY": "short"}, "DJANGO_SECRET_KEY must be set"),
        ({"DJANGO_ALLOWED_HOSTS": ""}, "DJANGO_ALLOWED_HOSTS must list"),
        ({"DJANGO_ALLOWED_HOSTS": "*"}, "DJANGO_ALLOWED_HOSTS must list"),
        ({"RASP_DEMO": "1"}, "production settings refuse demo mode"),
    ],
)
def test_production_mode_fails_fast(overrides, message):
    result = _manage("check", **overrides)
    assert result.returncode != 0
    assert message in result.stderr

"""``rasp framework load`` and ``rasp framework export`` against the test database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rasp.cli.main import main
from rasp.frameworks.models import FrameworkVersion
from tests.domain.framework.sample import SAMPLE_PATH, variant

pytestmark = pytest.mark.django_db

PROMISED_QUESTION_KEYS = {
    "code", "text", "topics", "scope", "weight", "critical", "red_flag", "modes", "levels"
}  # fmt: skip


def _write(tmp_path: Path, text: str, name: str = "rasp.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _rasp_text(version: str = "1.0") -> str:
    return variant(
        ("framework: sample", "framework: rasp"), ('version: "0.1"', f'version: "{version}"')
    )


def test_load_then_load_again_says_what_happened(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, _rasp_text())
    assert main(["framework", "load", str(path)]) == 0
    assert "rasp 1.0: loaded; status draft" in capsys.readouterr().out
    assert main(["framework", "load", str(path), "--publish"]) == 0
    assert "already loaded, now published" in capsys.readouterr().out
    assert main(["framework", "load", str(path), "--publish"]) == 0
    assert "already loaded, unchanged; status published" in capsys.readouterr().out


def test_load_of_an_invalid_file_exits_1_listing_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, variant(("topics: [RM1]", "topics: [RM9]")))
    assert main(["framework", "load", str(path)]) == 1
    out, err = capsys.readouterr()
    assert f"{path}:170: RM-01: topics[0]: unknown topic RM9" in out.splitlines()
    assert err.strip() == f"rasp: error: {path}: 2 problems found"
    assert not FrameworkVersion.objects.exists()


def test_load_refuses_to_change_a_published_version(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["framework", "load", str(_write(tmp_path, _rasp_text())), "--publish"]) == 0
    changed = _rasp_text().replace("title: Sample framework for tests", "title: Changed")
    assert main(["framework", "load", str(_write(tmp_path, changed, "changed.yaml"))]) == 1
    err = capsys.readouterr().err
    assert "rasp 1.0 is published and cannot change" in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_export_prints_the_latest_published_version_in_the_promised_shape(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["framework", "load", str(_write(tmp_path, _rasp_text("1.0"))), "--publish"]) == 0
    assert main(["framework", "load", str(_write(tmp_path, _rasp_text("1.1"), "b.yaml"))]) == 0
    capsys.readouterr()
    assert main(["framework", "export", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["framework"], data["version"]) == ("rasp", "1.0")  # 1.1 is only a draft
    assert [a["id"] for a in data["areas"]] == [
        "shared-vision", "ethos-culture", "resources", "risk", "governance"
    ]  # fmt: skip
    assert [m["id"] for m in data["modules"]] == ["health-check", "new-partner"]
    for group in data["areas"] + data["modules"]:
        assert {"id", "name", "questions"} <= set(group)
        for question in group["questions"]:
            assert set(question) >= PROMISED_QUESTION_KEYS
            assert set(question["levels"]) == {"0", "1", "2", "3", "4"}
    governance = next(a for a in data["areas"] if a["id"] == "governance")
    assert [q["code"] for q in governance["questions"]] == ["GV-01"]


def test_export_of_a_named_version_includes_drafts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["framework", "load", str(_write(tmp_path, _rasp_text("1.1")))]) == 0
    capsys.readouterr()
    assert main(["framework", "export", "--version", "1.1", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["version"], data["status"]) == ("1.1", "draft")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["framework", "export", "--format", "json"], "no published version of framework 'rasp'"),
        (["framework", "export", "--version", "7.0"], "framework 'rasp' has no version 7.0"),
    ],
)
def test_export_of_nothing_exits_1_in_one_line(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert message in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_the_sample_file_loads_through_the_cli(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["framework", "load", str(SAMPLE_PATH)]) == 0
    assert FrameworkVersion.objects.get().framework == "sample"

"""``rasp framework validate``: offline, every problem on its own line, exit codes 0, 1 and 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from rasp.cli.main import main
from tests.domain.framework.sample import SAMPLE_PATH, variant


def test_a_valid_file_exits_0_with_a_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["framework", "validate", str(SAMPLE_PATH)]) == 0
    out, err = capsys.readouterr()
    assert "valid: sample 0.1, 9 questions" in out
    assert err == ""


def test_an_invalid_file_exits_1_listing_every_problem_and_a_count(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bank.yaml"
    path.write_text(
        variant(("topics: [RM1]", "topics: [RM9]"), ("    weight: 2\n", "    weight: 5\n")),
        encoding="utf-8",
    )
    assert main(["framework", "validate", str(path)]) == 1
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert len(lines) == 3
    assert all(line.startswith(f"{path}:") for line in lines)
    assert any(": RM-01: topics[0]: unknown topic RM9" in line for line in lines)
    assert err.strip() == f"rasp: error: {path}: 3 problems found"
    assert "Traceback" not in err


def test_a_missing_file_exits_1_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["framework", "validate", str(tmp_path / "absent.yaml")]) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert "cannot read the file" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "argv",
    [["framework"], ["framework", "validate"], ["framework", "export", "--format", "xml"]],
)
def test_bad_usage_exits_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main(argv)
    assert raised.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [
        ["framework", "--help"],
        ["framework", "validate", "--help"],
        ["framework", "load", "--help"],
        ["framework", "export", "--help"],
    ],
)
def test_every_sub_command_has_help(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main(argv)
    assert raised.value.code == 0
    assert "usage: rasp framework" in capsys.readouterr().out

"""``rasp score`` and ``rasp partnership-score`` through the real entry point."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from rasp.cli.main import main

FRAMEWORK = Path(__file__).resolve().parents[1] / "domain" / "scoring" / "small_framework.yaml"

GOOD = """\
organisation: {name}
mode: {mode}
framework_version: "1.0"
answers:
  SV-01: {{level: 3, evidence: approved, note: "Cabinet decision 14 March"}}
  SV-02: {{level: dont-know}}
  EC-01: {{level: 2, evidence: draft}}
  EC-02: 4
  TR-01: {{level: not-applicable, reason: "No VAT change"}}
  TR-02: {{level: {tr02}, evidence: approved}}
  RM-01: {{level: {rm01}, evidence: operating}}
  GV-01: {{level: 4, evidence: operating}}
  GV-02: {{level: 3, evidence: approved}}
"""
SCORE_KEYS = [
    "organisation", "mode", "framework_version", "verdict", "areas",
    "red_flags", "unknowns", "unanswered", "gaps",
]  # fmt: skip
AREA_KEYS = {"id", "declared_score", "evidence_adjusted_score", "band", "critical_gaps", "unknowns"}


def answers_file(
    tmp_path: Path,
    name: str = "Example Borough Council",
    *,
    mode: str = "readiness",
    tr02: int = 3,
    rm01: int = 3,
    text: str | None = None,
    filename: str | None = None,
) -> str:
    path = tmp_path / (filename or f"{name.split()[0].lower()}.yaml")
    content = text if text is not None else GOOD.format(name=name, mode=mode, tr02=tr02, rm01=rm01)
    path.write_text(content, encoding="utf-8")
    return str(path)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def usage_error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    with pytest.raises(SystemExit) as caught:
        main(list(argv))
    assert caught.value.code == 2
    return capsys.readouterr().err


def test_score_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "score", answers_file(tmp_path), "--framework", str(FRAMEWORK))
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert list(data) == SCORE_KEYS
    assert all(set(area) == AREA_KEYS for area in data["areas"])
    assert data["organisation"] == "Example Borough Council"
    assert data["unknowns"] == ["SV-02"] and data["unanswered"] == ["RM-02"]
    # shared vision: 100 x (3x3 + 2x0) / 20 = 45.0, SV-03 hidden by SV-02 don't know
    assert data["areas"][0] == {
        "id": "shared-vision", "declared_score": 45.0, "evidence_adjusted_score": 45.0,
        "band": "amber", "critical_gaps": [], "unknowns": ["SV-02"],
    }  # fmt: skip
    assert data["verdict"] == "significant-gaps"  # ethos-culture: EC-02 4 without evidence -> red
    priorities = [gap["priority"] for gap in data["gaps"]]
    assert priorities == sorted(priorities, reverse=True)


def test_score_text_puts_red_flags_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = answers_file(tmp_path, rm01=1)
    code, out, _ = run(capsys, "score", path, "--format", "text", "--framework", str(FRAMEWORK))
    assert code == 0
    assert out.index("RED FLAGS") < out.index("Verdict: Not ready")  # risk and ethos are red
    assert "! RM-01" in out
    for expected in ("Treatment of resources", "Evidence-adjusted", "Assurance gap",
                     "Before commitment", "Advice SV-02 from 0."):  # fmt: skip
        assert expected in out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (None, "nothing.yaml: cannot read the file"),
        ("organisation: [oops\n", "bad.yaml: line 2: invalid YAML"),
        ("organisation: A\nanswers: {ZZ-01: 2}\n", "bad.yaml: ZZ-01: no such question"),
        ("organisation: A\nanswers: {SV-02: 7}\n", "bad.yaml: SV-02: level 7 is out of range"),
        (
            "organisation: A\nanswers: {SV-02: not-applicable}\n",
            "bad.yaml: SV-02: not-applicable needs a reason",
        ),
        (
            "organisation: A\nanswers: {GV-01: {level: not-applicable, reason: x}}\n",
            "bad.yaml: GV-01: a critical question cannot be answered not-applicable",
        ),
        (
            "organisation: A\nanswers: {SV-02: {level: 2, evidence: rumour}}\n",
            "bad.yaml: answers.SV-02.evidence",
        ),
        ("organisation: A\nframework_version: '9.9'\n", "framework_version 9.9 does not match"),
    ],
)
def test_score_user_errors_are_one_line_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str | None, expected: str
) -> None:
    path = (
        str(tmp_path / "nothing.yaml")
        if text is None
        else answers_file(tmp_path, text=text, filename="bad.yaml")
    )
    code, out, err = run(capsys, "score", path, "--framework", str(FRAMEWORK))
    assert code == 1 and out == ""
    assert err.startswith("rasp: error: ") and expected in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_unknown_bundled_version_is_a_user_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = answers_file(
        tmp_path, text="organisation: A\nframework_version: '9.9'\n", filename="a.yaml"
    )
    code, _, err = run(capsys, "score", path)
    assert code == 1 and "a.yaml" in err and "9.9" in err and err.count("\n") == 1


def test_bad_framework_file_is_a_user_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "fw.yaml"
    broken.write_text("framework: rasp\nversion: 1.0\n", encoding="utf-8")
    code, _, err = run(capsys, "score", answers_file(tmp_path), "--framework", str(broken))
    assert code == 1 and "fw.yaml" in err and err.count("\n") == 1


@pytest.mark.parametrize(
    "argv",
    [
        ["score"],
        ["score", "a.yaml", "--format", "xml"],
        ["score", "a.yaml", "--colour"],
        ["partnership-score"],
        ["partnership-score", "only-one.yaml"],
    ],
)
def test_bad_usage_exits_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    assert "usage:" in usage_error(capsys, *argv)


@pytest.mark.parametrize("command", ["score", "partnership-score"])
def test_help(capsys: pytest.CaptureFixture[str], command: str) -> None:
    with pytest.raises(SystemExit) as caught:
        main([command, "--help"])
    assert caught.value.code == 0
    assert "--format" in capsys.readouterr().out


def partnership_files(tmp_path: Path) -> list[str]:
    return [
        answers_file(tmp_path, "Alpha Council", tr02=3),
        answers_file(tmp_path, "Beta Council", tr02=1),
    ]


def test_partnership_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        capsys, "partnership-score", *partnership_files(tmp_path), "--framework", str(FRAMEWORK)
    )
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert {"verdict", "areas", "red_flags", "gaps", "partners", "not_agreed", "divergence",
            "weakest_partner"} <= set(data)  # fmt: skip
    assert "entrant" not in data
    assert [p["organisation"] for p in data["partners"]] == ["Alpha Council", "Beta Council"]
    assert all(set(p) == {"organisation", "verdict", "areas"} for p in data["partners"])
    assert all(set(area) == AREA_KEYS for area in data["areas"])
    assert data["weakest_partner"]["resources"] == "Beta Council"
    assert data["divergence"]["resources"] == 2.0  # TR-02: 3 vs 1; TR-01 applies to nobody
    assert data["verdict"] in {"ready", "ready-with-conditions", "significant-gaps", "not-ready"}


def test_partnership_with_entrant(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    entrant = answers_file(
        tmp_path,
        text="organisation: New Council\nmode: new-partner\n"
        "answers:\n  NP-01: {level: 2, evidence: draft}\n",
        filename="new.yaml",
    )
    argv = ["partnership-score", *partnership_files(tmp_path), "--entrant", entrant]
    code, out, _ = run(capsys, *argv, "--framework", str(FRAMEWORK))
    assert code == 0
    data = json.loads(out)["entrant"]
    assert data["organisation"] == "New Council"
    assert "NP-01" in data["entry_gaps"] and "SV-01" in data["entry_gaps"]
    assert data["verdict"] == "not-ready"
    code, text, _ = run(capsys, *argv, "--framework", str(FRAMEWORK), "--format", "text")
    assert code == 0 and "New partner: New Council" in text and "Advice NP-01 from 2." in text


@pytest.mark.parametrize(
    ("second", "expected"),
    [
        ({"name": "Alpha Council"}, "same organisation: Alpha Council"),
        ({"name": "Beta Council", "mode": "health-check"}, "different modes"),
        (
            {"text": "organisation: Beta\nframework_version: '1.1'\n"},
            "different framework versions: 1.0, 1.1",
        ),
        ({"text": "organisation: Beta\nanswers: {SV-01: 9}\n"}, "beta.yaml: SV-01: level 9"),
    ],
)
def test_partnership_user_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], second: dict[str, str], expected: str
) -> None:
    first = answers_file(tmp_path, "Alpha Council", filename="alpha.yaml")
    other = answers_file(tmp_path, filename="beta.yaml", **second)  # type: ignore[arg-type]
    code, out, err = run(capsys, "partnership-score", first, other, "--framework", str(FRAMEWORK))
    assert code == 1 and out == ""
    assert expected in err and err.count("\n") == 1


def test_installed_entry_point_reports_without_traceback(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", "import sys; from rasp.cli.main import main; sys.exit(main())",
         "score", str(tmp_path / "missing.yaml")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 1
    assert "missing.yaml" in done.stderr and "Traceback" not in done.stderr

"""The answers file: parsing YAML and JSON, and user errors that name the code and file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rasp.domain.framework.schema import Evidence, Framework, Mode
from rasp.domain.scoring.answers import (
    Answer,
    AnswerKind,
    AnswersError,
    load_answers_file,
    validate_answers,
)

EXAMPLE = """\
organisation: Example Borough Council
mode: health-check
framework_version: "1.0"
answers:
  SV-01: {level: 3, evidence: approved, note: "Cabinet decision 14 March"}
  SV-02: {level: dont-know}
  TR-01: {level: not-applicable, reason: "No VAT change: joint committee model"}
  EC-01: 2
  EC-02: dont-know
"""


def write(tmp_path: Path, text: str, name: str = "answers.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_yaml_answers_file(tmp_path: Path) -> None:
    parsed = load_answers_file(write(tmp_path, EXAMPLE))
    assert (parsed.organisation, parsed.mode, parsed.framework_version) == (
        "Example Borough Council", Mode.HEALTH_CHECK, "1.0",
    )  # fmt: skip
    answers = parsed.to_answers()
    assert answers["SV-01"] == Answer(
        AnswerKind.LEVEL, 3, Evidence.APPROVED, note="Cabinet decision 14 March"
    )
    assert answers["SV-02"].kind is AnswerKind.DONT_KNOW
    assert answers["TR-01"].reason == "No VAT change: joint committee model"
    assert answers["EC-01"] == Answer.at(2)  # shorthand
    assert answers["EC-02"] == Answer.dont_know()


def test_json_answers_file_and_default_mode(tmp_path: Path) -> None:
    data = {
        "organisation": "A Council",
        "answers": {"SV-01": {"level": 4, "evidence": "operating"}},
    }
    parsed = load_answers_file(write(tmp_path, json.dumps(data), "a.json"))
    assert parsed.mode is Mode.READINESS and parsed.framework_version is None
    assert parsed.to_answers() == {"SV-01": Answer.at(4, Evidence.OPERATING)}


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("a.yaml", "organisation: [unclosed\n", r"a\.yaml: line \d+: invalid YAML"),
        ("a.json", '{"organisation": ', r"a\.json: line 1: invalid JSON"),
        ("a.yaml", "- just\n- a list\n", r"a\.yaml: expected a mapping"),
        ("a.yaml", "", r"a\.yaml: expected a mapping"),
        ("a.yaml", "answers: {}\n", r"a\.yaml: organisation: Field required"),
        ("a.yaml", "organisation: A\nmode: sometimes\n", r"a\.yaml: mode: Input should be"),
        (
            "a.yaml",
            "organisation: A\nanswers: {SV-01: {level: 3, evidence: rumour}}\n",
            r"a\.yaml: answers\.SV-01\.evidence: Input should be",
        ),
        ("a.yaml", "organisation: A\nanswers: {SV-01: {level: high}}\n", r"answers\.SV-01\.level"),
        ("a.yaml", "organisation: A\nanswers: {SV-01: {level: true}}\n", r"answers\.SV-01\.level"),
        ("a.yaml", "organisation: A\nanswers: {SV-01: {levle: 3}}\n", r"answers\.SV-01"),
        ("a.yaml", "organisation: A\ncolour: red\n", r"a\.yaml: colour: Extra inputs"),
    ],
)
def test_unparseable_files_are_user_errors(
    tmp_path: Path, name: str, text: str, message: str
) -> None:
    with pytest.raises(AnswersError, match=message):
        load_answers_file(write(tmp_path, text, name))


def test_a_missing_file_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(AnswersError, match="nothing.yaml: cannot read the file"):
        load_answers_file(tmp_path / "nothing.yaml")


def test_parse_error_carries_the_code(tmp_path: Path) -> None:
    text = "organisation: A\nanswers: {GV-01: {level: 2, evidence: maybe}}\n"
    with pytest.raises(AnswersError) as caught:
        load_answers_file(write(tmp_path, text))
    assert caught.value.code == "GV-01"


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"XX-99": Answer.at(2)}, "XX-99: no such question in framework 1.0"),
        ({"SV-02": Answer.at(5)}, "SV-02: level 5 is out of range 0 to 4"),
        ({"SV-02": Answer.at(-1)}, "SV-02: level -1 is out of range"),
        ({"SV-02": Answer.not_applicable("")}, "SV-02: not-applicable needs a reason"),
        ({"SV-02": Answer.not_applicable("   ")}, "SV-02: not-applicable needs a reason"),
        ({"SV-01": Answer.not_applicable("We disagree")}, "SV-01: a critical question cannot"),
        ({"NP-01": Answer.at(2)}, "NP-01: question not asked in mode readiness"),
    ],
)
def test_invalid_answers_name_the_code(
    framework: Framework, answers: dict[str, Answer], message: str
) -> None:
    with pytest.raises(AnswersError, match=f"^answers.yaml: {message}") as caught:
        validate_answers(framework, Mode.READINESS, answers, "answers.yaml")
    assert caught.value.code == next(iter(answers))


def test_valid_answers_pass(framework: Framework) -> None:
    validate_answers(
        framework,
        Mode.READINESS,
        {
            "SV-02": Answer.not_applicable("No options"),
            "SV-01": Answer.dont_know(),
            "TR-02": Answer.at(0),
        },
    )


def test_unquoted_framework_version_is_read_as_text(tmp_path: Path) -> None:
    parsed = load_answers_file(write(tmp_path, "organisation: A\nframework_version: 1.0\n"))
    assert parsed.framework_version == "1.0"

"""The validator: every problem found, each with its line, question code and field."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from rasp.domain.framework.problems import FrameworkInvalid, Problem
from rasp.domain.framework.validate import parse_framework_text, validate_framework_text
from tests.domain.framework.sample import line_of, sample_text, variant

FILE = "bank.yaml"

RM01_LEVEL_3 = "      3: Agreed by all partners.\n"
TR01_CRITICAL = (
    "    weight: 3\n    critical: true\n    modes: [readiness, health-check]\n"
    "    stage: before-commitment\n    lens: money"
)
EC01_CRITICAL = (
    "    weight: 3\n    critical: true\n    modes: [readiness, health-check]\n"
    "    stage: before-commitment\n    lens: people"
)
SV01_MODES = "    critical: true\n    modes: [readiness, health-check, new-partner]"


def _line_after(text: str, start: str, needle: str) -> int:
    """The first line containing ``needle`` at or after the first line containing ``start``."""
    begin = line_of(text, start)
    lines = text.splitlines()
    for number in range(begin, len(lines) + 1):
        if needle in lines[number - 1]:
            return number
    raise AssertionError(f"{needle!r} not found after {start!r}")


@dataclass(frozen=True)
class Case:
    text: str
    code: str | None
    field: str
    line: int
    message: str


def _case(
    replacements: list[tuple[str, str]],
    *,
    code: str | None,
    field: str,
    at: tuple[str, str] | str,
    message: str,
    occurrence: int = 1,
) -> Case:
    text = variant(*replacements)
    if isinstance(at, tuple):
        line = _line_after(text, *at)
    else:
        line = line_of(text, at, occurrence=occurrence)
    return Case(text=text, code=code, field=field, line=line, message=message)


CASES = {
    "duplicate code": _case(
        [("code: SV-02", "code: SV-01")],
        code="SV-01",
        field="code",
        at="code: SV-01",
        occurrence=2,
        message="duplicate code SV-01 (first on line 48)",
    ),
    "unknown topic": _case(
        [("topics: [RM1]", "topics: [RM9]")],
        code="RM-01",
        field="topics[0]",
        at="topics: [RM9]",
        message="unknown topic RM9",
    ),
    "topic not covered": _case(
        [("topics: [RM1]", "topics: [SV2]")],
        code=None,
        field="topics[4]",
        at="{id: RM1,",
        message="topic RM1 is not covered by any question",
    ),
    "missing level 3": _case(
        [(RM01_LEVEL_3, "")],
        code="RM-01",
        field="levels",
        at=("code: RM-01", "levels:"),
        message="levels must describe every level from 0 to 4",
    ),
    "bad weight": _case(
        [("    weight: 2\n", "    weight: 5\n")],
        code="RM-01",
        field="weight",
        at="weight: 5",
        message="Input should be 1, 2 or 3 (got 5)",
    ),
    "level out of range in show_if": _case(
        [("levels: [2, 3, 4]", "levels: [2, 7]")],
        code="SV-02",
        field="show_if.levels[1]",
        at="levels: [2, 7]",
        message="Input should be 0, 1, 2, 3, 4, 'dont-know' or 'not-applicable' (got 7)",
    ),
    "show_if to an unknown code": _case(
        [("question: SV-01, levels", "question: SV-99, levels")],
        code="SV-02",
        field="show_if.question",
        at="question: SV-99",
        message="show_if refers to SV-99, which is not a question here",
    ),
    "show_if to itself": _case(
        [("question: SV-01, levels", "question: SV-02, levels")],
        code="SV-02",
        field="show_if",
        at="question: SV-02",
        message="show_if cannot refer to the question itself",
    ),
    "show_if cycle": _case(
        [
            (
                "    text: Have the partners written down",
                "    show_if: {question: SV-02, levels: [1]}\n"
                "    text: Have the partners written down",
            )
        ],
        code="SV-01",
        field="show_if.question",
        at="question: SV-02, levels: [1]",
        message="show_if cycle: SV-01 -> SV-02 -> SV-01",
    ),
    "show_if target missing from a mode": _case(
        [
            ("question: SV-01, levels", "question: EC-01, levels"),
            (
                "    modes: [readiness]\n    stage: before-commitment\n    lens: money",
                "    modes: [readiness, new-partner]\n"
                "    stage: before-commitment\n    lens: money",
            ),
        ],
        code="SV-02",
        field="show_if.question",
        at="question: EC-01",
        message="EC-01 is not asked in mode new-partner",
    ),
    "critical question of weight 2": _case(
        [(EC01_CRITICAL, EC01_CRITICAL.replace("weight: 3", "weight: 2"))],
        code="EC-01",
        field="critical",
        at=("code: EC-01", "critical: true"),
        message="a critical question must have weight 3",
    ),
    "critical topic with no critical question": _case(
        [(TR01_CRITICAL, TR01_CRITICAL.replace("    critical: true\n", ""))],
        code=None,
        field="topics[3]",
        at="{id: TR1,",
        message="critical topic TR1 is covered by no critical question (TR-01)",
    ),
    "red_flag question on an ordinary topic": _case(
        [(SV01_MODES, "    red_flag: true\n" + SV01_MODES)],
        code="SV-01",
        field="red_flag",
        at=("code: SV-01", "red_flag: true"),
        message="a red_flag question must cover a red-flag topic (RF1)",
    ),
    "red-flag topic with no red_flag question": _case(
        [("    red_flag: true\n", "")],
        code=None,
        field="topics[8]",
        at="{id: RF1,",
        message="red-flag topic RF1 is covered by no red_flag question",
    ),
    "module topic not asked in its mode": _case(
        [("topics: [RM1]", "topics: [RM1, NP1]"), ("topics: [NP1]", "topics: [SV1]")],
        code=None,
        field="topics[7]",
        at="{id: NP1,",
        message="topic NP1 is not covered by any question asked in mode new-partner",
    ),
    "code prefix of another area": _case(
        [("code: RM-01", "code: GV-02")],
        code="GV-02",
        field="area",
        at=("code: GV-02", "area: risk"),
        message="a GV- question belongs to area governance, not risk",
    ),
    "unknown code prefix": _case(
        [("code: RM-01", "code: XX-01")],
        code="XX-01",
        field="code",
        at="code: XX-01",
        message="unknown code prefix XX-",
    ),
    "HC- question without its module": _case(
        [("    module: health-check\n", "")],
        code="HC-01",
        field="module",
        at="code: HC-01",
        message="a HC- question belongs to module health-check",
    ),
    "module question with an area code": _case(
        [("code: NP-01", "code: SV-09")],
        code="SV-09",
        field="module",
        at=("code: SV-09", "module: new-partner"),
        message="module questions take an HC- or NP- code, not SV-",
    ),
    "unknown case study": _case(
        [("case_studies: [example-case]", "case_studies: [no-such-case]")],
        code="SV-01",
        field="case_studies[0]",
        at="case_studies: [no-such-case]",
        message="unknown case study no-such-case",
    ),
    "unknown glossary term": _case(
        [("glossary: [baseline]", "glossary: [Baseline, quango]")],
        code="SV-01",
        field="glossary[1]",
        at="glossary: [Baseline, quango]",
        message="no glossary entry for 'quango'",
    ),
    "code_map to a code that does not exist": _case(
        [
            ("previous_version: null", 'previous_version: "0.0"'),
            ("code_map: {}", "code_map: {SV-00: SV-99}"),
        ],
        code=None,
        field="code_map.SV-00",
        at="code_map:",
        message="SV-00 maps to SV-99, which is not a question here",
    ),
    "code_map from a current code": _case(
        [
            ("previous_version: null", 'previous_version: "0.0"'),
            ("code_map: {}", "code_map: {SV-01: SV-02}"),
        ],
        code=None,
        field="code_map.SV-01",
        at="code_map:",
        message="old code SV-01 is still a question code here, so it cannot map to SV-02",
    ),
    "code_map without previous_version": _case(
        [("code_map: {}", "code_map: {SV-00: SV-01}")],
        code=None,
        field="code_map",
        at="code_map:",
        message="a code_map needs previous_version",
    ),
    "previous_version not lower": _case(
        [("previous_version: null", 'previous_version: "0.1"')],
        code=None,
        field="previous_version",
        at="previous_version:",
        message="must be lower than version 0.1",
    ),
    "method target out of range": _case(
        [("new-partner: 3}", "new-partner: 5}")],
        code=None,
        field="method.targets",
        at="targets:",
        message="targets must be levels from 0 to 4 (not for new-partner)",
    ),
    "an area twice": _case(
        [("{id: governance,", "{id: risk,")],
        code=None,
        field="areas",
        at="areas:",
        message="areas must be exactly the five; missing: governance",
    ),
    "a topic id twice": _case(
        [("{id: SV2,", "{id: SV1,")],
        code=None,
        field="topics[1].id",
        at="{id: SV1, title: Options",
        message="id 'SV1' is already used by topics[0]",
    ),
    "a YAML key twice": _case(
        [
            (
                "      4: Agreed and being delivered.\n",
                "      4: Agreed and being delivered.\n      4: Again.\n",
            )
        ],
        code="RM-01",
        field="levels",
        at="4: Again.",
        message="key '4' is given twice",
    ),
    "misspelt field": _case(
        [("    hint: Retain", "    hnit: x\n    hint: Retain")],
        code="RM-01",
        field="hnit",
        at="hnit: x",
        message="unknown field",
    ),
    "missing field": _case(
        [("    hint: Retain, integrate or dispose.\n", "")],
        code="RM-01",
        field="hint",
        at="code: RM-01",
        message="required field is missing",
    ),
    "version as a number": _case(
        [('version: "0.1"', "version: 0.1")],
        code=None,
        field="version",
        at="version: 0.1",
        message="Input should be a valid string (got 0.1)",
    ),
    "YAML syntax error": _case(
        [("    weight: 2\n", "    weight: [2\n")],
        code=None,
        field="",
        at=("weight: [2", "modes: [readiness]"),
        message="YAML syntax",
    ),
}


def test_the_sample_framework_is_valid() -> None:
    assert validate_framework_text(sample_text(), filename=FILE) == []


@pytest.mark.parametrize("name", list(CASES))
def test_a_problem_is_reported_with_line_code_and_field(name: str) -> None:
    case = CASES[name]
    problems = validate_framework_text(case.text, filename=FILE)
    matching = [
        p
        for p in problems
        if case.message in p.message
        and (p.line, p.code, p.field) == (case.line, case.code, case.field)
    ]
    assert matching, "\n".join(str(p) for p in problems)
    assert all(p.file == FILE for p in problems)


def test_every_problem_is_reported_not_only_the_first() -> None:
    text = variant(
        ("code: SV-02", "code: SV-01"),
        ("    weight: 2\n", "    weight: 5\n"),
        ("topics: [GV1]", "topics: [GV9]"),
    )
    problems = validate_framework_text(text, filename=FILE)
    messages = " | ".join(p.message for p in problems)
    assert "duplicate code SV-01" in messages
    assert "Input should be 1, 2 or 3" in messages
    assert "unknown topic GV9" in messages
    lines = [p.line or 0 for p in problems]
    assert lines == sorted(lines)


def test_a_broken_question_does_not_make_its_topics_look_uncovered() -> None:
    problems = validate_framework_text(
        variant(("    weight: 2\n", "    weight: 5\n")), filename=FILE
    )
    assert [p.field for p in problems] == ["weight"]


def test_a_problem_reads_file_line_code_field_message() -> None:
    problem = Problem(FILE, 12, "SV-01", "levels.3", "required field is missing")
    assert str(problem) == "bank.yaml:12: SV-01: levels.3: required field is missing"
    assert str(Problem(FILE, None, None, "", "empty")) == "bank.yaml: empty"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "it is empty"),
        ("- just\n- a list\n", "it is a YAML list"),
        ("first: 1\n---\nsecond: 2\n", "YAML syntax"),
    ],
)
def test_a_file_that_is_not_one_mapping_is_one_problem(text: str, message: str) -> None:
    problems = validate_framework_text(text, filename=FILE)
    assert len(problems) == 1
    assert message in problems[0].message


def test_parse_returns_the_framework_when_valid() -> None:
    framework = parse_framework_text(sample_text(), filename=FILE)
    assert framework.question("SV-02").show_if is not None
    assert [a.id.value for a in framework.areas][0] == "shared-vision"


def test_parse_raises_with_every_problem_when_invalid() -> None:
    text = variant(("topics: [RM1]", "topics: [RM9]"))
    with pytest.raises(FrameworkInvalid) as raised:
        parse_framework_text(text, filename=FILE)
    assert len(raised.value.problems) == 2
    assert "framework is not valid (2 problems)" in str(raised.value)
    assert isinstance(raised.value, ValueError)

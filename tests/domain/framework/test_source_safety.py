"""Input that must be refused before it is parsed: too large, not UTF-8, YAML aliases that expand
enormously (the "billion laughs") or refer to themselves, deep nesting. Each is a problem with a
message, never a traceback."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from rasp.cli.main import main
from rasp.domain.framework.loader import read_framework_text
from rasp.domain.framework.problems import FrameworkInvalid
from rasp.domain.framework.validate import (
    MAX_EXPANDED_VALUES,
    MAX_FRAMEWORK_BYTES,
    MAX_NESTING,
    parse_framework_text,
    validate_framework_text,
)
from tests.domain.framework.sample import sample_text, variant

FILE = "bank.yaml"

BILLION_LAUGHS = "\n".join(
    [
        'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
        *(
            f"{name}: &{name} [{', '.join(['*' + previous] * 9)}]"
            for previous, name in zip("abcdefgh", "bcdefghi", strict=True)
        ),
    ]
)


def _messages(source: str | bytes) -> list[str]:
    return [p.message for p in validate_framework_text(source, filename=FILE)]


def test_an_alias_bomb_is_refused_quickly_without_expanding_it() -> None:
    started = time.monotonic()
    problems = validate_framework_text(BILLION_LAUGHS, filename=FILE)
    assert time.monotonic() - started < 2
    assert len(problems) == 1
    assert problems[0].message.startswith(
        f"the file holds more than {MAX_EXPANDED_VALUES:,} values once its YAML aliases are "
        "expanded"
    )
    assert problems[0].line is not None


def test_a_few_anchors_and_aliases_are_fine() -> None:
    text = variant(
        ("    modes: [readiness, health-check, new-partner]\n", "    modes: &all [readiness]\n"),
        ("    modes: [readiness]\n", "    modes: *all\n"),
    )
    problems = validate_framework_text(text, filename=FILE)
    # Only the schema's own complaint about SV-01 no longer being asked in every mode it needs.
    assert all("YAML" not in p.message for p in problems)


def test_expansion_is_counted_through_merge_keys() -> None:
    lines = ["v0: &v0 {a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8, i: 9, j: 10}"]
    for n in range(1, 8):
        members = ", ".join(f"k{k}: *v{n - 1}" for k in range(10))
        lines.append(f"v{n}: &v{n} {{{members}}}")
    lines.append("all:\n  <<: *v7")
    messages = _messages("\n".join(lines) + "\n")
    assert any("once its YAML aliases are expanded" in m for m in messages)


def test_an_alias_inside_the_value_it_names_is_refused() -> None:
    assert _messages("a: &loop [1, *loop]\n") == [
        "YAML alias '*loop' is used inside the value it names"
    ]


def test_deep_nesting_is_refused() -> None:
    deep = "a: " + "[" * (MAX_NESTING + 5) + "]" * (MAX_NESTING + 5) + "\n"
    messages = _messages(deep)
    assert messages == [
        f"mappings and lists are nested more than {MAX_NESTING} deep; "
        "a framework file never needs that"
    ]


@pytest.mark.parametrize("as_bytes", [False, True])
def test_more_than_5_mb_is_refused_before_parsing(as_bytes: bool) -> None:
    text = sample_text() + "# " + "x" * MAX_FRAMEWORK_BYTES + "\n"
    problems = validate_framework_text(text.encode() if as_bytes else text, filename=FILE)
    assert len(problems) == 1
    assert "too large" in problems[0].message
    assert "at most 5 MB" in problems[0].message


def test_exactly_5_mb_is_not_too_large() -> None:
    text = sample_text()
    padded = text + "#" * (MAX_FRAMEWORK_BYTES - len(text.encode()) - 1) + "\n"
    assert len(padded.encode()) == MAX_FRAMEWORK_BYTES
    assert validate_framework_text(padded, filename=FILE) == []


def test_multibyte_text_is_measured_in_bytes() -> None:
    text = "# " + "é" * (MAX_FRAMEWORK_BYTES // 2 + 1) + "\n"  # fewer characters than the limit
    assert len(text) < MAX_FRAMEWORK_BYTES
    assert "too large" in _messages(text)[0]


def test_bytes_and_text_give_the_same_problems() -> None:
    broken = variant(("topics: [RM1]", "topics: [RM9]"))
    assert validate_framework_text(broken.encode(), filename=FILE) == validate_framework_text(
        broken, filename=FILE
    )
    assert parse_framework_text(sample_text().encode(), filename=FILE) == parse_framework_text(
        sample_text(), filename=FILE
    )


def test_bytes_that_are_not_utf8_are_one_problem_with_the_line() -> None:
    data = sample_text().encode().replace(b"Sample framework", b"Sample fram\xe9work", 1)
    problems = validate_framework_text(data, filename=FILE)
    assert len(problems) == 1
    assert problems[0].message.startswith("not UTF-8 text (byte ")
    assert problems[0].line == 1 + data[: data.index(b"\xe9")].count(b"\n")


def test_text_that_cannot_be_utf8_is_a_problem() -> None:
    assert _messages("title: \udc80\n")[0].startswith("not UTF-8 text")


def test_the_file_reader_and_the_validator_agree_on_bad_bytes(tmp_path: Path) -> None:
    data = b"title: caf\xe9\n"
    path = tmp_path / "bank.yaml"
    path.write_bytes(data)
    with pytest.raises(FrameworkInvalid) as raised:
        read_framework_text(path)
    from_file = raised.value.problems[0]
    from_bytes = validate_framework_text(data, filename=str(path))[0]
    assert from_file == from_bytes


def test_the_file_reader_refuses_a_huge_file_without_reading_it_all(tmp_path: Path) -> None:
    path = tmp_path / "bank.yaml"
    with path.open("wb") as handle:
        handle.truncate(MAX_FRAMEWORK_BYTES * 4)  # sparse: large but cheap
    with pytest.raises(FrameworkInvalid, match="too large"):
        read_framework_text(path)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (BILLION_LAUGHS.encode(), "once its YAML aliases are expanded"),
        (b"title: caf\xe9\n", "not UTF-8 text"),
        (b"# " + b"x" * MAX_FRAMEWORK_BYTES, "too large"),
    ],
    ids=["alias bomb", "not UTF-8", "over 5 MB"],
)
def test_the_command_exits_1_with_a_message_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, words: str
) -> None:
    path = tmp_path / "bank.yaml"
    path.write_bytes(content)
    assert main(["framework", "validate", str(path)]) == 1
    out, err = capsys.readouterr()
    assert words in out + err
    assert "Traceback" not in out + err

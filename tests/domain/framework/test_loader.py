"""Loading framework files: the validating loader and the bundled versions."""

from __future__ import annotations

from pathlib import Path

import pytest

from rasp.domain.framework import loader
from rasp.domain.framework.loader import (
    bundled_framework,
    framework_checksum,
    load_framework_file,
)
from rasp.domain.framework.problems import FrameworkInvalid
from tests.domain.framework.sample import SAMPLE_PATH, sample_text, variant


def test_load_framework_file_returns_the_validated_framework() -> None:
    framework = load_framework_file(SAMPLE_PATH)
    assert (framework.framework, framework.version) == ("sample", "0.1")
    assert [q.code for q in framework.questions][:3] == ["SV-01", "SV-02", "SV-03"]


def test_load_framework_file_names_the_file_in_every_problem(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(variant(("topics: [RM1]", "topics: [RM9]")), encoding="utf-8")
    with pytest.raises(FrameworkInvalid) as raised:
        load_framework_file(path)
    assert {p.file for p in raised.value.problems} == {str(path)}


def test_a_missing_file_is_a_problem_not_an_oserror(tmp_path: Path) -> None:
    with pytest.raises(FrameworkInvalid, match="cannot read the file"):
        load_framework_file(tmp_path / "absent.yaml")


def test_a_file_that_is_not_utf8_is_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("title: caf\xe9\n".encode("latin-1"))
    with pytest.raises(FrameworkInvalid, match="not UTF-8"):
        load_framework_file(path)


def test_checksum_is_the_sha256_of_the_utf8_text() -> None:
    assert framework_checksum("abc") == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )


def _bundle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *versions: str) -> None:
    for version in versions:
        text = variant(('version: "0.1"', f'version: "{version}"'))
        (tmp_path / f"rasp-{version}.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setattr(loader, "BUNDLED_DIR", tmp_path)


def test_bundled_framework_is_the_highest_version_by_number(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _bundle(tmp_path, monkeypatch, "1.2", "1.10", "1.9")
    assert bundled_framework().version == "1.10"
    assert bundled_framework("1.9").version == "1.9"


def test_bundled_framework_raises_lookup_error_for_an_unknown_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _bundle(tmp_path, monkeypatch, "1.0")
    with pytest.raises(LookupError, match="no bundled framework version 2.0"):
        bundled_framework("2.0")


def test_bundled_framework_refuses_a_file_named_for_another_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "rasp-3.0.yaml").write_text(sample_text(), encoding="utf-8")
    monkeypatch.setattr(loader, "BUNDLED_DIR", tmp_path)
    with pytest.raises(FrameworkInvalid, match="the file name says version 3.0"):
        bundled_framework()


def test_bundled_framework_reads_an_edited_file_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _bundle(tmp_path, monkeypatch, "1.0")
    assert bundled_framework().title == "Sample framework for tests"
    path = tmp_path / "rasp-1.0.yaml"
    edited = path.read_text(encoding="utf-8").replace(
        "title: Sample framework for tests", "title: Edited sample framework"
    )
    path.write_text(edited, encoding="utf-8")
    assert bundled_framework().title == "Edited sample framework"

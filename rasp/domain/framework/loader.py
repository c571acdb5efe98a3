"""Load framework files: read, validate completely, and return the frozen :class:`Framework`.

Files are named ``<framework>-<version>.yaml`` (``rasp-1.0.yaml``), one file per version, in the
repository's ``frameworks/`` folder.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from pathlib import Path

from rasp.domain.framework.problems import FrameworkInvalid, Problem
from rasp.domain.framework.schema import Framework
from rasp.domain.framework.validate import (
    MAX_FRAMEWORK_BYTES,
    decode_framework_bytes,
    parse_framework_text,
    too_large_message,
)

BUNDLED_DIR = Path(__file__).resolve().parents[3] / "frameworks"
BUNDLED_NAME = re.compile(r"^rasp-(\d+)\.(\d+)\.yaml$")


def framework_checksum(text: str) -> str:
    """The sha256 hex digest of a framework's source text (UTF-8): its identity when loaded."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_framework_text(path: Path) -> str:
    """The text of a framework file; raises :class:`FrameworkInvalid` if it can't be read as UTF-8.

    A missing or unreadable file is reported as a problem too, so callers have one error to handle.
    A file over :data:`MAX_FRAMEWORK_BYTES` is refused after reading one byte more than that, so
    a huge file (or an endless device) is never read whole; the message is the one the validator
    gives for the same bytes.
    """
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FRAMEWORK_BYTES + 1)
    except OSError as error:
        message = f"cannot read the file: {error.strerror or error}"
        raise FrameworkInvalid([Problem(str(path), None, None, "", message)]) from None
    if len(data) > MAX_FRAMEWORK_BYTES:
        message = too_large_message(MAX_FRAMEWORK_BYTES + 1, at_least=True)
        raise FrameworkInvalid([Problem(str(path), None, None, "", message)])
    text, problems = decode_framework_bytes(data, filename=str(path))
    if text is None:
        raise FrameworkInvalid(problems)
    return text


def load_framework_file(path: Path) -> Framework:
    """Parse and validate one framework YAML file.

    Raises :class:`FrameworkInvalid` (a ``ValueError``) listing every problem, each with file,
    line, question code and field, when the file cannot be read or is not a valid framework.
    """
    return parse_framework_text(read_framework_text(path), filename=str(path))


@lru_cache(maxsize=8)
def _load_cached(path: Path, mtime_ns: int, size: int) -> Framework:
    # mtime and size are part of the key so that an edited file is read again.
    return load_framework_file(path)


def bundled_framework(version: str | None = None) -> Framework:
    """The framework shipped in ``frameworks/``: the given version, or the highest one.

    Raises ``LookupError`` when there is no such file, and :class:`FrameworkInvalid` when the file
    is not valid or holds a version other than the one its name says. Cached per process.
    """
    files: dict[tuple[int, int], Path] = {}
    for path in BUNDLED_DIR.glob("rasp-*.yaml"):
        match = BUNDLED_NAME.match(path.name)
        if match:
            files[(int(match[1]), int(match[2]))] = path
    if version is not None:
        files = {key: path for key, path in files.items() if f"{key[0]}.{key[1]}" == version}
    if not files:
        raise LookupError(f"no bundled framework version {version or ''}".strip())
    path = files[max(files)]
    stat = path.stat()
    framework = _load_cached(path, stat.st_mtime_ns, stat.st_size)
    expected = path.name.removeprefix("rasp-").removesuffix(".yaml")
    if framework.version != expected:
        message = f"the file name says version {expected} but the file holds {framework.version}"
        raise FrameworkInvalid([Problem(str(path), None, None, "version", message)])
    return framework

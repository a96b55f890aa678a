"""Context that tells a documented example from a secret, for the guessing rules only.

Provider tokens (fixed prefixes, checksums) stand on their own and never pass through here.
The rules that guess from a name and an entropy score (generic secrets, URL and command
line passwords) do, and each look-alike class below drops a match:

- an illustrative value: a keyboard run (``qwertyui``), a repeated fragment
  (``abc123abc123``), a ``your…`` stand-in (see :func:`checks.is_placeholder`);
- a value inside a code file's comment or docstring (or a doctest), where it documents an
  API rather than configures anything; and a value that the same file repeats in such
  prose;
- an SDK's generated example files (botocore's ``examples-1.json``);
- package metadata (``PKG-INFO``, ``METADATA``), which is a project's README again.

Documentation (READMEs, runbooks, ``docs/``) and test suites are where real leaks also
happen, so a match there is kept and the policies report it as a warning instead
(:func:`downgraded`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import PurePosixPath

# Rules whose matches are guesses, so context may overrule them.
CONTEXTUAL_RULES = frozenset(
    {
        "generic-secret",
        "url-credentials",
        "cli-basic-auth",
        "authorization-basic",
        "db-cli-password",
    }
)
# Rules whose findings in documentation and tests are warnings: the guesses, and JWTs, whose
# signing key and audience cannot be known offline (docs print sample tokens verbatim).
DOWNGRADED_RULES = CONTEXTUAL_RULES | {"jwt"}

_DOC_SUFFIXES = frozenset({".md", ".markdown", ".rst", ".txt", ".adoc", ".asciidoc", ".textile"})
_TXT_CONFIG = re.compile(r"^(?:requirements|constraints|reqs|cmakelists)[\w.\-]*\.(?:txt|in)$")
_DOC_DIRS = frozenset({"doc", "docs", "documentation"})
_DOC_NAMES = re.compile(r"(?i)^(?:readme|runbook|changelog|changes|history|howto|guide)\b")
_TEST_DIRS = frozenset({"test", "tests", "testing", "spec", "specs", "__tests__", "testdata"})
_TEST_NAMES = re.compile(
    r"^test_|_test\.[a-z]+$|_tests\.[a-z]+$|\.(?:spec|test)\.[jt]sx?$|^conftest\.py$"
)
_SDK_EXAMPLES = re.compile(r"(?i)^examples?-\d+\.json$")
# Files whose comments use ``#`` / ``//`` / ``--`` / ``;`` and which hold docstrings.
_HASH_COMMENT = frozenset({".py", ".pyi", ".rb", ".sh", ".bash", ".pl", ".r", ".ex", ".exs"})
_SLASH_COMMENT = frozenset(
    {
        ".js", ".jsx", ".ts", ".tsx", ".mjs", ".cjs", ".go", ".java", ".kt", ".kts",
        ".scala", ".groovy", ".php", ".cs", ".c", ".h", ".cc", ".cpp", ".hpp", ".rs",
        ".swift", ".m", ".dart",
    }
)  # fmt: skip
_PY_LIKE = frozenset({".py", ".pyi", ".pyx"})
_KEYBOARD = ("qwertyuiop", "asdfghjkl", "zxcvbnm", "1qaz2wsx3edc", "0987654321")
_KEYBOARD_RUNS = tuple(
    row[i : i + 5] for base in _KEYBOARD for row in (base, base[::-1]) for i in range(len(row) - 4)
)


@lru_cache(maxsize=4096)
def _parts(path: str) -> tuple[str, str, tuple[str, ...]]:
    pure = PurePosixPath(path.lower())
    return pure.name, pure.suffix, pure.parts[:-1]


def is_documentation(path: str) -> bool:
    """READMEs, runbooks, ``docs/`` and prose files: a match there is reported as a warning."""
    name, suffix, folders = _parts(path)
    if _TXT_CONFIG.match(name) or "requirements" in folders:
        return False  # pip's files: an index URL with a token there is configuration
    return (
        is_package_metadata(path)
        or suffix in _DOC_SUFFIXES
        or bool(_DOC_NAMES.match(name))
        or any(folder in _DOC_DIRS for folder in folders)
    )


def is_test_path(path: str) -> bool:
    """Test suites and their fixtures (``tests/``, ``test_*.py``, ``*_test.go``, ``*.spec.ts``)."""
    name, _, folders = _parts(path)
    if any(folder in _TEST_DIRS for folder in folders):
        return True
    return bool(_TEST_NAMES.search(name))


def downgraded(rule_id: str, path: str) -> bool:
    """Whether a guessing rule's finding in ``path`` is reported as a warning, not an error.

    Documentation and test suites are full of sample credentials, yet real ones leak there
    too: their matches stay visible but do not fail the check.
    """
    return rule_id in DOWNGRADED_RULES and (is_documentation(path) or is_test_path(path))


def is_example_file(path: str) -> bool:
    """SDK example files and package metadata: published documentation, not configuration."""
    name = _parts(path)[0]
    return bool(_SDK_EXAMPLES.match(name)) or is_package_metadata(path)


def is_package_metadata(path: str) -> bool:
    """``PKG-INFO`` and a wheel's ``METADATA``: the project's README, republished."""
    name, _, folders = _parts(path)
    if name == "pkg-info":
        return True
    return name == "metadata" and any(f.endswith((".dist-info", ".egg-info")) for f in folders)


def is_illustrative(value: str) -> bool:
    """A value shaped by a person writing an example: a keyboard run, a repeated fragment."""
    lowered = value.lower()
    if any(run in lowered for run in _KEYBOARD_RUNS):
        return True
    return _repeats(lowered)


def _repeats(value: str) -> bool:
    """The value is mostly one fragment over and over (``abc123abc123``, ``s3cr3t-s3cr3t``)."""
    length = len(value)
    for size in range(2, length // 2 + 1):
        fragment = value[:size]
        if (fragment * (length // size + 1)).startswith(value):
            return True
    # A fragment of four or more characters three times is a pattern, not randomness.
    for size in (4, 5, 6):
        seen: dict[str, int] = {}
        for start in range(length - size + 1):
            piece = value[start : start + size]
            seen[piece] = seen.get(piece, 0) + 1
            if seen[piece] >= 3:
                return True
    return False


def in_prose(data: bytes, line_start: int, line: str, column: int, path: str) -> bool:
    """Whether column ``column`` of the line at ``line_start`` is in a comment or docstring."""
    _, suffix, _ = _parts(path)
    before = line[:column].lstrip()
    hashed = suffix in _HASH_COMMENT or suffix in _PY_LIKE
    if hashed and before.startswith(("#", ">>>", "... ")):
        return True
    if suffix in _SLASH_COMMENT and before.startswith(("//", "/*", "* ", "*\t")):
        return True
    if suffix in _PY_LIKE:
        # Inside a triple-quoted string: in Python code nearly always a docstring.
        own = line[:column]
        quotes = data.count(b'"""', 0, line_start) + data.count(b"'''", 0, line_start)
        return (quotes + own.count('"""') + own.count("'''")) % 2 == 1
    if suffix in _SLASH_COMMENT:
        return data.rfind(b"/*", 0, line_start) > data.rfind(b"*/", 0, line_start)
    return False


def reused_in_prose(data: bytes, value: str, line_start: int, path: str) -> bool:
    """The value also appears on another line of the file that is a comment or docstring."""
    needle = value.encode("utf-8", "replace")
    if len(needle) < 6:
        return False
    found = data.find(needle)
    checked = 0
    while found != -1 and checked < 16:  # bounded: a value repeated thousands of times
        start = data.rfind(b"\n", 0, found) + 1
        if start != line_start:
            end = data.find(b"\n", found)
            line = data[start : end if end >= 0 else len(data)].decode("utf-8", "replace")
            column = len(data[start:found].decode("utf-8", "replace"))
            if in_prose(data, start, line, column, path):
                return True
        checked += 1
        found = data.find(needle, found + 1)
    return False


def is_documented_example(
    data: bytes, line_start: int, line: str, column: int, value: str, path: str
) -> bool:
    """Whether a guessing rule's match is an example rather than a credential."""
    if is_illustrative(value) or is_example_file(path):
        return True
    return in_prose(data, line_start, line, column, path) or reused_in_prose(
        data, value, line_start, path
    )

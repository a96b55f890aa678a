"""Which changed files coverage must measure, and which changed lines a change excludes.

Coverage data lists only the files that were imported (or, with ``source`` set, the
files under it), so a new module no test imports would count as nothing. The scope the
base's configuration measures says which changed ``.py`` files should have been there;
each one missing is counted from its source, every statement uncovered. And a pragma
the change adds removes its lines from the count: those lines are counted as not covered
too (unless an approver approved the change).
"""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from gate.collectors.coverage_types import FileLines

# Never import packages, in setuptools' and packaging's discovery sense.
_NOT_PACKAGES = frozenset(
    {"tests", "test", "testing", "docs", "doc", "examples", "example", "migrations", "build"}
)
_PRAGMA = re.compile(r"#.*\bpragma\b", re.IGNORECASE)


def _match(path: str, root: str, patterns: Sequence[str]) -> bool:
    """coverage.py's include/omit globs: relative ones are relative to the project root."""
    absolute = os.path.join(root, path)
    for pattern in patterns:
        full = pattern if pattern.startswith(("*", "/")) else os.path.join(root, pattern)
        if fnmatch.fnmatch(absolute, full) or fnmatch.fnmatch(path, pattern):
            return True
    return False


def _is_test_file(path: str) -> bool:
    name = path.rsplit("/", 1)[-1]
    return name == "conftest.py" or name.startswith("test_") or name.endswith("_test.py")


def _package_roots(path: str, exists: Collection[str]) -> bool:
    """Whether ``path`` lies in an import package (a directory with ``__init__.py`` up to
    the top or up to ``src/``), as setuptools' package discovery would find it."""
    parts = path.split("/")
    if parts[0] == "src":
        parts = parts[1:]
        prefix = "src/"
    else:
        prefix = ""
    if len(parts) < 2 or any(part in _NOT_PACKAGES for part in parts[:-1]):
        return False
    for depth in range(1, len(parts)):
        if f"{prefix}{'/'.join(parts[:depth])}/__init__.py" not in exists:
            return False
    return True


def _listed(config: Any, name: str) -> list[str]:
    """A list setting of coverage.py's config (unset ones are None)."""
    return list(getattr(config, name, None) or [])


def measurable(path: str) -> bool:
    """Whether any configuration could measure ``path``: a module, not a test (decided
    without the configuration, so other changed files never need it parsed)."""
    return path.endswith(".py") and not _is_test_file(path)


def in_scope(path: str, config: Any, root: str, tracked: Collection[str]) -> bool:
    """Whether the configuration's measured scope holds ``path`` (a repo-relative .py)."""
    if not measurable(path):
        return False
    omit = [*_listed(config, "run_omit"), *_listed(config, "report_omit")]
    if omit and _match(path, root, omit):
        return False
    report_include = _listed(config, "report_include")
    if report_include and not _match(path, root, report_include):
        return False
    sources = [*_listed(config, "source"), *_listed(config, "source_pkgs")]
    if sources:
        for source in sources:
            folder = source.strip("/").removeprefix("./")
            candidates = {folder, folder.replace(".", "/"), "src/" + folder.replace(".", "/")}
            if any(c in ("", ".") or path.startswith(c + "/") for c in candidates):
                return True
        return False
    if _listed(config, "run_include"):
        return _match(path, root, _listed(config, "run_include"))
    return _package_roots(path, tracked)


def statements_of(text: str, exclude: str | None) -> tuple[set[int], set[int]]:
    """coverage.py's statements and excluded lines of a source text."""
    from coverage.parser import PythonParser

    parser = PythonParser(text=text, exclude=exclude)
    try:
        parser.parse_source()
    except Exception:  # noqa: BLE001 - unparseable source: every non-blank line counts
        lines = {
            number
            for number, line in enumerate(text.splitlines(), 1)
            if line.strip() and not line.lstrip().startswith("#")
        }
        return lines, set()
    return set(parser.statements), set(parser.excluded)


def exclude_regex(config: Any) -> str | None:
    from coverage.misc import join_regex

    patterns = _listed(config, "exclude_list")
    return join_regex(patterns) if patterns else None


def unmeasured_file(path: str, text: str, config: Any) -> FileLines:
    """A file the coverage data never lists: every statement counts as not covered."""
    statements, _excluded = statements_of(text, exclude_regex(config))
    return FileLines(path, tuple(sorted(statements)), frozenset(statements))


def adds_pragma(added: Mapping[int, str]) -> bool:
    """Whether an added line holds a pragma comment (else it excludes nothing new)."""
    return any(_PRAGMA.search(line) for line in added.values())


def newly_excluded(text: str, config: Any, added: Mapping[int, str]) -> list[int]:
    """Statements on added lines that a pragma comment the change adds excludes: the
    pragma's line and the block it opens (coverage.py excludes them together)."""
    if not adds_pragma(added):
        return []
    _statements, excluded = statements_of(text, exclude_regex(config))
    every_statement, _none = statements_of(text, None)
    lines: set[int] = set()
    for number, line in added.items():
        if number not in excluded or not _PRAGMA.search(line):
            continue
        current = number
        while current in excluded:
            if current in added and current in every_statement:
                lines.add(current)
            current += 1
    return sorted(lines)

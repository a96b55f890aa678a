"""The shape every coverage format is loaded into: totals, per-file lines, the reader base.

``Totals`` is what ``coverage report`` sums up; ``FileLines`` is, per repository file,
the executable statements and the missing ones (what diff-cover compares a diff
against). The readers (coverage_data/xml/json.py) subclass ``CoverageInput``;
coverage.py picks which one runs.
"""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from gate.errors import InputError

if TYPE_CHECKING:
    from gate.collectors.coverage_config import CoverageSettings

HOW_TO_PRODUCE = (
    "produce it with `pytest --cov --cov-branch` or `coverage run -m pytest`, "
    "or pass --coverage PATH (a .coverage data file, coverage.xml or coverage.json)"
)


@dataclass(frozen=True)
class Totals:
    """The numbers ``coverage report`` adds up for its TOTAL row."""

    statements: int
    covered: int
    branches: int = 0
    covered_branches: int = 0

    @property
    def percent(self) -> float:
        """coverage.py's total: executed statements and branches over all of them."""
        denominator = self.statements + self.branches
        if denominator == 0:
            return 100.0
        return 100.0 * (self.covered + self.covered_branches) / denominator


@dataclass(frozen=True)
class FileLines:
    """One repository file's executable statements and which of them never ran."""

    path: str
    statements: tuple[int, ...]
    missing: frozenset[int]


class CoverageInput(ABC):
    """Coverage results read from one kind of file (``source`` names what was read)."""

    source: str

    @property
    @abstractmethod
    def branch(self) -> bool:
        """Whether branch coverage was measured."""

    @property
    @abstractmethod
    def precision(self) -> int:
        """``[report] precision``: the decimals ``coverage report`` shows."""

    def prefetch(self) -> None:  # noqa: B027 - optional hook, nothing to do by default
        """Start slow reading in the background, where a reader can."""

    @abstractmethod
    def totals(self) -> Totals:
        """The totals over every measured file (inside the repository or not)."""

    @abstractmethod
    def files(self, wanted: Collection[str]) -> dict[str, FileLines]:
        """Statements and missing lines of the ``wanted`` repo-relative paths it measured."""


@contextmanager
def working_directory(path: Path) -> Iterator[None]:
    """coverage.py resolves config and relative data paths against the cwd."""
    previous = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(previous)


class RepoPaths:
    """Maps the paths coverage data holds (absolute or relative) to repo-relative ones."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self._cache: dict[str, str | None] = {}

    def relative(self, name: str, base: Path | None = None) -> str | None:
        """The repo-relative POSIX path, or None for a file outside the repository."""
        key = f"{base}\0{name}"
        if key not in self._cache:
            start = str(self.root if base is None else self.root / base)
            joined = os.path.join(start, name)
            # Lexically first (no system calls: thousands of files), then through
            # symlinks for paths that only resolve into the repository.
            relative = self._inside(os.path.normpath(joined))
            if relative is None:
                relative = self._inside(os.path.realpath(joined))
            self._cache[key] = relative
        return self._cache[key]

    def _inside(self, path: str) -> str | None:
        prefix = str(self.root) + os.sep
        if not path.startswith(prefix):
            return None
        return path[len(prefix) :].replace(os.sep, "/")


def settings_or_default(root: Path, settings: CoverageSettings | None) -> CoverageSettings:
    """The given settings, else the working tree's coverage configuration (no plugins)."""
    from gate.collectors.coverage_config import read_settings, working_tree_files

    if settings is not None:
        return settings
    return read_settings(working_tree_files(root), "the working tree")


class ReportFile(CoverageInput):
    """A report ``coverage xml`` or ``coverage json`` wrote: one file, whose rounding
    precision comes from the repository's coverage configuration."""

    def __init__(self, root: Path, path: str, settings: CoverageSettings | None = None) -> None:
        self.root = root.resolve()
        self.path = path
        self.source = path
        self._repo = RepoPaths(self.root)
        self._settings = settings
        self._precision: int | None = None

    def _fail(self, message: str) -> NoReturn:
        raise InputError(message, path=self.path)

    @property
    def precision(self) -> int:
        if self._precision is None:
            # Without coverage.py when nothing configures it (its default then).
            self._precision = settings_or_default(self.root, self._settings).precision
        return self._precision

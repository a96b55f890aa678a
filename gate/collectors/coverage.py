"""Find and load coverage.py results (.coverage data, coverage.xml, coverage.json).

Every format is loaded into the same shape: ``Totals`` (what ``coverage report``
sums up) and, per repository file, the executable statements and the missing ones
(what diff-cover compares a diff against). The format readers live in
``coverage_data.py``, ``coverage_xml.py`` and ``coverage_json.py``; this module
decides which files to read and maps their paths into the repository.
"""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, NoReturn

from gate.errors import InputError, MissingInput

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
            settings = settings_or_default(self.root, self._settings)
            self._precision = int(settings.config.precision)
        return self._precision


@dataclass(frozen=True)
class Found:
    """Which coverage files to read: repo-relative paths, all of one kind."""

    kind: str  # "data" | "xml" | "json"
    paths: tuple[str, ...]


def kind_of(path: str) -> str:
    name = PurePosixPath(path).name
    if name.endswith(".xml"):
        return "xml"
    if name.endswith(".json"):
        return "json"
    return "data"


def discover(
    root: Path,
    explicit: Collection[str],
    relpath: Callable[[str], str],
    settings: CoverageSettings | None = None,
) -> Found:
    """The coverage files to read: ``--coverage`` paths, else the first found of
    the data file (with its parallel ``.coverage.*`` files), ``coverage.xml``,
    ``coverage.json`` in the repository root. Raises MissingInput when none exists."""
    if explicit:
        paths = tuple(dict.fromkeys(relpath(p) for p in explicit))
        for path in paths:
            if not (root / path).is_file():
                raise InputError("coverage file not found", path=path)
        kinds = {kind_of(p) for p in paths}
        if len(kinds) > 1 or (kinds != {"data"} and len(paths) > 1):
            raise InputError(
                "give either coverage.py data files (combined like `coverage combine`) "
                "or one coverage.xml / coverage.json, not a mix",
                path=", ".join(paths),
            )
        return Found(kinds.pop(), paths)
    data_files = discover_data_files(root, relpath, settings)
    if data_files:
        return Found("data", data_files)
    for name, kind in (("coverage.xml", "xml"), ("coverage.json", "json")):
        if (root / name).is_file():
            return Found(kind, (name,))
    raise MissingInput(f"no coverage data found in {root}: {HOW_TO_PRODUCE}")


def discover_data_files(
    root: Path, relpath: Callable[[str], str], settings: CoverageSettings | None = None
) -> tuple[str, ...]:
    """The configured data file (default ``.coverage``) and its parallel siblings."""
    from coverage.data import combinable_files

    config = settings_or_default(root, settings).config
    data_file = os.environ.get("COVERAGE_FILE") or str(config.data_file)
    main = os.path.abspath(os.path.join(root, data_file))
    found = [main] if os.path.isfile(main) else []
    if os.path.isdir(os.path.dirname(main)):
        found += combinable_files(main)
    return tuple(relpath(path) for path in found)


def load(root: Path, found: Found, settings: CoverageSettings | None = None) -> CoverageInput:
    """Open the found files with the reader for their kind (reading is lazy)."""
    if found.kind == "xml":
        from gate.collectors.coverage_xml import XmlCoverage

        return XmlCoverage(root, found.paths[0], settings)
    if found.kind == "json":
        from gate.collectors.coverage_json import JsonCoverage

        return JsonCoverage(root, found.paths[0], settings)
    from gate.collectors.coverage_data import DataFileCoverage

    return DataFileCoverage(root, found.paths, settings)

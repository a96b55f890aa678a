"""Find and load coverage.py results (.coverage data, coverage.xml, coverage.json).

This module decides which files to read and hands them to the reader for their kind
(``coverage_data.py``, ``coverage_xml.py``, ``coverage_json.py``); the shape they all
load into is in ``coverage_types.py``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from gate.collectors.coverage_types import HOW_TO_PRODUCE, CoverageInput, settings_or_default
from gate.errors import InputError, MissingInput

if TYPE_CHECKING:
    from gate.collectors.coverage_config import CoverageSettings


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

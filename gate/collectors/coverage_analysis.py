"""Analyse measured files with coverage.py, as ``coverage report`` does, on every core.

``coverage report`` spends nearly all its time parsing each measured source file
(statements, exclusions, possible branches). The per-file results are independent,
so a large project is split over worker processes, each opening the same data file;
the sums are the same as the report's because each file's ``Analysis`` is.
"""

from __future__ import annotations

import gc
import os
import sqlite3
import warnings
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gate.collectors.coverage_types import working_directory

if TYPE_CHECKING:
    from gate.collectors.coverage_config import CoverageSettings

DATA_ERROR = "DataError"  # Analysed.error's name for a tampered data file
# Below this many files a pool costs more than it saves.
PARALLEL_MIN_FILES = 100


@dataclass
class Analysed:
    """Sums of coverage.py's per-file ``Numbers`` and each file's statements/missing."""

    statements: int = 0
    missing: int = 0
    branches: int = 0
    missing_branches: int = 0
    files: list[tuple[str, list[int], list[int]]] = field(default_factory=list)
    error: tuple[str, str] | None = None  # (coverage.py exception name, message)

    def add(self, other: Analysed) -> None:
        self.statements += other.statements
        self.missing += other.missing
        self.branches += other.branches
        self.missing_branches += other.missing_branches
        self.files.extend(other.files)
        self.error = self.error or other.error


def open_coverage(root: Path, data_file: str, settings: CoverageSettings) -> Any:
    """A ``Coverage`` with the trusted configuration (no plugins) and this data file loaded."""
    from gate.collectors.coverage_config import make_coverage

    with working_directory(root):
        cov = make_coverage(settings, data_file)
        cov.load()
        cov._prepare_data_for_reporting()  # applies [paths] remapping, as report does
    return cov


def analyse(root: Path, cov: Any, morfs: Sequence[str]) -> Analysed:
    """Analyse ``morfs`` (measured file names) through coverage.py's report loop."""
    from coverage.exceptions import CoverageException, NoDataError
    from coverage.report_core import get_analysis_to_report

    out = Analysed()
    if not morfs:
        return out
    with working_directory(root), warnings.catch_warnings(), few_collections():
        warnings.simplefilter("ignore")  # never let coverage.py print to stderr
        try:
            for reporter, analysis in get_analysis_to_report(cov, list(morfs)):
                numbers = analysis.numbers
                out.statements += numbers.n_statements
                out.missing += numbers.n_missing
                out.branches += numbers.n_branches
                out.missing_branches += numbers.n_missing_branches
                out.files.append(
                    (reporter.filename, sorted(analysis.statements), sorted(analysis.missing))
                )
        except NoDataError:
            pass  # every file omitted by [report] include/omit: nothing to add
        except (CoverageException, SyntaxError, OSError) as error:
            message = str(error).splitlines()[0] if str(error) else type(error).__name__
            out.error = (type(error).__name__, message)
        except (TypeError, ValueError, AttributeError, KeyError, sqlite3.Error):
            # Values in the data file's tables that coverage.py cannot read (edited by hand).
            out.error = (DATA_ERROR, "its tables hold values coverage.py cannot read")
    return out


def _worker(root: str, data_file: str, settings: CoverageSettings, morfs: list[str]) -> Analysed:
    try:
        return analyse(Path(root), open_coverage(Path(root), data_file, settings), morfs)
    except Exception as error:  # noqa: BLE001 - reported back to the parent as data
        return Analysed(error=(type(error).__name__, str(error)))


def workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def analyse_all(
    root: Path, cov: Any, data_file: str, settings: CoverageSettings, morfs: Sequence[str]
) -> Analysed:
    """Analyse every file, over several processes when the project is large."""
    count = workers()
    if count < 2 or len(morfs) < PARALLEL_MIN_FILES:
        return analyse(root, cov, morfs)
    # Round-robin chunks: neighbouring files are often similar in size.
    chunks = [list(morfs[i :: count * 4]) for i in range(count * 4)]
    total = Analysed()
    try:
        with ProcessPoolExecutor(max_workers=count) as pool:
            roots, files = [str(root)] * len(chunks), [data_file] * len(chunks)
            configs = [settings] * len(chunks)
            for part in pool.map(_worker, roots, files, configs, chunks):
                total.add(part)
    except (OSError, BrokenProcessPool):  # no processes allowed here: do it in this one
        return analyse(root, cov, morfs)
    return total


@contextmanager
def few_collections() -> Iterator[None]:
    """Parsing allocates many short-lived objects, and the gate's process holds many
    long-lived ones (pydantic, click): freeze those out of the collector and collect
    young objects less often, or garbage collection costs a third of the analysis."""
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(max(threshold[0], 50_000), *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()

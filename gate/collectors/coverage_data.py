"""Read coverage.py's own data files (``.coverage``, parallel ``.coverage.*``) via its API.

Several files are combined into a temporary data file (the user's files are never
rewritten, unlike ``coverage combine``); then the files are analysed exactly as
``coverage report`` does: the same configuration (``[paths]``, ``[report]
include/omit``, exclusions, ``precision``), the same source parsing and the same
per-file ``Numbers``. That is what makes the totals equal to the report's.
"""

from __future__ import annotations

import sqlite3
import tempfile
import warnings
from collections.abc import Collection, Sequence
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from gate.collectors.coverage_analysis import DATA_ERROR, Analysed, analyse_all, open_coverage
from gate.collectors.coverage_types import (
    HOW_TO_PRODUCE,
    CoverageInput,
    FileLines,
    RepoPaths,
    Totals,
    settings_or_default,
    working_directory,
)
from gate.errors import InputError, MissingInput

if TYPE_CHECKING:
    from gate.collectors.coverage_config import CoverageSettings


class DataFileCoverage(CoverageInput):
    """One or more coverage.py data files, combined as ``coverage report`` would."""

    def __init__(
        self, root: Path, paths: Sequence[str], settings: CoverageSettings | None = None
    ) -> None:
        self.root = root.resolve()
        self._given_settings = settings
        self._settings: CoverageSettings | None = None
        self.paths = tuple(paths)
        self.source = ", ".join(self.paths)
        self._repo = RepoPaths(self.root)
        self._cov: Any = None
        self._data_file = ""
        self._scratch: tempfile.TemporaryDirectory[str] | None = None
        self._files: dict[str, FileLines] = {}
        self._analysed: set[str] = set()
        self._totals: Totals | None = None
        # Files measured through a coverage.py plugin: the gate never loads plugins, so
        # it cannot report them; the policies say so instead of passing them.
        self.unreportable: tuple[str, ...] = ()

    @property
    def settings(self) -> CoverageSettings:
        if self._settings is None:
            self._settings = settings_or_default(self.root, self._given_settings)
        return self._settings

    def _combined(self) -> str:
        """One data file holding every given file's data (the file itself if just one)."""
        from coverage.exceptions import CoverageException

        from gate.collectors.coverage_config import make_coverage

        if len(self.paths) == 1:
            target = str(self.root / self.paths[0])
        else:
            self._scratch = tempfile.TemporaryDirectory(prefix="gate-coverage-")
            target = str(Path(self._scratch.name) / ".coverage")
        with working_directory(self.root):
            combiner = make_coverage(self.settings, target)
            for path in self.paths:
                full = str(self.root / path)
                with warnings.catch_warnings(record=True) as warned:
                    warnings.simplefilter("always")
                    try:
                        if full == target:
                            _check_data_file(full)
                        else:
                            _require_coverage_schema(full)
                            combiner.combine([full], strict=True, keep=True)
                    except (CoverageException, sqlite3.Error) as error:
                        said = [str(w.message) for w in warned] + [str(error)]
                        raise InputError(
                            f"not usable coverage.py data: {_reason(said, full)}", path=path
                        ) from None
            if target != str(self.root / self.paths[0]):
                combiner.save()
        return target

    # coverage.py's objects are untyped for mypy's purposes; keep them behind Any.
    def _coverage(self) -> Any:
        if self._cov is None:
            self._data_file = self._combined()
            from coverage.exceptions import CoverageException

            try:
                cov = open_coverage(self.root, self._data_file, self.settings)
                data = cov.get_data()
                measured = data.measured_files()
                tracers = {name for name in measured if data.file_tracer(name)}
            except (CoverageException, sqlite3.Error, TypeError, ValueError) as error:
                message = " ".join(str(error).split()) or type(error).__name__
                raise InputError(
                    f"not usable coverage.py data: {message}", path=self.paths[0]
                ) from None
            if not measured:
                raise MissingInput(f"{self.source} holds no measured files: {HOW_TO_PRODUCE}")
            self.unreportable = tuple(sorted(tracers))
            self._cov = cov
        return self._cov

    @property
    def branch(self) -> bool:
        return bool(self._coverage().get_data().has_arcs())

    @property
    def precision(self) -> int:
        return int(self._coverage().config.precision)

    def _keep(self, analysed: Analysed) -> None:
        if analysed.error is not None:
            name, message = analysed.error
            if name == DATA_ERROR:
                raise InputError(f"not usable coverage.py data: {message}", path=self.paths[0])
            raise InputError(
                f"coverage.py cannot analyse the measured code: {message} (run the gate "
                "in the checkout that was measured, or set [run] relative_files = true)",
                path=self.paths[0],
            )
        for filename, statements, missing in analysed.files:
            self._analysed.add(filename)
            path = self._repo.relative(filename)
            if path is not None:
                self._files[path] = FileLines(path, tuple(statements), frozenset(missing))

    def totals(self) -> Totals:
        if self._totals is None:
            cov = self._coverage()
            morfs = sorted(set(cov.get_data().measured_files()) - set(self.unreportable))
            analysed = analyse_all(self.root, cov, self._data_file, self.settings, morfs)
            self._keep(analysed)
            if not analysed.files:
                raise MissingInput(
                    f"{self.source}: no measured file is left after the coverage "
                    f"configuration's include/omit: {HOW_TO_PRODUCE}"
                )
            statements, branches = analysed.statements, analysed.branches
            self._totals = Totals(
                statements,
                statements - analysed.missing,
                branches,
                branches - analysed.missing_branches,
            )
        return self._totals

    def files(self, wanted: Collection[str]) -> dict[str, FileLines]:
        wanted = set(wanted)
        cov = self._coverage()
        if self._totals is None:
            todo = [
                name
                for name in cov.get_data().measured_files()
                if name not in self._analysed
                and name not in self.unreportable
                and self._repo.relative(name) in wanted
            ]
            self._keep(analyse_all(self.root, cov, self._data_file, self.settings, sorted(todo)))
        return {path: lines for path, lines in self._files.items() if path in wanted}


def _require_coverage_schema(full: str) -> None:
    """Refuse an SQLite file without coverage.py's schema table, opened read-only, before
    coverage.py sees it: older coverage.py versions would give it their schema and then
    read it as empty data."""
    from coverage.exceptions import CoverageException

    try:
        with closing(sqlite3.connect(f"file:{quote(full)}?mode=ro", uri=True)) as db:
            found = db.execute(
                "select 1 from sqlite_master where type = 'table' and name = 'coverage_schema'"
            ).fetchone()
    except sqlite3.Error as error:
        raise CoverageException(f"{error}") from None
    if found is None:
        raise CoverageException("isn't a coverage data file")


def _check_data_file(full: str) -> None:
    """Read a data file without ever writing to it (coverage.py would otherwise give a
    foreign SQLite file its schema): a file that is not coverage data raises."""
    from coverage import CoverageData

    _require_coverage_schema(full)

    try:
        data = CoverageData(basename=full, read_only=True)  # type: ignore[call-arg,unused-ignore]
    except TypeError:  # pragma: no cover - coverage.py before read_only existed
        data = CoverageData(basename=full)
    data.read()
    data.measured_files()
    data.close()


def _reason(said: list[str], full_path: str) -> str:
    """A short reason from what coverage.py said (its messages repeat the full path)."""
    text = " ".join(said)
    if "isn't a coverage data file" in text:
        return "an SQLite file, but not coverage.py data"
    if "file is not a database" in text:
        return "not an SQLite database"
    if "Can't combine" in text:
        return said[-1].replace(f"'{full_path}'", "").strip()
    first = said[0].splitlines()[0] if said and said[0] else "unreadable"
    return first.replace(f"'{full_path}'", "it").strip()

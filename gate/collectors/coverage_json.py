"""Read ``coverage.json`` (``coverage json``, format 3) and check its shape strictly."""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gate.collectors.coverage_types import HOW_TO_PRODUCE, FileLines, ReportFile, Totals
from gate.errors import MissingInput

if TYPE_CHECKING:
    from gate.collectors.coverage_config import CoverageSettings


class JsonCoverage(ReportFile):
    """A coverage.py JSON report: totals from ``totals``, lines from ``files``."""

    def __init__(self, root: Path, path: str, settings: CoverageSettings | None = None) -> None:
        super().__init__(root, path, settings)
        self._document: dict[str, Any] | None = None
        self._files: dict[str, FileLines] | None = None

    def _load(self) -> dict[str, Any]:
        if self._document is None:
            try:
                text = (self.root / self.path).read_text(encoding="utf-8")
                document = json.loads(text)
            except OSError as error:
                self._fail(f"cannot read: {error.strerror}")
            except UnicodeDecodeError:
                self._fail("not UTF-8 text")
            except json.JSONDecodeError as error:
                self._fail(f"invalid JSON at line {error.lineno}: {error.msg}")
            except RecursionError:
                self._fail("invalid JSON: nested too deeply")
            except ValueError as error:  # an integer beyond Python's digit limit
                self._fail(f"invalid JSON: {error}")
            if not isinstance(document, dict):
                self._fail("not a coverage.py JSON report (expected an object)")
            for key in ("files", "totals"):
                if not isinstance(document.get(key), dict):
                    self._fail(f"not a coverage.py JSON report (no {key!r} object)")
            self._document = document
        return self._document

    def _count(self, mapping: Mapping[str, Any], key: str, where: str) -> int:
        value = mapping.get(key, 0)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            self._fail(f"{where}.{key} is not a non-negative integer")
        return value

    @property
    def branch(self) -> bool:
        meta = self._load().get("meta")
        return bool(isinstance(meta, dict) and meta.get("branch_coverage"))

    def totals(self) -> Totals:
        self._all_files()  # check the whole document's shape, not only the totals
        totals = self._load()["totals"]
        if "num_statements" not in totals:
            self._fail("totals.num_statements is missing")
        statements = self._count(totals, "num_statements", "totals")
        covered = self._count(totals, "covered_lines", "totals")
        branches = self._count(totals, "num_branches", "totals")
        covered_branches = self._count(totals, "covered_branches", "totals")
        if covered > statements or covered_branches > branches:
            self._fail("totals claim more covered than measured lines")
        self._require_files()
        if statements + branches == 0:
            raise MissingInput(f"{self.path} measured nothing: {HOW_TO_PRODUCE}")
        return Totals(statements, covered, branches, covered_branches)

    def _lines(self, name: str, entry: Any, key: str) -> list[int]:
        values = entry.get(key, []) if isinstance(entry, dict) else None
        if not isinstance(values, list) or not all(
            isinstance(v, int) and not isinstance(v, bool) for v in values
        ):
            self._fail(f"files[{name!r}].{key} is not a list of line numbers")
        return values

    def _all_files(self) -> dict[str, FileLines]:
        if self._files is None:
            files: dict[str, FileLines] = {}
            for name, entry in self._load()["files"].items():
                executed = self._lines(name, entry, "executed_lines")
                missing = self._lines(name, entry, "missing_lines")
                path = self._repo.relative(name)
                if path is not None:
                    statements = tuple(sorted({*executed, *missing}))
                    files[path] = FileLines(path, statements, frozenset(missing))
            self._files = files
        return self._files

    def _require_files(self) -> None:
        """A report without any repository file measured nothing here: missing input."""
        if not self._load()["files"]:
            raise MissingInput(f"{self.path} measured no file: {HOW_TO_PRODUCE}")
        if not self._all_files():
            raise MissingInput(
                f"{self.path}: no measured file is inside the repository (was it written "
                f"in another checkout?): {HOW_TO_PRODUCE}"
            )

    def files(self, wanted: Collection[str]) -> dict[str, FileLines]:
        every = self._all_files()
        self._require_files()
        return {path: every[path] for path in wanted if path in every}

"""Read a Cobertura ``coverage.xml`` (as ``coverage xml`` writes it) safely and quickly.

Safety: before anything read from it is used, the whole document is checked by
``coverage_xml_check`` (expat configured as defusedxml configures it: no entity
declarations, no external references; well-formed to the last byte), and start tags
that need real parsing go through ``defusedxml``. Truncated or malformed XML is an
``InputError`` naming the file and line.

Speed: a report of a million lines is large, and a policy needs only the root's
totals (COV001) or the lines of the changed files (COV002). So no tree is built:
``<class>`` elements are located in the bytes, and only the wanted files' classes
are read.
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING

import defusedxml.ElementTree as safe_tree  # type: ignore[import-untyped,unused-ignore]
from defusedxml import DefusedXmlException  # type: ignore[import-untyped,unused-ignore]

from gate.collectors.coverage_types import HOW_TO_PRODUCE, FileLines, ReportFile, Totals
from gate.collectors.coverage_xml_check import BackgroundCheck, check_file
from gate.errors import InputError, MissingInput

_AFTER_CLASS = (b" ", b"\t", b"\n", b"\r", b">", b"/")
_CLASS_END = b"</class>"
_SOURCE = re.compile(rb"<source>([^<]*)</source>")
_LINE = re.compile(rb"<line\s[^<>]*>")  # `[^<>]`: an unclosed tag stops the scan (linear)
_PLAIN_FILENAME = re.compile(rb'\sfilename="([^"&<]*)"')
_PLAIN_LINE = re.compile(rb'<line number="(\d+)" hits="(\d+)"')
_NUMBER = re.compile(rb"""\snumber\s*=\s*["'](\d+)["']""")
_HITS = re.compile(rb"""\shits\s*=\s*["'](\d+)["']""")
_TOTALS = ("lines-valid", "lines-covered")
_BRANCH_TOTALS = ("branches-valid", "branches-covered")


if TYPE_CHECKING:
    from gate.collectors.coverage_config import CoverageSettings


def _unescape(text: str) -> str:
    """``&lt;``, ``&gt;`` and ``&amp;`` decoded, as xml.sax.saxutils.unescape does (that
    module imports urllib.request, http.client and ssl: a tenth of a second per run)."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


class XmlCoverage(ReportFile):
    """A Cobertura XML report; totals from its root, lines from its ``<class>`` elements."""

    def __init__(self, root: Path, path: str, settings: CoverageSettings | None = None) -> None:
        super().__init__(root, path, settings)
        self._data: bytes | None = None
        self._root_attrib: dict[str, str] | None = None
        self._check: BackgroundCheck | None = None
        self._tags: list[tuple[int, str]] | None = None
        # Repository files one <class filename> could name (sibling source roots): the
        # XML cannot say which of them its lines belong to. path -> all such files.
        self.ambiguous: dict[str, tuple[str, ...]] = {}

    def prefetch(self) -> None:
        if self._check is None and self._root_attrib is None:
            self._check = BackgroundCheck(str(self.root / self.path))

    def _document(self) -> bytes:
        """The report's bytes (read now; ``_checked`` says whether they may be trusted)."""
        if self._data is None:
            try:
                self._data = (self.root / self.path).read_bytes()
            except OSError as error:
                self._fail(f"cannot read: {error.strerror}")
        return self._data

    def _checked(self) -> dict[str, str]:
        """The root element's attributes, once the whole document is known to be safe."""
        if self._root_attrib is None:
            if self._check is not None:
                attrib, error = self._check.outcome()
            else:
                attrib, error = check_file(str(self.root / self.path))
            if error:
                self._fail(error)
            self._root_attrib = attrib
        return self._root_attrib

    def _int(self, name: str) -> int:
        value = self._checked().get(name)
        # ASCII digits only (`"²".isdigit()` is true) and a sane length (int() refuses
        # more than 4,300 digits).
        text = (value or "").strip()
        if not (text.isascii() and text.isdigit() and len(text) <= 18):
            self._fail(f"the <coverage> element has no valid {name} attribute")
        return int(text)

    @property
    def branch(self) -> bool:
        return "branches-valid" in self._checked() and self._int("branches-valid") > 0

    def totals(self) -> Totals:
        attrib = self._checked()
        statements, covered = (self._int(name) for name in _TOTALS)
        branches = covered_branches = 0
        if all(name in attrib for name in _BRANCH_TOTALS):
            branches, covered_branches = (self._int(name) for name in _BRANCH_TOTALS)
        if covered > statements or covered_branches > branches:
            self._fail("the <coverage> totals claim more covered than valid lines")
        if statements == 0 and branches == 0:
            raise MissingInput(f"{self.path} measured nothing (lines-valid=0): {HOW_TO_PRODUCE}")
        return Totals(statements, covered, branches, covered_branches)

    def _class_tags(self) -> list[tuple[int, str]]:
        """(offset, filename attribute) of every ``<class>`` element, in document order."""
        if self._tags is None:
            data = self._document()
            tags = []
            start = data.find(b"<class")  # a literal search is far faster than a regex here
            while start >= 0:
                if data[start + 6 : start + 7] in _AFTER_CLASS:
                    tag = data[start : data.find(b">", start) + 1]
                    plain = _PLAIN_FILENAME.search(tag)
                    name = plain.group(1).decode("utf-8", "replace") if plain else None
                    name = name or self._attribute(tag)
                    if name:
                        tags.append((start, name))
                start = data.find(b"<class", start + 6)
            self._tags = tags
        return self._tags

    def _index(self, wanted: Collection[str]) -> dict[str, list[int]]:
        """Where the ``<class>`` elements of the wanted repository files start."""
        data, root = self._document(), str(self.root)
        first_class = data.find(b"<class")
        head = data[:first_class] if first_class >= 0 else data
        sources = [
            Path(_unescape(s.decode("utf-8", "replace")).strip()) for s in _SOURCE.findall(head)
        ]
        # Resolving paths is the costly part: only for classes that may be wanted.
        basenames = {path.rpartition("/")[2] for path in wanted}
        index: dict[str, list[int]] = {}
        for offset, filename in self._class_tags():
            if filename.rpartition("/")[2] not in basenames:
                continue
            # As diff-cover does: the filename as given, and joined to each <source>.
            named = {self._repo.relative(filename)}
            named.update(self._repo.relative(filename, base) for base in sources)
            candidates = {path for path in named if path is not None}
            # Where one of them exists in this checkout, that is the file measured.
            existing = {path for path in candidates if os.path.isfile(os.path.join(root, path))}
            if len(existing) > 1:
                for path in existing:
                    self.ambiguous[path] = tuple(sorted(existing))
            for path in existing or candidates:
                index.setdefault(path, []).append(offset)
        return index

    def _attribute(self, tag: bytes) -> str | None:
        """``filename`` of a ``<class>`` start tag written with entities or quotes."""
        if not tag.endswith(b"/>"):
            tag = tag[:-1] + b"/>"
        try:
            value = safe_tree.fromstring(tag).get("filename")
        except (safe_tree.ParseError, DefusedXmlException):
            self._fail("unreadable <class> element")
        return None if value is None else str(value)

    def _lines(self, start: int) -> list[tuple[int, bool]]:
        """(line number, ran) for each ``<line>`` of the ``<class>`` starting there."""
        data = self._document()
        end = data.find(_CLASS_END, start)
        body = data[start : len(data) if end < 0 else end]
        plain = _PLAIN_LINE.findall(body)
        if len(plain) == body.count(b"<line") - body.count(b"<lines"):
            # Every <line> in coverage.py's own form: the fast way.
            return [(int(number), hits.strip(b"0") != b"") for number, hits in plain]
        lines = []
        for tag in _LINE.findall(body):
            number, hits = _NUMBER.search(tag), _HITS.search(tag)
            if number is None:
                self._fail(f"a <line> element has no number near byte {start}")
            # diff-cover reads a missing hits as 0
            lines.append((int(number.group(1)), bool(hits and int(hits.group(1)))))
        return lines

    def files(self, wanted: Collection[str]) -> dict[str, FileLines]:
        try:
            out = self._files(wanted)
        except InputError:
            self._checked()  # a broken document explains itself better
            raise
        self._checked()  # nothing read is used before the whole document passed
        return out

    def _files(self, wanted: Collection[str]) -> dict[str, FileLines]:
        index = self._index(wanted)
        out = {}
        for path in wanted:
            if path not in index:
                continue
            # A file in several classes: as diff-cover, a line is missing when any of
            # its <line> elements has no hits.
            lines = [line for start in index[path] for line in self._lines(start)]
            statements = sorted({number for number, _ in lines})
            missing = frozenset(number for number, hit in lines if not hit)
            out[path] = FileLines(path, tuple(statements), missing)
        return out

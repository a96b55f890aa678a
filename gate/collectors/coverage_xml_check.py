"""Check a whole coverage XML document safely, optionally in a helper process.

The check is expat configured the way defusedxml configures it: any entity
declaration or external reference is refused (no billion-laughs expansion, no
external entity ever fetched), and the document must be well-formed to its last
byte, so a truncated report is caught. With no per-element callback expat runs at C
speed, but a large report still takes most of a second; ``BackgroundCheck`` runs it
in another process while the policy reads the lines it needs, and the result is
awaited before anything read is used.
"""

from __future__ import annotations

import re
import xml.parsers.expat
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import NoReturn

from defusedxml import (  # type: ignore[import-untyped,unused-ignore]
    DefusedXmlException,
    EntitiesForbidden,
    ExternalReferenceForbidden,
)

Outcome = tuple[dict[str, str], str]  # (root element's attributes, error or "")


class DocumentError(Exception):
    """The document is malformed or unsafe; the message says how."""


_DECLARED = re.compile(rb"""<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9._-]{1,40})["']""")
_UTF8_NAMES = (b"utf-8", b"utf8", b"us-ascii", b"ascii")


def require_utf8(data: bytes) -> None:
    """``coverage xml`` writes UTF-8; the reader scans bytes, so another encoding (UTF-16
    above all) would be read as a report without files, a silent 0/0."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data[:4]:
        raise DocumentError("not UTF-8 (coverage xml writes UTF-8)")
    declared = _DECLARED.match(data.removeprefix(b"\xef\xbb\xbf")[:300])
    if declared and declared.group(1).lower() not in _UTF8_NAMES:
        raise DocumentError("not UTF-8 (coverage xml writes UTF-8)")


def check(data: bytes) -> dict[str, str]:
    """The root element's attributes (with its name under ``_tag``) of a safe document."""
    require_utf8(data)
    parser = xml.parsers.expat.ParserCreate()
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)
    root: dict[str, str] = {}

    def refuse_entity(name: str, *args: object) -> NoReturn:
        raise EntitiesForbidden(name, None, None, None, None, None)

    def refuse_external(
        context: str, base: str | None, sysid: str | None, pubid: str | None
    ) -> NoReturn:
        raise ExternalReferenceForbidden(context, base, sysid, pubid)

    def first_element(name: str, attrib: dict[str, str]) -> None:
        root.update(attrib, _tag=name)
        parser.StartElementHandler = None  # the rest needs no callback: C speed

    parser.EntityDeclHandler = refuse_entity
    parser.UnparsedEntityDeclHandler = refuse_entity
    parser.ExternalEntityRefHandler = refuse_external
    parser.StartElementHandler = first_element
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as error:
        reason = xml.parsers.expat.errors.messages[error.code]
        raise DocumentError(f"malformed XML at line {error.lineno}: {reason}") from None
    except DefusedXmlException:
        raise DocumentError("XML declaring entities or external references is refused") from None
    if root.get("_tag") != "coverage":
        raise DocumentError("not a Cobertura coverage report (the root element is not <coverage>)")
    return root


def check_file(path: str) -> Outcome:
    """``check`` of a file, with the error as data (it crosses a process boundary)."""
    try:
        return check(Path(path).read_bytes()), ""
    except DocumentError as error:
        return {}, str(error)
    except OSError as error:
        return {}, f"cannot read: {error.strerror}"


class BackgroundCheck:
    """``check_file`` started now in a helper process; ``outcome()`` waits for it."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._future: Future[Outcome] | None = None
        try:
            pool = ProcessPoolExecutor(max_workers=1)
            self._future = pool.submit(check_file, path)
            pool.shutdown(wait=False)
        except (OSError, RuntimeError):  # no helper processes here: check in this one
            self._future = None

    def outcome(self) -> Outcome:
        if self._future is not None:
            try:
                return self._future.result()
            except (BrokenProcessPool, OSError):
                pass
        return check_file(self.path)

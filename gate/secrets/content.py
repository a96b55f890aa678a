"""Scan a whole file however large or binary: in overlapping chunks, binaries by printable runs.

Content arrives as blocks (from a file or ``git cat-file``) and is scanned in windows of
``CHUNK`` bytes. Consecutive windows overlap by ``OVERLAP`` bytes, more than twice the
longest span any rule matches, and each match belongs to the window its start falls in
before the cut, so a secret across a window border is found exactly once. A file whose
first 8 KiB hold a NUL byte is binary: its non-printable bytes become line breaks (what
``strings`` shows) and only the rules marked ``binary`` run on it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from gate.secrets.scanner import Scanner, SecretMatch

CHUNK = 4 << 20
# Twice a multi-line rule's largest window (64 KiB), so a cut leaves room for any match.
OVERLAP = 128 << 10
BINARY_PROBE = 8192

# Printable ASCII, tab, CR and LF stay; every other byte becomes a line break.
_PRINTABLE = bytes(
    b if b in (9, 10, 13) or 32 <= b < 127 else 10 for b in range(256)
)  # fmt: skip


def is_binary(data: bytes) -> bool:
    """Git's own test: a NUL byte among the first 8 KiB."""
    return b"\0" in data[:BINARY_PROBE]


def printable_runs(data: bytes) -> bytes:
    """``data`` with each non-printable byte replaced by a newline (offsets unchanged)."""
    return data.translate(_PRINTABLE)


@dataclass
class Scanned:
    """A file's matches (line numbers of the whole file) and the text of the lines near them.

    For a binary file line numbers count the printable runs and mean little: policies
    report such a file without a line.
    """

    matches: list[SecretMatch] = field(default_factory=list)
    binary: bool = False
    size: int = 0
    lines: dict[int, str] = field(default_factory=dict)

    def line(self, number: int) -> str | None:
        """A line kept for pragma look-ups (the lines of and just above each match)."""
        return self.lines.get(number)


def scan_blocks(scanner: Scanner, blocks: Iterable[bytes], path: str) -> Scanned:
    """Scan content given as blocks of any size; memory stays near ``CHUNK + OVERLAP``."""
    result = Scanned()
    source = iter(blocks)
    first_block = next(source, b"")
    if len(first_block) <= CHUNK + OVERLAP:
        second = next(source, None)
        if second is None:  # the usual case, a file in one block: no copies
            return _scan_whole(scanner, first_block, path, result)
        buffer = bytearray(first_block)
        buffer += second
        result.size = len(buffer)
    else:
        buffer = bytearray(first_block)
        result.size = len(first_block)
    done = False
    line_base = 0  # lines before the window
    column_base = 0  # characters of the window's first line that came before the window
    engine = scanner
    first = True
    while True:
        while len(buffer) < CHUNK + OVERLAP and not done:
            block = next(source, None)
            if block is None:
                done = True
            else:
                buffer += block
                result.size += len(block)
        if first:
            result.binary = is_binary(bytes(buffer[:BINARY_PROBE]))
            engine = scanner.for_binary() if result.binary else scanner
            first = False
        final = done and len(buffer) <= CHUNK + OVERLAP
        window = bytes(buffer if final else buffer[: CHUNK + OVERLAP])
        text = printable_runs(window) if result.binary else window
        cut = len(text) if final else _cut(text)
        _keep(result, engine.scan(text, path), text, cut, line_base, column_base)
        if final:
            return result
        consumed = text[:cut]
        newlines = consumed.count(b"\n")
        tail = consumed[consumed.rfind(b"\n") + 1 :]
        tail_chars = len(tail.decode("utf-8", "replace"))
        column_base = tail_chars if newlines else column_base + tail_chars
        line_base += newlines
        del buffer[:cut]


def _scan_whole(scanner: Scanner, data: bytes, path: str, result: Scanned) -> Scanned:
    result.size = len(data)
    result.binary = is_binary(data)
    if result.binary:
        data = printable_runs(data)
        scanner = scanner.for_binary()
    _keep(result, scanner.scan(data, path), data, len(data), 0, 0)
    return result


def _cut(text: bytes) -> int:
    """Where the next window starts: a line start in the overlap's first half if there is
    one (so columns stay exact), else the overlap's start."""
    low = len(text) - OVERLAP
    newline = text.find(b"\n", low, low + OVERLAP // 2)
    return newline + 1 if newline >= 0 else low


def _keep(
    result: Scanned,
    matches: list[SecretMatch],
    text: bytes,
    cut: int,
    line_base: int,
    column_base: int,
) -> None:
    """Add the matches that start before ``cut``, renumbered to whole-file lines."""
    if not matches:
        return
    starts = _line_starts(text, {n for m in matches for n in (m.line - 1, m.line, m.end_line)})
    for match in matches:
        line_start = starts[match.line]
        if line_start >= cut:
            continue
        end = text.find(b"\n", line_start)
        line_end = len(text) if end < 0 else end
        if line_end > cut:  # the line crosses the cut: compare the match's own offset
            prefix = text[line_start:line_end].decode("utf-8", "replace")[: match.column - 1]
            if line_start + len(prefix.encode("utf-8")) >= cut:
                continue
        for number in (match.line - 1, *range(match.line, match.end_line + 1)):
            if number in starts and number + line_base not in result.lines:
                begin = starts[number]
                stop = text.find(b"\n", begin)
                raw = text[begin : len(text) if stop < 0 else stop]
                result.lines[number + line_base] = raw.decode("utf-8", "replace")
        shift = column_base if match.line == 1 else 0
        end_shift = column_base if match.end_line == 1 else 0
        result.matches.append(
            replace(
                match,
                line=match.line + line_base,
                end_line=match.end_line + line_base,
                column=match.column + shift,
                end_column=match.end_column + end_shift,
            )
        )


def _line_starts(text: bytes, numbers: set[int]) -> dict[int, int]:
    """Byte offset of the start of each wanted (1-based) line of ``text``."""
    starts: dict[int, int] = {}
    offset, current = 0, 1
    for number in sorted(n for n in numbers if n >= 1):
        while current < number:
            newline = text.find(b"\n", offset)
            if newline < 0:
                return starts
            offset, current = newline + 1, current + 1
        starts[number] = offset
    return starts

"""The secret scanner: finds candidate lines with a prefilter, confirms them with the rules.

Two engines pick candidate lines: hyperscan (gate.secrets.hs_engine) when it is installed,
otherwise a pure-Python prefilter. Both only choose which (rule, line) pairs to look at and
every chosen pair is confirmed by the same Python code, so the findings are identical.
"""

from __future__ import annotations

import hashlib
import re
import sys
from bisect import bisect_right, insort
from collections.abc import Iterable
from dataclasses import dataclass

from gate.secrets.anchors import AnchorSet
from gate.secrets.context import CONTEXTUAL_RULES, is_documented_example
from gate.secrets.redact import redact
from gate.secrets.rules.common import GENERIC, Rule


@dataclass(frozen=True)
class SecretMatch:
    """One detected secret. It holds a hash and a redacted form, never the value itself."""

    rule_id: str
    description: str
    line: int
    column: int
    end_line: int
    end_column: int
    secret_hash: str
    redacted: str


@dataclass(frozen=True)
class _Hit:
    priority: int
    order: int
    start: tuple[int, int]
    end: tuple[int, int]
    match: SecretMatch | None  # None: the rule's shape matched but the value was rejected


def line_starts(data: bytes, offsets: Iterable[int]) -> dict[int, int]:
    """Map each offset to the start of its line, walking each line once (never quadratic,
    even for thousands of hits on one huge minified line)."""
    result: dict[int, int] = {}
    line_start, line_end = 0, -1
    for offset in sorted(set(offsets)):
        if offset > line_end:
            line_start = data.rfind(b"\n", 0, offset) + 1
            newline = data.find(b"\n", offset)
            line_end = newline if newline >= 0 else len(data)
        result[offset] = line_start
    return result


class Scanner:
    """Scans bytes for secrets with the pure-Python prefilter; subclasses swap the prefilter."""

    engine_name = "python"

    def __init__(self, rules: tuple[Rule, ...]) -> None:
        self.rules = rules
        self._exact = AnchorSet((i, r.anchors) for i, r in enumerate(rules) if not r.ignore_case)
        self._folded = AnchorSet((i, r.anchors) for i, r in enumerate(rules) if r.ignore_case)
        self._prefilters = [
            (i, re.compile(regex)) for i, r in enumerate(rules) for regex in r.prefilter
        ]
        self._binary_variant: Scanner | None = None

    def for_binary(self) -> Scanner:
        """A scanner of the same engine with only the rules meant for binary files' text."""
        variant = self._binary_variant
        if variant is None:
            if all(rule.binary for rule in self.rules):
                variant = self
            else:
                variant = type(self)(tuple(rule for rule in self.rules if rule.binary))
            self._binary_variant = variant
        return variant

    def candidates(self, data: bytes) -> set[tuple[int, int]]:
        """(rule index, line start offset) pairs that may hold a match."""
        found: set[tuple[int, int]] = set()
        lowered = data.lower()
        hits = [*self._exact.hits(data), *self._folded.hits(lowered)]
        starts = line_starts(data, (offset for _, offset in hits))
        found.update((index, starts[offset]) for index, offset in hits)
        for index, prefilter in self._prefilters:
            offsets = (m.start() for m in prefilter.finditer(lowered))
            found.update((index, start) for start in set(line_starts(data, offsets).values()))
        return found

    def scan(self, data: bytes, path: str = "") -> list[SecretMatch]:
        """Every secret in ``data`` (the contents of ``path``), sorted by line and column."""
        pairs = self.candidates(data)
        if not pairs:
            return []
        return _confirm(self.rules, data, path, pairs)


def _confirm(
    rules: tuple[Rule, ...], data: bytes, path: str, pairs: set[tuple[int, int]]
) -> list[SecretMatch]:
    starts = sorted({start for _, start in pairs})
    line_numbers: dict[int, int] = {}
    number, previous = 1, 0
    for start in starts:
        number += data.count(b"\n", previous, start)
        line_numbers[start] = number
        previous = start
    hits: list[_Hit] = []
    stops: dict[bytes, int] = {}
    decoded: dict[int, str] = {}  # several rules often look at the same (maybe huge) line
    for index, start in sorted(pairs):
        rule = rules[index]
        line = decoded.get(start)
        if line is None:
            end = data.find(b"\n", start)
            line = decoded[start] = data[start : end if end >= 0 else len(data)].decode(
                "utf-8", "replace"
            )
        first_len = len(line)
        text = line
        if rule.multiline:
            text = data[start : _window_end(rule, data, start, stops)].decode("utf-8", "replace")
        for match in rule.pattern.finditer(text):
            if match.start() >= first_len:
                break
            accepted = rule.accepts(match, path)
            if accepted and rule.id in CONTEXTUAL_RULES:
                accepted = not _documented(rule, match, data, start, path)
            # A rejected match of the least specific rules can claim nothing from anyone.
            if accepted or rule.priority < GENERIC:
                hits.append(_hit(rule, index, match, line_numbers[start], accepted))
    return _resolve(hits)


def _documented(rule: Rule, match: re.Match[str], data: bytes, start: int, path: str) -> bool:
    """Whether a guessing rule's match is a documented example (gate.secrets.context)."""
    value, begin, _ = rule.value_of(match)
    text = match.string
    offset = text.rfind("\n", 0, begin) + 1  # the value's own line (multi-line rules)
    end = text.find("\n", begin)
    line = text[offset : end if end >= 0 else len(text)]
    line_start = start + len(text[:offset].encode("utf-8", "replace")) if offset else start
    return is_documented_example(data, line_start, line, begin - offset, value, path)


def _window_end(rule: Rule, data: bytes, start: int, stops: dict[bytes, int]) -> int:
    """Where the text a multi-line rule may match from ``start`` ends.

    With a stop marker it ends just after the next marker; the marker's position is
    remembered so many candidates in one file (or none ever closed) cost one search.
    """
    end = start + rule.window
    if rule.lines:
        for _ in range(rule.lines):
            newline = data.find(b"\n", start, end)
            if newline < 0:
                return end
            start = newline + 1
        return start
    if not rule.stop:
        return end
    found = stops.get(rule.stop, -2)
    if found != -1 and found < start:
        found = stops[rule.stop] = data.find(rule.stop, start)
    if found == -1:
        return start  # no marker after this point: nothing can match
    return min(end, found + len(rule.stop) + 256)


def _position(text: str, offset: int, first_line: int, multiline: bool) -> tuple[int, int]:
    """1-based (line, column) of ``offset`` in ``text`` whose first line is ``first_line``."""
    if not multiline:  # one line: nothing to count (and lines can be megabytes long)
        return first_line, offset + 1
    newlines = text.count("\n", 0, offset)
    line_start = text.rfind("\n", 0, offset) + 1
    return first_line + newlines, offset - line_start + 1


def _hit(rule: Rule, order: int, match: re.Match[str], first_line: int, accepted: bool) -> _Hit:
    value, start, end = rule.value_of(match)
    begin = _position(match.string, start, first_line, rule.multiline)
    finish = _position(match.string, max(end - 1, start), first_line, rule.multiline)
    found = None
    if accepted:
        found = SecretMatch(
            rule_id=rule.id,
            description=rule.description,
            line=begin[0],
            column=begin[1],
            end_line=finish[0],
            end_column=finish[1],
            secret_hash=hashlib.sha256(value.encode("utf-8", "replace")).hexdigest(),
            redacted=redact(value),
        )
    return _Hit(rule.priority, order, begin, finish, found)


def _overlaps(spans: list[tuple[tuple[int, int], tuple[int, int]]] | None, hit: _Hit) -> bool:
    if not spans:
        return False
    before = bisect_right(spans, (hit.end, (sys.maxsize, sys.maxsize))) - 1
    return before >= 0 and spans[before][1] >= hit.start


def _resolve(hits: list[_Hit]) -> list[SecretMatch]:
    """Keep, for overlapping spans, only the most specific rule's verdict.

    A rejected specific match (a GitHub token with a wrong checksum, an ``...EXAMPLE`` key)
    still claims its span, so the generic rule cannot report it under another name.
    """
    kept: list[_Hit] = []
    # Kept spans never overlap, so per line they are sorted by start and by end alike and
    # one bisection finds the only span that could overlap a new one.
    by_line: dict[int, list[tuple[tuple[int, int], tuple[int, int]]]] = {}
    for hit in sorted(hits, key=lambda h: (h.priority, h.order, h.start)):
        lines = range(hit.start[0], hit.end[0] + 1)
        if any(_overlaps(by_line.get(line), hit) for line in lines):
            continue
        kept.append(hit)
        for line in lines:
            insort(by_line.setdefault(line, []), (hit.start, hit.end))
    matches = [hit.match for hit in kept if hit.match is not None]
    return sorted(matches, key=lambda m: (m.line, m.column, m.rule_id))

"""Hyperscan prefilter: one pass over the bytes finds every rule's anchors at once.

Importing this module raises ImportError when the optional ``hyperscan`` package (extra
``fast``) is missing; gate.secrets.catalog then falls back to the pure-Python prefilter.
"""

from __future__ import annotations

import re

import hyperscan

from gate.secrets.rules.common import Rule
from gate.secrets.scanner import Scanner, line_starts


class HyperscanScanner(Scanner):
    """Same rules and confirmation as :class:`Scanner`; only the prefilter differs."""

    engine_name = "hyperscan"

    def __init__(self, rules: tuple[Rule, ...]) -> None:
        super().__init__(rules)
        expressions: list[bytes] = []
        ids: list[int] = []
        flags: list[int] = []
        for index, rule in enumerate(rules):
            # Prefilters are written for lower-cased bytes, so they run caselessly here.
            anchor_flag = hyperscan.HS_FLAG_CASELESS if rule.ignore_case else 0
            patterns = [(re.escape(anchor), anchor_flag) for anchor in rule.anchors]
            patterns += [(regex, hyperscan.HS_FLAG_CASELESS) for regex in rule.prefilter]
            for pattern, flag in patterns:
                expressions.append(pattern)
                ids.append(index)
                flags.append(flag)
        self._database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
        self._database.compile(
            expressions=expressions, ids=ids, elements=len(expressions), flags=flags
        )

    def candidates(self, data: bytes) -> set[tuple[int, int]]:
        ends: set[tuple[int, int]] = set()

        def on_match(rule_index: int, start: int, end: int, flags: int, context: object) -> None:
            ends.add((rule_index, end - 1))

        self._database.scan(data, match_event_handler=on_match)
        # A prefilter never spans a newline, so the line holding the match's last byte is
        # the line the match is on.
        starts = line_starts(data, (last for _, last in ends))
        return {(index, starts[last]) for index, last in ends}

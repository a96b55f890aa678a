"""The pure-Python multi-literal search finds every occurrence, overlapping ones included."""

from __future__ import annotations

import re

from gate.secrets.anchors import AnchorSet, trie_regex
from gate.secrets.scanner import line_starts


def _brute(groups: list[tuple[int, tuple[bytes, ...]]], text: bytes) -> set[tuple[int, int]]:
    return {
        (index, m.start())
        for index, anchors in groups
        for anchor in anchors
        for m in re.finditer(b"(?=" + re.escape(anchor) + b")", text)
    }


def test_overlapping_and_prefix_anchors_are_all_found() -> None:
    groups = [(0, (b"sk_",)), (1, (b"sk_live_",)), (2, (b"_live",)), (3, (b"ve_x", b"xox"))]
    text = b"a sk_live_xoxb sk_ ve_xox sk_live_"
    assert set(AnchorSet(groups).hits(text)) == _brute(groups, text)


def test_trie_regex_matches_exactly_the_words() -> None:
    regex = re.compile(trie_regex([b"ghp_", b"gho_", b"glpat-", b"AKIA"]))
    assert [m.group() for m in regex.finditer(b"ghp_ gho_ ghx_ glpat- AKIA")] == [
        b"ghp_",
        b"gho_",
        b"glpat-",
        b"AKIA",
    ]


def test_line_starts_maps_offsets_to_their_line() -> None:
    data = b"ab\ncd\n\nef"
    assert line_starts(data, [0, 1, 3, 4, 7, 8]) == {0: 0, 1: 0, 3: 3, 4: 3, 7: 7, 8: 7}

"""Pure-Python multi-literal search: every occurrence of many anchors in one regex pass."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator


def trie_regex(words: Iterable[bytes]) -> bytes:
    """One regex for many literals, nested by common prefix so ``re`` tries few branches.

    Where one word is a prefix of another only the shorter one is kept; :class:`AnchorSet`
    checks the longer ones at each hit of the shorter.
    """
    tree: dict[int, dict] = {}  # type: ignore[type-arg]
    for word in words:
        node = tree
        for byte in word:
            node = node.setdefault(byte, {})
        node[-1] = {}

    def emit(node: dict[int, dict]) -> bytes:  # type: ignore[type-arg]
        if -1 in node:
            return b""
        branches = [re.escape(bytes([byte])) + emit(child) for byte, child in sorted(node.items())]
        return branches[0] if len(branches) == 1 else b"(?:" + b"|".join(branches) + b")"

    return emit(tree)


def _can_start_inside(outer: bytes, inner: bytes) -> bool:
    """Whether an occurrence of ``inner`` can begin inside one of ``outer`` (after its start)."""
    return any(
        inner.startswith(outer[k:]) or outer[k:].startswith(inner) for k in range(1, len(outer))
    )


class AnchorSet:
    """Finds every (rule index, offset) where one of the rules' anchors occurs.

    ``re.finditer`` reports non-overlapping matches, so an anchor that begins inside another
    anchor's occurrence, or extends a shorter anchor, is looked for explicitly at that hit
    (hits may repeat; callers collect them in a set).
    """

    def __init__(self, groups: Iterable[tuple[int, tuple[bytes, ...]]]) -> None:
        self.rules_of: dict[bytes, list[int]] = {}
        for index, anchors in groups:
            for anchor in anchors:
                self.rules_of.setdefault(anchor, []).append(index)
        words = sorted(self.rules_of)
        # One regex per first byte: a pattern that starts with a literal lets ``re`` skip
        # ahead quickly, which beats one big alternation even with ~30 passes.
        by_first: dict[bytes, list[bytes]] = {}
        for word in words:
            by_first.setdefault(word[:1], []).append(word)
        self.regexes = [re.compile(trie_regex(group)) for group in by_first.values()]
        self.longer = {a: [b for b in words if b != a and b.startswith(a)] for a in words}
        self.inside = {a: [b for b in words if b != a and _can_start_inside(a, b)] for a in words}

    def hits(self, text: bytes) -> Iterator[tuple[int, int]]:
        for match in (m for regex in self.regexes for m in regex.finditer(text)):
            anchor, position = match.group(), match.start()
            for index in self.rules_of[anchor]:
                yield index, position
            for longer in self.longer[anchor]:
                if text.startswith(longer, position):
                    for index in self.rules_of[longer]:
                        yield index, position
            for inner in self.inside[anchor]:
                limit = position + len(anchor) + len(inner) - 1
                found = text.find(inner, position + 1, limit)
                while found != -1:
                    for index in self.rules_of[inner]:
                        yield index, found
                    found = text.find(inner, found + 1, limit)

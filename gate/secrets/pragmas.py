"""Inline suppression: a ``gate: allow ID [ID...] [reason]`` comment on a line or the line above.

IDs are policy IDs (``SEC001``) or a family prefix (``SEC`` allows every SEC policy).
SEC001, SEC002 and SEC003 report one detection from three angles (the tree, the change,
the history), so a pragma naming any one of them allows the line for all three: a test
fixture marked ``gate: allow SEC001`` does not then fail the pull request that adds it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# IDs are upper case, so a lower-case reason ("sec team approved") is never read as an ID.
_PRAGMA = re.compile(r"gate:\s*allow\s+([A-Z]{2,}\d{0,3}\b(?:(?:\s*,\s*|\s+)[A-Z]{2,}\d{0,3}\b)*)")
_ID = re.compile(r"[A-Z]{2,}\d{0,3}")
CONTENT_POLICIES = frozenset({"SEC001", "SEC002", "SEC003"})


def allowed_ids(line: str) -> frozenset[str]:
    """The IDs a line's pragma names; empty when it has none."""
    if "gate:" not in line:
        return frozenset()
    found: set[str] = set()
    for match in _PRAGMA.finditer(line):
        found.update(_ID.findall(match.group(1)))
    return frozenset(found)


def allows(ids: frozenset[str], policy_id: str) -> bool:
    """Whether a pragma naming ``ids`` allows ``policy_id``."""
    for allowed in ids:
        if policy_id.startswith(allowed):
            return True
        if allowed in CONTENT_POLICIES and policy_id in CONTENT_POLICIES:
            return True
    return False


def is_allowed(
    line_text: Callable[[int], str | None], start_line: int, end_line: int, policy_id: str
) -> bool:
    """Whether a pragma on the match's lines, or on the line above it, allows ``policy_id``.

    ``line_text(n)`` returns line ``n`` (1-based) or None when it is not known.
    """
    for number in range(max(start_line - 1, 1), end_line + 1):
        text = line_text(number)
        if text and allows(allowed_ids(text), policy_id):
            return True
    return False


def allowing_lines(
    line_text: Callable[[int], str | None], start_line: int, end_line: int, policy_id: str
) -> list[tuple[int, str]]:
    """(number, stripped text) of the lines whose pragma allows ``policy_id`` for a match
    on ``start_line``..``end_line`` (the same lines ``is_allowed`` looks at)."""
    found = []
    for number in range(max(start_line - 1, 1), end_line + 1):
        text = line_text(number)
        if text and allows(allowed_ids(text), policy_id):
            found.append((number, text.strip()))
    return found

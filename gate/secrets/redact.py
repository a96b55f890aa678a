"""How a secret value is shown: a short prefix and its length (gate.redaction uses it too)."""

from __future__ import annotations

MAX_PREFIX = 4


def redact(value: str) -> str:
    """Return a short prefix of ``value`` plus its length, e.g. ``ghp_…(40 chars)``.

    The prefix is at most four characters and never more than a quarter of the value, so a
    short secret shows little or nothing of itself. Leading whitespace is not counted as a
    prefix because it tells the reader nothing.
    """
    length = len(value)
    shown = min(MAX_PREFIX, length // 4)
    prefix = value[:shown].strip()
    return f"{prefix}…({length} chars)"

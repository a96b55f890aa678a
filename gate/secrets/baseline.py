"""The secrets baseline: a reviewed, churn-free JSON list of accepted findings.

An entry is keyed by ``fingerprint(rule_id, path, secret_hash)``: never a line number (edits
elsewhere in the file do not churn it) and never the value. The secret's hash itself is not
stored either; the fingerprint already commits to it. Writing the same entries twice gives
byte-identical files.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from gate.errors import InputError
from gate.findings import fingerprint

VERSION = 1
Source = Literal["tree", "history"]


def secret_key(rule_id: str, path: str, secret_hash: str) -> str:
    """The fingerprint of one secret at one path (a finding's and a baseline entry's key)."""
    return fingerprint(rule_id, path, secret_hash)


class Entry(BaseModel):
    """One accepted finding. ``source`` is ``history`` for a secret found only in history."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    fingerprint: str = Field(pattern=r"^[0-9a-f]{32}$")
    rule_id: str
    path: str
    source: Source = "tree"
    reason: str = ""


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: Literal[1]
    entries: list[Entry]


@dataclass(frozen=True)
class Baseline:
    """Accepted findings by fingerprint."""

    entries: Mapping[str, Entry]

    def __contains__(self, key: object) -> bool:
        return key in self.entries

    def stale(
        self,
        seen: Iterable[str],
        *,
        source: Source,
        rule_ids: Iterable[str] | None = None,
        exclude_rule_ids: Iterable[str] = (),
    ) -> list[Entry]:
        """Entries of ``source`` (optionally only ``rule_ids``) whose key is not in ``seen``."""
        seen_keys = set(seen)
        wanted = None if rule_ids is None else set(rule_ids)
        skipped = set(exclude_rule_ids)
        return [
            entry
            for key, entry in sorted(self.entries.items(), key=lambda item: _order(item[1]))
            if entry.source == source
            and key not in seen_keys
            and (wanted is None or entry.rule_id in wanted)
            and entry.rule_id not in skipped
        ]


EMPTY = Baseline({})


def _order(entry: Entry) -> tuple[str, str, str, str]:
    return (entry.path, entry.rule_id, entry.source, entry.fingerprint)


def load(text: str | None, source: str) -> Baseline:
    """Parse a baseline file's text (None: no baseline); malformed input is an InputError."""
    if text is None:
        return EMPTY
    try:
        data = json.loads(text)
    except ValueError as error:
        raise InputError(f"not valid JSON: {error}", path=source) from None
    except RecursionError:
        raise InputError("not valid JSON: nested too deeply", path=source) from None
    try:
        parsed = _File.model_validate(data)
    except ValidationError as error:
        problem = error.errors()[0]
        where = ".".join(str(part) for part in problem["loc"]) or "(top level)"
        raise InputError(f"invalid baseline at {where}: {problem['msg']}", path=source) from None
    return Baseline({entry.fingerprint: entry for entry in parsed.entries})


def dump(entries: Iterable[Entry]) -> str:
    """The file text for ``entries``: sorted, deduplicated, stable to the byte."""
    unique = {entry.fingerprint: entry for entry in entries}
    ordered = sorted(unique.values(), key=_order)
    body = {"version": VERSION, "entries": [entry.model_dump() for entry in ordered]}
    return json.dumps(body, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def merge(found: Iterable[Entry], previous: Baseline) -> tuple[list[Entry], int, int]:
    """Entries for what was found now, keeping each kept entry's reviewed ``reason``.

    Returns (entries, how many are new, how many previous entries were dropped).
    """
    current = {entry.fingerprint: entry for entry in found}
    merged = []
    for key, entry in current.items():
        old = previous.entries.get(key)
        merged.append(entry.model_copy(update={"reason": old.reason}) if old else entry)
    new = sum(1 for key in current if key not in previous)
    dropped = sum(1 for key in previous.entries if key not in current)
    return merged, new, dropped

"""pdm.lock's ``content_hash``, recomputed from pyproject.toml the way PDM computes it.

PDM hashes a JSON dump (keys sorted) of the project's dependencies, optional
dependencies, dependency groups (PEP 735 groups, then ``[tool.pdm.dev-dependencies]``,
group names normalised), ``requires-python``, ``[tool.pdm] source`` and
``[tool.pdm] resolution``; the lock stores it as ``metadata.content_hash = "sha256:..."``.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from typing import Any


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def content_hash(pyproject: Mapping[str, Any], algorithm: str = "sha256") -> str | None:
    """The hex digest PDM would record, or None for an algorithm hashlib does not know."""
    project = pyproject.get("project") or {}
    settings = (pyproject.get("tool") or {}).get("pdm") or {}
    groups: dict[str, list[Any]] = {}
    for group, entries in (pyproject.get("dependency-groups") or {}).items():
        groups[_normalise(group)] = list(entries)
    for group, entries in (settings.get("dev-dependencies") or {}).items():
        groups.setdefault(_normalise(group), []).extend(entries)
    dump = {
        "sources": settings.get("source", []),
        "dependencies": project.get("dependencies", []),
        "dev-dependencies": groups,
        "optional-dependencies": project.get("optional-dependencies", {}),
        "requires-python": project.get("requires-python", ""),
        "resolution": settings.get("resolution", {}),
    }
    try:
        hasher = hashlib.new(algorithm)
    except ValueError:
        return None
    hasher.update(json.dumps(dump, sort_keys=True).encode("utf-8"))
    return hasher.hexdigest()


def stale(pyproject: Mapping[str, Any], lock: Mapping[str, Any]) -> str | None:
    """Why pdm would call the lock stale (None: the hashes agree, or none is recorded)."""
    recorded = str((lock.get("metadata") or {}).get("content_hash") or "")
    algorithm, _, value = recorded.partition(":")
    if not value:
        return None
    expected = content_hash(pyproject, algorithm)
    if expected is None:
        return f"pdm.lock's content_hash uses {algorithm}, which cannot be recomputed here"
    if expected != value:
        return "pdm.lock's content_hash does not match pyproject.toml (the lock is stale)"
    return None

"""Deterministic test sharding: N shards run every test file exactly once, balanced."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from gate.ci.pyconfig import pytest_ini_value

# pytest's own defaults (``python_files`` and ``norecursedirs``), so a shard sees what a
# plain ``pytest`` run would collect.
DEFAULT_PATTERNS = ("test_*.py", "*_test.py")
SKIPPED_DIRS = ("*.egg", ".*", "_darcs", "build", "CVS", "dist", "node_modules", "venv", "{arch}")
# Blanks, not `\s`: `^\s*` crossed newlines and rescanned every blank line (quadratic).
TEST_FUNCTION = re.compile(rb"^[ \t]*(?:async[ \t]+)?def[ \t]+test", re.MULTILINE)


def _skipped(name: str, patterns: Sequence[str]) -> bool:
    return name == "__pycache__" or any(fnmatch.fnmatchcase(name, p) for p in patterns)


def discover(root: Path, paths: Sequence[str] = ()) -> list[str]:
    """The test files under ``paths`` (default: pytest ``testpaths``, else the root).

    Paths are POSIX, relative to ``root`` and sorted, so every shard sees one list.
    """
    patterns = tuple(pytest_ini_value(root, "python_files") or DEFAULT_PATTERNS)
    skipped = tuple(pytest_ini_value(root, "norecursedirs") or SKIPPED_DIRS)
    starts = list(paths) or list(pytest_ini_value(root, "testpaths") or ["."])
    found: set[str] = set()
    for start in starts:
        base = (root / start).resolve()
        if base.is_file():
            found.add(base.relative_to(root.resolve()).as_posix())
            continue
        found.update(_walk(root.resolve(), base, patterns, skipped))
    return sorted(found)


def _walk(root: Path, base: Path, patterns: Sequence[str], skipped: Sequence[str]) -> set[str]:
    found: set[str] = set()
    if not base.is_dir():
        return found
    for entry in sorted(base.iterdir()):
        if entry.is_dir():
            if not _skipped(entry.name, skipped):
                found |= _walk(root, entry, patterns, skipped)
        elif any(fnmatch.fnmatchcase(entry.name, p) for p in patterns):
            found.add(entry.relative_to(root).as_posix())
    return found


def weight(root: Path, path: str) -> int:
    """How many test functions a file defines (at least 1): the balancing estimate."""
    try:
        data = (root / path).read_bytes()
    except OSError:
        return 1
    return max(1, len(TEST_FUNCTION.findall(data)))


def partition(weights: dict[str, int], shards: int) -> list[list[str]]:
    """Split files into ``shards`` lists: heaviest first onto the lightest shard.

    Ties break on the path and the shard number, so the split depends only on the files
    and their weights, never on ordering or randomness.
    """
    if shards < 1:
        raise ValueError("the number of shards must be at least 1")
    loads = [0] * shards
    buckets: list[list[str]] = [[] for _ in range(shards)]
    for path in sorted(weights, key=lambda p: (-weights[p], p)):
        lightest = min(range(shards), key=lambda i: (loads[i], i))
        buckets[lightest].append(path)
        loads[lightest] += weights[path]
    return [sorted(bucket) for bucket in buckets]


def shard_files(root: Path, shards: int, index: int, paths: Iterable[str] = ()) -> list[str]:
    """The test files of shard ``index`` (1-based) out of ``shards``."""
    if not 1 <= index <= shards:
        raise ValueError(f"shard index {index} is outside 1..{shards}")
    files = discover(root, list(paths))
    return partition({path: weight(root, path) for path in files}, shards)[index - 1]

"""What the READY policies share: the ``ready`` section of a run and the Python files."""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from gate.policies.ready.settings import ReadySection

if TYPE_CHECKING:
    from gate.context import Context


def ready(ctx: Context) -> ReadySection:
    section: Any = ctx.section("ready")
    assert isinstance(section, ReadySection)
    return section


def matches(path: str, patterns: Iterable[str]) -> bool:
    """A pattern without ``/`` matches the file name at any depth; one with ``/`` matches
    the path from the root or below any directory (``tests/*`` also matches ``a/tests/x``)."""
    by_name, by_path = _compiled(tuple(patterns))
    name = path.rsplit("/", 1)[-1]
    return bool(
        (by_name is not None and by_name.match(name))
        or (by_path is not None and by_path.match(path))
    )


@lru_cache(maxsize=64)
def _compiled(patterns: tuple[str, ...]) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    """The globs as two regexes (names, paths): one match per file instead of one per glob."""
    names = [fnmatch.translate(p) for p in patterns if "/" not in p]
    paths = [fnmatch.translate(p) for p in patterns if "/" in p]
    paths += [fnmatch.translate("*/" + p) for p in patterns if "/" in p]
    return (
        re.compile("|".join(names)) if names else None,
        re.compile("|".join(paths)) if paths else None,
    )


def python_files(ctx: Context) -> list[str]:
    """The tree's Python files, as the READY checks see them."""
    patterns = ready(ctx).python_globs
    return ctx.cached("ready:python", lambda: [n for n in ctx.files() if matches(n, patterns)])


def _read_listed(path: str) -> bytes | None:
    """A listed file's bytes, without following a symlink out of the repository.

    git lists no path below a symlinked directory, so only the last component can be a
    link; O_NOFOLLOW refuses it (a link is not a module of ours to read). This skips
    ``Context.read_bytes``'s per-file path resolution, which over thousands of modules
    costs more than the reading.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        return handle.read()


def python_sources(ctx: Context) -> dict[str, bytes]:
    """Every Python file's bytes, read once per run for all READY checks."""

    def compute() -> dict[str, bytes]:
        out = {}
        for path in python_files(ctx):
            data = _read_listed(str(ctx.root / path))
            if data is not None:
                out[path] = data
        return out

    return ctx.cached("ready:sources", compute)

"""What a change did to the Python files the READY checks judge: base and head sources."""

from __future__ import annotations

import ast
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TypeVar

from gate.context import Context
from gate.errors import GitError, MissingInput
from gate.policies.ready.common import python_files

T = TypeVar("T")


@dataclass(frozen=True)
class ChangedPython:
    """A Python file the change touched: its added lines and both versions' bytes."""

    path: str
    added: frozenset[int]
    base_source: bytes | None  # None: the file is new
    head_source: bytes

    @cached_property
    def head_tree(self) -> ast.Module | None:
        """The head version's syntax tree, parsed once for every READY check."""
        return parse(self.head_source)

    @cached_property
    def base_tree(self) -> ast.Module | None:
        return parse(self.base_source)

    def head_line(self, number: int) -> str:
        return _line(self.head_source, number)

    def base_line(self, number: int) -> str:
        return "" if self.base_source is None else _line(self.base_source, number)


def _line(source: bytes, number: int) -> str:
    lines = source.splitlines()
    if 1 <= number <= len(lines):
        return lines[number - 1].decode("utf-8", "replace").strip()
    return ""


def merge_base(ctx: Context) -> str:
    """The commit the change started from (its files are the base versions)."""

    def compute() -> str:
        ctx.require_git("judging a change")
        base, reason = ctx.base()
        if base is None:
            raise MissingInput(f"cannot tell what the change added: {reason}")
        try:
            return ctx.git.merge_base(base, ctx.options.head or "HEAD")
        except GitError as error:
            raise MissingInput(f"cannot tell what the change added: {error}") from None

    return ctx.cached("ready:merge-base", compute)


def changed_python(ctx: Context) -> list[ChangedPython]:
    """The changed Python files (working tree versus the merge-base), computed once."""

    def compute() -> list[ChangedPython]:
        start = merge_base(ctx)
        wanted = set(python_files(ctx))
        out = []
        for path, change in sorted(ctx.changed_files().items()):
            if path not in wanted or change.binary:
                continue
            old = ctx.git.show(start, change.old_path or path)
            out.append(ChangedPython(path, frozenset(change.added), old, ctx.read_bytes(path)))
        return out

    return ctx.cached("ready:changed", compute)


def parse(source: bytes | None) -> ast.Module | None:
    """The module's syntax tree, or None when it is absent or not valid Python."""
    if source is None:
        return None
    try:
        return ast.parse(source)
    except (SyntaxError, ValueError):
        return None


def added_items(
    base_keys: Iterable[str],
    head: Sequence[T],
    key: Callable[[T], str],
    on_added_line: Callable[[T], bool],
) -> list[T]:
    """The head items the change added: those whose key occurs more often than in the base.

    Keys are line texts, not line numbers, so moving code is no addition; when a key
    gained occurrences the ones on added lines are reported.
    """
    budget = Counter(base_keys)
    new: set[int] = set()
    # Unchanged lines use up the base's occurrences first; what is left over is new.
    for index in sorted(range(len(head)), key=lambda i: on_added_line(head[i])):
        k = key(head[index])
        if budget[k] > 0:
            budget[k] -= 1
        else:
            new.add(index)
    return [item for i, item in enumerate(head) if i in new]

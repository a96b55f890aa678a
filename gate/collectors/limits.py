"""Bounds on what one input file may cost to judge: parse time, YAML expansion, findings.

A pull request controls these files, and a few kilobytes can be made to expand into
gigabytes (YAML aliases, doubling Dockerfile ``ARG``s) or to run for hours. Crossing a
bound is never a pass: the file is reported "too large to judge", naming the bound.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from types import FrameType
from typing import TYPE_CHECKING, ParamSpec, TypeVar

from gate.errors import InputError

if TYPE_CHECKING:
    import yaml

PARSE_SECONDS = 5.0  # wall time to parse one file (docs/trust.md documents every default)
MAX_YAML_NODES = 100_000  # YAML nodes after expanding aliases, per file
MAX_FINDINGS_PER_FILE = 1_000  # findings one policy reports for one file
MAX_SUBSTITUTION = 4_096  # characters of one Dockerfile value after ARG/ENV substitution
MAX_INCLUDE_DEPTH = 50  # nested `-r`/`-c` includes of requirement files


class TooLarge(InputError):
    """An input beyond one of the bounds above: judged as failing, never skipped."""

    def __init__(self, bound: str, *, path: str) -> None:
        super().__init__(f"too large to judge: {bound}", path=path)


@contextmanager
def parse_budget(path: str, seconds: float = PARSE_SECONDS) -> Iterator[None]:
    """Raise TooLarge when the body runs longer than ``seconds`` (a SIGALRM timer).

    Regular expressions and the parsers check for signals as they run, so a pathological
    input is cut off. Off the main thread, or inside another budget, the body runs unbounded.
    """
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable or signal.getitimer(signal.ITIMER_REAL)[0] > 0:
        yield
        return

    def expired(signum: int, frame: FrameType | None) -> None:
        raise TooLarge(f"parsing took longer than {seconds:g} s", path=path)

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


P = ParamSpec("P")
R = TypeVar("R")


def budgeted(parse: Callable[P, R]) -> Callable[P, R]:
    """Run a collector's ``parse(text, path, ...)`` inside the parse budget for ``path``."""

    @wraps(parse)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        path = str(kwargs.get("path", args[1] if len(args) > 1 else "<input>"))
        with parse_budget(path):
            return parse(*args, **kwargs)

    return wrapper


def check_yaml_size(root: yaml.Node, path: str, limit: int = MAX_YAML_NODES) -> None:
    """Refuse a node tree that aliases expand beyond ``limit`` nodes, or that contains itself.

    Composed YAML shares an aliased node instead of copying it, so the expanded size is
    counted once per distinct node (memoised) and stays cheap to compute.
    """
    sizes: dict[int, int] = {}
    in_progress: set[int] = set()
    # Iterative post-order walk: a document nested thousands deep must not hit the
    # interpreter's recursion limit.
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            in_progress.discard(key)
            total = 1 + sum(sizes[id(child)] for child in _children(node))
            if total > limit:
                raise TooLarge(f"more than {limit:,} YAML nodes once aliases expand", path=path)
            sizes[key] = total
            continue
        if key in sizes:
            continue
        if key in in_progress:
            raise TooLarge("a YAML alias refers to a node that contains it", path=path)
        in_progress.add(key)
        stack.append((node, True))
        for child in _children(node):
            if id(child) in in_progress:
                raise TooLarge("a YAML alias refers to a node that contains it", path=path)
            if id(child) not in sizes:
                stack.append((child, False))


def _children(node: yaml.Node) -> list[yaml.Node]:
    import yaml  # imported by whoever composed the node; a lookup here, not a load

    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []

"""What a collector may ask of the repository under judgement: its files, and a run cache.

A Protocol, so collectors depend on this shape and never on gate.context, which sits
above them (gate.context.Context provides it).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol, TypeVar

T = TypeVar("T")


class Repository(Protocol):
    """The working tree (or trusted view) a collector reads, with a per-run cache."""

    @property
    def root(self) -> Path: ...

    def read_text(self, path: str) -> str: ...

    def cached(self, key: str, factory: Callable[[], T]) -> T: ...

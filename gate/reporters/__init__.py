"""Reporters: each module has ``render(result, options) -> str``; the CLI owns the sinks."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from gate.findings import RunResult

NAMES = ("terminal", "github", "summary", "sarif", "json")


@dataclass(frozen=True)
class ReportOptions:
    """How to render: colour for terminals, and where the full findings list lives
    (named in the notice the ``github`` reporter prints when it caps annotations)."""

    color: bool = False
    full_list_hint: str = "the job summary"
    annotation_cap: int = 10


Renderer = Callable[[RunResult, ReportOptions], str]


def renderer(name: str) -> Renderer:
    if name not in NAMES:
        raise KeyError(name)
    module = importlib.import_module(f"gate.reporters.{name}_report")
    render: Renderer = module.render
    return render


def render(name: str, result: RunResult, options: ReportOptions | None = None) -> str:
    return renderer(name)(result, options or ReportOptions())

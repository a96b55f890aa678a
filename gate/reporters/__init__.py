"""Reporters: each module has ``render(result, options) -> str``; the CLI owns the sinks."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from gate.findings import RunResult

NAMES = ("terminal", "github", "summary", "sarif", "json", "openmetrics")


@dataclass(frozen=True)
class ReportOptions:
    """How to render: colour for terminals, and where the full findings list lives
    (named in the notice the ``github`` reporter prints when it caps annotations)."""

    color: bool = False
    # ``terminal``: failing policies and their failing findings only (``--quiet``).
    quiet: bool = False
    # ``summary``: where a file of the judged commit is shown on the web, ending in "/"
    # (``{server}/{owner}/{repo}/blob/{sha}/`` on Actions); None: lines are plain text.
    blob_url: str | None = None
    full_list_hint: str = "the job summary"
    annotation_cap: int = 10
    # Where the ``summary`` report says the findings it had no room for are.
    summary_full_list_hint: str = "the step log (terminal report) and the json/sarif reports"
    # ``sarif``: the file that findings without a location are attached to (GitHub code
    # scanning needs a location), and the code-scanning category (None: upload-sarif
    # derives one from the job and matrix, or takes its ``category`` input).
    sarif_anchor_path: str = "pyproject.toml"
    sarif_category: str | None = None
    # ``sarif``: send findings without a location to code scanning too (``sarif:
    # repository_wide``); by default only findings with a real location go there.
    sarif_repository_wide: bool = False


Renderer = Callable[[RunResult, ReportOptions], str]


def renderer(name: str) -> Renderer:
    if name not in NAMES:
        raise KeyError(name)
    module = importlib.import_module(f"gate.reporters.{name}_report")
    render: Renderer = module.render
    return render


def render(name: str, result: RunResult, options: ReportOptions | None = None) -> str:
    """The report ``name`` of ``result``; a reporter only ever sees redacted text."""
    from gate.redaction import redact_result

    return renderer(name)(redact_result(result), options or ReportOptions())

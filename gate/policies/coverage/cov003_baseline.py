"""COV003: total coverage may not fall below the base's (read from a JSON report)."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from typing import Any, NoReturn

from gate.context import Context
from gate.errors import InputError, MissingInput
from gate.findings import (
    COV_BASELINE,
    COV_TOTAL,
    COV_TOTAL_EXACT,
    Finding,
    Metric,
    Severity,
    fingerprint,
)
from gate.policies.base import Policy
from gate.policies.coverage.common import coverage_errors, coverage_input, percent_text
from gate.policies.coverage.settings import DropSettings


def baseline_coverage(text: str, path: str) -> float:
    """COV001's exact total from a ``gate check --report json:PATH`` result."""

    def bad(message: str) -> NoReturn:
        raise InputError(f"not a gate JSON report: {message}", path=path)

    try:
        document: Any = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(f"invalid JSON at line {error.lineno}: {error.msg}", path=path) from None
    except RecursionError:
        raise InputError("invalid JSON: nested too deeply", path=path) from None
    except ValueError as error:  # an integer beyond Python's digit limit
        raise InputError(f"invalid JSON: {error}", path=path) from None
    if not isinstance(document, dict) or not isinstance(document.get("schema_version"), int):
        bad("no schema_version")
    policies = document.get("policies")
    if not isinstance(policies, list):
        bad("no policies list")
    for policy in policies:
        if isinstance(policy, dict) and policy.get("id") == "COV001":
            metrics = policy.get("metrics")
            if not isinstance(metrics, dict):
                bad("COV001 has no metrics")
            for name in (COV_TOTAL_EXACT, COV_TOTAL):
                value = metrics.get(name)
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    if not math.isfinite(value) or not 0 <= value <= 100:
                        bad(f"COV001 {name} {value} is not a percentage")
                    return float(value)
            raise InputError(
                "the base run measured no total coverage (COV001 has no coverage metric)",
                path=path,
            )
    raise InputError("the base run did not include COV001", path=path)


def _points(drop: float, tolerance: float, places: int) -> str:
    """A drop in points, rounded half-even like coverage.py's ``round``, with more places
    when rounding would put it on the other side of the tolerance."""
    shown = f"{round(drop, places):.{places}f}"
    while places < 12 and (float(shown) > tolerance) != (drop > tolerance):
        places += 1
        shown = f"{round(drop, places):.{places}f}"
    return shown


class CoverageDrop(Policy[DropSettings]):
    """Total coverage does not fall below the base's (off by default).

    Compares COV001's total with the base's, read from the JSON report of a
    `gate check --report json:PATH` run on the base commit, passed as
    `--baseline PATH` (a file inside the repository). The total may fall by at most
    `tolerance` percentage points. When enabled, a missing `--baseline` fails the
    policy; a baseline that is not such a report is an input error.

    Fix: add tests so the total is back at the base's level.

    Settings: `tolerance` (percentage points, default 0.0); enable with
    `policies: {COV003: {enabled: true}}`.
    """

    id = "COV003"
    slug = "no-coverage-drop"
    title = "No coverage drop"
    default_severity = Severity.ERROR

    Settings = DropSettings

    def evaluate(self, ctx: Context, settings: DropSettings) -> Iterator[Finding | Metric]:
        path = ctx.options.baseline
        if not path:
            raise MissingInput(
                "no baseline given: run `gate check --report json:base.json` on the base "
                "commit and pass --baseline base.json"
            )
        base = baseline_coverage(ctx.read_text(path), path)
        with coverage_errors(ctx):
            report = coverage_input(ctx)
            current = report.totals().percent
            precision = max(report.precision, 2)
        drop = base - current
        # Both totals and the drop are shown rounded as coverage.py rounds (the drop from
        # the exact totals, not from the rounded ones, and with the places that keep it on
        # the right side of the tolerance); the metric line and the message agree.
        base_text, current_text = percent_text(base, precision), percent_text(current, precision)
        drop_text = _points(drop, settings.tolerance, precision)
        yield Metric(COV_BASELINE, float(base_text))
        yield Metric("baseline_coverage_exact", base)
        yield Metric(COV_TOTAL_EXACT, current)
        yield Metric("drop", float(drop_text))
        yield Metric("drop_exact", drop)
        yield Metric("tolerance", settings.tolerance)
        if drop > settings.tolerance:
            yield self.finding(
                settings,
                f"total coverage fell from {base_text}% to {current_text}% "
                f"(by {drop_text} points; tolerance {settings.tolerance:g})",
                fingerprint=fingerprint(self.id, "drop"),
                fix="add tests for the code this change added or uncovered",
            )

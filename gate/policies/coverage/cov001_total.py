"""COV001: total coverage, computed and rounded exactly as ``coverage report`` does."""

from __future__ import annotations

from collections.abc import Iterator

from gate.context import Context
from gate.findings import COV_TOTAL, COV_TOTAL_EXACT, Finding, Metric, Severity, fingerprint
from gate.policies.base import Policy
from gate.policies.coverage.common import (
    below_threshold,
    committed_data_findings,
    coverage_errors,
    coverage_input,
    coverage_settings,
    fail_under,
    percent_text,
    threshold_texts,
    unreportable_findings,
)
from gate.policies.coverage.settings import TotalSettings


class TotalCoverage(Policy[TotalSettings]):
    """Total test coverage is at least the threshold (default 80%).

    Reads coverage.py's results from the repository root, in this order: the data file
    (`.coverage`, or `[run] data_file`, with its parallel `.coverage.*` files combined
    into a temporary file, never rewriting yours), `coverage.xml`, `coverage.json`; or the
    files given with `--coverage PATH` (repeatable; several data files are combined).
    The percentage is the one
    `coverage report` prints for the same data: statements plus branches, the
    configuration's include/omit and exclusions, and `[report] precision` rounding.
    The threshold is compared the way coverage.py's `fail_under` is. On a pull request
    the coverage configuration is the base commit's (read through git); coverage.py
    plugins are never loaded, and a file measured through one is a finding. Coverage
    data the change commits is a finding too. No statement measured is `n/a`, a failure.

    No coverage data fails the policy with a message saying how to produce it
    (`pytest --cov --cov-branch`, or `coverage run -m pytest`).

    Fix: add tests for the code `coverage report --show-missing` lists.

    The threshold is the higher of the gate's `threshold` and the coverage
    configuration's `[report] fail_under` (the base's on a pull request); the finding
    says which applied.

    Settings: `threshold` (percent, default 80).
    """

    id = "COV001"
    slug = "total-coverage"
    title = "Total coverage"
    default_severity = Severity.ERROR

    Settings = TotalSettings

    def evaluate(self, ctx: Context, settings: TotalSettings) -> Iterator[Finding | Metric]:
        with coverage_errors(ctx):
            report = coverage_input(ctx)
            totals = report.totals()
            precision = report.precision
        yield from unreportable_findings(self, settings, report)
        yield from committed_data_findings(self, settings, ctx)
        if totals.statements + totals.branches == 0:
            # 0 of 0 is not 100%: the data lists files without a statement in them.
            yield Metric(COV_TOTAL, "n/a")
            yield Metric("source", report.source)
            yield self.finding(
                settings,
                f"total coverage is n/a: {report.source} measured no statement",
                fingerprint=fingerprint(self.id, "total"),
                fix="run the tests under coverage with the code they test in its scope",
            )
            return
        exact = totals.percent
        shown = percent_text(exact, precision)
        yield Metric(COV_TOTAL, float(shown))
        yield Metric(COV_TOTAL_EXACT, exact)
        yield Metric("statements", totals.statements)
        yield Metric("covered", totals.covered)
        yield Metric("branches", totals.branches)
        yield Metric("covered_branches", totals.covered_branches)
        threshold, origin = settings.threshold, "the gate's policies.COV001.threshold"
        project = fail_under(coverage_settings(ctx))
        if project > threshold:
            threshold = project
            origin = f"[report] fail_under in {coverage_settings(ctx).origin}"
        yield Metric("threshold", threshold)
        yield Metric("source", report.source)
        if below_threshold(exact, threshold, precision):
            total_text, threshold_text = threshold_texts(exact, threshold, precision)
            yield self.finding(
                settings,
                f"total coverage is {total_text}%, below the threshold of {threshold_text}% "
                f"(set by {origin}; from {report.source})",
                fingerprint=fingerprint(self.id, "total"),
                fix="add tests for the lines `coverage report --show-missing` lists",
                properties={"coverage": float(total_text), "threshold": threshold},
            )

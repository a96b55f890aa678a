"""COV001: total coverage, computed and rounded exactly as ``coverage report`` does."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from pydantic import Field

from gate.collectors.coverage import CoverageInput, discover, load
from gate.context import Context
from gate.errors import InputError, MissingInput
from gate.findings import Finding, Metric, Severity, fingerprint
from gate.policies.base import Policy, PolicySettings


@contextmanager
def coverage_errors(ctx: Context) -> Iterator[None]:
    """Report an unreadable coverage file once: the first COV policy to meet it raises
    the InputError (one line, exit 2); the others then fail without repeating it."""
    seen: list[InputError] = ctx.cached("coverage:errors", list)
    if seen:
        raise MissingInput(f"the coverage input could not be used: {seen[0]}")
    try:
        yield
    except InputError as error:
        seen.append(error)
        raise


def coverage_input(ctx: Context) -> CoverageInput:
    """The run's coverage results, found and opened once for every COV policy."""

    def open_input() -> CoverageInput:
        found = load(ctx.root, discover(ctx.root, ctx.options.coverage_paths, ctx.relpath))
        found.prefetch()  # e.g. check a large XML report while the diff is computed
        return found

    return ctx.cached("coverage", open_input)


def percent_text(value: float, precision: int) -> str:
    """A percentage as ``coverage report`` prints it (never "0"/"100" unless exact)."""
    from coverage.results import display_covered

    return str(display_covered(value, precision))


def below_threshold(total: float, threshold: float, precision: int) -> bool:
    """coverage.py's ``fail_under`` rule: round to the precision the threshold implies,
    except that a threshold of 100 needs exactly 100."""
    from coverage.results import should_fail_under

    return bool(should_fail_under(total, threshold, precision))


class TotalCoverage(Policy["TotalCoverage.Settings"]):
    """Total test coverage is at least the threshold (default 80%).

    Reads coverage.py's results from the repository root, in this order: the data file
    (`.coverage`, or `[run] data_file`, with its parallel `.coverage.*` files combined
    into a temporary file, never rewriting yours), `coverage.xml`, `coverage.json`; or the
    files given with `--coverage PATH` (repeatable; several data files are combined).
    The percentage is the one
    `coverage report` prints for the same data: statements plus branches, the
    configuration's include/omit and exclusions, and `[report] precision` rounding.
    The threshold is compared the way coverage.py's `fail_under` is.

    No coverage data fails the policy with a message saying how to produce it
    (`pytest --cov --cov-branch`, or `coverage run -m pytest`).

    Fix: add tests for the code `coverage report --show-missing` lists.

    Settings: `threshold` (percent, default 80).
    """

    id = "COV001"
    slug = "total-coverage"
    title = "Total coverage"
    default_severity = Severity.ERROR

    class Settings(PolicySettings):
        threshold: float = Field(80.0, ge=0, le=100, description="Minimum total coverage %.")

    def evaluate(self, ctx: Context, settings: Settings) -> Iterator[Finding | Metric]:
        with coverage_errors(ctx):
            report = coverage_input(ctx)
            totals = report.totals()
            precision = report.precision
        exact = totals.percent
        shown = percent_text(exact, precision)
        yield Metric("coverage", float(shown))
        yield Metric("coverage_exact", exact)
        yield Metric("statements", totals.statements)
        yield Metric("covered", totals.covered)
        yield Metric("branches", totals.branches)
        yield Metric("covered_branches", totals.covered_branches)
        yield Metric("threshold", settings.threshold)
        yield Metric("source", report.source)
        if below_threshold(exact, settings.threshold, precision):
            threshold = f"{settings.threshold:g}"
            yield self.finding(
                settings,
                f"total coverage is {shown}%, below the threshold of {threshold}% "
                f"(from {report.source})",
                fingerprint=fingerprint(self.id, "total"),
                fix="add tests for the lines `coverage report --show-missing` lists",
                properties={"coverage": float(shown), "threshold": settings.threshold},
            )
